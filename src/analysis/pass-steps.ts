/**
 * The passes over every span after decoding (tree, warnings, reduction) pause between ranges of
 * spans, so that no step of `traceFramesSliced` (frames/trace-result.ts) keeps the page busy for
 * long: at 500k spans a single pass takes 50–150 ms, a range of `SPANS_PER_STEP` a few.
 */
export const SPANS_PER_STEP = 8_192;

/**
 * Calls `pass(from, to)` over `0 … count` in ranges of `perStep` (a pass that does more per span
 * takes fewer), pausing (yielding) between them.
 */
export function* rangeSteps(
  count: number,
  pass: (from: number, to: number) => void,
  perStep = SPANS_PER_STEP
): Generator<void, void, void> {
  for (let from = 0; from < count; from += perStep) {
    if (from > 0) {
      yield;
    }
    pass(from, Math.min(count, from + perStep));
  }
}

/** For passes that walk a span's ancestors or group its children: 1,024 spans per step. */
export const WALKS_PER_STEP = SPANS_PER_STEP / 8;
