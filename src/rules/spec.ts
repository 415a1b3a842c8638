import type { FeatureRead, Predicate } from './compile.js';
import type { Evidence } from '../domain/decision.js';

/** Definitions of rules and typologies as rule files declare them, and the compiled rule. */

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** What a rule's hit is evidence of (see `RuleDefinition.evidence`). */
export const RULE_EVIDENCE = ['transfer', 'party'] as const satisfies readonly Evidence[];
export type RuleEvidence = Evidence;

/**
 * Weight a rule gets when its file gives none: a typology's review threshold is usually about
 * 0.3–0.5, so one medium rule reaches review on its own and one critical rule saturates the score.
 */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { low: 0.25, medium: 0.5, high: 0.75, critical: 1 };

export const RULE_ID = /^[a-z0-9_.-]{1,128}$/;

export interface LocalizedText {
  en: string;
  zh: string;
}

/** Where a definition starts in its file (1-based line and column). */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface RuleDefinition {
  id: string;
  version: number;
  description: LocalizedText;
  severity: Severity;
  /** 0..1; the contribution to a typology that lists the rule without its own weight, and the score of a rule in no typology. */
  weight: number;
  expression: string;
  enabled: boolean;
  /**
   * What a hit is evidence of: `transfer` (the default) — the link between payer and payee
   * (a fan-in, a cycle, an amount); `party` — one party of the transaction (a listed account,
   * device or phone, a device many accounts share, proximity to a listed account). The gang
   * finder joins payer and payee on transfer evidence; an alert that has only party evidence
   * ties them only when the payee is listed (money into a listed account), so a listed
   * customer's everyday payments do not pull shops and friends into its ring.
   */
  evidence: RuleEvidence;
  origin: SourcePosition;
}

export interface CompiledRule extends RuleDefinition {
  predicate: Predicate;
  /** Numeric features the expression reads; a reason shows their values. */
  reads: readonly FeatureRead[];
  /** Text fields the expression reads (channel, currency, …). */
  texts: readonly string[];
}

export interface TypologyMember {
  rule: string;
  /** 0..1; the rule's own weight when the typology gives none. */
  weight: number;
  origin: SourcePosition;
}

export interface TypologyDefinition {
  id: string;
  version: number;
  description: LocalizedText;
  rules: TypologyMember[];
  /** Score (0..1) from which the typology asks for REVIEW. */
  review: number;
  /** Score (0..1, above review) from which it asks for BLOCK; absent: it never blocks. */
  block?: number;
  origin: SourcePosition;
}

/** Rules and typologies loaded from one or more files. */
export interface RulePack {
  rules: CompiledRule[];
  typologies: TypologyDefinition[];
  /** The files read, in load order. */
  files: string[];
}
