/**
 * A forward-only reader of JSON from its UTF-8 bytes, for decoders that build their output
 * while they read instead of materialising the document with `JSON.parse`. It accepts strict
 * JSON only; on anything it does not handle (malformed input included) it throws `NotFastPath`,
 * and the decoder starts over with `JSON.parse`, which then decides (and reports errors).
 */
import { NO_HASH, Utf8Strings } from './byte-caches';
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  isWhitespace,
  literalEnd,
  NotFastPath,
  numberEnd,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  valueEnd,
} from './json-grammar';
import { END_OF_OBJECT, JsonKeys, OTHER_KEY } from './json-keys';

const utf8 = new TextDecoder();

/** Objects nested deeper than this (in the parts read, not skipped) are left to JSON.parse. */
const MAX_OBJECT_DEPTH = 256;

/**
 * Reads JSON tokens at `pos`: the decoder walks the document with `objectOrNull`/`nextKey`
 * and `arrayOrNull`/`nextItem`, reads the values it wants and skips the others.
 */
export class JsonScanner {
  pos = 0;
  /** How many objects opened by `objectOrNull` are not closed yet. */
  private depth = 0;
  /** For each open object, by depth, the bits (`JsonKeys.bit`) of the keys read in it. */
  private readonly keysSeen = new Int32Array(MAX_OBJECT_DEPTH + 1);
  /** For each open object, by depth, the number of the key read last in it (-1: none, or not in its table). */
  private readonly lastKey = new Int8Array(MAX_OBJECT_DEPTH + 1);
  /** No key of the innermost open object read yet (so no comma before the next one). */
  private atFirstKey = false;

  /** @param strings the cache for string values */
  constructor(
    readonly bytes: Uint8Array,
    readonly strings: Utf8Strings
  ) {
    // TextDecoder (and so the JSON.parse path) drops a leading byte order mark.
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      this.pos = 3;
    }
  }

  /** The next byte after whitespace, not consumed; -1 at the end. */
  peek(): number {
    const { bytes, pos } = this;
    // Compact JSON (Tempo's) has no whitespace between tokens: try that first.
    if (pos < bytes.length && bytes[pos] > 0x20) {
      return bytes[pos];
    }
    return this.peekAfterSpace();
  }

  private peekAfterSpace(): number {
    const { bytes } = this;
    let pos = this.pos;
    while (pos < bytes.length) {
      const byte = bytes[pos];
      if (!isWhitespace(byte)) {
        this.pos = pos;
        return byte;
      }
      pos++;
    }
    this.pos = pos;
    return -1;
  }

  /** Fails unless the input ends here (whitespace aside). */
  end(): void {
    if (this.peek() !== -1) {
      throw new NotFastPath(`unexpected data at byte ${this.pos}`);
    }
  }

  /** Consumes `{` and returns true, or consumes `null` and returns false. Read its keys with `nextKey`. */
  objectOrNull(): boolean {
    if (!this.open(OPEN_BRACE)) {
      return false;
    }
    if (++this.depth > MAX_OBJECT_DEPTH) {
      throw new NotFastPath(`objects nested deeper than ${MAX_OBJECT_DEPTH}`);
    }
    this.keysSeen[this.depth] = 0;
    this.lastKey[this.depth] = -1;
    this.atFirstKey = true;
    return true;
  }

  /** Consumes `[` and returns true, or consumes `null` and returns false. */
  arrayOrNull(): boolean {
    return this.open(OPEN_BRACKET);
  }

  private open(bracket: number): boolean {
    const { bytes, pos } = this;
    if (pos < bytes.length && bytes[pos] === bracket) {
      this.pos = pos + 1;
      return true;
    }
    const byte = this.peek();
    if (byte === bracket) {
      this.pos++;
      return true;
    }
    if (byte === 0x6e) {
      this.pos = literalEnd(this.bytes, this.pos, 'null');
      return false;
    }
    throw new NotFastPath(`expected ${String.fromCharCode(bracket)} at byte ${this.pos}`);
  }

  /**
   * The next key of the object opened last, its colon consumed: its name in `keys`, OTHER_KEY
   * for a key not in `keys` (its value is to be skipped), END_OF_OBJECT after consuming the `}`.
   * A key of `keys` that comes twice, or after one of its alternatives, ends the fast path.
   */
  nextKey<Name extends string>(keys: JsonKeys<Name>): Name | typeof OTHER_KEY | typeof END_OF_OBJECT {
    const { bytes } = this;
    // Compact JSON: `,"` before every key but the first, `"` before that one.
    const pos = this.pos;
    const first = this.atFirstKey;
    if (!first && bytes[pos] === COMMA && bytes[pos + 1] === QUOTE) {
      this.pos = pos + 2;
    } else if (first && bytes[pos] === QUOTE) {
      this.pos = pos + 1;
    } else {
      let byte = this.peek();
      if (byte === CLOSE_BRACE) {
        this.pos++;
        this.depth--;
        this.atFirstKey = false;
        return END_OF_OBJECT;
      }
      if (!first) {
        this.expect(COMMA, byte);
        byte = this.peek();
      }
      this.expect(QUOTE, byte);
    }
    this.atFirstKey = false;
    const previous = this.lastKey[this.depth];
    let index = keys.predicted(previous, bytes, this.pos);
    if (index >= 0) {
      this.pos += keys.name(index).length + 2;
    } else {
      index = this.keyAfterQuote(keys);
      if (index < 0) {
        this.lastKey[this.depth] = -1;
        return OTHER_KEY;
      }
      keys.followed(previous, index);
    }
    this.lastKey[this.depth] = index;
    const bit = keys.bit(index);
    const seen = this.keysSeen[this.depth];
    if (seen & bit) {
      throw new NotFastPath(`${keys.message}: "${keys.name(index)}" repeated or with an alternative`);
    }
    this.keysSeen[this.depth] = seen | bit;
    return keys.name(index);
  }

  /** The number in `keys` of the key whose opening quote was just consumed (-1: not there). */
  private keyAfterQuote<Name extends string>(keys: JsonKeys<Name>): number {
    const { bytes } = this;
    const start = this.pos;
    const length = bytes.length;
    let pos = start;
    let byte = -1;
    for (; pos < length; pos++) {
      byte = bytes[pos];
      if (byte === QUOTE || byte === BACKSLASH || byte < 0x20) {
        break;
      }
    }
    if (byte !== QUOTE || pos === length) {
      throw new NotFastPath(`key with escapes or unterminated at byte ${start}`);
    }
    if (pos + 1 < length && bytes[pos + 1] === COLON) {
      this.pos = pos + 2;
    } else {
      this.pos = pos + 1;
      this.expect(COLON, this.peek());
    }
    return keys.find(bytes, start, pos);
  }

  /** True when an open array has another item (its comma consumed); false after consuming `]`. */
  nextItem(index: number): boolean {
    const { bytes, pos } = this;
    if (index > 0 && bytes[pos] === COMMA && bytes[pos + 1] > 0x20) {
      this.pos = pos + 1;
      return true;
    }
    const byte = this.peek();
    if (byte === CLOSE_BRACKET) {
      this.pos++;
      return false;
    }
    if (index > 0) {
      this.expect(COMMA, byte);
    }
    return true;
  }

  /** A string value: returns it. */
  string(): string {
    const { bytes, pos } = this;
    if (pos < bytes.length && bytes[pos] === QUOTE) {
      this.pos = pos + 1;
    } else {
      this.expect(QUOTE, this.peek());
    }
    return this.stringAfterQuote();
  }

  /**
   * A string value without escapes: leaves `pos` after it and returns the byte offset of its
   * first character (its last is at `pos - 2`). For values read from the bytes directly.
   */
  rawString(): number {
    this.expect(QUOTE, this.peek());
    const { bytes } = this;
    const start = this.pos;
    let pos = start;
    while (pos < bytes.length) {
      const byte = bytes[pos++];
      if (byte === QUOTE) {
        this.pos = pos;
        return start;
      }
      if (byte === BACKSLASH || byte < 0x20) {
        break;
      }
    }
    throw new NotFastPath(`string with escapes or unterminated at byte ${start}`);
  }

  private stringAfterQuote(): string {
    const { bytes } = this;
    const start = this.pos;
    const length = bytes.length;
    let pos = start;
    let byte = -1;
    for (; pos < length; pos++) {
      byte = bytes[pos];
      if (byte === QUOTE || byte === BACKSLASH || byte < 0x20) {
        break;
      }
    }
    if (byte === QUOTE && pos < length) {
      this.pos = pos + 1;
      return this.strings.read(bytes, start, pos);
    }
    if (byte === BACKSLASH) {
      return this.escapedString(start);
    }
    throw new NotFastPath(`unterminated string or control character at byte ${start}`);
  }

  /**
   * A string with escapes (`start` is its first character): the string JSON.parse makes of it,
   * whose escapes and UTF-8 it reads natively. Raw control characters and bad escapes, which it
   * would reject, end the fast path.
   */
  private escapedString(start: number): string {
    const { bytes } = this;
    let pos = start;
    while (pos < bytes.length) {
      const byte = bytes[pos];
      if (byte === QUOTE) {
        this.pos = pos + 1;
        // Not cached (escaped strings are long and rare): no hash for readers to cache by.
        this.strings.lastHash = NO_HASH;
        try {
          return JSON.parse(utf8.decode(bytes.subarray(start - 1, pos + 1))) as string;
        } catch {
          throw new NotFastPath(`bad string at byte ${start}`);
        }
      }
      if (byte < 0x20) {
        break;
      }
      // The escaped character is skipped: an escaped quote does not end the string.
      pos += byte === BACKSLASH ? 2 : 1;
    }
    throw new NotFastPath(`bad string at byte ${pos}`);
  }

  /** A number value, as JSON.parse reads it. */
  number(): number {
    this.peek();
    const start = this.pos;
    const end = numberEnd(this.bytes, start);
    this.pos = end;
    // Number() reads every strict JSON number exactly as JSON.parse does.
    return Number(this.strings.read(this.bytes, start, end));
  }

  /** A string or a number; any other value is skipped (undefined). */
  stringOrNumber(): string | number | undefined {
    const byte = this.peek();
    if (byte === QUOTE) {
      return this.string();
    }
    if (byte === 0x2d /* - */ || (byte >= 0x30 && byte <= 0x39)) {
      return this.number();
    }
    this.skipValue();
    return undefined;
  }

  /** `true` or `false`. */
  boolean(): boolean {
    const byte = this.peek();
    if (byte === 0x74) {
      this.pos = literalEnd(this.bytes, this.pos, 'true');
      return true;
    }
    if (byte === 0x66) {
      this.pos = literalEnd(this.bytes, this.pos, 'false');
      return false;
    }
    throw new NotFastPath(`expected a boolean at byte ${this.pos}`);
  }

  /** Skips any JSON value, checking it is well-formed. */
  skipValue(): void {
    this.pos = valueEnd(this.bytes, this.pos);
  }

  private expect(expected: number, byte: number): void {
    if (byte !== expected) {
      throw new NotFastPath(`expected ${String.fromCharCode(expected)} at byte ${this.pos}`);
    }
    this.pos++;
  }
}
