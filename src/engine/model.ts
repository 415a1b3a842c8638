import { readFileSync, writeFileSync } from 'node:fs';
import type { Reason, Verdict } from '../domain/decision.js';
import type { Transaction } from '../domain/transaction.js';
import { assertFeatures, explain, modelToJson, parseModel, predictProba, type GbdtModel } from '../ml/index.js';
import { activeTrustedRules, parseTrustedRules, type TrustedRule } from './rule-trust.js';
import type { Evaluation, Evaluator } from './scorer.js';

export const MODEL_FILE_FORMAT = 'ringwatch-model';
export const MODEL_FILE_VERSION = 1;

/** A trained model with the operating thresholds chosen on its validation slice. */
export interface DetectionModel {
  gbdt: GbdtModel;
  /** Probability at which a transaction is reviewed (best F1 on the validation slice). */
  review: number;
  /** Probability at which it is blocked (precision ≥ 0.9 on the validation slice), or Infinity. */
  block: number;
  /** Rules precise enough on the labelled history to alert where the model allows (see rule-trust.ts). */
  trustedRules?: TrustedRule[];
  training: Record<string, unknown>;
}

/** Writes the versioned model file: envelope, thresholds, and the trees with their feature names. */
export function saveDetectionModel(path: string, m: DetectionModel): void {
  const body = {
    format: MODEL_FILE_FORMAT,
    version: MODEL_FILE_VERSION,
    thresholds: { review: m.review, block: Number.isFinite(m.block) ? m.block : null },
    rules: { trusted: m.trustedRules ?? [] },
    training: m.training,
    model: modelToJson(m.gbdt),
  };
  writeFileSync(path, JSON.stringify(body));
}

/** Reads a model file, or takes its already parsed JSON (`raw`) so a caller that looked at its format need not read it twice. */
export function loadDetectionModel(path: string, raw?: Record<string, unknown>): DetectionModel {
  if (raw === undefined) {
    try {
      raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new Error(`${path}: not a model file: ${(e as Error).message}`);
    }
  }
  if (raw.format !== MODEL_FILE_FORMAT) throw new Error(`${path}: format must be ${MODEL_FILE_FORMAT}, got ${JSON.stringify(raw.format)}`);
  if (raw.version !== MODEL_FILE_VERSION) throw new Error(`${path}: model file version ${String(raw.version)} is not supported (expected ${MODEL_FILE_VERSION})`);
  const t = raw.thresholds as { review?: unknown; block?: unknown } | undefined;
  if (!t || typeof t.review !== 'number' || !(t.review > 0 && t.review <= 1)) throw new Error(`${path}: thresholds.review must be a probability in (0, 1]`);
  const block = t.block === null || t.block === undefined ? Infinity : Number(t.block);
  if (Number.isNaN(block)) throw new Error(`${path}: thresholds.block must be a probability or null`);
  const rules = raw.rules as { trusted?: unknown } | undefined;
  if (rules !== undefined && (rules === null || typeof rules !== 'object')) throw new Error(`${path}: rules must be an object`);
  const trustedRules = parseTrustedRules(path, rules?.trusted);
  return { gbdt: parseModel(raw.model), review: t.review, block, trustedRules, training: (raw.training as Record<string, unknown>) ?? {} };
}

/**
 * Combines the trained model with the rules. The score is the model's probability; the model
 * decides REVIEW and BLOCK by its thresholds, and a critical rule (a listed party) still
 * blocks. Typology verdicts stay as reasons: with a model, the model judges what heuristic
 * rules alone would have flagged — rules written for one bank's amounts and calendar must not
 * overrule a model trained on this bank's history. The exception is a rule the training measured
 * on this history as nearly always right (`trustedRules`, at its measured version): it raises
 * REVIEW where the model allows, with its own reason.
 * Explanations (TreeSHAP contributions) are computed only for alerts, to keep ALLOW cheap.
 */
export class ModelEvaluator implements Evaluator {
  private readonly map: Int32Array;
  private readonly row: Float64Array;
  private readonly trusted: ReadonlySet<string>;

  constructor(
    private readonly rules: Evaluator,
    private readonly model: DetectionModel,
    featureNames: readonly string[],
    /** The loaded rule set's versions by id: a trusted rule counts only at the version measured. */
    ruleVersions: ReadonlyMap<string, number> = new Map(),
    private readonly top = 4,
  ) {
    this.map = assertFeatures(model.gbdt, featureNames);
    this.row = new Float64Array(this.map.length);
    this.trusted = activeTrustedRules(model.trustedRules ?? [], ruleVersions);
  }

  /** The model's probability for a feature vector in the engine's order. */
  probability(features: Float64Array): number {
    const row = this.row;
    const map = this.map;
    for (let i = 0; i < map.length; i++) row[i] = features[map[i]];
    return predictProba(this.model.gbdt, row);
  }

  evaluate(features: Float64Array, tx: Transaction): Evaluation {
    const r = this.rules.evaluate(features, tx);
    const p = this.probability(features);
    const decision: Verdict = r.critical === true || p >= this.model.block ? 'BLOCK' : p >= this.model.review ? 'REVIEW' : 'ALLOW';
    if (decision === 'ALLOW') {
      const trusted = this.trusted.size > 0 && r.reasons.some((x) => this.trusted.has(x.rule));
      return { score: p, decision: trusted ? 'REVIEW' : 'ALLOW', reasons: r.reasons, rules: r.decision };
    }
    const contributions = explain(this.model.gbdt, this.row, this.top);
    const reason: Reason = {
      rule: 'model',
      weight: p,
      values: [['p', Math.round(p * 1000) / 1000], ...contributions.map((c): [string, number] => [c.feature, c.value])],
      contributions: contributions.map((c): [string, number] => [c.feature, Math.round(c.contribution * 1000) / 1000]),
    };
    return { score: p, decision, reasons: [reason, ...r.reasons] };
  }
}
