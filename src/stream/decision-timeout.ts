// Its own module (no NATS client import), so the intake and the API can name it without loading
// the stream transport.

/**
 * The transaction is in the stream (acknowledged by JetStream, so it will be decided) but no
 * worker made its decision durable in time. Reported to the caller with where to look, never
 * dropped silently.
 */
export class DecisionTimeoutError extends Error {
  readonly statusCode = 504;
  constructor(readonly id: string, readonly seq: number, readonly waitedMs: number) {
    super(
      `transaction ${JSON.stringify(id)} is in the stream (sequence ${seq}) but no worker made its decision durable within ${waitedMs} ms; ` +
        `it will be decided: GET /v1/decisions/${encodeURIComponent(id)} (is a worker running for its partition?)`,
    );
    this.name = 'DecisionTimeoutError';
  }

  body(): Record<string, unknown> {
    return { error: 'decision timeout', id: this.id, stream_seq: this.seq, waited_ms: this.waitedMs, errors: [{ field: '(decision)', reason: this.message }] };
  }
}
