/**
 * The number of spans in a Tempo protobuf trace body, counted without reading them (each is
 * skipped by its length), so that the decoder can allocate its columns once, at their size.
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

/** 0 for a body that is not well-formed: the decoder will say what is wrong with it. */
export function countSpans(bytes: Uint8Array, shape: 'v1' | 'v2'): number {
  const reader = Reader.create(bytes);
  try {
    return countFields(reader, reader.len, shape === 'v1' ? V1_PATH : V2_PATH, 0);
  } catch {
    return 0;
  }
}

function countFields(reader: Reader, end: number, path: number[][], level: number): number {
  const outerEnd = reader.len;
  reader.len = end;
  let count = 0;
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if ((tag & 7) !== LENGTH_DELIMITED || !path[level].includes(tag)) {
      reader.skipType(tag & 7);
      continue;
    }
    const fieldEnd = reader.uint32() + reader.pos;
    if (fieldEnd > reader.len) {
      throw new RangeError('field runs past its message');
    }
    count += level === path.length - 1 ? 1 : countFields(reader, fieldEnd, path, level + 1);
    reader.pos = fieldEnd;
  }
  reader.len = outerEnd;
  return count;
}
