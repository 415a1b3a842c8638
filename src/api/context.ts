import type { ValidationDefaults } from '../domain/transaction.js';
import type { ListService } from '../engine/list-service.js';
import type { Pipeline } from '../engine/pipeline.js';
import type { RingService } from '../engine/ring-service.js';
import type { ApiKeys } from '../security/api-keys.js';
import type { Metrics } from './metrics.js';

/** What the routes need, passed in (no module-level state). */
export interface ApiContext {
  pipeline: Pipeline;
  lists: ListService;
  rings: RingService;
  keys: ApiKeys;
  metrics: Metrics;
  defaults: ValidationDefaults;
}
