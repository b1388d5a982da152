/**
 * The number of spans in a Tempo protobuf trace body, counted without reading them (each is
 * skipped by its length), so that the decoder can allocate its columns once, at their size.
 * At 500k spans the count takes ~100 ms, so it pauses like the decode it comes before.
 */
import { Reader } from 'protobufjs/minimal';

const LENGTH_DELIMITED = 2;

/** Wire tags leading down to the spans, level by level; at the last level each field is a span. */
const V1_PATH: number[][] = [
  [10], // Trace.batches = 1
  [18, 8002], // ResourceSpans.scope_spans = 2, instrumentation_library_spans = 1000
  [18], // ScopeSpans.spans = 2
];
const V2_PATH: number[][] = [[10] /* TraceByIDResponse.trace = 1 */, ...V1_PATH];
const SPAN_TAG = 18;

/**
 * The count, pausing (yielding) after every `chunkSpans` spans counted; 0 for a body that is not
 * well-formed (the decoder will say what is wrong with it).
 */
export function* countSpansSteps(
  bytes: Uint8Array,
  shape: 'v1' | 'v2',
  chunkSpans: number
): Generator<void, number, void> {
  const counter = new SpanCounter(Reader.create(bytes), chunkSpans);
  try {
    yield* counter.countFields(counter.reader.len, shape === 'v1' ? V1_PATH : V2_PATH, 0);
  } catch {
    return 0;
  }
  return counter.count;
}

class SpanCounter {
  count = 0;
  private nextPause: number;

  constructor(
    readonly reader: Reader,
    private readonly chunkSpans: number
  ) {
    this.nextPause = chunkSpans;
  }

  *countFields(end: number, path: number[][], level: number): Generator<void, void, void> {
    const { reader } = this;
    const outerEnd = reader.len;
    reader.len = end;
    const last = level === path.length - 1;
    while (reader.pos < reader.len) {
      if (last) {
        this.skipSpans();
        if (this.count >= this.nextPause) {
          this.nextPause = this.count + this.chunkSpans;
          yield;
        }
        continue;
      }
      const tag = reader.uint32();
      if ((tag & 7) !== LENGTH_DELIMITED || !path[level].includes(tag)) {
        reader.skipType(tag & 7);
        continue;
      }
      const fieldEnd = this.fieldEnd();
      yield* this.countFields(fieldEnd, path, level + 1);
      reader.pos = fieldEnd;
    }
    reader.len = outerEnd;
  }

  /** Counts and skips the spans of one ScopeSpans up to the next pause (or its end). */
  private skipSpans(): void {
    const { reader } = this;
    while (reader.pos < reader.len && this.count < this.nextPause) {
      const tag = reader.uint32();
      if (tag !== SPAN_TAG) {
        reader.skipType(tag & 7);
        continue;
      }
      reader.pos = this.fieldEnd();
      this.count++;
    }
  }

  private fieldEnd(): number {
    const { reader } = this;
    const fieldEnd = reader.uint32() + reader.pos;
    if (fieldEnd > reader.len) {
      throw new RangeError('field runs past its message');
    }
    return fieldEnd;
  }
}
