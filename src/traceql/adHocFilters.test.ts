import { AdHocFilter, AdHocFilterError, adHocFiltersToTraceQL, withAdHocFilters } from './adHocFilters';
import { parseErrors } from './syntax';

const filter = (key: string, operator: string, value: string, values?: string[]): AdHocFilter => ({
  key,
  operator,
  value,
  values,
});

describe('adHocFiltersToTraceQL', () => {
  it('ANDs the filters into one spanset', () => {
    expect(
      adHocFiltersToTraceQL([filter('resource.service.name', '=', 'api'), filter('span.http.status_code', '=', '500')])
    ).toBe('{ resource.service.name = "api" && span.http.status_code = 500 }');
  });

  it('gives an empty spanset for no filters', () => {
    expect(adHocFiltersToTraceQL([])).toBe('{}');
  });

  it.each([
    ['a number for >', filter('span.http.status_code', '>', '499'), '{ span.http.status_code > 499 }'],
    ['a float for <=', filter('span.ratio', '<=', '0.5'), '{ span.ratio <= 0.5 }'],
    ['a duration', filter('duration', '>', '100ms'), '{ duration > 100ms }'],
    ['a status keyword', filter('status', '=', 'error'), '{ status = error }'],
    ['a kind keyword for a scoped intrinsic', filter('span:kind', '!=', 'server'), '{ span:kind != server }'],
    ['a boolean', filter('span.cache.hit', '=', 'true'), '{ span.cache.hit = true }'],
  ])('keeps %s bare', (_, adHocFilter, expected) => {
    expect(adHocFiltersToTraceQL([adHocFilter])).toBe(expected);
  });

  it.each([
    ['a non-numeric value for >', filter('span.version', '>', 'v2'), '{ span.version > "v2" }'],
    ['a keyword for an ordering operator', filter('span.x', '<', 'error'), '{ span.x < "error" }'],
    ['nil', filter('span.x', '=', 'nil'), '{ span.x = "nil" }'],
    ['a regex, unescaped', filter('.http.url', '=~', '/api/.*'), '{ .http.url =~ "/api/.*" }'],
    ['a number after !~', filter('span.code', '!~', '5..'), '{ span.code !~ "5.." }'],
    ['an injection attempt', filter('span.x', '=', '"} || { true'), '{ span.x = "\\"} || { true" }'],
  ])('quotes %s', (_, adHocFilter, expected) => {
    const result = adHocFiltersToTraceQL([adHocFilter]);
    expect(result).toBe(expected);
    expect(parseErrors(result)).toEqual([]);
  });

  it('turns the one-of operators into escaped alternations', () => {
    expect(adHocFiltersToTraceQL([filter('resource.service.name', '=|', '', ['a.b', 'c'])])).toBe(
      '{ resource.service.name =~ "a\\\\.b|c" }'
    );
    expect(adHocFiltersToTraceQL([filter('span.x', '!=|', 'only')])).toBe('{ span.x !~ "only" }');
  });

  it.each(['resource', 'service.name', 'span.', 'span.x } || { true', 'span.x = 1', '"span.x"', 'resource:foo', ''])(
    'rejects the key %j',
    (key) => {
      expect(() => adHocFiltersToTraceQL([filter(key, '=', 'x')])).toThrow(AdHocFilterError);
    }
  );

  it('accepts every attribute scope and intrinsics', () => {
    const keys = ['span.a', 'resource.a', 'event.a', 'link.a', 'instrumentation.a', '.a', 'name', 'trace:rootService'];
    expect(adHocFiltersToTraceQL(keys.map((key) => filter(key, '=', 'x')))).toBe(
      '{ span.a = "x" && resource.a = "x" && event.a = "x" && link.a = "x" && instrumentation.a = "x" && .a = "x" && name = "x" && trace:rootService = "x" }'
    );
  });

  it('rejects operators TraceQL does not have', () => {
    expect(() => adHocFiltersToTraceQL([filter('span.x', '==', '1')])).toThrow(
      'Ad hoc filter operator "==" is not supported'
    );
  });
});

describe('withAdHocFilters', () => {
  const api = [filter('resource.service.name', '=', 'api')];

  it.each([
    ['no filters', '{ .a = 1 }', [], '{ .a = 1 }'],
    ['an empty query', '  ', api, '{ resource.service.name = "api" }'],
    ['an empty spanset', '{ }', api, '{ resource.service.name = "api" }'],
    ['a spanset', '{ .a = 1 }', api, '({ .a = 1 }) && { resource.service.name = "api" }'],
    ['a structural query', '{ .a } >> { .b }', api, '({ .a } >> { .b }) && { resource.service.name = "api" }'],
    ['an OR of spansets', '{ .a } || { .b }', api, '({ .a } || { .b }) && { resource.service.name = "api" }'],
    ['a pipeline', '{ .a } | count() > 2', api, '({ .a } | count() > 2) && { resource.service.name = "api" }'],
    ['a select', '{ .a } | select(.b)', api, '({ .a } | select(.b)) && { resource.service.name = "api" }'],
    [
      'a hint',
      '{ .a } with(most_recent=true)',
      api,
      '({ .a }) && { resource.service.name = "api" } with(most_recent=true)',
    ],
    ['a trailing line comment', '{ .a } // note', api, '({ .a } // note\n) && { resource.service.name = "api" }'],
  ])('combines %s', (_, query, filters, expected) => {
    const result = withAdHocFilters(query, filters);
    expect(result).toBe(expected);
    expect(parseErrors(result)).toEqual([]);
  });

  it.each([
    ['a metrics query', '{ .a = 1 } | rate() by (.x)', '{ .a = 1 && resource.service.name = "api" } | rate() by (.x)'],
    ['an empty spanset', '{} | count_over_time()', '{ resource.service.name = "api" } | count_over_time()'],
    [
      'an OR condition',
      '{ .a = 1 || .b = 2 } | rate()',
      '{ (.a = 1 || .b = 2) && resource.service.name = "api" } | rate()',
    ],
    [
      'every spanset before the metrics function, but not compare()’s',
      '{ .a } >> { .b } | compare({ status = error })',
      '{ .a && resource.service.name = "api" } >> { .b && resource.service.name = "api" } | compare({ status = error })',
    ],
  ])('puts the conditions inside the spansets of %s', (_, query, expected) => {
    const result = withAdHocFilters(query, api);
    expect(result).toBe(expected);
    expect(parseErrors(result)).toEqual([]);
  });
});
