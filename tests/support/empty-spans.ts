/**
 * Protobuf for defect 3 of issue #13: one ResourceSpans batch (tempopb.Trace.batches = 1) of one
 * ScopeSpans holding `count` empty spans (field 2, length 0: two bytes each). Appended to a
 * recorded v1 body, it is still a valid Trace message.
 */
export function emptySpansBatch(count: number): Buffer {
  const spans = Buffer.alloc(count * 2);
  for (let i = 0; i < spans.length; i += 2) {
    spans[i] = 0x12; // ScopeSpans.spans = 2, length-delimited
  }
  const scopeSpans = Buffer.concat([Buffer.from([0x12]), varint(spans.length), spans]); // ResourceSpans.scope_spans = 2
  return Buffer.concat([Buffer.from([0x0a]), varint(scopeSpans.length), scopeSpans]); // Trace.batches = 1
}

export function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}
