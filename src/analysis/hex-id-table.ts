/**
 * Span rows by span ID, for the span tree (tree.ts). Our decoders write span IDs as 16 lowercase
 * hex digits: those are looked up as two 32-bit numbers in an open-addressing table, twice as fast
 * as a Map of strings at 500k spans. Methods over ranges of rows, so that the tree can pause
 * between them, and a class rather than closures: its loops are the hottest of the tree.
 */
/** An empty slot. */
const EMPTY = -1;

export class HexIdTable {
  /** Span row `r`'s ID as two 32-bit halves, at `2 * r` and `2 * r + 1`. */
  private readonly keys: Int32Array;
  private readonly slots: Int32Array;
  private readonly bits: number;
  private readonly parentKey = new Int32Array(2);

  constructor(spanCount: number) {
    this.keys = new Int32Array(2 * spanCount);
    let bits = 1;
    while (1 << bits < 2 * spanCount) {
      bits++;
    }
    this.bits = bits;
    this.slots = new Int32Array(1 << bits).fill(EMPTY);
  }

  /**
   * Adds the spans `from … to - 1`; false when an ID is not 16 lowercase hex digits. Where an ID
   * repeats, the later span takes the slot (children attach to the last span that carries it).
   */
  addSpans(spanIds: string[], from: number, to: number, duplicateIds: Map<string, number[]>): boolean {
    const { keys, slots } = this;
    for (let span = from; span < to; span++) {
      if (!readHexId(spanIds[span], keys, span)) {
        return false;
      }
      const slot = this.slotOf(keys, span);
      if (slots[slot] !== EMPTY) {
        noteDuplicate(duplicateIds, spanIds[span], slots[slot], span);
      }
      slots[slot] = span;
    }
    return true;
  }

  /** Writes the parent row of the spans `from … to - 1` whose parent ID is in the table (and not their own). */
  findParents(parentIds: Array<string | undefined>, parents: Int32Array, from: number, to: number): void {
    const { parentKey, slots } = this;
    for (let span = from; span < to; span++) {
      if (readHexId(parentIds[span], parentKey, 0)) {
        const parent = slots[this.slotOf(parentKey, 0)];
        if (parent !== EMPTY && parent !== span) {
          parents[span] = parent;
        }
      }
    }
  }

  /** The slot of the ID at `keyArray[2 * at]`, `[2 * at + 1]`: its span's, or the empty one it would take. */
  private slotOf(keyArray: Int32Array, at: number): number {
    const { keys, slots } = this;
    const mask = slots.length - 1;
    const high = keyArray[2 * at];
    const low = keyArray[2 * at + 1];
    let slot = Math.imul(high ^ Math.imul(low, 0x9e3779b1), 0x85ebca6b) >>> (32 - this.bits);
    for (let span = slots[slot]; span !== EMPTY; span = slots[slot]) {
      if (keys[2 * span] === high && keys[2 * span + 1] === low) {
        break;
      }
      slot = (slot + 1) & mask;
    }
    return slot;
  }
}

export function noteDuplicate(duplicateIds: Map<string, number[]>, id: string, earlier: number, span: number): void {
  const rows = duplicateIds.get(id);
  if (rows) {
    rows.push(span);
  } else {
    duplicateIds.set(id, [earlier, span]);
  }
}

const HEX_DIGIT_VALUE = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  HEX_DIGIT_VALUE[digit.toString(16).charCodeAt(0)] = digit;
}
const hexDigit = (code: number) => (code < 128 ? HEX_DIGIT_VALUE[code] : -1);

/** Writes the two 32-bit halves of a 16-hex-digit ID to `out[2 * at]` and `out[2 * at + 1]`. */
function readHexId(id: string | undefined, out: Int32Array, at: number): boolean {
  if (id === undefined || id.length !== 16) {
    return false;
  }
  let high = 0;
  let low = 0;
  for (let i = 0; i < 8; i++) {
    const highDigit = hexDigit(id.charCodeAt(i));
    const lowDigit = hexDigit(id.charCodeAt(i + 8));
    if ((highDigit | lowDigit) < 0) {
      return false;
    }
    high = (high << 4) | highDigit;
    low = (low << 4) | lowDigit;
  }
  out[2 * at] = high;
  out[2 * at + 1] = low;
  return true;
}
