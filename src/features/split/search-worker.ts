import { parentPort, workerData } from 'node:worker_threads';
import { runSearchWorker } from './search-work.js';
import type { SearchWorkerData } from './protocol.js';

// The worker thread's entry point (started by SearchFeed): nothing else imports this file.
if (parentPort) runSearchWorker(parentPort, workerData as SearchWorkerData);
