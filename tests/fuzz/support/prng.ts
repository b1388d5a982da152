/**
 * The fuzz suite's only source of randomness: mulberry32, seeded per case from the run's seed,
 * the path's name and the case's index, so one case replays alone (FUZZ_SEED, FUZZ_PATH,
 * FUZZ_CASE) exactly as it ran among the others. Math.random is never used.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) {
      throw new Error('Rng.pick from an empty list');
    }
    return items[Math.floor(this.next() * items.length)];
  }
}

/** FNV-1a over the text, then mixed with the seed: a case's own seed. */
export function caseSeed(runSeed: number, path: string, index: number): number {
  let hash = 0x811c9dc5 ^ runSeed;
  for (const char of `${path}#${index}`) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  }
  return hash >>> 0;
}
