// Global feature importance of a trained model: total split gain, number of splits, or total
// cover of the splits on each feature.

import type { GbdtModel } from './types.js';

export type ImportanceKind = 'gain' | 'split' | 'cover';

export interface FeatureImportance {
  feature: string;
  importance: number;
}

/** Importance per feature, largest first; features never split on are left out. */
export function featureImportance(model: GbdtModel, kind: ImportanceKind = 'gain'): FeatureImportance[] {
  const { forest, featureNames } = model;
  const total = new Float64Array(featureNames.length);
  for (let n = 0; n < forest.nNodes; n++) {
    const f = forest.feature[n];
    if (f < 0) continue;
    total[f] += kind === 'gain' ? forest.gain[n] : kind === 'cover' ? forest.cover[n] : 1;
  }
  const out: FeatureImportance[] = [];
  for (let f = 0; f < total.length; f++) if (total[f] > 0) out.push({ feature: featureNames[f], importance: total[f] });
  return out.sort((a, b) => b.importance - a.importance || (a.feature < b.feature ? -1 : 1));
}
