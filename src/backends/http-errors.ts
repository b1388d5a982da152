import { bodyText, htmlTitle, HttpAnswer, isHtml, UserFacingError } from './http';

const MAX_BODY_IN_MESSAGE = 500;

/** Who answered, for messages: the backend's name and what its URL looks like. */
export interface ServerIdentity {
  /** `Tempo`, `Jaeger`, `Zipkin`. */
  name: string;
  /** The API's usual address, e.g. `http://tempo:3200`. */
  exampleUrl: string;
  /** The settings that authenticate requests to it, for 401/403. */
  authSettings: string;
}

export const TEMPO: ServerIdentity = {
  name: 'Tempo',
  exampleUrl: 'http://tempo:3200',
  authSettings: 'basic auth, custom headers, tenant ID',
};

/**
 * The server's (or the proxy's) explanation: plain text, or from a JSON body its `message` or
 * `error` (Tempo, Zipkin), `error.message` (Jaeger API v3), `errors[0].msg` (Jaeger's legacy API).
 */
export function answerDetail(answer: HttpAnswer): string {
  const text = bodyText(answer).trim();
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') {
        const { message, error, errors } = parsed as { message?: unknown; error?: unknown; errors?: unknown };
        const nested = error && typeof error === 'object' ? (error as { message?: unknown }).message : undefined;
        const legacy = Array.isArray(errors) && errors[0] ? (errors[0] as { msg?: unknown }).msg : undefined;
        const found = [message, error, nested, legacy].find((v) => typeof v === 'string' && v.length > 0);
        if (typeof found === 'string') {
          return found;
        }
      }
    } catch {
      // not JSON after all: fall through to the raw text
    }
  }
  return text.length > MAX_BODY_IN_MESSAGE ? `${text.slice(0, MAX_BODY_IN_MESSAGE)}…` : text;
}

function statusLine(answer: HttpAnswer): string {
  return `HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`;
}

/**
 * The message for an answer that is not the one asked for, in words a user can act on.
 * `notFoundHint` is what a 404 means for the endpoint asked (a missing trace, a wrong URL).
 */
export function describeFailure(answer: HttpAnswer, server: ServerIdentity, notFoundHint?: string): UserFacingError {
  if (isHtml(answer)) {
    const title = htmlTitle(answer);
    return new UserFacingError(
      `The data source URL answered with an HTML page${title ? ` ("${title}")` : ''} (${statusLine(answer)}), ` +
        `not ${server.name}'s API: check that the URL points at ${server.name}'s HTTP port (e.g. ${server.exampleUrl}) and not at a web page or login proxy`
    );
  }
  const detail = answerDetail(answer);
  const withDetail = detail ? `: ${detail}` : '';
  switch (answer.status) {
    case 401:
    case 403:
      return new UserFacingError(
        `${server.name} refused the request (${statusLine(answer)}${withDetail}): check the data source's authentication settings (${server.authSettings})`
      );
    case 404:
      return new UserFacingError(
        notFoundHint ??
          `Not found (${statusLine(answer)}${withDetail}): check that the data source URL points at ${server.name}, without a path`
      );
    case 502:
      return new UserFacingError(
        `Grafana could not reach ${server.name} (${statusLine(answer)}${withDetail}): check the data source URL and that ${server.name} is running`
      );
    case 504:
      return new UserFacingError(
        `${server.name} did not answer in time (${statusLine(answer)}${withDetail}): narrow the time range or raise the data source's timeout`
      );
    default:
      return new UserFacingError(`${server.name} answered ${statusLine(answer)}${withDetail}`);
  }
}

/** A 2xx answer whose body is not the expected kind: a proxy page, an error page with status 200. */
export function unexpectedContent(answer: HttpAnswer, expected: string, server: ServerIdentity): UserFacingError {
  if (isHtml(answer)) {
    return describeFailure(answer, server);
  }
  const type = answer.contentType || 'no content type';
  return new UserFacingError(
    `${server.name} answered with ${type} where ${expected} was expected: ${answerDetail(answer)}`
  );
}

/**
 * The parsed JSON body of a 200 answer; any other status, an HTML page or a body that is not
 * JSON throws its message. `special` may give a status its own message first (a 400's reason).
 */
export function readJsonAnswer(
  answer: HttpAnswer,
  what: string,
  server: ServerIdentity,
  special?: (answer: HttpAnswer) => UserFacingError | undefined
): unknown {
  if (answer.status !== 200) {
    throw special?.(answer) ?? describeFailure(answer, server);
  }
  if (isHtml(answer)) {
    throw unexpectedContent(answer, what, server);
  }
  try {
    return JSON.parse(bodyText(answer));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new UserFacingError(
      `${server.name}'s ${what} could not be read as JSON (${answer.body.length} bytes; truncated or malformed?): ${detail}${encodingHint(answer)}`
    );
  }
}

/**
 * For a body that cannot be read although it arrived whole: a Content-Encoding it claims may be the
 * cause (Node's fetch inflates a plain body sent as `deflate` into garbage; gzip and br fail outright).
 */
export function encodingHint(answer: HttpAnswer): string {
  const encoding = answer.contentEncoding.trim();
  return encoding && encoding.toLowerCase() !== 'identity'
    ? ` (the answer claims Content-Encoding ${encoding}: a server or proxy that sets it without compressing garbles the body)`
    : '';
}
