import { interpolateTraceQL, TemplateReplace, TraceQLInterpolationError } from './interpolate';
import { escapeTraceQLRegex, escapeTraceQLString } from './literals';
import { parseErrors } from './syntax';

type Variables = Record<string, string | string[]>;

/** Mimics getTemplateSrv().replace(target, scopedVars, formatFn) for `${name}` / `${name.path}` targets. */
function templateSrv(variables: Variables): TemplateReplace & { targets: string[] } {
  const targets: string[] = [];
  const replace = (target: string, format: (value: string | string[]) => string) => {
    targets.push(target);
    return target.replace(/\$\{(\w+)(?:\.[^:}]+)?(?::[^}]+)?\}/g, (match, name: string) =>
      name in variables ? format(variables[name]) : match
    );
  };
  return Object.assign(replace, { targets });
}

const interpolate = (query: string, variables: Variables) => interpolateTraceQL(query, templateSrv(variables));

describe('escapeTraceQLString', () => {
  it('escapes backslashes and quotes so the value cannot end the literal', () => {
    expect(escapeTraceQLString('a"b\\c')).toBe('a\\"b\\\\c');
    expect(escapeTraceQLString('\\"')).toBe('\\\\\\"');
  });

  it('writes newline, carriage return and tab as Go escapes (a raw newline ends a Tempo string)', () => {
    expect(escapeTraceQLString('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
  });

  it('leaves braces, pipes and unicode alone', () => {
    expect(escapeTraceQLString('} || { ü 日本')).toBe('} || { ü 日本');
  });
});

describe('escapeTraceQLRegex', () => {
  it('escapes every RE2 metacharacter, like Go regexp.QuoteMeta', () => {
    expect(escapeTraceQLRegex('a.b+c*d?e(f)g|h[i]j{k}l^m$n\\o')).toBe(
      'a\\.b\\+c\\*d\\?e\\(f\\)g\\|h\\[i\\]j\\{k\\}l\\^m\\$n\\\\o'
    );
  });

  it('leaves ordinary characters alone', () => {
    expect(escapeTraceQLRegex('GET /api/v1-x_y')).toBe('GET /api/v1-x_y');
  });
});

describe('interpolateTraceQL inside a string literal', () => {
  it.each([
    ['a quote', 'a"b', '{ span.x = "a\\"b" }'],
    ['a backslash', 'C:\\temp\\', '{ span.x = "C:\\\\temp\\\\" }'],
    ['a closing brace and ||', '"} || { true', '{ span.x = "\\"} || { true" }'],
    ['&& and a pipe', 'x" && span.y = "1" } | rate() //', '{ span.x = "x\\" && span.y = \\"1\\" } | rate() //" }'],
  ])('escapes %s', (_, value, expected) => {
    const result = interpolate('{ span.x = "$var" }', { var: value });
    expect(result).toBe(expected);
    expect(parseErrors(result)).toEqual([]);
  });

  it('turns a multi-value variable into an alternation of regex- and string-escaped values', () => {
    expect(interpolate('{ resource.service.name =~ "$svc" }', { svc: ['a.b', 'c'] })).toBe(
      '{ resource.service.name =~ "a\\\\.b|c" }'
    );
  });

  it('regex-escapes a one-element multi-value selection after =~, but not after =', () => {
    expect(interpolate('{ span.x =~ "$v" && span.y = "$v" }', { v: ['a.b'] })).toBe(
      '{ span.x =~ "a\\\\.b" && span.y = "a.b" }'
    );
  });

  it('keeps a plain string after =~ as the regex the user wrote', () => {
    expect(interpolate('{ span.x =~ "$pattern" }', { pattern: '.*api.*' })).toBe('{ span.x =~ ".*api.*" }');
  });

  it('escapes inside a literal that contains escaped quotes before the variable', () => {
    expect(interpolate('{ span.x = "say \\"$v\\"" }', { v: '"}' })).toBe('{ span.x = "say \\"\\"}\\"" }');
  });

  it('escapes inside an unterminated literal', () => {
    expect(interpolate('{ span.x = "$v', { v: '"} || {' })).toBe('{ span.x = "\\"} || {');
  });

  it('escapes inside a quoted attribute name', () => {
    expect(interpolate('{ span."$attr" = 1 }', { attr: 'a "b"' })).toBe('{ span."a \\"b\\"" = 1 }');
  });

  it('interpolates inside a backtick raw string without string escaping', () => {
    expect(interpolate('{ span.x =~ `$svc` }', { svc: ['a.b', 'c\\d'] })).toBe('{ span.x =~ `a\\.b|c\\\\d` }');
  });

  it('refuses a backtick inside a raw string, which cannot be escaped', () => {
    expect(() => interpolate('{ span.x = `$v` }', { v: 'a`} || {`' })).toThrow(TraceQLInterpolationError);
  });
});

describe('interpolateTraceQL outside string literals', () => {
  it.each([
    ['a duration', '{ duration > $d }', { d: '10ms' }, '{ duration > 10ms }'],
    ['a fractional duration', '{ duration > $d }', { d: '1.5s' }, '{ duration > 1.5s }'],
    ['an integer', '{ span.n = $n }', { n: '42' }, '{ span.n = 42 }'],
    ['a negative float', '{ span.n > $n }', { n: '-1.5' }, '{ span.n > -1.5 }'],
    ['a boolean', '{ span.cache.hit = $b }', { b: 'true' }, '{ span.cache.hit = true }'],
    ['nil', '{ span.x != $n }', { n: 'nil' }, '{ span.x != nil }'],
    ['a status keyword', '{ status = $s }', { s: 'error' }, '{ status = error }'],
    [
      'an attribute path',
      '{} | rate() by ($group)',
      { group: 'resource.service.name' },
      '{} | rate() by (resource.service.name)',
    ],
    ['an intrinsic', '{} | by($group)', { group: 'span:name' }, '{} | by(span:name)'],
    ['an unscoped attribute', '{ $attr = 1 }', { attr: '.http.status_code' }, '{ .http.status_code = 1 }'],
    ['an attribute name part', '{ span.$attr = 1 }', { attr: 'k8s.pod-name' }, '{ span.k8s.pod-name = 1 }'],
  ])('keeps %s bare', (_, query, variables, expected) => {
    expect(interpolate(query, variables)).toBe(expected);
  });

  it.each([
    ['a closing brace', '1 } || { true', '{ span.n = "1 } || { true" }'],
    ['&&', 'x && span.y = 1', '{ span.n = "x && span.y = 1" }'],
    ['a pipe', '1 | rate()', '{ span.n = "1 | rate()" }'],
    ['spaces', 'a b', '{ span.n = "a b" }'],
    ['a quote', 'a"b', '{ span.n = "a\\"b" }'],
    ['a leading digit word', '5xx', '{ span.n = "5xx" }'],
    ['a hyphenated word (a subtraction if bare)', 'web-frontend', '{ span.n = "web-frontend" }'],
    ['a compound duration lezer rejects', '1h30m', '{ span.n = "1h30m" }'],
    ['an empty value', '', '{ span.n = "" }'],
  ])('quotes a value with %s', (_, value, expected) => {
    const result = interpolate('{ span.n = $v }', { v: value });
    expect(result).toBe(expected);
    expect(parseErrors(result)).toEqual([]);
  });

  it('quotes a multi-value variable as a regex alternation', () => {
    expect(interpolate('{ span.x =~ $v }', { v: ['a.b', 'c'] })).toBe('{ span.x =~ "a\\\\.b|c" }');
  });

  it('treats a one-element multi-value selection as its value', () => {
    expect(interpolate('{ span.x = $v }', { v: ['500'] })).toBe('{ span.x = 500 }');
  });

  it('quotes an empty multi-value selection', () => {
    expect(interpolate('{ span.x = $v }', { v: [] })).toBe('{ span.x = "" }');
  });

  it('quotes the operand of =~ even when it looks like a token', () => {
    expect(interpolate('{ span.x =~ $v }', { v: 'abc' })).toBe('{ span.x =~ "abc" }');
  });
});

describe('interpolateTraceQL variable syntaxes and lookups', () => {
  it('supports $name, ${name}, ${name:format} and [[name]], dropping explicit formats', () => {
    const replace = templateSrv({ v: 'a"b' });
    const result = interpolateTraceQL(
      '{ span.a = "$v" && span.b = "${v}" && span.c = "${v:raw}" && span.d = "[[v:csv]]" }',
      replace
    );
    expect(result).toBe('{ span.a = "a\\"b" && span.b = "a\\"b" && span.c = "a\\"b" && span.d = "a\\"b" }');
    expect(replace.targets).toEqual(['${v}', '${v}', '${v}', '${v}']);
  });

  it('passes a field path through', () => {
    const replace = templateSrv({ data: 'x' });
    expect(interpolateTraceQL('{ span.a = "${data.fields.name}" }', replace)).toBe('{ span.a = "x" }');
    expect(replace.targets).toEqual(['${data.fields.name}']);
  });

  it('formats each occurrence for its own position', () => {
    expect(interpolate('{ span.a = "$v" && span.b = $v }', { v: 'x"y' })).toBe(
      '{ span.a = "x\\"y" && span.b = "x\\"y" }'
    );
  });

  it('does not take $name2 for $name', () => {
    expect(interpolate('{ span.a = $name2 }', { name: '1', name2: '2' })).toBe('{ span.a = 2 }');
  });

  it('leaves unknown variables as written', () => {
    expect(interpolate('{ span.a = $missing && span.b = "${missing:raw}" }', {})).toBe(
      '{ span.a = $missing && span.b = "${missing:raw}" }'
    );
  });

  it('leaves variables in comments alone', () => {
    const replace = templateSrv({ v: 'x\n} || {' });
    expect(interpolateTraceQL('{ } // $v\n/* $v */', replace)).toBe('{ } // $v\n/* $v */');
    expect(replace.targets).toEqual([]);
  });

  it('formats a value that replace produced without calling the formatter', () => {
    const skipsFormatting: TemplateReplace = (target) => (target === '${interval}' ? '1 } || { true' : target);
    expect(interpolateTraceQL('{ duration > $interval }', skipsFormatting)).toBe('{ duration > "1 } || { true" }');
    const durationSkipsFormatting: TemplateReplace = () => '30s';
    expect(interpolateTraceQL('{ duration > $__interval }', durationSkipsFormatting)).toBe('{ duration > 30s }');
  });

  it('stringifies non-string values', () => {
    const numeric: TemplateReplace = (_, format) => format(500 as unknown as string);
    expect(interpolateTraceQL('{ span.code = $code }', numeric)).toBe('{ span.code = 500 }');
  });

  it('returns a query without variables unchanged and never calls replace', () => {
    const replace = templateSrv({});
    expect(interpolateTraceQL('{ span.price = "$" }', replace)).toBe('{ span.price = "$" }');
    expect(replace.targets).toEqual([]);
  });
});
