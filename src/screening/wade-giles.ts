/**
 * Toneless pinyin syllable → Wade-Giles as Taiwan passports write it (no apostrophes, no umlauts).
 * Rule-based: initials map (b→p, d→t, g→k, zh/j→ch, q→ch, x→hs, z/c→ts, r→j), then finals
 * (-ong→-ung, -ian→-ien, -ie→-ieh, -ue→-ueh, -ui→-uei after k, -uo→-o, -e→-o after k/h), with the
 * special syllables zi/ci/si→tzu/tzu/ssu and zhi/chi/shi/ri→chih/chih/shih/jih.
 */

const WHOLE: Record<string, string> = {
  zi: 'tzu', ci: 'tzu', si: 'ssu', zhi: 'chih', chi: 'chih', shi: 'shih', ri: 'jih',
  yi: 'i', you: 'yu', yu: 'yu', yue: 'yueh', yuan: 'yuan', yun: 'yun', yan: 'yen', ye: 'yeh', yong: 'yung',
  er: 'erh', e: 'o', guo: 'kuo', kuo: 'kuo', huo: 'huo', wo: 'wo', lve: 'lueh', nve: 'nueh', lue: 'lueh', nue: 'nueh',
  ge: 'ko', ke: 'ko', he: 'ho', gui: 'kuei', kui: 'kuei', jiong: 'chiung', qiong: 'chiung', xiong: 'hsiung',
  zhei: 'chei', shei: 'shei', lv: 'lu', nv: 'nu',
};

const INITIALS: Array<[string, string]> = [
  ['zh', 'ch'], ['ch', 'ch'], ['sh', 'sh'], ['b', 'p'], ['p', 'p'], ['m', 'm'], ['f', 'f'], ['d', 't'], ['t', 't'], ['n', 'n'],
  ['l', 'l'], ['g', 'k'], ['k', 'k'], ['h', 'h'], ['j', 'ch'], ['q', 'ch'], ['x', 'hs'], ['r', 'j'], ['z', 'ts'], ['c', 'ts'],
  ['s', 's'], ['y', 'y'], ['w', 'w'],
];

function final(initial: string, f: string): string {
  if (f === 'ong') return 'ung';
  if (f === 'iong') return 'iung';
  if (f === 'ian') return 'ien';
  if (f === 'ie') return 'ieh';
  if (f === 'ue' || f === 've') return 'ueh';
  if (f === 'v') return 'u';
  if (f === 'van' || f === 'uan') return 'uan';
  if (f === 'uo' && initial !== 'g' && initial !== 'k' && initial !== 'h' && initial !== 'sh' && initial !== 'w') return 'o';
  if (f === 'uo' && initial === 'sh') return 'o';
  if (f === 'e' && initial !== '' && ['g', 'k', 'h'].includes(initial)) return 'o';
  return f;
}

/** One toneless pinyin syllable (ü may be written v) to Wade-Giles. */
export function pinyinToWadeGiles(syllable: string): string {
  const s = syllable.toLowerCase().replace(/ü/g, 'v');
  const whole = WHOLE[s];
  if (whole !== undefined) return whole;
  for (const [ini, wg] of INITIALS) {
    if (s.startsWith(ini)) {
      const f = s.slice(ini.length);
      if (ini === 'y' || ini === 'w') return s.replace(/v/g, 'u');
      return wg + final(ini, f);
    }
  }
  return final('', s).replace(/v/g, 'u');
}
