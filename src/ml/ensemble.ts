// Averaging boosted models: the mean of their margins (log-odds) is itself one boosted model —
// every tree's leaves scaled by 1/K, the base scores averaged — so the average predicts, explains
// (TreeSHAP is linear in leaf values) and is stored exactly like a single model.

import { forestFromTrees, forestToTrees } from './forest.js';
import type { TreeNodes } from './tree.js';
import type { GbdtModel } from './types.js';

/**
 * The model whose margin is the mean of `models`' margins. All must read the same features in
 * the same order. `params` and `metrics` are the first model's, with the tree count of the whole
 * (and no per-round history): callers that evaluate the average replace its metrics.
 */
export function averageModels(models: readonly GbdtModel[]): GbdtModel {
  if (models.length === 0) throw new RangeError('averageModels needs at least one model');
  const first = models[0];
  for (const m of models) {
    if (m.featureNames.length !== first.featureNames.length || m.featureNames.some((n, i) => n !== first.featureNames[i])) {
      throw new RangeError('averageModels: the models read different features');
    }
  }
  const k = models.length;
  const trees: TreeNodes[] = [];
  let base = 0;
  for (const m of models) {
    base += m.baseScore / k;
    for (const t of forestToTrees(m.forest)) {
      // Leaves carry the value; split nodes hold 0, so scaling every node is the same as scaling leaves.
      trees.push({ ...t, value: t.value.map((v) => v / k) });
    }
  }
  const forest = forestFromTrees(trees);
  const { validHistory: _perRound, ...metrics } = first.metrics;
  return {
    featureNames: [...first.featureNames],
    baseScore: base,
    forest,
    params: { ...first.params },
    trainedAt: first.trainedAt,
    metrics: { ...metrics, trees: forest.nTrees, bestIteration: forest.nTrees - 1 },
  };
}
