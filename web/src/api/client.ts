/**
 * The one place that talks HTTP. Paths are relative to the page's origin (the API server serves
 * the dashboard); the session is an HttpOnly cookie, so every request goes with
 * `credentials: 'same-origin'`. A 401 on any call but the login itself sends the user back to login.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let unauthorizedHandler: (() => void) | null = null;

/** Registers what to do on a 401 (the auth provider clears the user). */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

function messageOf(status: number, body: unknown, fallback: string): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (typeof b.reason === 'string') return b.reason;
    if (Array.isArray(b.errors)) {
      const parts = b.errors.map((e) => {
        const x = e as Record<string, unknown>;
        return typeof x.field === 'string' ? `${x.field}: ${String(x.reason ?? '')}` : JSON.stringify(e);
      });
      if (parts.length) return parts.join('; ');
    }
    if (typeof b.message === 'string') return b.message;
    if (typeof b.error === 'string') return b.error;
  }
  return fallback || `HTTP ${status}`;
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export interface RequestOptions {
  /** Do not treat a 401 as "session ended" (login, the first /me). */
  quiet401?: boolean;
  signal?: AbortSignal;
}

export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, null, (e as Error).message);
  }
  const data = await readBody(res);
  if (res.status === 401 && !opts.quiet401) unauthorizedHandler?.();
  if (!res.ok) throw new ApiError(res.status, data, messageOf(res.status, data, res.statusText));
  return data as T;
}

export const get = <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts);
export const post = <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body ?? {}, opts);

/** A query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}

function extensionOf(contentType: string): string {
  if (/xml/i.test(contentType)) return 'xml';
  if (/json/i.test(contentType)) return 'json';
  if (/csv/i.test(contentType)) return 'csv';
  if (/pdf/i.test(contentType)) return 'pdf';
  return 'txt';
}

/** Fetches a file and saves it through the browser; API errors are thrown as ApiError. */
export async function download(path: string, baseName: string, body?: unknown): Promise<string> {
  let res: Response;
  try {
    res = await fetch(path, body === undefined
      ? { credentials: 'same-origin' }
      : { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, null, (e as Error).message);
  }
  if (!res.ok) {
    const data = await readBody(res);
    if (res.status === 401) unauthorizedHandler?.();
    throw new ApiError(res.status, data, messageOf(res.status, data, res.statusText));
  }
  const blob = await res.blob();
  const name = fileNameOf(res, `${baseName}.${extensionOf(res.headers.get('content-type') ?? '')}`);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
