/** The families that need no knowledge of the format: cuts, flips, bytes that are not UTF-8, BOMs. */
import { BOMS, concat, INVALID_UTF8 } from './mutant';
import type { Rng } from './prng';

export interface BodyMutation {
  detail: string;
  body: Uint8Array;
}

export const BYTE_FAMILIES = ['truncate-random', 'byte-flip', 'invalid-utf8', 'bom'] as const;
export type ByteFamily = (typeof BYTE_FAMILIES)[number];

export function isByteFamily(family: string): family is ByteFamily {
  return (BYTE_FAMILIES as readonly string[]).includes(family);
}

/** `stringStarts`: offsets inside string literals, where bytes that are not UTF-8 hurt most. */
export function mutateBytes(rng: Rng, family: ByteFamily, base: Uint8Array, stringStarts: number[] = []): BodyMutation {
  switch (family) {
    case 'truncate-random': {
      const at = rng.int(0, Math.max(0, base.length - 1));
      return { detail: `cut at ${at} of ${base.length}`, body: base.subarray(0, at) };
    }
    case 'byte-flip': {
      const body = base.slice();
      const at: number[] = [];
      for (let i = rng.int(1, 4); i > 0 && body.length > 0; i--) {
        const offset = rng.int(0, body.length - 1);
        body[offset] ^= rng.int(1, 255);
        at.push(offset);
      }
      return { detail: `flipped bytes at ${at.join(',')}`, body };
    }
    case 'invalid-utf8': {
      const sequence = Uint8Array.from(rng.pick(INVALID_UTF8));
      const at = stringStarts.length && rng.chance(0.8) ? rng.pick(stringStarts) : rng.int(0, base.length);
      return {
        detail: `[${[...sequence].map((b) => b.toString(16)).join(' ')}] at ${at}`,
        body: concat(base.subarray(0, at), sequence, base.subarray(at)),
      };
    }
    case 'bom': {
      const bom = Uint8Array.from(rng.pick(BOMS));
      const space = rng.chance(0.3) ? new TextEncoder().encode(' \n') : new Uint8Array(0);
      return { detail: `BOM ${[...bom].map((b) => b.toString(16)).join(' ')}`, body: concat(bom, space, base) };
    }
  }
}
