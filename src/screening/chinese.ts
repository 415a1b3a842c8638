/**
 * Chinese name tools over well-kept libraries: pinyin-pro (pinyin, surname mode), opencc-js
 * (simplified ↔ traditional) and to-jyutping (Cantonese readings). One instance holds the
 * converters; pass it in where needed.
 */
import { pinyin } from 'pinyin-pro';
import * as OpenCC from 'opencc-js';
import ToJyutping from 'to-jyutping';
import { COMPOUND_SURNAMES, HK_SURNAMES, TW_SURNAMES } from './surnames.js';
import { pinyinToWadeGiles } from './wade-giles.js';
import { jyutpingToHk } from './cantonese.js';

/** A romanised Chinese person name: surname syllables and given-name syllables. */
export interface Romanised {
  scheme: 'pinyin' | 'wade-giles' | 'hk';
  surname: string[];
  given: string[];
}

export type Region = 'CN' | 'HK' | 'TW';

/** The customary spellings of a surname (table first), then the rule-derived one when it differs. */
function withRule(table: readonly string[] | undefined, rule: string[]): string[][] {
  const out = (table ?? []).map((s) => s.split('_'));
  if (!out.some((s) => s.join('') === rule.join(''))) out.push(rule);
  return out;
}

export class ChineseNames {
  private readonly s2t: (s: string) => string;
  private readonly t2s: (s: string) => string;
  private readonly compound: ReadonlySet<string>;
  private syllableSet: ReadonlySet<string> | undefined;

  constructor() {
    this.s2t = OpenCC.Converter({ from: 'cn', to: 't' });
    this.t2s = OpenCC.Converter({ from: 't', to: 'cn' });
    this.compound = new Set(COMPOUND_SURNAMES);
  }

  simplify(text: string): string {
    return this.t2s(text);
  }

  traditional(text: string): string {
    return this.s2t(text);
  }

  /** Surname length (1 or 2 characters) of a compact Han person name. */
  surnameLength(name: string): number {
    return name.length >= 3 && this.compound.has(name.slice(0, 2)) ? 2 : 1;
  }

  /** Toneless pinyin syllables of a person name (surname readings for the surname), ü as "v". */
  personPinyin(name: string): string[] {
    return pinyin(name, { mode: 'surname', toneType: 'none', type: 'array', v: true, nonZh: 'removed' }).map((s) => s.toLowerCase());
  }

  /** Toned pinyin (tone digit) per character, for homophone tests; same length as the input. */
  tonedPinyin(name: string): string[] {
    return pinyin(name, { mode: 'surname', toneType: 'num', type: 'array', v: true });
  }

  /** Toneless pinyin of ordinary text (company names, cities). */
  textPinyin(text: string): string[] {
    return pinyin(text, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' }).map((s) => s.toLowerCase());
  }

  /** Jyutping syllables with tone digits, one per character (empty string where unknown). */
  jyutping(text: string): string[] {
    return ToJyutping.getJyutpingList(text).map(([, j]) => j ?? '');
  }

  /** Every toneless pinyin syllable, read from pinyin-pro over the CJK Unified Ideographs block. */
  private syllables(): ReadonlySet<string> {
    if (!this.syllableSet) {
      let text = '';
      for (let c = 0x4e00; c <= 0x9fa5; c++) text += String.fromCharCode(c);
      const set = new Set<string>();
      for (const s of pinyin(text, { toneType: 'none', type: 'array', v: true })) set.add(s.toLowerCase());
      for (const s of [...set]) if (s.includes('v')) {
        set.add(s.replace(/v/g, 'u'));
        set.add(s.replace(/v/g, 'yu'));
      }
      this.syllableSet = set;
    }
    return this.syllableSet;
  }

  /** True when the letters split into valid pinyin syllables (so a near miss is another name, not a typo). */
  isPinyin(letters: string): boolean {
    const set = this.syllables();
    const n = letters.length;
    if (n === 0) return false;
    const ok = new Array<boolean>(n + 1).fill(false);
    ok[0] = true;
    for (let i = 1; i <= n; i++) {
      for (let l = 1; l <= 6 && l <= i && !ok[i]; l++) if (ok[i - l] && set.has(letters.slice(i - l, i))) ok[i] = true;
    }
    return ok[n];
  }

  /**
   * Romanisations of a compact Han person name for a region: pinyin always; for Taiwan the
   * passport surname and rule-based Wade-Giles; for Hong Kong the HKID surname and rule-based
   * HK spelling of the Jyutping. Surname tables give the customary spelling where one exists.
   */
  romanise(name: string, region: Region): Romanised[] {
    const sl = this.surnameLength(name);
    const py = this.personPinyin(name);
    if (py.length !== name.length) return [];
    const out: Romanised[] = [];
    const split = (syl: string[]): [string[], string[]] => [syl.slice(0, sl), syl.slice(sl)];
    const [ps, pg] = split(py);
    out.push({ scheme: 'pinyin', surname: ps, given: pg });
    if (region === 'TW' || region === 'HK') {
      const tradSurname = this.traditional(name.slice(0, sl));
      if (region === 'TW') {
        const given = pg.map(pinyinToWadeGiles);
        const table = TW_SURNAMES.get(tradSurname) ?? TW_SURNAMES.get(name.slice(0, sl));
        const surnames = withRule(table, ps.map(pinyinToWadeGiles));
        for (const s of surnames) out.push({ scheme: 'wade-giles', surname: s, given });
      } else {
        const jp = this.jyutping(name);
        if (jp.every((j) => j.length > 0)) {
          const hk = jp.map(jyutpingToHk);
          const given = hk.slice(sl);
          const table = HK_SURNAMES.get(tradSurname) ?? HK_SURNAMES.get(name.slice(0, sl));
          const surnames = withRule(table, hk.slice(0, sl));
          for (const s of surnames) out.push({ scheme: 'hk', surname: s, given });
        }
      }
    }
    return out;
  }
}
