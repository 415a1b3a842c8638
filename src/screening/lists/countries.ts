/** Country names (as OFAC and UN lists write them) to ISO 3166-1 alpha-2, from Node's ICU region names. */

const EXTRA: Record<string, string> = {
  'korea, north': 'KP', 'north korea': 'KP', "korea, democratic people's republic of": 'KP', "democratic people's republic of korea": 'KP',
  'korea, south': 'KR', 'south korea': 'KR', 'republic of korea': 'KR', burma: 'MM', myanmar: 'MM', russia: 'RU', 'russian federation': 'RU',
  syria: 'SY', 'syrian arab republic': 'SY', iran: 'IR', 'iran (islamic republic of)': 'IR', 'united states': 'US', 'united kingdom': 'GB',
  'united kingdom of great britain and northern ireland': 'GB', 'congo, democratic republic of the': 'CD', 'democratic republic of the congo': 'CD',
  'congo, republic of the': 'CG', 'west bank': 'PS', gaza: 'PS', 'palestinian territories': 'PS', 'state of palestine': 'PS', "cote d'ivoire": 'CI',
  'ivory coast': 'CI', 'viet nam': 'VN', vietnam: 'VN', 'lao people\'s democratic republic': 'LA', laos: 'LA', 'bolivia (plurinational state of)': 'BO',
  'venezuela (bolivarian republic of)': 'VE', 'united republic of tanzania': 'TZ', 'the bahamas': 'BS', 'bahamas, the': 'BS', 'gambia, the': 'GM',
  palestinian: 'PS', 'st kitts and nevis': 'KN', 'st. kitts and nevis': 'KN', 'st lucia': 'LC', 'st. lucia': 'LC', 'st vincent and the grenadines': 'VC', 'st. vincent and the grenadines': 'VC',
  'macau': 'MO', 'macao': 'MO', 'hong kong': 'HK', 'taiwan': 'TW', 'china': 'CN', 'turkey': 'TR', 'turkiye': 'TR', 'czech republic': 'CZ',
};

/** Codes of countries that no longer exist (East Germany, South Yemen, USSR…), never chosen by name. */
const DEPRECATED = new Set(['DD', 'YD', 'SU', 'CS', 'YU', 'ZR', 'TP', 'BU', 'NT', 'FX', 'AN', 'QO', 'EU', 'UN', 'EZ', 'ZZ', 'RH', 'VD', 'NH', 'DY', 'HV', 'UK']);

/** Lower case, & as "and", no dots, St as Saint, "Gambia, The" as "the gambia". */
function canon(name: string): string {
  let n = name.trim().toLowerCase().replace(/&/g, 'and').replace(/\./g, '').replace(/\s+/g, ' ');
  n = n.replace(/^st /, 'saint ');
  const comma = /^([^,]+), (.+)$/.exec(n);
  if (comma) n = `${comma[2]} ${comma[1]}`;
  return n;
}

/** Builds the lookup once per caller (no module state). */
export function countryLookup(): (name: string) => string {
  const names = new Map<string, string>(Object.entries(EXTRA).map(([k, v]) => [canon(k), v]));
  const display = new Intl.DisplayNames(['en'], { type: 'region' });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (DEPRECATED.has(code)) continue;
      let name: string | undefined;
      try {
        name = display.of(code);
      } catch {
        name = undefined;
      }
      if (!name || name === code) continue;
      const n = canon(name);
      if (!names.has(n)) names.set(n, code);
      const bare = n.replace(/\s*\(.*\)$/, '');
      if (!names.has(bare)) names.set(bare, code);
    }
  }
  return (name: string): string => {
    const t = name.trim().replace(/\.$/, '');
    if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase();
    return names.get(canon(t)) ?? '';
  };
}
