import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_RING_HORIZON_MS } from './ring-refresh.js';
import { DEFAULT_RING_REVIEW } from './ring-cases.js';
import { DEFAULT_FEATURE_CONFIG, checkFeatureConfig, parseDuration, type FeatureConfig } from '../features/config.js';

/** Engine configuration, as kept in a versioned JSON or YAML file and overridden by flags. */
export interface EngineConfig {
  features: FeatureConfig;
  /** Extra rule files or folders, after the built-in packs. */
  ruleFiles: string[];
  builtinRules: boolean;
  durability: 'full' | 'normal';
  /** Event time between batch ring refreshes feeding the ring features; 0 turns them off. */
  ringRefreshMs: number;
  /**
   * Event time before each ring refresh whose transfers the ring risk reads (config key
   * `ring_horizon`, default 30 days: the longest feature window); older transfers are forgotten.
   */
  ringHorizonMs: number;
  /** Ring risk at or above which a ring gets its own case (config key `ring_review`, 0–1). */
  ringReview: number;
  /** Wall-clock time between ring case runs in the server (config key `ring_case_interval`); 0 turns them off. */
  ringCaseEveryMs: number;
  /** The reporting institution for goAML and PBOC exports (config key `institution`). */
  institution?: Record<string, unknown>;
  /** A trained model file; without one, rules and typologies decide alone. */
  modelFile?: string;
  /**
   * The alert budget's review score (config key `review_score`, written by `ringwatch
   * calibrate`): a transaction is reviewed when its risk score reaches it, whatever the
   * typologies' own review thresholds; BLOCKs stay.
   */
  reviewScore?: number;
}

export function defaultEngineConfig(): EngineConfig {
  return { features: structuredClone(DEFAULT_FEATURE_CONFIG), ruleFiles: [], builtinRules: true, durability: 'full', ringRefreshMs: 86_400_000, ringHorizonMs: DEFAULT_RING_HORIZON_MS, ringReview: DEFAULT_RING_REVIEW, ringCaseEveryMs: 60_000 };
}

/** Parses "1h,24h,7d,30d" into window milliseconds. */
export function parseWindows(text: string): number[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean).map(parseDuration);
}

/** A list or comma string of durations. */
function durations(v: unknown, name: string): number[] {
  if (typeof v !== 'string' && !Array.isArray(v)) throw new Error(`config ${name}: must be a list of durations`);
  return Array.isArray(v) ? v.map((x) => parseDuration(String(x))) : parseWindows(v);
}

function num(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`config ${name}: must be a number`);
  return v;
}

/**
 * Reads a config file: `windows` (list or comma string of durations), `pattern_window`,
 * `pass_through_window`, `cycle_window`, `listed_window` (durations), `fan_windows`,
 * `same_amount_windows`, `layering_windows` (lists of durations), `max_cycle_length`,
 * `listed_max_hops`, `pattern_max_degree`, `pattern_max_visits`, `cycle_max_visits` (caps), `base_currency`,
 * `rates` {CODE: rate}, `home_country`, `day_offset_hours`, `thresholds` {cash, legal,
 * natural_domestic, natural_cross_border}, `near_ratio`, `rules` (list of paths),
 * `builtin_rules` (bool), `durability` (full|normal), `ring_refresh`, `ring_horizon` (duration of
 * transfers before each refresh that ring risk reads), `ring_review` (ring risk 0–1 that opens a
 * ring case), `ring_case_interval` (duration between ring case runs, 0 = off). Unknown keys are errors.
 */
export function loadConfigFile(path: string, base: EngineConfig = defaultEngineConfig()): EngineConfig {
  const text = readFileSync(path, 'utf8');
  const raw = (path.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Record<string, unknown> | null;
  const c = structuredClone(base);
  if (!raw || typeof raw !== 'object') throw new Error(`${path}: config must be a mapping`);
  for (const [k, v] of Object.entries(raw)) {
    switch (k) {
      case 'windows':
        c.features.windowsMs = durations(v, k);
        break;
      case 'base_currency':
        c.features.baseCurrency = String(v).toUpperCase();
        break;
      case 'rates':
        for (const [code, rate] of Object.entries(v as Record<string, unknown>)) c.features.rates[code.toUpperCase()] = num(rate, `rates.${code}`);
        break;
      case 'home_country':
        c.features.homeCountry = String(v).toUpperCase();
        break;
      case 'day_offset_hours':
        c.features.dayOffsetMs = num(v, k) * 3_600_000;
        break;
      case 'near_ratio':
        c.features.nearRatio = num(v, k);
        break;
      case 'thresholds': {
        const t = v as Record<string, unknown>;
        const map: Record<string, keyof FeatureConfig['thresholds']> = {
          cash: 'cash', legal: 'legal', natural_domestic: 'naturalDomestic', natural_cross_border: 'naturalCrossBorder',
        };
        for (const [tk, tv] of Object.entries(t)) {
          const key = Object.hasOwn(map, tk) ? map[tk] : undefined;
          if (!key) throw new Error(`${path}: thresholds.${tk} is not a threshold (cash, legal, natural_domestic, natural_cross_border)`);
          c.features.thresholds[key] = num(tv, `thresholds.${tk}`);
        }
        break;
      }
      case 'rules':
        c.ruleFiles.push(...(Array.isArray(v) ? v.map(String) : [String(v)]));
        break;
      case 'builtin_rules':
        c.builtinRules = Boolean(v);
        break;
      case 'pattern_window':
        c.features.patternWindowMs = parseDuration(String(v));
        break;
      case 'pass_through_window':
        c.features.passThroughWindowMs = parseDuration(String(v));
        break;
      case 'cycle_window':
        c.features.cycleWindowMs = parseDuration(String(v));
        break;
      case 'listed_window':
        c.features.listedWindowMs = parseDuration(String(v));
        break;
      case 'fan_windows':
        c.features.fanWindowsMs = durations(v, k);
        break;
      case 'same_amount_windows':
        c.features.sameAmountWindowsMs = durations(v, k);
        break;
      case 'layering_windows':
        c.features.layeringWindowsMs = durations(v, k);
        break;
      case 'max_cycle_length':
        c.features.maxCycleLength = num(v, k);
        break;
      case 'listed_max_hops':
        c.features.listedMaxHops = num(v, k);
        break;
      case 'pattern_max_degree':
        c.features.patternMaxDegree = num(v, k);
        break;
      case 'pattern_max_visits':
        c.features.patternMaxVisits = num(v, k);
        break;
      case 'cycle_max_visits':
        c.features.cycleMaxVisits = num(v, k);
        break;
      case 'new_link_cycle_max_visits':
        c.features.newLinkCycleMaxVisits = num(v, k);
        break;
      case 'new_link_cycle_rare_rate':
        c.features.newLinkCycleRareRate = num(v, k);
        break;
      case 'ring_refresh':
        c.ringRefreshMs = v === 0 || v === '0' ? 0 : parseDuration(String(v));
        break;
      case 'ring_horizon':
        try {
          c.ringHorizonMs = parseDuration(String(v));
        } catch (err) {
          throw new Error(`config ring_horizon: ${(err as Error).message}`);
        }
        break;
      case 'ring_review': {
        const t = num(v, k);
        if (t < 0 || t > 1) throw new Error(`config ring_review: must be a ring risk within 0–1, got ${t}`);
        c.ringReview = t;
        break;
      }
      case 'ring_case_interval':
        c.ringCaseEveryMs = v === 0 || v === '0' ? 0 : parseDuration(String(v));
        break;
      case 'institution':
        if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${path}: institution must be a mapping`);
        c.institution = v as Record<string, unknown>;
        break;
      case 'model':
        c.modelFile = String(v);
        break;
      case 'review_score':
        c.reviewScore = num(v, k);
        // Above 1: no score reaches it (the budget is smaller than the top tie), only BLOCKs alert.
        if (!(c.reviewScore > 0 && c.reviewScore < 2)) throw new Error(`${path}: review_score must be a score in (0, 2)`);
        break;
      case 'durability':
        if (v !== 'full' && v !== 'normal') throw new Error(`${path}: durability must be full or normal`);
        c.durability = v;
        break;
      default:
        throw new Error(`${path}: unknown setting ${JSON.stringify(k)}`);
    }
  }
  checkFeatureConfig(c.features);
  return c;
}
