import { MAX_JSON_DEPTH, tooDeepAt } from './json-depth';

/** `levels` arrays, one inside the other, with a number at the bottom. */
function nestedArrays(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) {
    value = [value];
  }
  return value;
}

describe('tooDeepAt', () => {
  it('passes an answer within the limit, and anything that is not an object', () => {
    const answer = { traces: [{ traceID: 'a', spanSets: [{ spans: [{ attributes: [{ key: 'k', value: {} }] }] }] }] };
    expect(tooDeepAt(answer)).toBeUndefined();
    expect(tooDeepAt(nestedArrays(MAX_JSON_DEPTH))).toBeUndefined();
    expect(tooDeepAt('text')).toBeUndefined();
    expect(tooDeepAt(null)).toBeUndefined();
  });

  it('names the first place, in document order, that nests too deep (12 segments shown), recursing no deeper than the limit', () => {
    const deep = nestedArrays(100_000);
    const answer = { traces: [{ spanSets: [] }, { spanSets: [{ 'odd key': deep }, { spans: deep }] }] };
    expect(tooDeepAt(answer)).toBe('traces[1].spanSets[0]["odd key"][0][0][0][0][0][0][0]…');
    expect(tooDeepAt(nestedArrays(MAX_JSON_DEPTH + 1))).toMatch(/^\[0\]\[0\].*…$/);
    expect(tooDeepAt({ a: { b: 1 } }, 1)).toBe('a');
    expect(tooDeepAt({ a: 1 }, 0)).toBe('(the top level)');
  });
});
