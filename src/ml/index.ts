// Gradient-boosted decision trees: training, inference, explanations, metrics and the model file
// format. Pure computation; file reading and writing live in model-file.ts (not re-exported).

export type { Dataset, EarlyStoppingMetric, Forest, GbdtModel, GbdtOptions, GbdtParams, ModelMetrics, PackedForest } from './types.js';
export { binDataset, binOf, computeBinEdges, type BinnedData } from './binning.js';
export { trainGbdt, validateDataset } from './train.js';
export { averageModels } from './ensemble.js';
export { resolveParams } from './params.js';
export { forestMargin, plainMargin, predictBatch, predictMargin, predictMarginBatch, predictProba, sigmoid } from './predict.js';
export { explain, shapValues, forestShap, type Contribution, type ShapResult } from './explain.js';
export { featureImportance, type FeatureImportance, type ImportanceKind } from './importance.js';
export {
  assertFeatures,
  FeatureMismatchError,
  MODEL_FORMAT,
  MODEL_VERSION,
  ModelFormatError,
  modelToJson,
  parseModel,
  serializeModel,
  type ModelJson,
} from './model-json.js';
export { averagePrecision, bestF1Threshold, f1Plateau, logLoss, prAuc, precisionRecallF1, rocAuc, type ThresholdMetrics } from './metrics.js';
