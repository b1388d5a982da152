/**
 * The body families on a protobuf recording: cuts at random offsets and at field boundaries (a cut
 * at a top-level boundary is a valid, shorter message), flips, bytes that are not UTF-8 inside
 * strings, BOMs, AnyValue nested ~10,000 levels at any attribute, huge numbers of spans, fields
 * of the wrong wire type, NaN/Infinity doubles, times and integers past 2^53, and fields that are
 * not repeated given twice.
 */
import { type BodyMutation, mutateBytes } from './byte-mutations';
import { type Family, INVALID_UTF8 } from './mutant';
import type { Rng } from './prng';
import { allFields, parseBody, varint, WireField, writeFields } from './proto-tree';

/** AnyValue { array_value | kvlist_value } nested `depth` times around { string_value: "x" }, built inside out. */
export function nestedAnyValue(depth: number, kvlist: boolean): Uint8Array {
  const heads: number[][] = [];
  let length = 3; // AnyValue { 1: "x" }
  for (let i = 0; i < depth; i++) {
    // ArrayValue { 1: AnyValue } or KeyValueList { 1: KeyValue { 1: "k", 2: AnyValue } }
    const inner = kvlist
      ? [0x0a, ...varint(length + 5), 0x0a, 0x01, 0x6b, 0x12, ...varint(length)]
      : [0x0a, ...varint(length)];
    const container = inner.length + length;
    const head = [kvlist ? 0x32 : 0x2a, ...varint(container), ...inner];
    heads.push(head);
    length = head.length + length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (let i = heads.length - 1; i >= 0; i--) {
    out.set(heads[i], offset);
    offset += heads[i].length;
  }
  out.set([0x0a, 0x01, 0x78], offset);
  return out;
}

const doubleBits = (value: number) => new Uint8Array(Float64Array.of(value).buffer);
const fixed64 = (value: bigint) => new Uint8Array(BigUint64Array.of(BigInt.asUintN(64, value)).buffer);

function fieldsOfType(tree: WireField[], type: string) {
  return allFields(tree).filter(({ field }) => field.type === type);
}

export function mutateProto(
  rng: Rng,
  family: Exclude<Family, 'transport'>,
  base: Uint8Array,
  shape: 'v1' | 'v2'
): BodyMutation {
  const tree = parseBody(base, shape);
  const all = allFields(tree);
  const written = () => writeFields(base, tree);
  if (family === 'truncate-random' || family === 'byte-flip' || family === 'bom') {
    return mutateBytes(rng, family, base);
  }
  switch (family) {
    case 'truncate-boundary': {
      const { field } = rng.chance(0.3) ? { field: rng.pick(tree) } : rng.pick(all);
      const at = rng.chance(0.5) ? field.end : field.start;
      return {
        detail: `cut at the ${at === field.end ? 'end' : 'start'} of field ${field.no} (${field.type ?? 'value'}) at ${at}`,
        body: base.subarray(0, at),
      };
    }
    case 'invalid-utf8': {
      // Strings: span names (5), keys (KeyValue 1), string values (AnyValue 1), status messages.
      const strings = all.filter(
        ({ field }) => field.wireType === 2 && !field.children && field.end > field.valueStart
      );
      if (strings.length === 0) {
        return { detail: 'no string', body: base };
      }
      const { field } = rng.pick(strings);
      const body = base.slice();
      const sequence = rng.pick(INVALID_UTF8).slice(0, field.end - field.valueStart);
      const at = rng.int(field.valueStart, field.end - sequence.length);
      body.set(sequence, at);
      return { detail: `[${sequence.map((b) => b.toString(16)).join(' ')}] in field ${field.no} at ${at}`, body };
    }
    case 'deep-nesting': {
      const depth = rng.int(8_000, 12_000);
      const kvlist = rng.chance(0.5);
      const nested = nestedAnyValue(depth, kvlist);
      const values = all.filter(({ field }) => field.type === 'KeyValue');
      if (values.length === 0) {
        return { detail: 'no attribute', body: base };
      }
      const { field } = rng.pick(values);
      const key = field.children!.find((child) => child.no === 1);
      field.children = [
        ...(key ? [key] : []),
        { no: 2, wireType: 2, start: 0, end: 0, valueStart: 0, replacement: nested },
      ];
      return { detail: `an attribute → ${kvlist ? 'kvlistValue' : 'arrayValue'} ×${depth}`, body: written() };
    }
    case 'huge-array': {
      const scopes = fieldsOfType(tree, 'ScopeSpans');
      if (scopes.length === 0) {
        return { detail: 'no scope spans', body: base };
      }
      const { field: scope } = rng.pick(scopes);
      const spans = scope.children!.filter((child) => child.no === 2);
      const copyReal = spans.length > 0 && rng.chance(0.4);
      // Mostly thousands; now and then the millions of the 10 MB body (each empty span is 2 bytes).
      const count = copyReal
        ? rng.int(100, 2_000)
        : rng.chance(0.01)
          ? rng.int(1_000_000, 5_000_000)
          : rng.int(500, 5_000);
      const span = copyReal ? writeFields(base, [rng.pick(spans)]) : Uint8Array.of(0x12, 0x00);
      const extra = new Uint8Array(span.length * count);
      for (let i = 0; i < count; i++) {
        extra.set(span, i * span.length);
      }
      scope.children = [...scope.children!, { no: 2, wireType: 2, start: 0, end: 0, valueStart: 0, raw: extra }];
      return { detail: `${count} × ${copyReal ? 'a recorded span' : 'an empty span'}`, body: written() };
    }
    case 'wrong-types': {
      const changes = rng.int(1, 3);
      const done: string[] = [];
      for (let i = 0; i < changes; i++) {
        const { field } = rng.pick(all);
        const wireType = rng.pick([0, 1, 2, 5].filter((type) => type !== field.wireType));
        const value =
          wireType === 0
            ? Uint8Array.from(varint(rng.int(0, 1 << 20)))
            : wireType === 1
              ? fixed64(BigInt(rng.int(0, 1 << 30)))
              : wireType === 5
                ? Uint8Array.of(1, 2, 3, 4)
                : Uint8Array.of(0x78, 0x79);
        field.children = undefined;
        field.wireType = wireType;
        field.replacement = value;
        done.push(`field ${field.no} → wire type ${wireType}`);
      }
      return { detail: done.join('; '), body: written() };
    }
    case 'special-numbers':
    case 'big-integers': {
      const special = family === 'special-numbers';
      const targets = all.filter(({ field }) =>
        special ? field.wireType === 1 || field.wireType === 0 : field.wireType === 0 || field.wireType === 1
      );
      if (targets.length === 0) {
        return { detail: 'no number', body: base };
      }
      const { field } = rng.pick(targets);
      const doubles = [NaN, Infinity, -Infinity, Number.MAX_VALUE, -0, 5e-324];
      // 2^53 + 1, 2^63 - 1, 2^64 - 1, -1, -2^63, 2^62
      const integers = [
        '9007199254740993',
        '9223372036854775807',
        '18446744073709551615',
        '-1',
        '-9223372036854775808',
        '4611686018427387904',
      ].map(BigInt);
      if (field.wireType === 1) {
        const value = special ? doubleBits(rng.pick(doubles)) : fixed64(rng.pick(integers));
        field.replacement = value;
        field.children = undefined;
        return {
          detail: `fixed64 field ${field.no} → ${special ? 'a special double' : 'a huge integer'}`,
          body: written(),
        };
      }
      const value = rng.pick(integers);
      field.replacement = Uint8Array.from(varint(value));
      return { detail: `varint field ${field.no} → ${value}`, body: written() };
    }
    case 'duplicate-keys': {
      // Span (trace_id 1, span_id 2, name 5, status 15), Resource, Scope, Status, AnyValue given twice.
      const singles = all.filter(({ field, siblings }) => siblings.filter((s) => s.no === field.no).length === 1);
      const { field, siblings } = rng.pick(singles.length ? singles : all);
      const twin: WireField = { ...field, children: undefined };
      if (rng.chance(0.5) && field.wireType === 2) {
        twin.replacement =
          field.no === 1 || field.no === 2
            ? Uint8Array.from({ length: 8 }, () => rng.int(0, 255))
            : Uint8Array.of(0x7a);
      }
      siblings.splice(siblings.indexOf(field) + (rng.chance(0.5) ? 1 : 0), 0, twin);
      return { detail: `field ${field.no} (${field.type ?? 'value'}) twice`, body: written() };
    }
  }
}
