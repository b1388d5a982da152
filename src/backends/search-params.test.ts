import { describeServiceSearch, parseSearchDuration, parseSearchTags, serviceSearchParams } from './search-params';

describe('parseSearchTags (logfmt, as Jaeger UI)', () => {
  it('reads pairs, quoted values with spaces and escaped quotes, and bare keys as true', () => {
    expect(parseSearchTags(' http.status_code=500  error.message="timed out" note="say \\"hi\\"" error ')).toEqual([
      { key: 'http.status_code', value: '500' },
      { key: 'error.message', value: 'timed out' },
      { key: 'note', value: 'say "hi"' },
      { key: 'error', value: 'true' },
    ]);
    expect(parseSearchTags('')).toEqual([]);
    expect(parseSearchTags('empty=')).toEqual([{ key: 'empty', value: '' }]);
  });

  it('names where the text stops being logfmt', () => {
    expect(() => parseSearchTags('a=1 b="open')).toThrow(/^Tags "a=1 b="open" are not logfmt near ""open"/);
    expect(() => parseSearchTags('=1')).toThrow(/not logfmt near "=1"/);
  });
});

describe('parseSearchDuration', () => {
  it('reads Jaeger UI durations as whole microseconds', () => {
    expect(parseSearchDuration('100ms', 'Min')).toBe(100_000);
    expect(parseSearchDuration('1.2s', 'Min')).toBe(1_200_000);
    expect(parseSearchDuration('500us', 'Min')).toBe(500);
    expect(parseSearchDuration('2m', 'Min')).toBe(120_000_000);
    expect(parseSearchDuration(' ', 'Min')).toBeUndefined();
  });

  it('wants a unit', () => {
    expect(() => parseSearchDuration('100', 'Max duration')).toThrow(
      'Max duration "100" is not a duration: write a number with a unit (us, ms, s, m, h), e.g. 100ms or 1.2s'
    );
  });
});

describe('serviceSearchParams', () => {
  const window = { start: 1, end: 2 };
  it('replaces variables value by value, after parsing, so a value never adds a tag', () => {
    const vars: Record<string, string> = { $svc: 'web', $v: 'a b=c' };
    const params = serviceSearchParams(
      { refId: 'A', query: '', service: '$svc', tags: 'k=$v', minDuration: '1ms', limit: 5 },
      window,
      (text) => vars[text] ?? text
    );
    expect(params).toEqual({
      service: 'web',
      operation: undefined,
      tags: [{ key: 'k', value: 'a b=c' }],
      minDurationUs: 1000,
      maxDurationUs: undefined,
      limit: 5,
      window,
    });
  });

  it('needs a service', () => {
    expect(() => serviceSearchParams({ refId: 'A', query: '' }, window, (t) => t)).toThrow(
      'Choose a service to search: the search form needs one'
    );
  });
});

describe('describeServiceSearch', () => {
  it('says in one line what the form searches, for query history', () => {
    expect(
      describeServiceSearch({
        refId: 'A',
        query: '',
        service: 'web-frontend',
        operation: 'POST /signup',
        tags: 'error=true',
        minDuration: '100ms',
      })
    ).toBe('Search: web-frontend · POST /signup · error=true · duration 100ms–∞');
    expect(describeServiceSearch({ refId: 'A', query: '' })).toBe('Search: no service');
  });
});
