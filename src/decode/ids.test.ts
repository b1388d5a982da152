import { DecodeError } from './columns';
import {
  base64ToHex,
  bytesToBase64,
  bytesToHex,
  parentSpanIdFromBytes,
  parentSpanIdFromText,
  spanIdFromBytes,
  spanIdFromText,
  traceIdFromBytes,
  traceIdFromText,
} from './ids';

// Node's Buffer is the reference implementation here; the code under test must not use it.
function randomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

describe('bytesToHex', () => {
  it('writes every byte value as two lowercase hex digits', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(bytesToHex(all)).toBe(Buffer.from(all).toString('hex'));
  });

  it('reads only the given range', () => {
    expect(bytesToHex(Uint8Array.from([1, 0xab, 0xcd, 2]), 1, 3)).toBe('abcd');
  });
});

describe('base64', () => {
  it('decodes Tempo ids the way Buffer does', () => {
    // From tempo-2.0.1/trace-by-id.json and traces.manifest.json.
    expect(base64ToHex('lI+o3h8z8GAa7LGXPhwguw==')).toBe('948fa8de1f33f0601aecb1973e1c20bb');
    expect(base64ToHex('3bBSpkxdg3k=')).toBe(Buffer.from('3bBSpkxdg3k=', 'base64').toString('hex'));
  });

  it('round-trips random byte strings of every padding length', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = randomBytes(length, length + 1);
      const reference = Buffer.from(bytes).toString('base64');
      expect(bytesToBase64(bytes)).toBe(reference);
      expect(base64ToHex(reference)).toBe(Buffer.from(bytes).toString('hex'));
    }
  });

  it('accepts the URL-safe alphabet and missing padding', () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0xbf, 0x01]);
    expect(base64ToHex(Buffer.from(bytes).toString('base64url'))).toBe('fbffbf01');
  });

  it.each(['abc!', 'a', 'ab===', 'ZÄ==', 'YQ=a'])('rejects %p with a DecodeError', (text) => {
    expect(() => base64ToHex(text)).toThrow(DecodeError);
  });
});

describe('ids from JSON text', () => {
  it('reads base64 (Tempo) and hex (spec OTLP/JSON) to the same id', () => {
    expect(traceIdFromText('lI+o3h8z8GAa7LGXPhwguw==')).toBe('948fa8de1f33f0601aecb1973e1c20bb');
    expect(traceIdFromText('948FA8DE1F33F0601AECB1973E1C20BB')).toBe('948fa8de1f33f0601aecb1973e1c20bb');
    expect(spanIdFromText('3bBSpkxdg3k=')).toBe('ddb052a64c5d8379');
    expect(spanIdFromText('ddb052a64c5d8379')).toBe('ddb052a64c5d8379');
  });

  it('left-pads short ids: 31-character trace ids from search, 64-bit trace ids', () => {
    expect(traceIdFromText('8cf3c6b6c0a1ba3effdc23cb74b9a90')).toBe('08cf3c6b6c0a1ba3effdc23cb74b9a90');
    expect(traceIdFromText('1aecb1973e1c20bb')).toBe('00000000000000001aecb1973e1c20bb');
    expect(spanIdFromText('abc')).toBe('0000000000000abc');
  });

  it('treats an absent or empty parent as a root', () => {
    expect(parentSpanIdFromText(undefined)).toBeUndefined();
    expect(parentSpanIdFromText('')).toBeUndefined();
    expect(parentSpanIdFromText('ZNlblpMZh0c=')).toBe('64d95b9693198747');
  });

  it('throws a DecodeError for an id that is neither hex nor base64', () => {
    expect(() => spanIdFromText('not an id')).toThrow(DecodeError);
  });
});

describe('ids from bytes', () => {
  it('pads to 32 and 16 hex characters and maps empty parents to undefined', () => {
    const bytes = Uint8Array.from([0x1a, 0x2b]);
    expect(traceIdFromBytes(bytes)).toBe('0000000000000000000000000000' + '1a2b');
    expect(spanIdFromBytes(bytes)).toBe('0000000000001a2b');
    expect(parentSpanIdFromBytes(new Uint8Array(0))).toBeUndefined();
    expect(parentSpanIdFromBytes(bytes)).toBe('0000000000001a2b');
  });
});

describe('long byte strings', () => {
  it('converts far more bytes than a function call takes arguments', () => {
    const bytes = randomBytes(300000, 7);
    expect(bytesToHex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
    expect(base64ToHex(Buffer.from(bytes).toString('base64'))).toBe(Buffer.from(bytes).toString('hex'));
  });

  it('shares one string among spans of the same trace and tells different traces apart', () => {
    const first = traceIdFromBytes(Uint8Array.from([1, 2, 3]));
    expect(traceIdFromBytes(Uint8Array.from([9, 1, 2, 3]), 1)).toBe(first);
    expect(traceIdFromBytes(Uint8Array.from([1, 2, 4]))).toBe('00000000000000000000000000010204');
    expect(traceIdFromText('0102')).toBe('00000000000000000000000000000102');
    expect(traceIdFromText('AQM=')).toBe('00000000000000000000000000000103');
  });
});
