import type { ValidationDefaults } from '../domain/transaction.js';
import type { ListService } from '../engine/list-service.js';
import type { Pipeline } from '../engine/pipeline.js';
import type { PaymentService } from '../engine/iso20022/service.js';
import type { RingService } from '../engine/ring-service.js';
import type { CaseStore } from '../cases/store-port.js';
import type { ApiKeys } from '../security/api-keys.js';
import type { AuditLog } from '../security/audit.js';
import type { LoginThrottle } from '../security/login-throttle.js';
import type { SecurityStore } from '../security/store-port.js';
import type { PartyStore } from '../store/port.js';
import type { Metrics } from './metrics.js';

/** What the routes need, passed in (no module-level state). */
export interface ApiContext {
  pipeline: Pipeline;
  /**
   * Where POSTed transactions go: the pipeline (default), or the stream (`serve --nats`: published
   * to JetStream, answered once a worker's decision is durable).
   */
  submitter?: import('../stream/intake.js').Submitter;
  lists: ListService;
  rings: RingService;
  /** Ring risk at or above which a ring gets its case (shown with the rings). */
  ringReview?: number;
  keys: ApiKeys;
  /** Users and sessions (dashboard login); without it only API keys authenticate. */
  users?: SecurityStore;
  audit?: AuditLog;
  cases?: CaseStore;
  /** Account holders' KYC records for the regulatory reports. */
  parties?: Pick<PartyStore, 'lookup' | 'findAccounts'>;
  /** The reporting institution's settings for regulatory exports. */
  institution?: Record<string, unknown>;
  /** ISO 20022 messages chained by EndToEndId (the /v1/evaluate/iso20022 routes). */
  payments?: PaymentService;
  metrics: Metrics;
  /** Files committed alerts into cases in the background; its lag is reported at /metrics. */
  caseFiler?: { lag(): Promise<{ alerts: number; seconds: number; filed: number }> };
  /** Failed-login counting per user and address (one per server; a default one when left out). */
  loginThrottle?: LoginThrottle;
  defaults: ValidationDefaults;
  /** Name screening against the stored sanctions lists and blacklists (POST /v1/screen). */
  screening?: import('../screening/service.js').ScreeningService;
  /** List imports that re-screen the stored parties into screening cases (POST /v1/screen/lists/:list). */
  screeningDesk?: import('../engine/party-screening.js').ScreeningDesk;
  /** What-if backtests over the stored log (the /v1/backtests routes). */
  backtests?: import('../engine/backtest-runs.js').BacktestRuns;
}
