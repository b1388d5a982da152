import {
  createCompletionIndex,
  filterCompletions,
  getSituation,
  INTRINSICS,
  isMetricsQuery,
  parseErrors,
  Situation,
} from './completion';

/** The situation at the `¦` marker. */
function situationAt(textWithCursor: string): Situation {
  const offset = textWithCursor.indexOf('¦');
  return getSituation(textWithCursor.replace('¦', ''), offset);
}

describe('getSituation', () => {
  it.each<[string, Situation]>([
    ['¦', { type: 'EMPTY' }],
    ['   ¦', { type: 'EMPTY' }],
    ['{ .a } && ¦', { type: 'EMPTY' }],
    ['{ .a } >> ¦', { type: 'EMPTY' }],
    ['{¦', { type: 'SPANSET_START', prefix: '' }],
    ['{ ¦ }', { type: 'SPANSET_START', prefix: '' }],
    ['{ span.x = "a" && ¦', { type: 'SPANSET_START', prefix: '' }],
    ['{ span.x = 1 || ¦ }', { type: 'SPANSET_START', prefix: '' }],
    ['{ (¦', { type: 'SPANSET_START', prefix: '' }],
    ['{ sta¦', { type: 'SPANSET_START', prefix: 'sta' }],
    ['{ span:na¦', { type: 'SPANSET_START', prefix: 'span:na' }],
    ['{ span.¦', { type: 'SPANSET_IN_NAME_SCOPE', scope: 'span', prefix: '' }],
    ['{ resource.¦ }', { type: 'SPANSET_IN_NAME_SCOPE', scope: 'resource', prefix: '' }],
    ['{ .¦', { type: 'SPANSET_IN_NAME_SCOPE', scope: 'unscoped', prefix: '' }],
    ['{ span.htt¦', { type: 'SPANSET_IN_NAME_SCOPE', scope: 'span', prefix: 'htt' }],
    ['{ event.exception.me¦ }', { type: 'SPANSET_IN_NAME_SCOPE', scope: 'event', prefix: 'exception.me' }],
    ['{ .a = 1 && instrumentation.¦', { type: 'SPANSET_IN_NAME_SCOPE', scope: 'instrumentation', prefix: '' }],
    ['{ span.x ¦', { type: 'SPANSET_EXPRESSION_OPERATORS', tag: 'span.x' }],
    ['{ duration ¦ }', { type: 'SPANSET_EXPRESSION_OPERATORS', tag: 'duration' }],
    ['{ span."a b" ¦', { type: 'SPANSET_EXPRESSION_OPERATORS', tag: 'span."a b"' }],
    ['{ span.x = "ab"¦', { type: 'SPANSET_AFTER_VALUE' }],
    ['{ span.x = "ab" ¦', { type: 'SPANSET_IN_THE_MIDDLE' }],
    ['{ status = error ¦ }', { type: 'SPANSET_IN_THE_MIDDLE' }],
    ['{ (.a = 1 || .b = 2) ¦', { type: 'SPANSET_IN_THE_MIDDLE' }],
    ['{ .a = "}" ¦', { type: 'SPANSET_IN_THE_MIDDLE' }],
    ['{ .a = 1 }\n&& {\n  span.x = "a" &&\n  ¦', { type: 'SPANSET_START', prefix: '' }],
    ['{ .a = 1 }¦', { type: 'NEW_SPANSET' }],
    ['{ .a = "{" } ¦', { type: 'NEW_SPANSET' }],
    ['{ .a = 1 } ¦', { type: 'NEW_SPANSET' }],
    ['{ .a } | rate() ¦', { type: 'NEW_SPANSET' }],
    ['{ .a } | ¦', { type: 'PIPELINE_FUNCTION', prefix: '' }],
    ['{ .a } | quan¦', { type: 'PIPELINE_FUNCTION', prefix: 'quan' }],
    ['{ .a } | select(¦', { type: 'SPANSET_START', prefix: '' }],
    ['{ .a } | select(span.x, resource.¦', { type: 'SPANSET_IN_NAME_SCOPE', scope: 'resource', prefix: '' }],
    ['{ .a } | rate() by (res¦', { type: 'SPANSET_START', prefix: 'res' }],
    ['{ .a = "x" } // a comment ¦', { type: 'UNKNOWN' }],
    ['{ .a = /* comment ¦', { type: 'UNKNOWN' }],
    ['{ .a = 1 foo ¦', { type: 'UNKNOWN' }],
    ['{ = ¦', { type: 'UNKNOWN' }],
  ])('%j', (text, expected) => {
    expect(situationAt(text)).toEqual(expected);
  });

  describe('values', () => {
    it.each<[string, Situation]>([
      [
        '{ resource.service.name = ¦',
        { type: 'SPANSET_IN_VALUE', tag: 'resource.service.name', query: '{}', betweenQuotes: false, prefix: '' },
      ],
      ['{ span.x =~¦ }', { type: 'SPANSET_IN_VALUE', tag: 'span.x', query: '{}', betweenQuotes: false, prefix: '' }],
      [
        '{ status = err¦',
        { type: 'SPANSET_IN_VALUE', tag: 'status', query: '{}', betweenQuotes: false, prefix: 'err' },
      ],
      ['{ span.x = "ab¦', { type: 'SPANSET_IN_VALUE', tag: 'span.x', query: '{}', betweenQuotes: true, prefix: 'ab' }],
      ['{ span.x = "¦" }', { type: 'SPANSET_IN_VALUE', tag: 'span.x', query: '{}', betweenQuotes: true, prefix: '' }],
      [
        '{ span.x = "a\\"b¦',
        { type: 'SPANSET_IN_VALUE', tag: 'span.x', query: '{}', betweenQuotes: true, prefix: 'a\\"b' },
      ],
      [
        '{ span."a b" = ¦',
        { type: 'SPANSET_IN_VALUE', tag: 'span."a b"', query: '{}', betweenQuotes: false, prefix: '' },
      ],
    ])('%j', (text, expected) => {
      expect(situationAt(text)).toEqual(expected);
    });

    it.each([
      ['{ resource.service.name = "api" && span.http.method = "G¦" }', '{ resource.service.name = "api" }'],
      ['{ span.http.method = "G¦" && resource.service.name = "api" }', '{ resource.service.name = "api" }'],
      ['{ .a = ¦ && .b = 2 }', '{ .b = 2 }'],
      ['{ .a = 1 && .b = ¦', '{ .a = 1 }'],
      ['{ (.a = 1 || .b = ¦', '{ (.a = 1) }'],
      ['{ .a = 1 } && { .c = ¦ } | rate()', '{ .a = 1 } && {} | rate()'],
      ['{ .a = $var && .b = "¦', '{ .a = $var }'],
      ['{} | compare({ .a = ¦', '{} | compare({})'],
    ])('removes the current condition from %j', (text, query) => {
      expect(situationAt(text)).toMatchObject({ type: 'SPANSET_IN_VALUE', query });
    });
  });

  it('reads only the text before the cursor for the situation', () => {
    expect(situationAt('{ span.¦http.method = "GET" }')).toEqual({
      type: 'SPANSET_IN_NAME_SCOPE',
      scope: 'span',
      prefix: '',
    });
  });
});

describe('filterCompletions and createCompletionIndex', () => {
  const names = ['http.method', 'http.url', 'HTTP.route', 'db.system', 'net.peer.http', 'messaging.system'];

  it('matches case-insensitively, prefix matches first, then substring matches, in input order', () => {
    expect(filterCompletions(names, 'http', 10)).toEqual(['http.method', 'http.url', 'HTTP.route', 'net.peer.http']);
    expect(filterCompletions(names, 'SYS', 10)).toEqual(['db.system', 'messaging.system']);
  });

  it('returns at most limit names', () => {
    expect(filterCompletions(names, 'http', 2)).toEqual(['http.method', 'http.url']);
    expect(filterCompletions(names, 'http', 0)).toEqual([]);
  });

  it('returns the first names for an empty prefix and nothing without a match', () => {
    expect(filterCompletions(names, '', 3)).toEqual(['http.method', 'http.url', 'HTTP.route']);
    expect(filterCompletions(names, 'zzz', 3)).toEqual([]);
  });

  it('treats regex characters in the prefix literally', () => {
    expect(filterCompletions(['a.b', 'axb', 'a(b'], 'a.', 5)).toEqual(['a.b']);
    expect(filterCompletions(['a.b', 'axb', 'a(b'], '(', 5)).toEqual(['a(b']);
  });

  it('keeps its own copy of the names', () => {
    const items = ['b', 'a'];
    const index = createCompletionIndex(items);
    items.push('ab');
    expect(index.size).toBe(2);
    expect(index.filter('a', 5)).toEqual(['a']);
  });

  it('stays fast on 30,000 names', () => {
    const many = Array.from({ length: 30_000 }, (_, i) => `service.attribute_${i}.Name${i % 97}`);
    const index = createCompletionIndex(many);
    const start = performance.now();
    for (const prefix of ['s', 'se', 'ser', 'attribute_29', 'name9', 'NAME96', 'zz']) {
      index.filter(prefix, 100);
    }
    expect(performance.now() - start).toBeLessThan(200);
    expect(index.filter('attribute_2999', 3)).toEqual([
      'service.attribute_2999.Name89',
      'service.attribute_29990.Name17',
      'service.attribute_29991.Name18',
    ]);
  });
});

describe('parseErrors', () => {
  it.each([
    '{}',
    '{ resource.service.name = "api" && span.http.status_code >= 500 }',
    '{ .a } >> { .b }',
    '{ .a } !< { .b } &>> { .c } ~ { .d }',
    '{ status = error } | select(span.http.url, resource.service.name)',
    '{ status = error } | by(resource.service.name) | count() > 1',
    '{} | rate()',
    '{ .a } | rate() by (resource.service.name) | topk(10)',
    '{} | quantile_over_time(duration, 0.99, 0.5) by (span.x)',
    '{} | histogram_over_time(duration)',
    '{} | compare({ status = error }, 10)',
    '{} with(most_recent=true)',
    '{ span.foo = "bar" } >> { status = error } with (most_recent=true)',
    '{ span."attribute with space" = "x" }',
    '{ span.x = $var && span.y = "${other}" }',
    '{ .a = "x" } // trailing comment',
    '{ span.http.request_content_length > 10 * 1024 * 1024 }',
    '{ event:timeSinceStart > -5s && trace:duration > 1.5s }',
  ])('accepts %j', (query) => {
    expect(parseErrors(query)).toEqual([]);
  });

  it.each([
    ['{ span.x == 1 }', [{ from: 10, to: 11, message: 'Unexpected "="' }]],
    ['{ span.', [{ from: 6, to: 7, message: 'Incomplete query' }]],
    ['{ .a = 1 } | ', [{ from: 11, to: 12, message: 'Incomplete query' }]],
    ['{ .x = "ab', [{ from: 7, to: 10, message: 'Unterminated string' }]],
    ['{ .a } foo', [{ from: 7, to: 10, message: 'Unexpected "foo"' }]],
    [
      '{ a } >> { b }',
      [
        { from: 2, to: 3, message: 'Unexpected "a"' },
        { from: 11, to: 12, message: 'Unexpected "b"' },
      ],
    ],
  ])('reports %j', (query, errors) => {
    expect(parseErrors(query)).toEqual(errors);
  });

  it.each([
    ['a float without a leading digit', '{} | quantile_over_time(duration, .99)'],
    ['a compound duration', '{ duration > 1h30m }'],
    ['a day duration', '{ duration > 1d }'],
    ['scientific notation', '{ .x > 1e3 }'],
    ['an escape other than \\" and \\\\', '{ .x = "a\\nb" }'],
    ['span:childCount', '{ span:childCount = 0 }'],
    ['minInt', '{ .x != minInt }'],
    ['[[var]] template syntax', '{ .x = [[var]] }'],
    ['a hint after a metrics function other than most_recent', '{} | rate() with(exemplars=true)'],
    ['a metrics comparison', '{} | rate() > 10'],
  ])('pins what lezer-traceql 1.0.0 rejects: %s', (_, query) => {
    expect(parseErrors(query)).not.toEqual([]);
  });

  it.each(INTRINSICS.map((intrinsic) => intrinsic.name))('accepts the intrinsic %s', (name) => {
    expect(parseErrors(`{ ${name} != nil }`)).toEqual([]);
  });
});

describe('isMetricsQuery', () => {
  it.each([
    '{} | rate()',
    '{ .a } | count_over_time() by (resource.service.name)',
    '{} | quantile_over_time(duration, 0.99)',
    '{} | histogram_over_time(duration)',
    '{} | avg_over_time(duration)',
    '{} | min_over_time(duration)',
    '{} | max_over_time(duration)',
    '{} | sum_over_time(span.bytes)',
    '{} | compare({ status = error })',
    '{ .a } | select(.b) | rate() | topk(5)',
  ])('is true for %j', (query) => {
    expect(isMetricsQuery(query)).toBe(true);
  });

  it.each([
    '',
    '{}',
    '{ name = "rate()" }',
    '{ span.rate = 1 }',
    '{ .a } | count() > 2',
    '{ .a } | select(.count_over_time)',
    '// | rate()\n{}',
  ])('is false for %j', (query) => {
    expect(isMetricsQuery(query)).toBe(false);
  });
});
