/**
 * The fuzz cases' HTTP server: plain sockets, so an answer can do what a broken proxy does
 * (reset the connection mid-body, stall, claim a length or an encoding the body does not have).
 * Each case sets `route`; every request is logged for the assertions on what was sent.
 */
import net, { type AddressInfo } from 'net';
// Node's own URL: the test environment's global one is jsdom's, many times slower on long URLs.
import { URL } from 'url';

import type { Answer } from './mutant';

export interface SeenRequest {
  path: string;
  query: URLSearchParams;
  /** The request target as it arrived, before any decoding. */
  target: string;
  headers: Record<string, string>;
}

export type Route = (request: SeenRequest) => Answer;

export interface RawServer {
  origin: string;
  route: Route;
  requests: SeenRequest[];
  /** Ends stalled answers (a case is over). */
  releaseStalled(): void;
  close(): Promise<void>;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function parseRequest(head: string): SeenRequest {
  const [requestLine, ...lines] = head.split('\r\n');
  const target = requestLine.split(' ')[1] ?? '/';
  const url = new URL(target, 'http://fuzz');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
  return { path: url.pathname, query: url.searchParams, target, headers };
}

function send(socket: net.Socket, answer: Answer, stalled: Set<net.Socket>): void {
  const { body, fault } = answer;
  if (fault === 'reset-before-head') {
    socket.resetAndDestroy();
    return;
  }
  if (fault === 'stall-before-head') {
    stalled.add(socket);
    return;
  }
  const length =
    fault === 'length-larger'
      ? body.length + 1 + (body.length >> 1)
      : fault === 'length-smaller'
        ? Math.max(0, body.length >> 1)
        : body.length;
  const headers: Record<string, string> = {
    ...(answer.contentType === undefined ? {} : { 'Content-Type': answer.contentType }),
    ...answer.headers,
    'Content-Length': String(length),
    Connection: 'close',
  };
  const head =
    `HTTP/1.1 ${answer.status} ${REASONS[answer.status] ?? 'Status'}\r\n` +
    Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\r\n') +
    '\r\n\r\n';
  socket.write(head);
  if (fault === 'reset-mid-body' || fault === 'stall-mid-body') {
    socket.write(body.subarray(0, body.length >> 1));
    if (fault === 'reset-mid-body') {
      // Let the head and the first half leave before the reset.
      setTimeout(() => socket.resetAndDestroy(), 5);
    } else {
      stalled.add(socket);
    }
    return;
  }
  socket.end(body);
}

export async function startRawServer(): Promise<RawServer> {
  const requests: SeenRequest[] = [];
  const stalled = new Set<net.Socket>();
  const sockets = new Set<net.Socket>();
  const state: RawServer = {
    origin: '',
    route: () => ({ status: 500, body: new TextEncoder().encode('no route') }),
    requests,
    releaseStalled() {
      stalled.forEach((socket) => socket.destroy());
      stalled.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0 || buffered === '') {
        return;
      }
      const request = parseRequest(buffered.slice(0, end));
      buffered = '';
      requests.push(request);
      send(socket, state.route(request), stalled);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
