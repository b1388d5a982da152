/**
 * Timing and heap measurement. Competing measurements run round-robin (one repetition of each
 * per round), so that load from other processes on the machine hits them all alike. Each timed
 * repetition starts after a minor GC (an empty young generation, the old generation as the run
 * left it: a browser tab's steady state); `--full-gc` makes it a full GC instead. Heap figures
 * are taken around full GCs. Needs `node --expose-gc`.
 */
import { performance } from 'perf_hooks';
import v8 from 'v8';

export interface Repetitions {
  warmup: number;
  timed: number;
}

export interface Timing {
  medianMs: number;
  minMs: number;
  samplesMs: number[];
}

type GcFunction = (options?: { type: 'major' | 'minor' }) => void;

const gc: GcFunction =
  (globalThis as { gc?: GcFunction }).gc ??
  (() => {
    throw new Error('run node with --expose-gc (npm run bench does)');
  });

const collectGarbage = () => gc();
const fullGcBeforeRepetitions = process.argv.includes('--full-gc');
const collectBeforeRepetition = () => (fullGcBeforeRepetitions ? gc() : gc({ type: 'minor' }));

/** Median wall time of each function; the value each returned is dropped before the next repetition. */
export function timeRoundRobin<K extends string>(
  candidates: Record<K, () => unknown>,
  { warmup, timed }: Repetitions
): Record<K, Timing> {
  const names = Object.keys(candidates) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < warmup + timed; round++) {
    for (const name of names) {
      collectBeforeRepetition();
      const start = performance.now();
      let result = candidates[name]();
      const elapsed = performance.now() - start;
      result = undefined;
      if (round >= warmup) {
        samples[name].push(elapsed);
      }
      void result;
    }
  }
  return Object.fromEntries(names.map((name) => [name, timing(samples[name])])) as Record<K, Timing>;
}

export function timing(samplesMs: number[]): Timing {
  return { medianMs: median(samplesMs), minMs: Math.min(...samplesMs), samplesMs: samplesMs.map(round3) };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export interface HeapUse {
  /** Highest JS heap use seen during the call, above what was live before it. */
  peakBytes: number;
  /** Heap still held by the call's result after a full GC. */
  retainedBytes: number;
}

/**
 * Heap use of one call. The peak is read from V8's GC profiler: heap use just before each GC
 * during the call (where it is highest between collections) and at its end. ArrayBuffers are
 * left out: the frames hold none, and V8 accounts for freed ones late (which skews a difference).
 */
export function measureHeap(call: () => unknown): HeapUse {
  collectGarbage();
  collectGarbage();
  const before = heapBytes();
  const profiler = new v8.GCProfiler();
  profiler.start();
  let result = call();
  const atEnd = heapBytes();
  const { statistics } = profiler.stop();
  let peak = atEnd;
  for (const gc of statistics) {
    peak = Math.max(peak, gc.beforeGC.heapStatistics.usedHeapSize);
  }
  collectGarbage();
  collectGarbage();
  const retained = heapBytes() - before;
  result = undefined;
  void result;
  return { peakBytes: peak - before, retainedBytes: retained };
}

function heapBytes(): number {
  return v8.getHeapStatistics().used_heap_size;
}
