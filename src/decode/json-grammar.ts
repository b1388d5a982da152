/**
 * Strict JSON grammar over UTF-8 bytes, as functions from a position to the position after
 * what they read; they throw `NotFastPath` where the input is not strict JSON (JSON.parse will
 * then decide). Used by the scanner to skip values it has no use for, and to find numbers.
 */

/** Thrown to abandon the byte reader for `JSON.parse`; never escapes a decoder. */
export class NotFastPath extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotFastPath';
  }
}

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
/** Nesting of skipped values beyond this is left to JSON.parse. */
const MAX_SKIP_DEPTH = 256;

/** The characters of the one-letter escapes, by the letter's byte. */
const ESCAPED: Record<number, string> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' }; // prettier-ignore

const isDigit = (byte: number) => byte >= ZERO && byte <= NINE;

export function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

export function skipWhitespace(bytes: Uint8Array, pos: number): number {
  while (pos < bytes.length && isWhitespace(bytes[pos])) {
    pos++;
  }
  return pos;
}

/** The code unit of the four hex digits of a `\u` escape at `at`. */
function hex4(bytes: Uint8Array, at: number): number {
  if (at + 4 > bytes.length) {
    throw new NotFastPath(`bad \\u escape at byte ${at}`);
  }
  let code = 0;
  for (let i = at; i < at + 4; i++) {
    const byte = bytes[i] | 0x20; // lowercase letters; digits are unchanged
    const digit = isDigit(byte) ? byte - ZERO : byte >= 0x61 && byte <= 0x66 ? byte - 0x61 + 10 : -1;
    if (digit < 0) {
      throw new NotFastPath(`bad \\u escape at byte ${at}`);
    }
    code = code * 16 + digit;
  }
  return code;
}

/** End of the strict JSON number at `start`: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
export function numberEnd(bytes: Uint8Array, start: number): number {
  let pos = start;
  if (bytes[pos] === MINUS) {
    pos++;
  }
  if (bytes[pos] === ZERO) {
    pos++;
  } else {
    pos = digitsEnd(bytes, pos, start);
  }
  if (bytes[pos] === DOT) {
    pos = digitsEnd(bytes, pos + 1, start);
  }
  if ((bytes[pos] | 0x20) === 0x65 /* e or E */) {
    pos++;
    if (bytes[pos] === PLUS || bytes[pos] === MINUS) {
      pos++;
    }
    pos = digitsEnd(bytes, pos, start);
  }
  return pos;
}

/** End of one or more digits at `pos`. */
function digitsEnd(bytes: Uint8Array, pos: number, numberStart: number): number {
  if (!isDigit(bytes[pos])) {
    throw new NotFastPath(`bad number at byte ${numberStart}`);
  }
  while (isDigit(bytes[pos])) {
    pos++;
  }
  return pos;
}

/** End of the string whose opening quote is before `pos`, checking its escapes. */
export function stringEnd(bytes: Uint8Array, pos: number): number {
  while (pos < bytes.length) {
    const byte = bytes[pos];
    if (byte === QUOTE) {
      return pos + 1;
    }
    if (byte < 0x20) {
      break;
    }
    if (byte === BACKSLASH) {
      const escape = bytes[pos + 1];
      if (escape === 0x75 /* u */) {
        hex4(bytes, pos + 2);
        pos += 6;
        continue;
      }
      if (ESCAPED[escape] === undefined) {
        break;
      }
      pos++;
    }
    pos++;
  }
  throw new NotFastPath(`bad string at byte ${pos}`);
}

/** End of `word` (`true`, `false`, `null`) at `pos`. */
export function literalEnd(bytes: Uint8Array, pos: number, word: string): number {
  for (let i = 0; i < word.length; i++) {
    if (bytes[pos + i] !== word.charCodeAt(i)) {
      throw new NotFastPath(`expected ${word} at byte ${pos}`);
    }
  }
  return pos + word.length;
}

/** End of the JSON value at `pos` (whitespace before it allowed), checking it is well-formed. */
export function valueEnd(bytes: Uint8Array, pos: number, depth = 0): number {
  if (depth > MAX_SKIP_DEPTH) {
    throw new NotFastPath(`nesting deeper than ${MAX_SKIP_DEPTH}`);
  }
  pos = skipWhitespace(bytes, pos);
  const byte = bytes[pos];
  if (byte === QUOTE) {
    return stringEnd(bytes, pos + 1);
  }
  if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
    return containerEnd(bytes, pos, depth);
  }
  if (byte === 0x74) {
    return literalEnd(bytes, pos, 'true');
  }
  if (byte === 0x66) {
    return literalEnd(bytes, pos, 'false');
  }
  if (byte === 0x6e) {
    return literalEnd(bytes, pos, 'null');
  }
  return numberEnd(bytes, pos);
}

/** End of the object or array at `pos`: `"key": value` or `value` entries between commas. */
function containerEnd(bytes: Uint8Array, pos: number, depth: number): number {
  const close = bytes[pos] === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
  pos = skipWhitespace(bytes, pos + 1);
  if (bytes[pos] === close) {
    return pos + 1;
  }
  for (;;) {
    if (close === CLOSE_BRACE) {
      if (bytes[pos] !== QUOTE) {
        throw new NotFastPath(`expected a key at byte ${pos}`);
      }
      pos = skipWhitespace(bytes, stringEnd(bytes, pos + 1));
      if (bytes[pos] !== COLON) {
        throw new NotFastPath(`expected : at byte ${pos}`);
      }
      pos++;
    }
    pos = skipWhitespace(bytes, valueEnd(bytes, pos, depth + 1));
    if (bytes[pos] === close) {
      return pos + 1;
    }
    if (bytes[pos] !== COMMA) {
      throw new NotFastPath(`expected , at byte ${pos}`);
    }
    pos = skipWhitespace(bytes, pos + 1);
  }
}
