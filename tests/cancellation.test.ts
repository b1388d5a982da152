/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 *
 * When Grafana unsubscribes from a query (a new query, a closed panel, a changed time range),
 * the HTTP request is aborted and a decode in progress stops at its next yield.
 */
import http from 'http';
import { AddressInfo } from 'net';
import { DataQueryResponse } from '@grafana/data';
import { Subscription } from 'rxjs';

import { encodeTempoProto } from '../bench/encode';
import { generateTrace } from '../bench/synthetic-trace';
import type { decodeTraceChunked } from '../src/decode/chunked';
import { installRealBackendSrv, installTemplateSrv } from './support/grafana-services';
import { makeDataSource, queryRequest as request } from './support/datasource';
import { DataSource } from '../src/datasource';

const TRACE_ID = '0123456789abcdef0123456789abcdef';

/** Set by a test to see each decode as it starts (the real decoder runs underneath). */
let onDecode: ((decode: Promise<unknown>, signal: AbortSignal | undefined) => void) | undefined;
jest.mock('../src/decode/chunked', () => {
  const actual = jest.requireActual('../src/decode/chunked');
  return {
    ...actual,
    decodeTraceChunked: (...args: Parameters<typeof decodeTraceChunked>) => {
      const decode = actual.decodeTraceChunked(...args);
      onDecode?.(decode, args[2]?.signal);
      return decode;
    },
  };
});

/** A server whose trace answers the test controls; it tells when a request's socket closes. */
interface TestServer {
  url: string;
  /** Resolves with each request as it arrives; `closed` resolves when the socket that carried it closes. */
  nextRequest(): Promise<{ res: http.ServerResponse; closed: Promise<void> }>;
  close(): Promise<void>;
}

async function startServer(): Promise<TestServer> {
  const waiting: Array<(r: { res: http.ServerResponse; closed: Promise<void> }) => void> = [];
  const server = http.createServer((req, res) => {
    const closed = new Promise<void>((resolve) => req.socket.on('close', () => resolve()));
    waiting.shift()?.({ res, closed });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    nextRequest: () => new Promise((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}


/**
 * Timers and intervals set and not yet cleared (a timeout that fired counts as cleared): the test
 * wraps the global timer functions. rxjs's `timeout` schedules with setInterval.
 */
const pendingTimers = new Set<unknown>();
const real = {
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  setInterval: globalThis.setInterval,
  clearInterval: globalThis.clearInterval,
};
function trackTimers() {
  globalThis.setTimeout = ((handler: (...a: unknown[]) => void, ms?: number, ...rest: unknown[]) => {
    const id = real.setTimeout(
      (...a: unknown[]) => {
        pendingTimers.delete(id);
        handler(...a);
      },
      ms,
      ...rest
    );
    pendingTimers.add(id);
    return id;
  }) as typeof setTimeout;
  globalThis.setInterval = ((handler: (...a: unknown[]) => void, ms?: number, ...rest: unknown[]) => {
    const id = real.setInterval(handler, ms, ...rest);
    pendingTimers.add(id);
    return id;
  }) as typeof setInterval;
  const clear = (realClear: (id: never) => void) => (id: unknown) => {
    pendingTimers.delete(id);
    realClear(id as never);
  };
  globalThis.clearTimeout = clear(real.clearTimeout) as typeof clearTimeout;
  globalThis.clearInterval = clear(real.clearInterval) as typeof clearInterval;
}
function untrackTimers() {
  Object.assign(globalThis, real);
  pendingTimers.clear();
}

let server: TestServer;
let ds: DataSource;
beforeAll(() => {
  installRealBackendSrv();
  installTemplateSrv();
});
beforeEach(async () => {
  server = await startServer();
  ds = makeDataSource(server.url, { timeout: 30 });
});
afterEach(() => {
  untrackTimers();
  return server.close();
});

describe('unsubscribing from a query', () => {
  it('aborts its HTTP request and leaves no timer or socket behind', async () => {
    trackTimers();
    const arrived = server.nextRequest();
    const received: DataQueryResponse[] = [];
    const subscription: Subscription = ds
      .query(request([{ refId: 'A', query: TRACE_ID }]))
      .subscribe((response) => received.push(response));
    const { closed } = await arrived;
    // The request is out and Tempo has not answered; the timeout timer runs.
    expect(pendingTimers.size).toBeGreaterThan(0);

    subscription.unsubscribe();
    // The socket that carried the request closes: the request was aborted, not left to finish.
    // (Node's fetch then opens a fresh idle connection for its pool; a browser manages its own.)
    await closed;

    expect(received).toEqual([]);
    expect(pendingTimers.size).toBe(0);
  });

  it('stops a decode in progress at its next yield', async () => {
    const body = Buffer.from(encodeTempoProto(generateTrace(60_000, 7)));
    const decodes: Array<Promise<unknown>> = [];
    const signals: Array<AbortSignal | undefined> = [];
    let subscription: Subscription | undefined;
    onDecode = (decode, signal) => {
      decodes.push(decode);
      signals.push(signal);
      // Grafana moves on while the trace is being decoded.
      subscription!.unsubscribe();
    };
    try {
      server.nextRequest().then(({ res }) => {
        res.writeHead(200, { 'content-type': 'application/protobuf', 'content-length': String(body.length) });
        res.end(body);
      });
      const received: DataQueryResponse[] = [];
      subscription = ds.query(request([{ refId: 'A', query: TRACE_ID }])).subscribe((r) => received.push(r));
      await waitFor(() => decodes.length === 1);

      // The decode rejects at its first yield instead of finishing the 60,000 spans.
      await expect(decodes[0]).rejects.toThrow();
      expect(signals[0]?.aborted).toBe(true);
      expect(received).toEqual([]);
    } finally {
      onDecode = undefined;
    }
  }, 60_000);

  it('keeps a query that completes untouched', async () => {
    const trace = generateTrace(50, 3);
    server.nextRequest().then(({ res }) => {
      const body = Buffer.from(encodeTempoProto(trace));
      res.writeHead(200, { 'content-type': 'application/protobuf', 'content-length': String(body.length) });
      res.end(body);
    });
    const responses: DataQueryResponse[] = [];
    await new Promise<void>((resolve, reject) =>
      // The ID of the trace served: another one would fail the query (`Tempo answered trace … for …`).
      ds.query(request([{ refId: 'A', query: Buffer.from(trace.traceId).toString('hex') }])).subscribe({
        next: (r) => responses.push(r),
        error: reject,
        complete: resolve,
      })
    );
    expect(responses).toHaveLength(1);
    expect(responses[0].errors).toBeUndefined();
    expect(responses[0].data[0].length).toBe(50);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(condition()).toBe(true);
}
