/**
 * @jest-environment ./tests/support/jsdom-with-fetch.js
 */
// Answers broken on the way, as a proxy or a server breaks them, through the real DataSource over
// HTTP: too big, cut mid-body, compression claimed but absent, HTML pages, text a URL cannot carry.
import http from 'http';
import { AddressInfo } from 'net';
import zlib from 'zlib';

import { installRealBackendSrv, installTemplateSrv } from './support/grafana-services';
import { readFixture } from './support/fixture-server';
import { makeDataSource, runQueries } from './support/datasource';
import type { BackendKind, ThreadlineOptions } from '../src/types';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const TRACE_ID = '948fa8de1f33f0601aecb1973e1c20bb';
const TRACE_PB = readFixture('2.8.2', 'v2-trace-by-id.pb');

/** Each test's shape: the first path segment names a handler. */
const handlers: Record<string, Handler> = {};
const received: string[] = [];
let origin = '';
let server: http.Server;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    received.push(req.url ?? '');
    const name = (req.url ?? '').split('/')[1];
    const handler = handlers[name];
    if (handler) {
      handler(req, res);
    } else {
      res.writeHead(404).end('no handler');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  installRealBackendSrv();
  installTemplateSrv({ lone: 'checkout\uD800' });
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    })
);

/** A shape under its own name; the data source's URL. */
function shape(name: string, handler: Handler): string {
  handlers[name] = handler;
  return `${origin}/${name}`;
}

async function traceError(url: string, jsonData: ThreadlineOptions = {}): Promise<string | undefined> {
  const response = await runQueries(makeDataSource(url, jsonData), [{ refId: 'A', query: TRACE_ID }]);
  expect(response.data).toEqual([]);
  return response.errors?.[0]?.message;
}

async function searchError(url: string, jsonData: ThreadlineOptions = {}): Promise<string | undefined> {
  const response = await runQueries(makeDataSource(url, jsonData), [
    { refId: 'A', queryType: 'traceql', query: '{ status = error }' },
  ]);
  return response.errors?.[0]?.message;
}

describe('the maximum response size', () => {
  const limits = { maxResponseMB: 1 };

  it('refuses an answer whose Content-Length is beyond it, naming the size, the limit and the setting', async () => {
    const url = shape('declared-big', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/protobuf', 'content-length': '2500000' });
      res.end(Buffer.alloc(2_500_000));
    });
    expect(await traceError(url, limits)).toBe(
      `Tempo's answer is 2.5 MB (its Content-Length), more than the 1 MB allowed by "Maximum response size (MB)" under "Response size" in the data source settings: narrow the query (a shorter time range, a lower limit), or raise that setting`
    );
  });

  it('refuses a chunked answer (no Content-Length) once its size is known', async () => {
    const url = shape('chunked-big', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/protobuf' });
      res.write(Buffer.alloc(700_000));
      res.end(Buffer.alloc(700_000));
    });
    expect(await traceError(url, limits)).toMatch(
      /^Tempo's answer is 1.4 MB \(as received\), more than the 1 MB allowed/
    );
  });

  it('reads an answer within it, and 0 or unset means the default of 1000 MB', async () => {
    const url = shape('recorded-trace', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/protobuf', 'content-length': String(TRACE_PB.length) });
      res.end(TRACE_PB);
    });
    for (const jsonData of [{ maxResponseMB: 1 }, { maxResponseMB: 0 }, {}]) {
      const response = await runQueries(makeDataSource(url, jsonData), [{ refId: 'A', query: TRACE_ID }]);
      expect(response.errors).toBeUndefined();
      expect(response.data[0].length).toBeGreaterThan(0);
    }
  });

  it.each<[BackendKind, string]>([
    ['tempo', 'Tempo'],
    ['jaeger', 'Jaeger'],
    ['zipkin', 'Zipkin'],
  ])('applies to every backend: %s', async (backend, name) => {
    const url = shape(`big-${backend}`, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '3000000' });
      res.end(Buffer.alloc(3_000_000, 0x20));
    });
    const result = await makeDataSource(url, { backend, maxResponseMB: 2 }).testDatasource();
    expect(result).toEqual({
      status: 'error',
      message: expect.stringMatching(
        new RegExp(`^${name}'s answer is 3 MB \\(its Content-Length\\), more than the 2 MB`)
      ),
    });
  });
});

describe('an answer cut mid-body', () => {
  it.each([
    ['with a Content-Length', { 'content-length': String(TRACE_PB.length) }],
    ['chunked', {}],
  ])('%s: names the cut, not the connection', async (_label, headers) => {
    const url = shape(`cut-${Object.keys(headers).length}`, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/protobuf', ...headers });
      res.write(TRACE_PB.subarray(0, 200));
      setTimeout(() => res.destroy(), 20);
    });
    expect(await traceError(url)).toBe(
      "Tempo's answer was cut off before its end (terminated: other side closed): a proxy or the server closed the connection mid-answer; try again, and check the size and time limits of proxies between Grafana and Tempo"
    );
  });
});

describe('compression claimed but absent', () => {
  it.each(['gzip', 'br', 'deflate'])('Content-Encoding: %s on a plain body', async (encoding) => {
    const url = shape(`plain-${encoding}`, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/protobuf', 'content-encoding': encoding });
      res.end(TRACE_PB);
    });
    expect(await traceError(url)).toMatch(
      /^Tempo's answer could not be decompressed \(terminated: .+\): the server or a proxy sets Content-Encoding \(gzip, deflate or br\) without compressing the body/
    );
  });

  it('Content-Encoding: deflate on a short plain body, which Node inflates to garbage: the encoding is named', async () => {
    const url = shape('plain-deflate-garbage', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate' });
      res.end('{"plain":true}');
    });
    expect(await searchError(url)).toMatch(
      /could not be read as JSON .*\(the answer claims Content-Encoding deflate: a server or proxy that sets it without compressing garbles the body\)$/
    );
  });

  it('a body really compressed reads as usual, its length not compared with the compressed Content-Length', async () => {
    const gzipped = zlib.gzipSync(TRACE_PB);
    const url = shape('gzipped', (_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/protobuf',
        'content-encoding': 'gzip',
        'content-length': String(gzipped.length),
      });
      res.end(gzipped);
    });
    const response = await runQueries(makeDataSource(url), [{ refId: 'A', query: TRACE_ID }]);
    expect(response.errors).toBeUndefined();
    expect(response.data[0].length).toBeGreaterThan(0);
  });
});

describe('HTML pages of every opening', () => {
  it.each([
    [
      'an XML declaration',
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><html xmlns="http://www.w3.org/1999/xhtml"><head><title>Sign in &amp; continue</title></head></html>',
      'Sign in & continue',
    ],
    ['a BOM, a comment, then <body>', '\uFEFF  \n<!-- proxy page --><body><h1>Blocked</h1></body>', undefined],
    ['<head> first', '<head><title>Gateway\n  Timeout</title></head><body></body>', 'Gateway Timeout'],
    ['whitespace, then <html>', '\r\n\t <HTML><TITLE>Login</TITLE></HTML>', 'Login'],
  ])('%s, sent as text/plain: recognised, its title shown, no markup', async (_label, page, title) => {
    const url = shape(`page-${page.length}`, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(page);
    });
    const message = await searchError(url);
    expect(message).toMatch(/^The data source URL answered with an HTML page/);
    expect(message).toContain(title ? `("${title}") (HTTP 200 OK)` : 'HTML page (HTTP 200 OK)');
    expect(message).not.toMatch(/[<>]/);
  });
});

describe('text that is not valid Unicode (a lone surrogate)', () => {
  it('in a variable of a TraceQL query: named, and nothing is sent', async () => {
    const url = shape('never-asked', (_req, res) => res.writeHead(500).end());
    const before = received.length;
    const response = await runQueries(makeDataSource(url), [
      { refId: 'A', queryType: 'traceql', query: '{ resource.service.name = "$lone" }' },
      { refId: 'B', query: 'not a trace id' },
    ]);
    expect(response.errors?.find((e) => e.refId === 'A')?.message).toBe(
      `The "q" parameter (the TraceQL query) holds text that is not valid Unicode (a lone surrogate), often from a dashboard variable's value or pasted text: fix that value; nothing was sent to Tempo`
    );
    // The other query still has its own outcome.
    expect(response.errors?.find((e) => e.refId === 'B')?.message).toMatch(/is not a trace ID/);
    expect(received.length).toBe(before);
  });

  it("in a tag variable's value, which goes into the URL path", async () => {
    const url = shape('never-asked-tag', (_req, res) => res.writeHead(500).end());
    const before = received.length;
    await expect(makeDataSource(url).metricFindQuery({ refId: 'v', type: 'tagValues', tag: '$lone' })).rejects.toThrow(
      "The tag holds text that is not valid Unicode (a lone surrogate), often from a dashboard variable's value or pasted text: fix that value"
    );
    expect(received.length).toBe(before);
  });
});
