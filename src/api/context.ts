import type { ValidationDefaults } from '../domain/transaction.js';
import type { Pipeline } from '../engine/pipeline.js';
import type { ApiKeys } from '../security/api-keys.js';
import type { Metrics } from './metrics.js';

/** What the routes need, passed in (no module-level state). */
export interface ApiContext {
  pipeline: Pipeline;
  keys: ApiKeys;
  metrics: Metrics;
  defaults: ValidationDefaults;
}
