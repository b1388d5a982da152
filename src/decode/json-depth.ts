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

interface Node {
  value: unknown;
  depth: number;
  segment: string;
  parent: Node | undefined;
}

/**
 * Where `value` first nests deeper than `maxDepth` (objects and arrays count one level each), as
 * a path like `traces[3].spanSets[0].spans[1]…`; undefined when it does not.
 */
export function tooDeepAt(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  const stack: Node[] = [{ value, depth: 0, segment: '', parent: undefined }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const current = node.value;
    if (typeof current !== 'object' || current === null) {
      continue;
    }
    if (node.depth >= maxDepth) {
      return pathOf(node);
    }
    const depth = node.depth + 1;
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) {
        stack.push({ value: current[i], depth, segment: `[${i}]`, parent: node });
      }
      continue;
    }
    const keys = Object.keys(current);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
      stack.push({ value: (current as Record<string, unknown>)[key], depth, segment, parent: node });
    }
  }
  return undefined;
}

function pathOf(node: Node): string {
  const segments: string[] = [];
  for (let at: Node | undefined = node; at; at = at.parent) {
    segments.push(at.segment);
  }
  segments.reverse();
  const shown = segments.slice(0, SHOWN_SEGMENTS + 1).join('');
  return `${shown.startsWith('.') ? shown.slice(1) : shown || '(the top level)'}${segments.length > SHOWN_SEGMENTS + 1 ? '…' : ''}`;
}
