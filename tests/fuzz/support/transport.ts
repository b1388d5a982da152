/**
 * The transport family: what a broken network or proxy does to a good answer. Resets before the
 * head and mid-body, stalls past the data source's timeout, Content-Length larger or smaller than
 * the body, wrong content types, compression claimed but absent, HTML pages (also starting with
 * `<?xml` or `<body>`), empty bodies and error statuses with their pages.
 */
import type { Answer, Fault } from './mutant';
import type { Rng } from './prng';

const HTML_PAGES = [
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head><body><form></form></body></html>',
  '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Error</title></head><body>Oops</body></html>',
  '<body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request.</p></body>',
  "  \n<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY>You don't have permission</BODY></HTML>",
  '<head><title>Login</title></head><body></body>',
];

const CONTENT_TYPES = [
  'text/plain; charset=utf-8',
  'text/html',
  'application/octet-stream',
  'application/xml',
  'application/json; charset=utf-16',
  'application/protobuf',
  'application/json',
  'application/x-ndjson',
  'multipart/form-data; boundary=x',
  '',
];

const STATUSES = [400, 401, 403, 404, 429, 500, 502, 503, 504];
const ENCODINGS = ['gzip', 'deflate', 'br', 'gzip, br', 'x-gzip', 'compress'];

const encode = (text: string) => new TextEncoder().encode(text);

/** `stall`: whether this case may stall (each costs the timeout, so the runner rations them). */
export function transportFault(rng: Rng, base: Answer, stall: boolean): { detail: string; answer: Answer } {
  if (stall) {
    const fault: Fault = rng.pick(['stall-before-head', 'stall-mid-body']);
    return { detail: fault, answer: { ...base, fault } };
  }
  const kind = rng.pick([
    'reset-before-head',
    'reset-mid-body',
    'length-larger',
    'length-smaller',
    'content-type',
    'compression',
    'html',
    'html',
    'empty',
    'status',
  ] as const);
  switch (kind) {
    case 'reset-before-head':
    case 'reset-mid-body':
    case 'length-larger':
    case 'length-smaller':
      return { detail: kind, answer: { ...base, fault: kind } };
    case 'content-type': {
      const contentType = rng.pick(CONTENT_TYPES.filter((type) => type !== base.contentType));
      return {
        detail: `content type ${JSON.stringify(contentType)}`,
        answer: { ...base, contentType: contentType || undefined },
      };
    }
    case 'compression': {
      const encoding = rng.pick(ENCODINGS);
      return {
        detail: `Content-Encoding ${encoding} on a plain body`,
        answer: { ...base, headers: { ...base.headers, 'Content-Encoding': encoding } },
      };
    }
    case 'html': {
      const page = rng.pick(HTML_PAGES);
      const status = rng.pick([200, 200, 404, 502, 503]);
      const contentType = rng.pick(['text/html; charset=utf-8', base.contentType ?? 'application/json', 'text/plain']);
      return {
        detail: `HTML page (${status}, ${contentType}): ${page.slice(0, 24)}`,
        answer: { status, contentType, body: encode(page) },
      };
    }
    case 'empty': {
      const status = rng.pick([200, 200, 204, 404, 500]);
      return { detail: `empty body, ${status}`, answer: { ...base, status, body: new Uint8Array(0) } };
    }
    case 'status': {
      const status = rng.pick(STATUSES);
      const body = rng.pick([
        '',
        'upstream connect error or disconnect/reset before headers',
        '{"error":"boom"}',
        '{"message":{"nested":1}}',
        '{"errors":[{"code":500,"msg":null}]}',
        base.body.length < 4096 ? new TextDecoder().decode(base.body) : 'x',
      ]);
      return {
        detail: `HTTP ${status} ${JSON.stringify(body.slice(0, 30))}`,
        answer: { status, contentType: rng.pick(['text/plain', 'application/json']), body: encode(body) },
      };
    }
  }
}
