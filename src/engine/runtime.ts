import { featureSchema } from '../features/catalog.js';
import { FeatureExtractor, type PrecomputedSearches } from '../features/extractor.js';
import { builtinRuleDir } from '../rules/builtin.js';
import { loadRuleFiles } from '../rules/load.js';
import type { RuleSet } from '../rules/ruleset.js';
import type { ListEvent } from '../domain/list.js';
import type { Interner } from '../graph/interner.js';
import type { TransactionStore } from '../store/port.js';
import type { EngineConfig } from './config.js';
import { NEIGHBOURHOOD_MS } from './case-intake.js';
import { ListService } from './list-service.js';
import { loadDetectionModel, ModelEvaluator, type DetectionModel } from './model.js';
import { Pipeline, type PipelineOptions } from './pipeline.js';
import { RingRefresher } from './ring-refresh.js';
import { ruleVersions } from './rule-trust.js';
import { Scorer, type Evaluator } from './scorer.js';
import { AnomalyEvaluator, loadModelFile, readAnomalyModel, type AnomalyModel } from './anomaly.js';
import { BudgetEvaluator } from './alert-budget.js';
import { Watchlists } from './watchlists.js';
import { ScreeningReasons } from './screening-reasons.js';
import type { CounterpartyScreening } from '../screening/counterparty.js';

/** Loads the rule packs (built-in first, then the configured files) for the feature set. */
export function loadRules(config: EngineConfig): ReturnType<typeof loadRuleFiles> {
  const schema = featureSchema(config.features);
  const paths = [...(config.builtinRules ? [builtinRuleDir()] : []), ...config.ruleFiles];
  return loadRuleFiles(paths, schema);
}

export interface ScorerOptions {
  /** Counterparty name screening (`from_screen_score`, `to_screen_score`); without it both are 0. */
  counterparties?: CounterpartyScreening;
  /** The search features computed elsewhere, in apply order (a batch run's search worker). */
  searches?: PrecomputedSearches;
  /** The account interner, holding the run's accounts already (see `FeatureExtractorOptions.accounts`). */
  accounts?: Interner;
}

/**
 * A scorer with fresh state: features from the config, rules from the packs (or the rule set
 * given, e.g. a backtest's what-if pack), and the model if configured.
 */
export function buildScorer(config: EngineConfig, rules: RuleSet = loadRules(config), options: ScorerOptions = {}): Scorer {
  const counterparties = options.counterparties;
  // The graph drops edges no feature reads, but keeps the stretch case evidence shows.
  const features = new FeatureExtractor(config.features, { counterparties, retainMs: NEIGHBOURHOOD_MS, precomputed: options.searches, accounts: options.accounts });
  const hooks = config.ringRefreshMs > 0 ? new RingRefresher(features, config.ringRefreshMs, config.ringHorizonMs) : undefined;
  const models = withModels(rules, config.modelFile, features.names);
  const budgeted = config.reviewScore === undefined ? models : new BudgetEvaluator(models, config.reviewScore);
  const evaluator = counterparties ? new ScreeningReasons(budgeted, counterparties.last) : budgeted;
  const scorer = new Scorer(features, evaluator, hooks);
  scorer.rules = rules;
  return scorer;
}

/**
 * The rules, then each model file in turn (`--model a.json,b.json`): a supervised model judges
 * over the rules; an anomaly model adds its score to whatever it wraps.
 */
function withModels(rules: RuleSet, modelFiles: string | undefined, names: readonly string[]): Evaluator {
  let evaluator: Evaluator = rules;
  const versions = ruleVersions(rules);
  for (const m of readModelFiles(modelFiles)) {
    evaluator = m.anomaly ? new AnomalyEvaluator(evaluator, m.anomaly, names) : new ModelEvaluator(evaluator, m.detection, names, versions);
  }
  return evaluator;
}

/** A file of a `--model a.json,b.json` list: an anomaly model or a supervised one. */
export type ModelFile = { path: string; anomaly: AnomalyModel; detection?: undefined } | { path: string; anomaly?: undefined; detection: DetectionModel };

/** Each file of a `--model` list (comma-separated paths), in order, each read and parsed once. */
export function readModelFiles(modelFiles: string | undefined): ModelFile[] {
  return (modelFiles ?? '').split(',').map((p) => p.trim()).filter(Boolean).map((path): ModelFile => {
    const raw = loadModelFile(path);
    const anomaly = readAnomalyModel(path, raw);
    return anomaly ? { path, anomaly } : { path, detection: loadDetectionModel(path, raw) };
  });
}

export interface Engine {
  pipeline: Pipeline;
  lists: ListService;
  replayed: number;
  replayMs: number;
}

/**
 * Opens the engine over a store: builds the scorer, replays the stored log (transactions and
 * list changes, interleaved as they happened) so the state equals the state before the
 * restart, and wraps it in the live pipeline and list service.
 */
export async function openEngine(
  config: EngineConfig,
  store: TransactionStore,
  options: PipelineOptions & ScorerOptions & { onReplay?: (n: number) => void; replay?: boolean; listChanges?: (event: ListEvent) => Promise<void> } = {},
): Promise<Engine> {
  const scorer = buildScorer(config, undefined, { counterparties: options.counterparties, searches: options.searches });
  const lists = new Watchlists(scorer.features.listed);
  const started = performance.now();
  // Without replay the state starts empty (a stream follower rebuilds it from the stream instead).
  const replayed = options.replay === false ? 0 : await Pipeline.replay(scorer, store, lists, options.onReplay);
  return {
    pipeline: new Pipeline(scorer, store, options),
    lists: new ListService(lists, scorer, store, options.onStateLost, options.listChanges),
    replayed,
    replayMs: performance.now() - started,
  };
}
