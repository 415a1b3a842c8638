// An open-loop load generator at an even rate: request i is due at start + i / rate, whatever
// happened to the earlier ones, and its latency runs from when it was due (not from when a free
// connection sent it), so a stalled server is charged for every request it held back
// (coordinated omission corrected, as wrk2 does).
//
// Why not autocannon's `overallRate`: it releases each second's quota at full speed and then idles
// until the next second, so a "5,000 req/s" line measures bursts at the server's top speed with
// gaps of up to half a second, not 5,000 requests spread over the second. The benches print both.
//
// Raw sockets and a minimal HTTP/1.1 response reader instead of node:http: on this 2-core machine
// the generator shares the cores with the server, and node:http's client cost about 70 µs a
// request (44 % of a core at 5,000/s), late timers included in every latency. This one costs a
// few µs: one write per request, responses read by Content-Length.
import net from 'node:net';

/** Sorted latencies (ms) → the q-quantile, nearest rank. */
function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** One keep-alive connection: at most one request in flight; `onResponse(status)` per response. */
class Connection {
  constructor(host, port, onResponse, onError) {
    this.buf = Buffer.alloc(0);
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on('data', (d) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      for (;;) {
        const end = this.buf.indexOf(HEADER_END);
        if (end < 0) return;
        const head = this.buf.toString('latin1', 0, end);
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
        if (!length) return onError(new Error('paced: response without Content-Length'));
        const total = end + 4 + Number(length[1]);
        if (this.buf.length < total) return;
        this.buf = this.buf.subarray(total);
        onResponse(this, Number(head.slice(9, 12)));
      }
    });
    this.socket.on('error', (e) => onError(e, this));
  }
}

/**
 * POSTs `rate × seconds` bodies (`body(i)` gives the i-th) to `url`, spread evenly, over
 * `connections` keep-alive connections with one request in flight each; a request due while every
 * connection is busy waits for one, and that wait counts in its latency. The clock starts once every
 * connection is open (a client keeps its connections; 64 TCP handshakes and the server's
 * per-connection setup in the first milliseconds are not request latency: they put 40–100 ms into
 * the first 100 ms of each measured run). Resolves with counts and latency quantiles (ms).
 */
export function paced({ url, headers, rate, seconds, body, connections = 64 }) {
  const u = new URL(url);
  const head = `POST ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\n` + Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  const total = Math.max(1, Math.round(rate * seconds));
  const latency = new Float64Array(total);
  const counts = { ok: 0, non2xx: 0, errors: 0 };
  const interval = 1000 / rate;
  const inFlight = new Map(); // connection → request index
  const idle = [];
  const waiting = []; // due request indices no connection was free for
  let waitHead = 0;
  let sent = 0;
  let done = 0;
  return new Promise((resolve) => {
    let start = 0; // set once every connection is open: connecting is not a request's latency
    const finish = () => {
      for (const c of [...idle, ...inFlight.keys()]) c.socket.destroy();
      const sorted = latency.sort();
      resolve({
        ...counts,
        seconds: (performance.now() - start) / 1000,
        p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1],
      });
    };
    const settle = (i, outcome) => {
      latency[i] = performance.now() - (start + i * interval);
      counts[outcome]++;
      if (++done === total) finish();
    };
    const send = (c, i) => {
      const data = body(i);
      inFlight.set(c, i);
      c.socket.write(`${head}Content-Length: ${Buffer.byteLength(data)}\r\n\r\n${data}`);
    };
    const release = (c) => {
      if (waitHead < waiting.length) send(c, waiting[waitHead++]);
      else idle.push(c);
    };
    const onResponse = (c, status) => {
      const i = inFlight.get(c);
      inFlight.delete(c);
      settle(i, status >= 200 && status < 300 ? 'ok' : 'non2xx');
      release(c);
    };
    const onError = (_e, c) => {
      if (c && inFlight.has(c)) {
        settle(inFlight.get(c), 'errors');
        inFlight.delete(c);
      }
      c?.socket.destroy();
    };
    const opened = [];
    for (let k = 0; k < connections; k++) {
      const c = new Connection(u.hostname, Number(u.port), onResponse, onError);
      idle.push(c);
      opened.push(new Promise((ok) => c.socket.once('connect', ok).once('error', ok)));
    }
    // A 1 ms timer sends whatever fell due since the last tick (5 requests a tick at 5,000/s):
    // even to the millisecond, without spinning a core the server needs.
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
      for (; sent < due; sent++) {
        const c = idle.pop();
        if (c) send(c, sent);
        else waiting.push(sent);
      }
      if (sent < total) setTimeout(tick, 1);
    };
    void Promise.all(opened).then(() => {
      start = performance.now();
      tick();
    });
  });
}

/** `rps`, `p50_ms`, … fields of a bench line for a paced run, under a prefix. */
export function pacedFields(prefix, r, seconds) {
  const ms = (v) => (Number.isFinite(v) ? v.toFixed(1) : 'NaN');
  return `${prefix}_rps=${Math.round(r.ok / seconds)} ${prefix}_p50_ms=${ms(r.p50)} ${prefix}_p99_ms=${ms(r.p99)} ${prefix}_max_ms=${ms(r.max)} ${prefix}_failed=${r.non2xx + r.errors}`;
}
