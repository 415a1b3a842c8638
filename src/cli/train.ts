import type { Command } from 'commander';
import { transactionRows } from '../features/split/search-feed.js';
import { startSearchFeed } from './search-thread.js';
import { runTrainAnomaly } from './train-anomaly.js';
import { applyAlertBudget, parseAlertRate } from '../engine/alert-budget.js';
import { appliedRows, collectFeatures, DEFAULT_BAG, DEFAULT_SEARCH, trainDetectionModel, type SearchChoice, type SearchTrial } from '../engine/training.js';
import { saveDetectionModel } from '../engine/model.js';
import { RuleTally, ruleVersions, TRUST_MIN_POSITIVES, TRUST_MIN_PRECISION, type TrustedRule } from '../engine/rule-trust.js';
import { buildScorer } from '../engine/runtime.js';
import { featureImportance } from '../ml/index.js';
import { ProgressBar } from '../ingest/index.js';
import { labelOptions, readLabelledFile, type LabelFlags } from './evaluate.js';
import { addEngineOptions, addIngestOptions, engineConfig } from './options.js';

interface TrainFlags extends LabelFlags {
  until: string;
  valid: string;
  out: string;
  trees: string;
  depth: string;
  learningRate: string;
  maxRows: string;
  seed: string;
  bag: string;
  search: boolean;
  unsupervised?: boolean;
  anomaly?: string;
  alertRate?: string;
}

function fraction(v: string, name: string): number {
  const x = Number(v);
  if (!(x > 0 && x < 1)) throw new Error(`${name} must be a fraction between 0 and 1, got ${JSON.stringify(v)}`);
  return x;
}

/**
 * `ringwatch train`: features of every transaction as it arrived (time order), gradient-boosted
 * trees on the first part, early stopping and thresholds on the following time slice.
 */
export async function runTrain(file: string, flags: TrainFlags): Promise<string[]> {
  const until = fraction(flags.until, '--until');
  const alertRate = flags.alertRate === undefined ? undefined : parseAlertRate(flags.alertRate);
  if (flags.unsupervised) return runTrainAnomaly(file, flags, until, alertRate ?? 30 / 10_000);
  if (flags.label === undefined) throw new Error('--label is required (or --unsupervised to train without labels)');
  const config = engineConfig({ ...flags, model: undefined });
  const valid = fraction(flags.valid, '--valid');
  const bag = bagCount(flags.bag);
  // A big file's search features are computed on a second thread (see SearchFeed); the worker
  // starts now and loads its modules while the file is read.
  const feed = startSearchFeed(config.features, file);
  let collected: Awaited<ReturnType<typeof collectFeatures>>;
  let tally: RuleTally | undefined;
  let split = false;
  try {
    const rows = await readLabelledFile(file, flags);
    const trainEnd = Math.floor(rows.length * until);
    const validEnd = Math.min(rows.length, Math.floor(rows.length * Math.min(1, until + valid)));
    const applied = appliedRows(rows, validEnd);
    const searches = feed?.beginIfWorthIt(transactionRows(applied.map((i) => rows[i].tx)));
    split = searches !== undefined;
    const scorer = buildScorer(config, undefined, { searches });
    // Each rule's hits on the labelled history, for the rules trusted beside the model.
    const counted = scorer.rules ? new RuleTally(ruleVersions(scorer.rules)) : undefined;
    tally = counted;
    const bar = new ProgressBar({ totalBytes: validEnd, label: 'features' });
    collected = await collectFeatures(
      rows,
      scorer,
      { trainEnd, validEnd, maxRows: Number(flags.maxRows), options: {} },
      {
        onProgress: (i) => bar.update(i, i), applied, ready: searches ? (n) => searches.ready(n) : undefined,
        observe: counted ? (row, v) => counted.observe(scorer.evaluator.evaluate(v, row.tx).reasons, row.label) : undefined,
      },
    );
    bar.finish();
  } finally {
    await feed?.close();
  }
  const { train, valid: validSet } = collected;
  const started = performance.now();
  const model = trainDetectionModel(train, validSet, {
    nTrees: Number(flags.trees),
    maxDepth: Number(flags.depth),
    learningRate: Number(flags.learningRate),
    seed: Number(flags.seed),
    subsample: 0.8,
    colsampleByTree: 0.8,
  }, flags.search ? DEFAULT_SEARCH : [], bag);
  const seconds = (performance.now() - started) / 1000;
  if (alertRate !== undefined) applyAlertBudget(model, validSet.rows > 0 ? validSet : train, alertRate);
  model.trustedRules = tally?.trusted() ?? [];
  model.training = { ...model.training, file, until, valid, seconds: Math.round(seconds * 10) / 10, trained_at: new Date().toISOString() };
  saveDetectionModel(flags.out, model);
  const top = featureImportance(model.gbdt, 'gain').slice(0, 8);
  return [
    `trained ${model.gbdt.forest.nTrees} trees on ${train.rows} rows × ${train.features} features (${model.training.train_positives} positive) in ${seconds.toFixed(1)} s${split ? '; search features computed on a second thread' : ''}`,
    `validation slice: ${validSet.rows} rows, F1 ${Number(model.training.valid_f1_at_review).toFixed(3)} at p ≥ ${model.review.toFixed(4)}; block at ${Number.isFinite(model.block) ? `p ≥ ${model.block}` : 'never (no high-precision threshold)'}`,
    `parameters: ${describeChoice(model.training.chosen as SearchChoice, (model.training.search as SearchTrial[]).length)}; review threshold: ${String(model.training.review_rule)}`,
    `rules trusted beside the model: ${describeTrusted(model.trustedRules)}`,
    `top features by gain: ${top.map((t) => t.feature).join(', ')}`,
    `model written to ${flags.out}`,
  ];
}

function bagCount(v: string): number {
  const n = /^\d{1,2}$/.test(v) ? Number(v) : NaN;
  if (!(n >= 1 && n <= 20)) throw new Error(`--bag must be a whole number 1–20, got ${JSON.stringify(v)}`);
  return n;
}

function describeTrusted(trusted: readonly TrustedRule[]): string {
  if (trusted.length === 0) return `none (a rule needs ${TRUST_MIN_POSITIVES} or more positive hits, ${TRUST_MIN_PRECISION * 100} % of its hits, on the training and validation slices)`;
  return trusted.map((t) => `${t.id} (${t.positives} of ${t.hits} hits positive)`).join(', ');
}

function describeChoice(c: SearchChoice, tried: number): string {
  if (c.kind === 'average') return `${c.trees} trees (${c.why})`;
  const params = `depth ${c.maxDepth}, learning rate ${c.learningRate}, class weight ${c.classWeight}, ${c.trees} trees`;
  // A bag's reason already names both validation PR-AUCs.
  if (c.kind === 'bagged') return `${params} (${c.why})`;
  return `${params} (${c.why}${tried > 1 ? ` of ${tried}` : ''}, validation PR-AUC ${c.validPrAuc.toFixed(3)})`;
}

export function trainCommand(program: Command): void {
  addEngineOptions(labelOptions(addIngestOptions(program.command('train').description('train gradient-boosted trees on a labelled file').argument('<file>'))))
    .option('--until <fraction>', 'train on this first fraction of the file by time', '0.6')
    .option('--valid <fraction>', 'the following fraction: early stopping and thresholds', '0.2')
    .requiredOption('--out <file>', 'model file to write (JSON)')
    .option('--trees <n>', 'most boosting rounds', '300')
    .option('--depth <n>', 'tree depth', '6')
    .option('--learning-rate <x>', 'shrinkage', '0.1')
    .option('--max-rows <n>', 'most training rows in memory (negatives subsampled beyond it)', '1000000')
    .option('--seed <n>', 'sampling seed', '1')
    .option('--bag <n>', 'train the winning parameters with this many sampling seeds and average them (1: one seed)', String(DEFAULT_BAG))
    .option('--unsupervised', 'no labels: fit an anomaly model (isolation forest over behavioural features) on the history')
    .option('--anomaly <method>', 'with --unsupervised: hbos (histogram-based outlier score, default) or iforest (isolation forest)')
    .option('--alert-rate <rate>', 'alert budget, e.g. 30/10000 or 0.003: the review threshold flags the calibration history at this rate')
    .option('--no-search', 'train once with --depth and --learning-rate instead of searching depth and class weight')
    .action(async (file: string, flags: TrainFlags) => {
      for (const line of await runTrain(file, flags)) process.stdout.write(line + '\n');
    });
}
