/**
 * `JSON.parse` of a big body in pieces, pausing (yielding) between them: one `JSON.parse` of a
 * 100 MB trace file (Jaeger JSON, a Zipkin span array) holds the page for seconds. Every value of at
 * most SMALL_VALUE_BYTES is handed to `JSON.parse` whole; bigger objects and arrays are walked here,
 * member by member, so that the pieces stay small. The result is what `JSON.parse` gives; for a body
 * that is not JSON, this throws the SyntaxError `JSON.parse` throws for it.
 */
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  isWhitespace,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  skipWhitespace,
} from './json-grammar';
const SMALL_VALUE_BYTES = 64 * 1024;
/**
 * Levels walked here at most; anything nested deeper goes to JSON.parse whole, however big. Real
 * bodies are big in breadth (spans), not depth; walking a deep one would recurse (and overflow the
 * stack) and scan its bytes again at every level.
 */
const MAX_WALK_DEPTH = 16;
/** Bytes parsed between two pauses. */
const BYTES_PER_STEP = 512 * 1024;

const utf8 = new TextDecoder();

/** Thrown inside the walk when the bytes are not well-formed JSON; `parseJsonSteps` reports it as JSON.parse does. */
class Malformed extends Error {}

/** @param smallValueBytes values up to this size go to JSON.parse whole (smaller in tests, to walk more) */
export function* parseJsonSteps(
  bytes: Uint8Array,
  smallValueBytes = SMALL_VALUE_BYTES
): Generator<void, unknown, void> {
  const walker = new JsonWalker(bytes, smallValueBytes);
  try {
    const value = yield* walker.value(walker.skipSpace(0));
    if (walker.skipSpace(walker.position) !== bytes.length) {
      throw new Malformed();
    }
    return value;
  } catch (error) {
    if (!(error instanceof Malformed)) {
      throw error;
    }
  }
  // The SyntaxError, with the message and position a user of JSON.parse would see.
  return JSON.parse(utf8.decode(bytes));
}

class JsonWalker {
  /** Where the value read last ended. */
  position = 0;
  private bytesSinceStep = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly smallValueBytes: number
  ) {}

  /** `depth`: the objects and arrays walked around this value. */
  *value(start: number, depth = 0): Generator<void, unknown, void> {
    const { bytes } = this;
    const first = bytes[start];
    const walk = (first === OPEN_BRACE || first === OPEN_BRACKET) && depth < MAX_WALK_DEPTH;
    const end = this.endOfValue(start, walk ? start + this.smallValueBytes : Infinity);
    if (end >= 0) {
      this.position = end;
      const value = this.parse(start, end);
      this.bytesSinceStep += end - start;
      if (this.bytesSinceStep >= BYTES_PER_STEP) {
        this.bytesSinceStep = 0;
        yield;
      }
      return value;
    }
    return first === OPEN_BRACE ? yield* this.object(start, depth + 1) : yield* this.array(start, depth + 1);
  }

  private *object(start: number, depth: number): Generator<void, unknown, void> {
    const { bytes } = this;
    const object: Record<string, unknown> = {};
    let i = this.skipSpace(start + 1);
    if (bytes[i] === CLOSE_BRACE) {
      this.position = i + 1;
      return object;
    }
    for (;;) {
      if (bytes[i] !== QUOTE) {
        throw new Malformed();
      }
      const keyEnd = this.endOfString(i);
      const key = this.parse(i, keyEnd) as string;
      i = this.skipSpace(keyEnd);
      if (bytes[i] !== COLON) {
        throw new Malformed();
      }
      const value = yield* this.value(this.skipSpace(i + 1), depth);
      // As JSON.parse does: `__proto__` is an ordinary own key, not the prototype.
      Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
      i = this.skipSpace(this.position);
      if (bytes[i] === CLOSE_BRACE) {
        this.position = i + 1;
        return object;
      }
      if (bytes[i] !== COMMA) {
        throw new Malformed();
      }
      i = this.skipSpace(i + 1);
    }
  }

  private *array(start: number, depth: number): Generator<void, unknown, void> {
    const { bytes } = this;
    const array: unknown[] = [];
    let i = this.skipSpace(start + 1);
    if (bytes[i] === CLOSE_BRACKET) {
      this.position = i + 1;
      return array;
    }
    for (;;) {
      array.push(yield* this.value(i, depth));
      i = this.skipSpace(this.position);
      if (bytes[i] === CLOSE_BRACKET) {
        this.position = i + 1;
        return array;
      }
      if (bytes[i] !== COMMA) {
        throw new Malformed();
      }
      i = this.skipSpace(i + 1);
    }
  }

  private parse(start: number, end: number): unknown {
    try {
      return JSON.parse(utf8.decode(this.bytes.subarray(start, end)));
    } catch {
      throw new Malformed();
    }
  }

  /**
   * The end of the value at `start`, or -1 if it runs past `limit` (an object or array too big to
   * hand to JSON.parse whole). Only brackets and strings are followed: JSON.parse checks the rest.
   */
  private endOfValue(start: number, limit: number): number {
    const { bytes } = this;
    const first = bytes[start];
    if (first === QUOTE) {
      return this.endOfString(start);
    }
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      let i = start;
      while (i < bytes.length && !isDelimiter(bytes[i])) {
        i++;
      }
      if (i === start) {
        throw new Malformed();
      }
      return i;
    }
    let depth = 0;
    const stop = Math.min(limit, bytes.length);
    for (let i = start; i < stop; i++) {
      const byte = bytes[i];
      if (byte === QUOTE) {
        i = this.endOfString(i) - 1;
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        depth++;
      } else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && --depth === 0) {
        return i + 1;
      }
    }
    if (stop === bytes.length) {
      throw new Malformed();
    }
    return -1;
  }

  /** The index after the closing quote of the string at `start`. */
  private endOfString(start: number): number {
    const { bytes } = this;
    for (let i = start + 1; i < bytes.length; i++) {
      if (bytes[i] === BACKSLASH) {
        i++;
      } else if (bytes[i] === QUOTE) {
        return i + 1;
      }
    }
    throw new Malformed();
  }

  skipSpace(from: number): number {
    return skipWhitespace(this.bytes, from);
  }
}

function isDelimiter(byte: number): boolean {
  return isWhitespace(byte) || byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || byte === COLON;
}
