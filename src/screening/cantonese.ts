/**
 * Jyutping syllable (tone digit optional) → Hong Kong government style romanisation, as HKID
 * cards spell given names (陳大文 CHAN Tai Man). Rule-based; real documents vary more.
 */

const INITIALS: Array<[string, string]> = [
  ['gw', 'kw'], ['kw', 'kw'], ['ng', 'ng'], ['b', 'p'], ['p', 'p'], ['m', 'm'], ['f', 'f'], ['d', 't'], ['t', 't'], ['n', 'n'],
  ['l', 'l'], ['g', 'k'], ['k', 'k'], ['h', 'h'], ['w', 'w'], ['z', 'ch'], ['c', 'ch'], ['s', 's'], ['j', 'y'],
];

const FINALS: Record<string, string> = {
  aa: 'a', aai: 'ai', aau: 'au', aam: 'am', aan: 'an', aang: 'ang', aap: 'ap', aat: 'at', aak: 'ak',
  a: 'a', ai: 'ai', au: 'au', am: 'am', an: 'an', ang: 'ang', ap: 'ap', at: 'at', ak: 'ak',
  e: 'e', ei: 'ei', eu: 'eu', em: 'em', eng: 'eng', ep: 'ep', ek: 'ek',
  i: 'i', iu: 'iu', im: 'im', in: 'in', ing: 'ing', ip: 'ip', it: 'it', ik: 'ik',
  o: 'o', oi: 'oi', ou: 'o', on: 'on', ong: 'ong', ot: 'ot', ok: 'ok',
  u: 'u', ui: 'ui', un: 'un', ung: 'ung', ut: 'ut', uk: 'uk',
  oe: 'oe', oeng: 'eung', oek: 'euk', eoi: 'ui', eon: 'un', eot: 'ut',
  yu: 'u', yun: 'uen', yut: 'uet', m: 'm', ng: 'ng',
};

/** Given-name syllable spellings that HK registers write by custom rather than by the plain rule. */
function special(initial: string, fin: string, tone: string): string | undefined {
  if (initial === 's' && fin === 'i') return 'sze';
  if ((initial === 'z' || initial === 'c') && fin === 'i') return tone === '1' || tone === '3' ? 'chi' : 'tsz';
  if (initial === 'w' && fin === 'aa') return 'wah';
  if ((initial === 'g' || initial === 'k') && fin === 'un') return 'kwun';
  if ((initial === 'z' || initial === 'c') && fin === 'an') return 'chun';
  if (initial === 's' && fin === 'aan') return 'shan';
  if (initial === 'j' && fin === 'i') return 'yee';
  if (initial === 'j' && fin === 'yu') return 'yu';
  if (initial === 'j' && fin === 'yun') return 'yuen';
  if (initial === 'j' && fin === 'eoi') return 'yui';
  if (initial === 'j' && fin === 'an') return 'yan';
  if ((initial === 'z' || initial === 'c') && (fin === 'eoi')) return 'tsui';
  if (initial === 's' && fin === 'eoi') return 'sui';
  if (initial === 's' && fin === 'yu') return 'shu';
  if (initial === 's' && fin === 'eon') return 'shun';
  if (initial === '' && fin === 'aa') return 'a';
  if (initial === 'h' && fin === 'eoi') return 'hui';
  return undefined;
}

/** One Jyutping syllable (with its tone digit, which decides zi/ci → chi or tsz) to HK romanisation. */
export function jyutpingToHk(syllable: string): string {
  const tone = /[0-9]$/.test(syllable) ? syllable.slice(-1) : '';
  const s = syllable.toLowerCase().replace(/[0-9]/g, '');
  let initial = '';
  let rest = s;
  if (s !== 'ng' && s !== 'm') {
    for (const [ini] of INITIALS) {
      if (s.startsWith(ini) && s.length > ini.length) {
        initial = ini;
        rest = s.slice(ini.length);
        break;
      }
    }
  }
  const sp = special(initial, rest, tone);
  if (sp !== undefined) return sp;
  const ini = INITIALS.find(([j]) => j === initial)?.[1] ?? '';
  const fin = FINALS[rest] ?? rest;
  return ini + fin;
}

/** Alternative spellings the same syllable often takes (ts/ch, oo/u, ee/i), for index keys and matching. */
export function hkVariants(spelling: string): string[] {
  const out = new Set<string>([spelling]);
  if (spelling.startsWith('ch')) out.add('ts' + spelling.slice(2));
  if (spelling.endsWith('un') && !spelling.endsWith('eun')) out.add(spelling.slice(0, -2) + 'oon');
  if (spelling.endsWith('i') && spelling.length <= 3) out.add(spelling + 'e');
  return [...out];
}
