/** What one fuzz case answers: a mutated body, and how the server sends it. */
export type Fault =
  'reset-before-head' | 'reset-mid-body' | 'stall-before-head' | 'stall-mid-body' | 'length-larger' | 'length-smaller';

export interface Answer {
  status: number;
  contentType?: string;
  headers?: Record<string, string>;
  body: Uint8Array;
  fault?: Fault;
}

export interface Mutant {
  family: Family;
  /** What was done, short: enough to see the case without replaying it. */
  detail: string;
  answer: Answer;
}

export const BODY_FAMILIES = [
  'truncate-random',
  'truncate-boundary',
  'byte-flip',
  'invalid-utf8',
  'bom',
  'deep-nesting',
  'huge-array',
  'wrong-types',
  'special-numbers',
  'big-integers',
  'duplicate-keys',
] as const;

export const FAMILIES = [...BODY_FAMILIES, 'transport'] as const;

export type Family = (typeof FAMILIES)[number];

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Byte sequences that are not UTF-8: stray continuation, overlong, cut multibyte, encoded surrogate, past U+10FFFF. */
export const INVALID_UTF8: readonly number[][] = [
  [0xff],
  [0xfe],
  [0x80],
  [0xc0, 0x80],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf0, 0x9f, 0x98],
];

export const BOMS: readonly number[][] = [
  [0xef, 0xbb, 0xbf],
  [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf],
  [0xfe, 0xff],
  [0xff, 0xfe],
];
