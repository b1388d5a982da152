/**
 * A recorded JSON body as a tree the mutators can change anywhere (objects keep their entries in
 * order and may hold a key twice; `raw` nodes hold text written as it is, which is how values JSON
 * cannot express, NaN or 10,000 levels of nesting, get into a body), written back to bytes with
 * the offsets where array elements end and string literals start (for cuts at element boundaries
 * and bytes that are not UTF-8 inside strings).
 */
export type JsonNode =
  | { kind: 'object'; entries: Array<[string, JsonNode]> }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'value'; value: string | number | boolean | null }
  | { kind: 'raw'; text: string };

/** Where a node sits: the container and the position in it. */
export interface Slot {
  parent: JsonNode & { kind: 'object' | 'array' };
  index: number;
  node: JsonNode;
  depth: number;
}

export function toTree(value: unknown): JsonNode {
  if (Array.isArray(value)) {
    return { kind: 'array', items: value.map(toTree) };
  }
  if (value !== null && typeof value === 'object') {
    return { kind: 'object', entries: Object.entries(value).map(([k, v]) => [k, toTree(v)]) };
  }
  return { kind: 'value', value: value as string | number | boolean | null };
}

export function parseTree(bytes: Uint8Array): JsonNode {
  return toTree(JSON.parse(new TextDecoder().decode(bytes)));
}

/** Every position in the tree below the root, in document order. */
export function slots(root: JsonNode): Slot[] {
  const found: Slot[] = [];
  const visit = (node: JsonNode, depth: number) => {
    if (node.kind === 'object') {
      node.entries.forEach(([, child], index) => {
        found.push({ parent: node, index, node: child, depth });
        visit(child, depth + 1);
      });
    } else if (node.kind === 'array') {
      node.items.forEach((child, index) => {
        found.push({ parent: node, index, node: child, depth });
        visit(child, depth + 1);
      });
    }
  };
  visit(root, 0);
  return found;
}

export function replaceAt(slot: Slot, node: JsonNode): void {
  if (slot.parent.kind === 'object') {
    slot.parent.entries[slot.index] = [slot.parent.entries[slot.index][0], node];
  } else {
    slot.parent.items[slot.index] = node;
  }
}

export function clone(node: JsonNode): JsonNode {
  switch (node.kind) {
    case 'object':
      return { kind: 'object', entries: node.entries.map(([k, v]) => [k, clone(v)]) };
    case 'array':
      return { kind: 'array', items: node.items.map(clone) };
    default:
      return { ...node };
  }
}

export interface Written {
  bytes: Uint8Array;
  /** Byte offsets just after each array element. */
  elementEnds: number[];
  /** Byte offsets just inside the opening quote of each string literal. */
  stringStarts: number[];
}

export function write(root: JsonNode): Written {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let length = 0;
  const elementEnds: number[] = [];
  const stringStarts: number[] = [];
  const emit = (text: string) => {
    const bytes = encoder.encode(text);
    parts.push(bytes);
    length += bytes.length;
  };
  const string = (text: string) => {
    stringStarts.push(length + 1);
    emit(JSON.stringify(text));
  };
  const visit = (node: JsonNode) => {
    switch (node.kind) {
      case 'object':
        emit('{');
        node.entries.forEach(([key, value], i) => {
          emit(i > 0 ? ',' : '');
          string(key);
          emit(':');
          visit(value);
        });
        emit('}');
        return;
      case 'array':
        emit('[');
        node.items.forEach((item, i) => {
          emit(i > 0 ? ',' : '');
          visit(item);
          elementEnds.push(length);
        });
        emit(']');
        return;
      case 'raw':
        emit(node.text);
        return;
      default:
        if (typeof node.value === 'string') {
          string(node.value);
        } else {
          emit(JSON.stringify(node.value));
        }
    }
  };
  visit(root);
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return { bytes, elementEnds, stringStarts };
}
