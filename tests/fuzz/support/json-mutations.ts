/**
 * The body families on a JSON recording: cuts, flips, bytes that are not UTF-8, BOMs, deep
 * nesting at any position, huge arrays, each JSON type replaced by each other, NaN/Infinity/1e400,
 * integers past 2^53 and keys given twice. Every mutation starts from the parsed recording.
 */
import { type BodyMutation, isByteFamily, mutateBytes } from './byte-mutations';
import type { Family } from './mutant';
import type { Rng } from './prng';
import { clone, JsonNode, parseTree, replaceAt, Slot, slots, write } from './json-tree';

const SAMPLES: JsonNode[] = [
  { kind: 'value', value: '' },
  { kind: 'value', value: 'x' },
  { kind: 'value', value: '1700000000000000000' },
  { kind: 'value', value: 0 },
  { kind: 'value', value: -1.5 },
  { kind: 'value', value: true },
  { kind: 'value', value: false },
  { kind: 'value', value: null },
  { kind: 'array', items: [] },
  {
    kind: 'array',
    items: [
      { kind: 'value', value: 1 },
      { kind: 'value', value: 'a' },
    ],
  },
  { kind: 'object', entries: [] },
  { kind: 'object', entries: [['a', { kind: 'value', value: 1 }]] },
];

const SPECIAL_NUMBERS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '"NaN"',
  '"Infinity"',
  '"1e400"',
  '"-1"',
  '1.5e308',
  '-9.9e999',
];
const BIG_INTEGERS = [
  '9007199254740993',
  '-9007199254740993',
  '18446744073709551615',
  '18446744073709551616',
  '"9007199254740993"',
  '"18446744073709551616"',
  '123456789012345678901234567890',
  '"-9223372036854775809"',
];

function typeOf(node: JsonNode): string {
  if (node.kind === 'value') {
    return node.value === null ? 'null' : typeof node.value;
  }
  return node.kind;
}

/** ~10,000 levels of one shape: plain arrays, objects, OTLP AnyValue arrays and kvlists, Jaeger/Zipkin-like objects. */
export function deepNesting(rng: Rng): { text: string; what: string } {
  const depth = rng.int(8_000, 12_000);
  const shapes: Array<[string, string, string, string]> = [
    ['arrays', '[', '1', ']'],
    ['objects', '{"a":', '1', '}'],
    ['arrayValue', '{"arrayValue":{"values":[', '{"stringValue":"x"}', ']}}'],
    ['kvlistValue', '{"kvlistValue":{"values":[{"key":"k","value":', '{"intValue":"1"}', '}]}}'],
    ['mixed', '[{"a":', '"x"', '}]'],
    ['value', '{"value":', '"x"', '}'],
  ];
  const [what, open, leaf, close] = rng.pick(shapes);
  return { text: open.repeat(depth) + leaf + close.repeat(depth), what: `${what} ×${depth}` };
}

function pickSlot(rng: Rng, all: Slot[], prefer?: (slot: Slot) => boolean): Slot | undefined {
  if (all.length === 0) {
    return undefined;
  }
  const preferred = prefer ? all.filter(prefer) : [];
  return preferred.length > 0 && rng.chance(0.7) ? rng.pick(preferred) : rng.pick(all);
}

function pathOf(slot: Slot): string {
  return slot.parent.kind === 'object'
    ? `"${slot.parent.entries[slot.index][0]}"@${slot.depth}`
    : `[${slot.index}]@${slot.depth}`;
}

export function mutateJson(rng: Rng, family: Exclude<Family, 'transport'>, base: Uint8Array): BodyMutation {
  const tree = parseTree(base);
  if (isByteFamily(family)) {
    return mutateBytes(rng, family, base, family === 'invalid-utf8' ? write(tree).stringStarts : []);
  }
  const all = slots(tree);
  const written = () => write(tree).bytes;
  switch (family) {
    case 'truncate-boundary': {
      const arrays = all.filter((slot) => slot.node.kind === 'array' && slot.node.items.length > 0);
      if (arrays.length > 0 && rng.chance(0.5)) {
        const slot = rng.pick(arrays);
        const items = (slot.node as { items: JsonNode[] }).items;
        const keep = rng.int(0, items.length - 1);
        items.length = keep;
        return { detail: `array ${pathOf(slot)} closed after ${keep} elements`, body: written() };
      }
      const { bytes, elementEnds } = write(tree);
      const at = elementEnds.length ? rng.pick(elementEnds) : rng.int(0, bytes.length);
      return { detail: `cut after an array element at ${at} of ${bytes.length}`, body: bytes.subarray(0, at) };
    }
    case 'deep-nesting': {
      const { text, what } = deepNesting(rng);
      const slot = pickSlot(rng, all, (s) => s.node.kind !== 'value');
      if (!slot || rng.chance(0.05)) {
        return { detail: `the whole body: ${what}`, body: new TextEncoder().encode(text) };
      }
      replaceAt(slot, { kind: 'raw', text });
      return { detail: `${pathOf(slot)} → ${what}`, body: written() };
    }
    case 'huge-array': {
      const slot = pickSlot(rng, all, (s) => s.node.kind === 'array');
      if (!slot) {
        return { detail: 'no array', body: base };
      }
      const items = slot.node.kind === 'array' ? slot.node.items : [];
      const element: JsonNode = items.length && rng.chance(0.5) ? items[0] : rng.pick(SAMPLES);
      const elementSize = write(element).bytes.length + 1;
      // Mostly thousands; now and then hundreds of thousands (up to a 12 MB body).
      const wanted = rng.chance(0.01) ? rng.int(50_000, 200_000) : rng.int(200, 5_000);
      const count = Math.min(wanted, Math.floor((wanted > 5_000 ? 12_000_000 : 1_000_000) / elementSize));
      const text =
        '[' +
        Array(count)
          .fill(new TextDecoder().decode(write(element).bytes))
          .join(',') +
        ']';
      replaceAt(slot, { kind: 'raw', text });
      return { detail: `${pathOf(slot)} → ${count} × ${typeOf(element)}`, body: written() };
    }
    case 'wrong-types': {
      const changes = rng.int(1, 3);
      const done: string[] = [];
      for (let i = 0; i < changes; i++) {
        const slot = pickSlot(rng, slots(tree));
        if (!slot) {
          break;
        }
        const others = SAMPLES.filter((sample) => typeOf(sample) !== typeOf(slot.node));
        const replacement = clone(rng.pick(others));
        replaceAt(slot, replacement);
        done.push(`${pathOf(slot)} ${typeOf(slot.node)}→${typeOf(replacement)}`);
      }
      return { detail: done.join('; '), body: written() };
    }
    case 'special-numbers':
    case 'big-integers': {
      const texts = family === 'special-numbers' ? SPECIAL_NUMBERS : BIG_INTEGERS;
      const numeric = (s: Slot) =>
        s.node.kind === 'value' && (typeof s.node.value === 'number' || /^-?\d+$/.test(String(s.node.value)));
      const slot = pickSlot(rng, all, numeric);
      if (!slot) {
        return { detail: 'no value', body: base };
      }
      const text = rng.pick(texts);
      replaceAt(slot, { kind: 'raw', text });
      return { detail: `${pathOf(slot)} → ${text}`, body: written() };
    }
    case 'duplicate-keys': {
      const objects = all.filter((s) => s.node.kind === 'object' && s.node.entries.length > 0).map((s) => s.node);
      const target = (objects.length ? rng.pick(objects) : tree) as JsonNode;
      if (target.kind !== 'object' || target.entries.length === 0) {
        return { detail: 'no object', body: base };
      }
      const index = rng.int(0, target.entries.length - 1);
      const [key, value] = target.entries[index];
      const twin: JsonNode = rng.chance(0.5) ? clone(rng.pick(SAMPLES)) : clone(value);
      target.entries.splice(rng.chance(0.5) ? index : index + 1, 0, [key, twin]);
      return { detail: `"${key}" twice (${typeOf(twin)})`, body: written() };
    }
  }
}
