/** A line of an NDJSON body that is not JSON: reported at its index, the other records go on. */
export class NdjsonLineError {
  constructor(readonly message: string) {}
}

/** An error fastify answers with its status (413 here), naming the body. */
export class BodyError extends Error {
  constructor(readonly statusCode: number, message: string, readonly code = 'RW_BODY_TOO_LARGE') {
    super(message);
  }
}

export interface NdjsonLimits {
  /** Most bytes the body may hold. */
  maxBytes: number;
  /** Most records (non-blank lines) it may hold. */
  maxRecords: number;
}

/**
 * Reads an NDJSON request body as it arrives: each complete line is parsed at once, the byte and
 * record caps are checked as the body streams in, and reading stops at the first cap exceeded
 * (413), so a body of a million lines costs no more memory than the cap allows.
 */
export function readNdjson(payload: NodeJS.ReadableStream, limits: NdjsonLimits, done: (err: Error | null, body?: unknown) => void): void {
  const decoder = new TextDecoder('utf-8');
  const records: unknown[] = [];
  let rest = '';
  let bytes = 0;
  let finished = false;
  const finish = (err: Error | null, body?: unknown): void => {
    if (finished) return;
    finished = true;
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    payload.removeListener('error', onError);
    // Stop parsing: what follows is discarded unread by the HTTP server once the answer is sent.
    if (err) payload.pause();
    done(err, body);
  };
  const line = (text: string): boolean => {
    if (text.trim() === '') return true;
    if (records.length >= limits.maxRecords) {
      finish(new BodyError(413, `holds more than ${limits.maxRecords} records; send at most ${limits.maxRecords} per batch`));
      return false;
    }
    try {
      records.push(JSON.parse(text));
    } catch (e) {
      records.push(new NdjsonLineError((e as Error).message));
    }
    return true;
  };
  const onData = (chunk: Buffer | string): void => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (bytes > limits.maxBytes) return finish(new BodyError(413, `is larger than ${limits.maxBytes} bytes`));
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let nl = rest.indexOf('\n');
    let start = 0;
    while (nl >= 0) {
      if (!line(rest.slice(start, nl))) return;
      start = nl + 1;
      nl = rest.indexOf('\n', start);
    }
    rest = rest.slice(start);
  };
  const onEnd = (): void => {
    rest += decoder.decode();
    if (!line(rest)) return;
    finish(null, records);
  };
  const onError = (err: Error): void => finish(err);
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onError);
}
