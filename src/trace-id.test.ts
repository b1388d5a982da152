import { isTraceId, normalizeTraceId, notATraceIdMessage } from './trace-id';

describe('normalizeTraceId', () => {
  it.each([
    ['948fa8de1f33f0601aecb1973e1c20bb', '948fa8de1f33f0601aecb1973e1c20bb'],
    ['  948FA8DE1F33F0601AECB1973E1C20BB\n', '948fa8de1f33f0601aecb1973e1c20bb'],
    // Tempo's search results drop leading zeros: a 31-character id
    ['8cf3c6b6c0a1ba3effdc23cb74b9a90', '08cf3c6b6c0a1ba3effdc23cb74b9a90'],
    // 64-bit trace ids (Jaeger, Zipkin)
    ['1aecb1973e1c20bb', '00000000000000001aecb1973e1c20bb'],
    ['f', '0000000000000000000000000000000f'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeTraceId(input)).toBe(expected);
  });

  it.each(['', '   ', 'xyz', '948fa8de1f33f0601aecb1973e1c20bb0', '{ span.x = 1 }', '0x1234', '12 34'])(
    'rejects %j',
    (input) => {
      expect(normalizeTraceId(input)).toBeUndefined();
      expect(isTraceId(input)).toBe(false);
    }
  );

  it('names the bad input in its message', () => {
    expect(notATraceIdMessage(' xyz ')).toBe('"xyz" is not a trace ID (hex, up to 32 characters)');
  });
});
