import { INTRINSICS } from './intrinsics';
import { isMetricsQuery, parseErrors } from './syntax';

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
