import { bodyText, htmlTitle, HttpAnswer, isHtml, UserFacingError } from './http';

const MAX_BODY_IN_MESSAGE = 500;

/** Tempo's (or the proxy's) explanation: plain text, or the `message`/`error` of a JSON body. */
export function answerDetail(answer: HttpAnswer): string {
  const text = bodyText(answer).trim();
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') {
        const { message, error } = parsed as { message?: unknown; error?: unknown };
        const found = [message, error].find((v) => typeof v === 'string' && v.length > 0);
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
export function describeFailure(answer: HttpAnswer, notFoundHint?: string): UserFacingError {
  if (isHtml(answer)) {
    const title = htmlTitle(answer);
    return new UserFacingError(
      `The data source URL answered with an HTML page${title ? ` ("${title}")` : ''} (${statusLine(answer)}), ` +
        `not Tempo's API: check that the URL points at Tempo's HTTP port (e.g. http://tempo:3200) and not at a web page or login proxy`
    );
  }
  const detail = answerDetail(answer);
  const withDetail = detail ? `: ${detail}` : '';
  switch (answer.status) {
    case 401:
    case 403:
      return new UserFacingError(
        `Tempo refused the request (${statusLine(answer)}${withDetail}): check the data source's authentication settings (basic auth, custom headers, tenant ID)`
      );
    case 404:
      return new UserFacingError(
        notFoundHint ??
          `Not found (${statusLine(answer)}${withDetail}): check that the data source URL points at Tempo, without a path`
      );
    case 502:
      return new UserFacingError(
        `Grafana could not reach Tempo (${statusLine(answer)}${withDetail}): check the data source URL and that Tempo is running`
      );
    case 504:
      return new UserFacingError(
        `Tempo did not answer in time (${statusLine(answer)}${withDetail}): narrow the time range or raise the data source's timeout`
      );
    default:
      return new UserFacingError(`Tempo answered ${statusLine(answer)}${withDetail}`);
  }
}

/** A 2xx answer whose body is not the expected kind: a proxy page, an error page with status 200. */
export function unexpectedContent(answer: HttpAnswer, expected: string): UserFacingError {
  if (isHtml(answer)) {
    return describeFailure(answer);
  }
  const type = answer.contentType || 'no content type';
  return new UserFacingError(`Tempo answered with ${type} where ${expected} was expected: ${answerDetail(answer)}`);
}
