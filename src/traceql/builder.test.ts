import { buildTraceQL, SearchBuilderError, SearchBuilderState, SearchFilter } from './builder';
import { parseErrors } from './syntax';

const state = (partial: Partial<SearchBuilderState> = {}): SearchBuilderState => ({ filters: [], ...partial });
const filter = (partial: Partial<SearchFilter>): SearchFilter => ({
  id: 'f1',
  scope: 'span',
  tag: 'http.method',
  operator: '=',
  value: 'GET',
  valueType: 'string',
  ...partial,
});
const buildFilter = (partial: Partial<SearchFilter>) => buildTraceQL(state({ filters: [filter(partial)] }));

describe('buildTraceQL', () => {
  it('gives {} for an empty state', () => {
    expect(buildTraceQL(state())).toBe('{}');
  });

  it('renders every part of the state into one spanset', () => {
    const query = buildTraceQL({
      serviceName: { operator: '=', value: 'api' },
      spanName: { operator: '=', value: 'GET /x' },
      status: 'error',
      kind: 'server',
      spanDuration: { min: '10ms', max: '2s' },
      traceDuration: { min: '1s' },
      filters: [filter({ tag: 'http.status_code', value: '500', valueType: 'int' })],
    });
    expect(query).toBe(
      '{ resource.service.name = "api" && name = "GET /x" && status = error && kind = server && duration >= 10ms && duration <= 2s && span.http.status_code = 500 && traceDuration >= 1s }'
    );
    expect(parseErrors(query)).toEqual([]);
  });

  describe('string values', () => {
    it('escapes quotes and backslashes', () => {
      expect(buildTraceQL(state({ spanName: { operator: '=', value: 'say "hi" \\o/' } }))).toBe(
        '{ name = "say \\"hi\\" \\\\o/" }'
      );
    });

    it('turns several values into an escaped regex alternation', () => {
      expect(buildTraceQL(state({ serviceName: { operator: '=', value: ['a.b', 'c'] } }))).toBe(
        '{ resource.service.name =~ "a\\\\.b|c" }'
      );
      expect(buildTraceQL(state({ serviceName: { operator: '!=', value: ['a', 'b'] } }))).toBe(
        '{ resource.service.name !~ "a|b" }'
      );
      expect(buildTraceQL(state({ serviceName: { operator: '=~', value: ['a+', 'b'] } }))).toBe(
        '{ resource.service.name =~ "a\\\\+|b" }'
      );
    });

    it('keeps one selected value literal for =, and regex-escaped for =~', () => {
      expect(buildTraceQL(state({ serviceName: { operator: '=', value: ['a.b'] } }))).toBe(
        '{ resource.service.name = "a.b" }'
      );
      expect(buildTraceQL(state({ serviceName: { operator: '=~', value: ['a.b'] } }))).toBe(
        '{ resource.service.name =~ "a\\\\.b" }'
      );
    });

    it('keeps a typed regex as written', () => {
      expect(buildTraceQL(state({ spanName: { operator: '=~', value: 'GET /api/.*' } }))).toBe(
        '{ name =~ "GET /api/.*" }'
      );
    });

    it('refuses several values for an ordering operator', () => {
      expect(() => buildTraceQL(state({ spanName: { operator: '>', value: ['a', 'b'] } }))).toThrow(SearchBuilderError);
    });

    it('skips empty matchers', () => {
      expect(
        buildTraceQL(state({ serviceName: { operator: '=', value: '' }, spanName: { operator: '=', value: [] } }))
      ).toBe('{}');
    });
  });

  describe('filters', () => {
    it.each([
      ['resource', 'resource.http.method = "GET"'],
      ['span', 'span.http.method = "GET"'],
      ['event', 'event.http.method = "GET"'],
      ['link', 'link.http.method = "GET"'],
      ['instrumentation', 'instrumentation.http.method = "GET"'],
      ['unscoped', '.http.method = "GET"'],
    ] as const)('prefixes the %s scope', (scope, condition) => {
      expect(buildFilter({ scope })).toBe(`{ ${condition} }`);
    });

    it('writes intrinsics without a scope prefix and rejects unknown ones', () => {
      expect(buildFilter({ scope: 'intrinsic', tag: 'span:id', value: 'abc' })).toBe('{ span:id = "abc" }');
      expect(() => buildFilter({ scope: 'intrinsic', tag: 'nestedSetParent' })).toThrow(
        '"nestedSetParent" is not a TraceQL intrinsic'
      );
    });

    it('quotes attribute names that are not plain paths', () => {
      const query = buildFilter({ tag: 'name with "space"', value: 'x' });
      expect(query).toBe('{ span."name with \\"space\\"" = "x" }');
      expect(parseErrors(query)).toEqual([]);
    });

    it.each([
      ['int', '-42', '{ span.http.method > -42 }'],
      ['float', '0.25', '{ span.http.method > 0.25 }'],
      ['duration', '1.5s', '{ span.http.method > 1.5s }'],
      ['bool', 'false', '{ span.http.method > false }'],
      ['keyword', 'unset', '{ span.http.method > unset }'],
    ] as const)('writes a %s value bare', (valueType, value, expected) => {
      expect(buildFilter({ operator: '>', valueType, value })).toBe(expected);
    });

    it.each([
      ['int', '1.5'],
      ['int', '1e3'],
      ['float', '.5'],
      ['bool', 'yes'],
      ['duration', '10'],
      ['keyword', 'warning'],
      ['keyword', 'true'],
      ['int', '1 } || { true'],
    ] as const)('rejects the %s value %j and names the filter', (valueType, value) => {
      expect(() => buildFilter({ id: 'row-7', valueType, value })).toThrow(
        expect.objectContaining({ name: 'SearchBuilderError', field: 'filters.row-7' })
      );
    });

    it('ORs several non-string values, and ANDs them for !=', () => {
      expect(buildFilter({ scope: 'intrinsic', tag: 'status', valueType: 'keyword', value: ['error', 'unset'] })).toBe(
        '{ (status = error || status = unset) }'
      );
      expect(buildFilter({ tag: 'code', operator: '!=', valueType: 'int', value: ['1', '2'] })).toBe(
        '{ (span.code != 1 && span.code != 2) }'
      );
      expect(() => buildFilter({ operator: '>=', valueType: 'int', value: ['1', '2'] })).toThrow(SearchBuilderError);
    });

    it('skips incomplete rows', () => {
      expect(
        buildTraceQL(state({ filters: [filter({ tag: '' }), filter({ value: '' }), filter({ value: [] })] }))
      ).toBe('{}');
    });
  });

  describe('durations', () => {
    it('renders inclusive bounds and trims whitespace', () => {
      expect(buildTraceQL(state({ spanDuration: { min: ' 100us ', max: '' }, traceDuration: { max: '5m' } }))).toBe(
        '{ duration >= 100us && traceDuration <= 5m }'
      );
    });

    it.each(['10', '1h30m', '1d', '-5s', 'fast', '10 ms'])('rejects %j', (value) => {
      expect(() => buildTraceQL(state({ spanDuration: { min: value } }))).toThrow(
        expect.objectContaining({ field: 'spanDuration', message: `"${value}" is not a duration like 100ms or 1.5s` })
      );
    });
  });

  it('rejects status and kind values that are not TraceQL keywords (state comes from saved JSON)', () => {
    expect(() => buildTraceQL(state({ status: 'failed' as never }))).toThrow(
      expect.objectContaining({ field: 'status' })
    );
    expect(() => buildTraceQL(state({ kind: 'server } || {' as never }))).toThrow(
      expect.objectContaining({ field: 'kind' })
    );
  });
});
