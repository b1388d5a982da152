/**
 * The keys of one JSON message (an OTLP `Span`, `KeyValue`, …) as the byte reader looks for them:
 * the scanner matches a key on its bytes as it reads them, so no string is made for a key, and
 * hands back the name from this table (the same string every time, so a `switch` on it
 * compares references). The tables themselves are in otlp-json-keys.ts.
 */

/** What `JsonScanner.nextKey` returns after the last key of an object. */
export const END_OF_OBJECT = '}';
/** What `JsonScanner.nextKey` returns for a key that is not in the message's table. */
export const OTHER_KEY = '?';

/** A key, or a list of keys of which an object may hold only one (`scopeSpans` or its old name). */
export type KeyEntry<Name extends string> = Name | readonly Name[];

const SLOTS = 64;
/** Each key (or list of alternatives) gets a bit of an int32 in the scanner's record of the keys seen. */
const MAX_ENTRIES = 31;

export class JsonKeys<Name extends string> {
  /** The names, by their number (their place in the table, alternatives flattened). */
  private readonly names: Name[] = [];
  private readonly nameBytes: Uint8Array[] = [];
  /** The bit each key sets in `JsonScanner`'s record of the keys seen in an object: alternatives share one. */
  private readonly bits: number[] = [];
  /** Key numbers by the hash of their bytes (open addressing), -1 for an empty slot. */
  private readonly slots = new Int16Array(SLOTS).fill(-1);
  /**
   * By key number + 1 (0: the start of an object), the key that followed it last: writers put the
   * keys of a message in one order, so the next key is tried first (`predicted`), without hashing.
   * Shared by every decode that uses the table, as a hint only: a prediction is checked on the bytes.
   */
  private readonly successors: Int8Array;

  /**
   * @param message what the keys belong to, for messages
   * @param entries the keys read (ASCII); a key that is not here is skipped
   */
  constructor(
    readonly message: string,
    entries: ReadonlyArray<KeyEntry<Name>>
  ) {
    if (entries.length > MAX_ENTRIES) {
      throw new Error(`${message}: at most ${MAX_ENTRIES} keys`);
    }
    entries.forEach((entry, entryIndex) => {
      for (const name of typeof entry === 'string' ? [entry] : entry) {
        this.add(name, 1 << entryIndex);
      }
    });
    this.successors = new Int8Array(this.names.length + 1).fill(-1);
  }

  /**
   * The number of the key at `start` if it is the one that followed key `previous` (-1: none yet)
   * last time, its closing quote and colon included (`"name":`); otherwise -1.
   */
  predicted(previous: number, bytes: Uint8Array, start: number): number {
    const index = this.successors[previous + 1];
    if (index < 0) {
      return -1;
    }
    const name = this.nameBytes[index];
    const end = start + name.length;
    return end + 1 < bytes.length && bytes[end] === 0x22 && bytes[end + 1] === 0x3a && sameBytes(name, bytes, start)
      ? index
      : -1;
  }

  /** Records that key `index` followed key `previous` (-1: it came first). */
  followed(previous: number, index: number): void {
    this.successors[previous + 1] = index;
  }

  private add(name: Name, bit: number): void {
    const bytes = Uint8Array.from(name, (char) => char.charCodeAt(0));
    const index = this.names.length;
    this.names.push(name);
    this.nameBytes.push(bytes);
    this.bits.push(bit);
    let slot = slotOf(bytes, 0, bytes.length);
    while (this.slots[slot] >= 0) {
      slot = (slot + 1) & (SLOTS - 1);
    }
    this.slots[slot] = index;
  }

  /** The number of the key whose bytes are `bytes[start, end)`, or -1. */
  find(bytes: Uint8Array, start: number, end: number): number {
    for (let slot = slotOf(bytes, start, end); ; slot = (slot + 1) & (SLOTS - 1)) {
      const index = this.slots[slot];
      if (index < 0) {
        return -1;
      }
      const name = this.nameBytes[index];
      if (name.length === end - start && sameBytes(name, bytes, start)) {
        return index;
      }
    }
  }

  name(index: number): Name {
    return this.names[index];
  }

  bit(index: number): number {
    return this.bits[index];
  }
}

/** A hash of a key from its length and three of its bytes: enough to tell a table's keys apart, cheap to take. */
function slotOf(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length === 0) {
    return 0;
  }
  const mixed =
    Math.imul(length, 0x9e3779b1) ^ (bytes[start] << 4) ^ (bytes[end - 1] << 9) ^ bytes[start + (length >> 1)];
  return (mixed ^ (mixed >>> 13)) & (SLOTS - 1);
}

function sameBytes(name: Uint8Array, bytes: Uint8Array, start: number): boolean {
  for (let i = 0; i < name.length; i++) {
    if (name[i] !== bytes[start + i]) {
      return false;
    }
  }
  return true;
}
