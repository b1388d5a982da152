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
 * It runs on every search answer, so the check is a walk that allocates nothing; the walk that
 * can tell the path runs once an answer is known to be too deep.
 */
export function tooDeepAt(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  return isContainer(value) && nestsDeeperThan(value, 0, maxDepth) ? firstTooDeep(value, maxDepth) : undefined;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Whether `value` (at `depth`) holds a container at `maxDepth` or deeper. It recurses, but never
 * deeper than `maxDepth` (a few hundred levels at most), however deep the input goes. A for-in
 * rather than `Object.values`/`Object.keys`: no array per object, which on a fresh answer of
 * thousands of objects cost several times the walk itself (measured through the shipped bundle).
 */
function nestsDeeperThan(value: object, depth: number, maxDepth: number): boolean {
  if (depth >= maxDepth) {
    return true;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (isContainer(item) && nestsDeeperThan(item, depth + 1, maxDepth)) {
        return true;
      }
    }
    return false;
  }
  for (const key in value) {
    if (hasOwn.call(value, key)) {
      const item: unknown = (value as Record<string, unknown>)[key];
      if (isContainer(item) && nestsDeeperThan(item, depth + 1, maxDepth)) {
        return true;
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
