/**
 * How deep parsed JSON nests, found without recursion. `JSON.parse` reads a million nested `[`
 * without trouble, but everything after it that recurses does not: `Number()` or `String()` of a
 * nested array (ToPrimitive joins the arrays recursively), `JSON.stringify`, a recursive reader.
 * Ten thousand levels where a number belongs overflow the stack. Answers are checked here first,
 * so that such an answer fails with the place it goes wrong instead.
 */
import { MAX_VALUE_DEPTH } from './json-values';

/**
 * The JSON levels an answer may nest: an attribute value as deep as the trace decoders allow
 * (MAX_VALUE_DEPTH AnyValues, each up to 4 JSON levels: `value`, `kvlistValue`, `values`, an
 * entry) inside the levels of its envelope (`traces[].spanSets[].spans[].attributes[]`).
 */
export const MAX_JSON_DEPTH = 4 * MAX_VALUE_DEPTH + 16;

/** Path segments shown before `…`: enough to name the field, short enough for a message. */
const SHOWN_SEGMENTS = 12;

/** An object or array met on the way down; its path is spelt out only for the message. */
interface Node {
  value: object;
  depth: number;
  /** Its array index or object key in `parent`. */
  key: number | string;
  parent: Node | undefined;
}

/**
 * Where `value` first nests deeper than `maxDepth` (objects and arrays count one level each), as
 * a path like `traces[3].spanSets[0].spans[1]…`; undefined when it does not.
 * It runs on every search answer, so the check is a walk that keeps only values and depths; the
 * walk that can tell the path runs once an answer is known to be too deep.
 */
export function tooDeepAt(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  return nestsDeeperThan(value, maxDepth) ? firstTooDeep(value, maxDepth) : undefined;
}

function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const current = values.pop();
    const depth = depths.pop()!;
    if (!isContainer(current)) {
      continue;
    }
    if (depth >= maxDepth) {
      return true;
    }
    const items: unknown[] = Array.isArray(current) ? current : Object.values(current);
    for (let i = 0; i < items.length; i++) {
      if (isContainer(items[i])) {
        values.push(items[i]);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/** The path of the first object or array (depth first, in document order) at `maxDepth`. */
function firstTooDeep(value: unknown, maxDepth: number): string | undefined {
  if (!isContainer(value)) {
    return undefined;
  }
  const stack: Node[] = [{ value, depth: 0, key: '', parent: undefined }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const current = node.value;
    if (node.depth >= maxDepth) {
      return pathOf(node);
    }
    const depth = node.depth + 1;
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) {
        const item: unknown = current[i];
        if (isContainer(item)) {
          stack.push({ value: item, depth, key: i, parent: node });
        }
      }
      continue;
    }
    const keys = Object.keys(current);
    for (let i = keys.length - 1; i >= 0; i--) {
      const item: unknown = (current as Record<string, unknown>)[keys[i]];
      if (isContainer(item)) {
        stack.push({ value: item, depth, key: keys[i], parent: node });
      }
    }
  }
  return undefined;
}

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null;

function segmentOf(node: Node): string {
  if (node.parent === undefined) {
    return '';
  }
  const { key } = node;
  if (typeof key === 'number') {
    return `[${key}]`;
  }
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function pathOf(node: Node): string {
  const segments: string[] = [];
  for (let at: Node | undefined = node; at; at = at.parent) {
    segments.push(segmentOf(at));
  }
  segments.reverse();
  const shown = segments.slice(0, SHOWN_SEGMENTS + 1).join('');
  return `${shown.startsWith('.') ? shown.slice(1) : shown || '(the top level)'}${segments.length > SHOWN_SEGMENTS + 1 ? '…' : ''}`;
}
