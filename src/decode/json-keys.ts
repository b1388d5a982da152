/**
 * The object keys a JSON reader looks for, numbered by their place in its list. The scanner
 * matches a key on its bytes as it reads them: no string is made for a key.
 */
import { NotFastPath } from './json-grammar';

/** What `JsonScanner.nextKey` returns after the last key of an object. */
export const END_OF_OBJECT = -2;
/** What `JsonScanner.nextKey` returns for a key that is not in the reader's list. */
export const OTHER_KEY = -1;

const SLOTS = 64;

export class JsonKeys {
  private readonly slots = new Int16Array(SLOTS).fill(-1);
  private readonly names: Uint8Array[];

  /** At most SLOTS / 2 names, all ASCII. */
  constructor(names: readonly string[]) {
    if (names.length > SLOTS / 2) {
      throw new Error(`at most ${SLOTS / 2} keys`);
    }
    this.names = names.map((name) => Uint8Array.from(name, (char) => char.charCodeAt(0)));
    this.names.forEach((name, index) => {
      let slot = JsonKeys.slotOf(name, 0, name.length);
      while (this.slots[slot] >= 0) {
        slot = (slot + 1) & (SLOTS - 1);
      }
      this.slots[slot] = index;
    });
  }

  /** A hash of a key from its length and three of its bytes: enough to tell keys apart, cheap to take. */
  private static slotOf(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length === 0) {
      return 0;
    }
    const mixed =
      Math.imul(length, 0x9e3779b1) ^ (bytes[start] << 4) ^ (bytes[end - 1] << 9) ^ bytes[start + (length >> 1)];
    return (mixed ^ (mixed >>> 13)) & (SLOTS - 1);
  }

  /** The number of the key whose bytes are `bytes[start, end)`, or OTHER_KEY. */
  find(bytes: Uint8Array, start: number, end: number): number {
    for (let slot = JsonKeys.slotOf(bytes, start, end); ; slot = (slot + 1) & (SLOTS - 1)) {
      const index = this.slots[slot];
      if (index < 0) {
        return OTHER_KEY;
      }
      const name = this.names[index];
      if (name.length === end - start && sameBytes(name, bytes, start)) {
        return index;
      }
    }
  }
}

function sameBytes(name: Uint8Array, bytes: Uint8Array, start: number): boolean {
  for (let i = 0; i < name.length; i++) {
    if (name[i] !== bytes[start + i]) {
      return false;
    }
  }
  return true;
}

/**
 * Marks `field` (a bit) in `seen`. A field that comes twice in one object is left to JSON.parse,
 * where the last one wins.
 */
export function onlyOnce(seen: number, field: number): number {
  if (seen & field) {
    throw new NotFastPath('repeated field');
  }
  return seen | field;
}
