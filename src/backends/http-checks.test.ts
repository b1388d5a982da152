import { htmlTitle, HttpAnswer, isHtml } from './http';
import { pathSegment, readBody, transportFailure } from './http-checks';

const limits = { server: 'Tempo', maxBytes: 1000 };
const bytes = (text: string) => new TextEncoder().encode(text);
/** As text: the bytes may come from another realm than the test's (jsdom), which `toEqual` tells apart. */
const text = (body: Uint8Array) => new TextDecoder().decode(body);
const answer = (body: string, contentType = ''): HttpAnswer => ({
  status: 200,
  statusText: 'OK',
  contentType,
  contentEncoding: '',
  body: bytes(body),
});

describe('readBody', () => {
  it('names how many bytes of the Content-Length arrived when a body is shorter', () => {
    expect(() => readBody(bytes('{"traces":'), limits, '120', '')).toThrow(
      "Tempo's answer ended after 10 of 120 bytes (its Content-Length): a proxy or the server cut it; try again, and check the size and time limits of proxies between Grafana and Tempo"
    );
  });

  it('says a body longer than its Content-Length was altered', () => {
    expect(() => readBody(bytes('0123456789'), limits, '4', '')).toThrow(
      "Tempo's answer holds 10 bytes where its Content-Length says 4: a proxy between Grafana and Tempo altered it"
    );
  });

  it('does not compare a decompressed body with the compressed Content-Length', () => {
    expect(text(readBody(bytes('0123456789'), limits, '4', 'gzip'))).toBe('0123456789');
    expect(() => readBody(bytes('0123456789'), limits, '4', 'identity')).toThrow(/where its Content-Length says 4/);
  });

  it('refuses an ArrayBuffer beyond the limit by its size, or by its Content-Length alone', () => {
    expect(() => readBody(new ArrayBuffer(5000), limits, undefined, '')).toThrow(
      /^Tempo's answer is 5 kB \(as received\), more than the 1 kB allowed/
    );
    expect(() => readBody(new ArrayBuffer(10), limits, '5000', '')).toThrow(
      /^Tempo's answer is 5 kB \(its Content-Length\), more than the 1 kB allowed/
    );
  });

  it('reads an ArrayBuffer within the limit, and parsed error data as its JSON', () => {
    expect(text(readBody(bytes('echo').buffer, limits, '4', ''))).toBe('echo');
    expect(text(readBody({ message: 'proxy error' }, limits, undefined, ''))).toBe('{"message":"proxy error"}');
  });
});

describe('isHtml', () => {
  it.each([
    '<!DOCTYPE html><html></html>',
    '<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x"><html>',
    '\uFEFF<html>',
    '  \n<!-- a comment --> <!-- and another -->\n<body>Blocked</body>',
    '<head><title>x</title></head>',
    '<h1>502 Bad Gateway</h1>',
    '<center><h1>nginx</h1></center>',
  ])('recognises %j', (page) => expect(isHtml(answer(page))).toBe(true));

  it.each([
    '{"traces":[]}',
    'trace not found',
    '<not a tag',
    '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>',
    '\u000a\u0010\u0012', // protobuf
    '<htmlish>',
  ])('leaves %j alone', (body) => expect(isHtml(answer(body))).toBe(false));

  it('trusts a text/html content type', () => expect(isHtml(answer('Blocked', 'text/html; charset=utf-8'))).toBe(true));
});

describe('htmlTitle', () => {
  it('decodes entities and collapses spaces; long titles end in …', () => {
    expect(htmlTitle(answer('<title>\n  Sign in &amp; go &#8211; &#x41;&quot;B&quot; </title>'))).toBe(
      'Sign in & go – A"B"'
    );
    expect(htmlTitle(answer(`<title>${'x'.repeat(200)}</title>`))).toBe(`${'x'.repeat(120)}…`);
    expect(htmlTitle(answer('<body>no title</body>'))).toBeUndefined();
  });
});

describe('pathSegment', () => {
  it('encodes what a segment can carry, refuses what it cannot', () => {
    expect(pathSegment('service.name', 'tag')).toBe('service.name');
    expect(pathSegment('a/../b', 'tag')).toBe('a%2F..%2Fb');
    expect(pathSegment('...', 'tag')).toBe('...');
    expect(pathSegment('%2e%2e', 'tag')).toBe('%252e%252e');
    expect(() => pathSegment('..', 'tag')).toThrow('".." cannot be looked up as a tag');
    expect(() => pathSegment('', 'service')).toThrow('"" cannot be looked up as a service');
    expect(() => pathSegment('a\uDC00', 'tag')).toThrow('The tag holds text that is not valid Unicode');
    expect(pathSegment('😀', 'tag')).toBe('%F0%9F%98%80'); // a surrogate pair is valid
  });
});

describe('transportFailure', () => {
  const cause = (code: string, message: string) => Object.assign(new Error(message), { code });
  it.each([
    [
      new TypeError('terminated', { cause: cause('UND_ERR_SOCKET', 'other side closed') }),
      /^Tempo's answer was cut off before its end \(terminated: other side closed\)/,
    ],
    [new TypeError('network error'), /^Tempo's answer was cut off before its end \(network error\)/],
    [
      new TypeError('terminated', { cause: cause('Z_DATA_ERROR', 'incorrect header check') }),
      /^Tempo's answer could not be decompressed \(terminated: incorrect header check\)/,
    ],
    [
      new TypeError('fetch failed', { cause: cause('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9') }),
      /^Cannot connect to Tempo \(fetch failed: connect ECONNREFUSED 127.0.0.1:9\): check the data source URL/,
    ],
    [new TypeError('Failed to fetch'), /^Cannot connect to Tempo \(Failed to fetch\)/],
    [{ status: -1, statusText: 'Request was aborted', data: null }, /^Cannot connect to Tempo \(Request was aborted\)/],
    [{}, /^Cannot connect to Tempo: check the data source URL/],
  ])('%s', (error, message) => expect(transportFailure(error, 'Tempo').message).toMatch(message));
});
