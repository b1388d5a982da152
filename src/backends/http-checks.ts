/**
 * What httpGet checks around Grafana's fetch: text that cannot go into a URL (before sending), the
 * size and length of a body (before it is read into memory), and what a request that got no whole
 * answer ran into (a cut connection, compression claimed but absent, no connection at all).
 */
import { formattedValueToString, getValueFormat } from '@grafana/data';

import { RESPONSE_LIMIT_LABELS } from '../settings-labels';

/** A failure with a message written for the user who runs the query. */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/**
 * A lone UTF-16 surrogate: `encodeURIComponent` throws `URIError: URI malformed` on it. With the
 * `u` flag a paired surrogate is one code point (not of category Cs), so only lone ones match.
 * (`String.prototype.isWellFormed` would do, but not every browser Grafana supports has it.)
 */
const LONE_SURROGATE = /\p{Cs}/u;

/** Which part of a query a parameter holds, for messages. */
const PARAMETER_PARTS: Record<string, string> = {
  q: 'the TraceQL query',
  query: 'the query',
  tags: 'the tags',
  annotationQuery: 'the tags',
  service: 'the service',
  serviceName: 'the service',
  operation: 'the operation',
  spanName: 'the span name',
};

/** Throws when a parameter holds text a URL cannot carry; nothing is sent then. */
export function checkRequestText(server: string, params: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' && LONE_SURROGATE.test(value)) {
      const part = PARAMETER_PARTS[key] ? ` (${PARAMETER_PARTS[key]})` : '';
      throw new UserFacingError(
        `The "${key}" parameter${part} holds text that is not valid Unicode (a lone surrogate), often from a dashboard variable's value or pasted text: fix that value; nothing was sent to ${server}`
      );
    }
  }
}

/**
 * A user's value (a tag or service name) as one path segment. `encodeURIComponent` leaves `.` and
 * `..` as they are, and a URL parser resolves them (`/tag/../values` is `/values`), as it does their
 * percent-encoded spellings (`%2E%2E`, per the URL standard), so no encoding keeps them in place:
 * they are refused, as are empty values and text that is not valid Unicode.
 */
export function pathSegment(value: string, what: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new UserFacingError(
      `The ${what} holds text that is not valid Unicode (a lone surrogate), often from a dashboard variable's value or pasted text: fix that value`
    );
  }
  if (value === '' || value === '.' || value === '..') {
    throw new UserFacingError(
      `"${value}" cannot be looked up as a ${what}: a URL cannot carry an empty, "." or ".." path segment; choose another ${what}`
    );
  }
  return encodeURIComponent(value);
}

interface BodyLimits {
  server: string;
  maxBytes: number;
}

/** `2.5 MB`, `1 GB`: Grafana's decimal byte units, without a trailing `.0`. */
function size(bytes: number): string {
  return formattedValueToString(getValueFormat('decbytes')(bytes, 1)).replace(/\.0(?= )/, '');
}

function tooLarge(bytes: number, how: string, { server, maxBytes }: BodyLimits): UserFacingError {
  return new UserFacingError(
    `${server}'s answer is ${size(bytes)} (${how}), more than the ${size(maxBytes)} allowed by "${RESPONSE_LIMIT_LABELS.field}" under "${RESPONSE_LIMIT_LABELS.section}" in the data source settings: narrow the query (a shorter time range, a lower limit), or raise that setting`
  );
}

// Byte arrays made in another realm (jsdom, iframes) fail `instanceof`.
function isArrayBufferLike(data: unknown): boolean {
  return Object.prototype.toString.call(data) === '[object ArrayBuffer]';
}

/** A body as bytes (an ArrayBuffer, a typed array), not data Grafana parsed. */
export function isBytesLike(data: unknown): boolean {
  return ArrayBuffer.isView(data) || isArrayBufferLike(data);
}

/**
 * The body's bytes, once its declared length (`Content-Length`) and its size are within the limit.
 * Without a content encoding, a body shorter or longer than its Content-Length was cut or altered
 * on the way. (With one, Content-Length counts the compressed bytes and the fetch decompressed them.)
 */
export function readBody(
  data: unknown,
  limits: BodyLimits,
  contentLength: string | undefined,
  contentEncoding: string
): Uint8Array {
  const declared =
    contentLength !== undefined && /^\d+$/.test(contentLength.trim()) ? Number(contentLength) : undefined;
  if (declared !== undefined && declared > limits.maxBytes) {
    throw tooLarge(declared, 'its Content-Length', limits);
  }
  const body = toBytes(data);
  if (body.length > limits.maxBytes) {
    throw tooLarge(body.length, 'as received', limits);
  }
  const encoded = contentEncoding.trim() !== '' && contentEncoding.trim().toLowerCase() !== 'identity';
  if (declared !== undefined && !encoded && body.length !== declared) {
    throw new UserFacingError(
      body.length < declared
        ? `${limits.server}'s answer ended after ${body.length} of ${declared} bytes (its Content-Length): a proxy or the server cut it; try again, and check the size and time limits of proxies between Grafana and ${limits.server}`
        : `${limits.server}'s answer holds ${body.length} bytes where its Content-Length says ${declared}: a proxy between Grafana and ${limits.server} altered it`
    );
  }
  return body;
}

function toBytes(data: unknown): Uint8Array {
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  if (isArrayBufferLike(data)) {
    return new Uint8Array(data as ArrayBuffer);
  }
  if (data === undefined || data === null) {
    return new Uint8Array(0);
  }
  // Grafana's own error answers (data proxy) may arrive already parsed.
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return new TextEncoder().encode(text);
}

/**
 * An error's own message and its cause's (Node's fetch: `TypeError: terminated`, cause `other side
 * closed`); for Grafana's FetchError-like objects (a cancelled request: status -1), its statusText.
 */
function errorDetail(error: unknown): { detail: string; code: string } {
  const fields = (error ?? {}) as {
    message?: unknown;
    statusText?: unknown;
    cause?: { code?: unknown; message?: unknown };
  };
  const own = [error instanceof Error ? error.message : undefined, fields.message, fields.statusText, error].find(
    (text): text is string => typeof text === 'string' && text !== ''
  );
  const message = own ?? '';
  const cause = fields.cause;
  const causeMessage = typeof cause?.message === 'string' && cause.message !== message ? cause.message : '';
  return {
    detail: [message, causeMessage].filter(Boolean).join(': '),
    code: typeof cause?.code === 'string' ? cause.code : '',
  };
}

/** zlib's codes (`Z_DATA_ERROR`, `Z_BUF_ERROR`) and brotli's (`ERR__ERROR_FORMAT_…`): a body that does not decompress. */
const DECOMPRESSION_CODE = /^(Z_|ERR__ERROR_FORMAT|ERR_BROTLI)/;
/**
 * A connection closed mid-body. Node's fetch (checked: `terminated`, cause UND_ERR_SOCKET `other side
 * closed`, for a body cut with or without Content-Length); browsers, as they are reported to word a
 * body that stops (Chrome `network error`, Firefox `Error in body stream`, Safari `The network
 * connection was lost.`). Their wording for a refused connection (`Failed to fetch`, `Load failed`)
 * stays "Cannot connect".
 */
const CUT_CODE = /^(UND_ERR_SOCKET|ECONNRESET|UND_ERR_RES_CONTENT_LENGTH_MISMATCH)$/;
const CUT_MESSAGE = /^(terminated|network error|error in body stream|the network connection was lost\.?)/i;

/** The message for a request that got no whole answer. */
export function transportFailure(error: unknown, server: string): UserFacingError {
  const { detail, code } = errorDetail(error);
  if (DECOMPRESSION_CODE.test(code) || /decompression failed|incorrect header check/i.test(detail)) {
    return new UserFacingError(
      `${server}'s answer could not be decompressed (${detail}): the server or a proxy sets Content-Encoding (gzip, deflate or br) without compressing the body; fix the compression settings of that proxy or server`
    );
  }
  if (CUT_CODE.test(code) || CUT_MESSAGE.test(detail)) {
    return new UserFacingError(
      `${server}'s answer was cut off before its end (${detail}): a proxy or the server closed the connection mid-answer; try again, and check the size and time limits of proxies between Grafana and ${server}`
    );
  }
  return new UserFacingError(
    `Cannot connect to ${server}${detail ? ` (${detail})` : ''}: check the data source URL and that ${server} is running`
  );
}
