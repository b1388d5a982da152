/**
 * Caches for the decoders, so that values that recur in a trace (attribute keys, service and
 * operation names, most attribute values, whole attributes) are decoded once and then shared:
 * no allocation per occurrence, and one copy retained instead of one per span. They are
 * direct-mapped (a colliding entry replaces the older one) and live for one decode.
 */

const SLOTS = 4096;
const SLOT_MASK = SLOTS - 1;

/** `Utf8Strings.lastHash` of a string that was not hashed (long or not ASCII). */
export const NO_HASH = -1;

/** Strings up to this many bytes are looked up in the cache; longer ones are rarely repeated. */
const MAX_CACHED_STRING_BYTES = 64;
/** Longer ASCII strings, and all others, are decoded by TextDecoder. */
const MAX_JS_DECODED_BYTES = 256;

// `ignoreBOM` keeps a leading U+FEFF as protobufjs's reader does, rather than dropping it.
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  let bits = 0;
  for (let i = start; i < end; i++) {
    bits |= bytes[i];
  }
  return bits < 0x80;
}

/** Text from UTF-8 bytes (protobuf strings, JSON strings without escapes), recurring short ASCII strings shared. */
export class Utf8Strings {
  private readonly cached: string[] = new Array<string>(SLOTS).fill('');
  /**
   * Arrays of char codes, one per length, reused for every string of that length: filled and
   * passed to `String.fromCharCode.apply`, they build one flat string per call without resizing.
   */
  private readonly charCodesByLength: number[][] = [];
  /**
   * A hash (31 bits) of the string `read` returned last, or NO_HASH: equal strings, equal hashes.
   * It comes free with the lookup, so readers use it to cache what they make of a string.
   */
  lastHash = NO_HASH;

  read(bytes: Uint8Array, start: number, end: number): string {
    const length = end - start;
    if (length > MAX_CACHED_STRING_BYTES) {
      this.lastHash = NO_HASH;
      return length <= MAX_JS_DECODED_BYTES && isAscii(bytes, start, end)
        ? this.asciiString(bytes, start, end)
        : utf8Decoder.decode(bytes.subarray(start, end));
    }
    // The slot from a few bytes only: a hit is then one pass (the comparison), and only a miss
    // reads every byte twice (is it ASCII, then the string). Only ASCII strings are cached.
    const hash = sampledHash(bytes, start, length);
    const slot = hash & SLOT_MASK;
    const known = this.cached[slot];
    if (known.length === length && sameAscii(known, bytes, start)) {
      this.lastHash = hash;
      return known;
    }
    if (!isAscii(bytes, start, end)) {
      this.lastHash = NO_HASH;
      return utf8Decoder.decode(bytes.subarray(start, end));
    }
    this.lastHash = hash;
    const text = this.asciiString(bytes, start, end);
    this.cached[slot] = text;
    return text;
  }

  private asciiString(bytes: Uint8Array, start: number, end: number): string {
    const length = end - start;
    let charCodes = this.charCodesByLength[length];
    if (charCodes === undefined) {
      charCodes = this.charCodesByLength[length] = new Array<number>(length).fill(0);
    }
    for (let i = 0; i < length; i++) {
      charCodes[i] = bytes[start + i];
    }
    return String.fromCharCode.apply(null, charCodes);
  }
}

/**
 * A 31-bit hash of `length` bytes at `start` (a short string, a short message) from their length
 * and up to eight of them: the first four, the last three and the middle one. Equal bytes, equal
 * hashes; strings that differ elsewhere collide, which costs a cache miss, never a wrong string.
 */
function sampledHash(bytes: Uint8Array, start: number, length: number): number {
  if (length === 0) {
    return 0;
  }
  const last = start + length - 1;
  // Offsets clamped to the string: a short one repeats its bytes.
  const second = length > 1 ? 1 : 0;
  const third = length > 2 ? 2 : second;
  const fourth = length > 3 ? 3 : third;
  const head =
    bytes[start] | (bytes[start + second] << 8) | (bytes[start + third] << 16) | (bytes[start + fourth] << 24);
  const tail =
    bytes[last] | (bytes[last - second] << 8) | (bytes[last - third] << 16) | (bytes[start + (length >> 1)] << 24);
  let hash = Math.imul(head ^ Math.imul(length, 0x9e3779b1), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13) ^ tail, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) & 0x7fffffff;
}

function sameAscii(text: string, bytes: Uint8Array, start: number): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== bytes[start + i]) {
      return false;
    }
  }
  return true;
}

/** Messages up to this many bytes are cached; longer ones (a URL, a stack trace) are rarely repeated. */
const MAX_CACHED_MESSAGE_BYTES = 64;
/** Room for the bytes of the cached keys; when full, the cache starts over. */
const KEY_BYTES = 256 * 1024;

/**
 * Decoded values keyed by the encoded message they came from: a KeyValue's bytes determine
 * its tag entirely. `slot` → `get` → on a miss decode, then `set` with the same slot.
 */
export class MessageCache<T> {
  private readonly keyStart = new Int32Array(SLOTS).fill(-1);
  private readonly keyLength = new Int32Array(SLOTS);
  private readonly values: Array<T | undefined> = new Array<T | undefined>(SLOTS).fill(undefined);
  private readonly keyBytes = new Uint8Array(KEY_BYTES);
  private keyBytesUsed = 0;

  /** -1 when the message is too long to cache. */
  slot(bytes: Uint8Array, start: number, end: number): number {
    return end - start > MAX_CACHED_MESSAGE_BYTES ? -1 : sampledHash(bytes, start, end - start) & SLOT_MASK;
  }

  get(slot: number, bytes: Uint8Array, start: number, end: number): T | undefined {
    const keyStart = this.keyStart[slot];
    const length = end - start;
    if (keyStart < 0 || this.keyLength[slot] !== length) {
      return undefined;
    }
    const keyBytes = this.keyBytes;
    for (let i = 0; i < length; i++) {
      if (keyBytes[keyStart + i] !== bytes[start + i]) {
        return undefined;
      }
    }
    return this.values[slot];
  }

  set(slot: number, bytes: Uint8Array, start: number, end: number, value: T): void {
    const length = end - start;
    if (this.keyBytesUsed + length > KEY_BYTES) {
      this.keyStart.fill(-1);
      this.values.fill(undefined);
      this.keyBytesUsed = 0;
    }
    const keyStart = this.keyBytesUsed;
    for (let i = 0; i < length; i++) {
      this.keyBytes[keyStart + i] = bytes[start + i];
    }
    this.keyStart[slot] = keyStart;
    this.keyLength[slot] = length;
    this.values[slot] = value;
    this.keyBytesUsed += length;
  }
}

/**
 * Tags by key and scalar value, for a reader that gets both as values (JSON): a recurring
 * attribute (the same key and value in many spans) gets one shared tag object.
 */
export class TagCache<Tag extends { key: string; value: unknown }> {
  private readonly tags: Array<Tag | undefined> = new Array<Tag | undefined>(SLOTS).fill(undefined);

  /** `keyHash` and `valueHash` are any hashes of the key and the value (equal values, equal hashes), not NO_HASH. */
  slot(keyHash: number, valueHash: number): number {
    return (Math.imul(keyHash, 0x9e3779b1) ^ valueHash) & SLOT_MASK;
  }

  get(slot: number, key: string, value: unknown): Tag | undefined {
    const tag = this.tags[slot];
    return tag !== undefined && tag.key === key && tag.value === value ? tag : undefined;
  }

  set(slot: number, tag: Tag): void {
    this.tags[slot] = tag;
  }
}
