/**
 * The worker thread of the audit signer's `signAsync` (audit-keys.ts): derives the ML-DSA-65
 * secret key from the seed it is started with and signs each message it is sent, with the
 * checkpoint context, so a signature (several milliseconds of CPU) never stops the event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';

export interface SignRequest {
  id: number;
  message: Uint8Array;
}

export type SignReply = { id: number; signature: Uint8Array } | { id: number; error: string };

// An entry point for the signer's worker only: imported anywhere else it does nothing.
if (parentPort) {
  const port = parentPort;
  const { seed, context } = workerData as { seed: Uint8Array; context: Uint8Array };
  const { secretKey } = ml_dsa65.keygen(seed);
  port.on('message', (m: SignRequest) => {
    let reply: SignReply;
    try {
      reply = { id: m.id, signature: ml_dsa65.sign(m.message, secretKey, { context }) };
    } catch (err) {
      reply = { id: m.id, error: String(err) };
    }
    port.postMessage(reply);
  });
}
