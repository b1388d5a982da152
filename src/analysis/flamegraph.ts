/**
 * A trace as a flame graph: one node per call path of `service: operation` labels, siblings
 * with the same label under the same path merged (a loop of 10,000 identical calls becomes
 * one wide node), in the nested-set order Grafana's flame graph reads (depth-first, each row
 * with its level). The same code merges two traces into the union of their call paths for
 * the diff flame graph: each trace is one "side", with its own values.
 *
 * Values follow the rules of self time: a span counts only inside its parent (a child that
 * outlives its parent, or starts after it ended, is cut to the part inside), and a node is
 * never wider than its parent (parallel calls of one operation can sum to more than the
 * caller's time; the node is capped at the caller's value). A span's self time counts up to
 * its counted duration.
 *
 * A huge trace can have as many call paths as spans; a flame graph of 500,000 rows helps no
 * one. Beyond `maxNodes` call paths, only the widest are kept, and the rest of each node's
 * children become one `other` child (their whole time as its self time).
 *
 * Typed arrays and one hash table of (parent node, label) pairs, no object per span or node.
 */
import type { SpanColumns } from '../decode/columns';
import type { TimedSpanTree } from './self-time';
import { NO_SPAN } from './tree';

export const TOTAL_LABEL = 'total';
export const OTHER_LABEL = 'other';
/** Most call paths shown; the rows add at most one `other` row per shown node. */
export const MAX_FLAME_GRAPH_NODES = 2000;

export interface TraceInput {
  spans: SpanColumns;
  tree: TimedSpanTree;
}

/** Nested-set rows, depth-first; `values[side][row]`, one side per input trace. Milliseconds. */
export interface FlameGraphRows {
  levels: number[];
  labels: string[];
  values: number[][];
  selfs: number[][];
  /** Call paths in the traces, and how many of them have rows of their own. */
  callPaths: number;
  shownCallPaths: number;
}

export function flameGraphRows(traces: TraceInput[], maxNodes = MAX_FLAME_GRAPH_NODES): FlameGraphRows {
  const labels = new Labels();
  const labelOfSpan = traces.map(({ spans }) => labels.ofSpans(spans));
  const capacity = 1 + traces.reduce((sum, { spans }) => sum + spans.spanID.length, 0);
  const nodes = new CallPathNodes(capacity, traces.length);
  traces.forEach((trace, side) => addTrace(trace, labelOfSpan[side], side, nodes));
  nodes.capToParents();
  return nodes.toRows(labels.names, maxNodes);
}

/** Interns `service: operation` labels. Spans of one resource share strings: compare by identity first. */
class Labels {
  readonly names: string[] = [TOTAL_LABEL];
  private readonly byService = new Map<string, Map<string, number>>();

  ofSpans({ serviceName, operationName }: SpanColumns): Int32Array {
    const labelOf = new Int32Array(serviceName.length);
    let lastService: string | undefined;
    let operations = new Map<string, number>();
    for (let span = 0; span < labelOf.length; span++) {
      const service = serviceName[span];
      if (service !== lastService) {
        lastService = service;
        operations = this.byService.get(service) ?? new Map();
        this.byService.set(service, operations);
      }
      const operation = operationName[span];
      let label = operations.get(operation);
      if (label === undefined) {
        label = this.names.length;
        this.names.push(`${service}: ${operation}`);
        operations.set(operation, label);
      }
      labelOf[span] = label;
    }
    return labelOf;
  }
}

/**
 * The call-path tree, node 0 the `total` root. A node is created after its parent, so node
 * order is parents first; children are kept in the order they were first met.
 */
class CallPathNodes {
  count = 1;
  readonly label: Int32Array;
  readonly parent: Int32Array;
  private readonly firstChild: Int32Array;
  private readonly lastChild: Int32Array;
  private readonly nextSibling: Int32Array;
  /** Open addressing on (parent, label): slot → node, or NO_SPAN. */
  private readonly slots: Int32Array;
  private readonly bits: number;
  readonly values: Float64Array[];
  readonly selfs: Float64Array[];

  constructor(capacity: number, sides: number) {
    this.label = new Int32Array(capacity);
    this.parent = new Int32Array(capacity).fill(NO_SPAN);
    this.firstChild = new Int32Array(capacity).fill(NO_SPAN);
    this.lastChild = new Int32Array(capacity).fill(NO_SPAN);
    this.nextSibling = new Int32Array(capacity).fill(NO_SPAN);
    let bits = 1;
    while (1 << bits < 2 * capacity) {
      bits++;
    }
    this.bits = bits;
    this.slots = new Int32Array(1 << bits).fill(NO_SPAN);
    this.values = Array.from({ length: sides }, () => new Float64Array(capacity));
    this.selfs = Array.from({ length: sides }, () => new Float64Array(capacity));
  }

  child(parent: number, label: number): number {
    const mask = this.slots.length - 1;
    let slot = Math.imul(parent ^ Math.imul(label, 0x9e3779b1), 0x85ebca6b) >>> (32 - this.bits);
    for (let node = this.slots[slot]; node !== NO_SPAN; node = this.slots[slot]) {
      if (this.parent[node] === parent && this.label[node] === label) {
        return node;
      }
      slot = (slot + 1) & mask;
    }
    const node = this.count++;
    this.slots[slot] = node;
    this.label[node] = label;
    this.parent[node] = parent;
    if (this.lastChild[parent] === NO_SPAN) {
      this.firstChild[parent] = node;
    } else {
      this.nextSibling[this.lastChild[parent]] = node;
    }
    this.lastChild[parent] = node;
    return node;
  }

  /** No node wider than its parent, no self more than the value; parents come first in node order. */
  capToParents(): void {
    this.values.forEach((values, side) => {
      const selfs = this.selfs[side];
      for (let node = 1; node < this.count; node++) {
        values[node] = Math.min(values[node], values[this.parent[node]]);
        selfs[node] = Math.min(selfs[node], values[node]);
      }
    });
  }

  /** The smallest width a node needs to be shown, so that at most `maxNodes` are. */
  private shownFrom(maxNodes: number): number {
    if (this.count <= maxNodes) {
      return -Infinity;
    }
    const widths = new Float64Array(this.count);
    this.values.forEach((values) => {
      for (let node = 0; node < this.count; node++) {
        widths[node] = Math.max(widths[node], values[node]);
      }
    });
    widths.sort();
    // Wider than the (maxNodes)th widest: a parent is never narrower than its child, so the
    // shown nodes are a tree from the root.
    return widths[this.count - maxNodes];
  }

  toRows(labelNames: string[], maxNodes: number): FlameGraphRows {
    const sides = this.values.length;
    const threshold = this.shownFrom(maxNodes);
    const shown = new Uint8Array(this.count);
    shown[0] = 1;
    for (const values of this.values) {
      for (let node = 1; node < this.count; node++) {
        shown[node] |= values[node] > threshold ? 1 : 0;
      }
    }
    const isShown = (node: number) => shown[node] === 1;
    const rows: FlameGraphRows = {
      levels: [],
      labels: [],
      values: Array.from({ length: sides }, () => []),
      selfs: Array.from({ length: sides }, () => []),
      callPaths: this.count - 1,
      shownCallPaths: 0,
    };
    const push = (level: number, label: string, values: number[], selfs: number[]) => {
      rows.levels.push(level);
      rows.labels.push(label);
      for (let side = 0; side < sides; side++) {
        rows.values[side].push(values[side]);
        rows.selfs[side].push(selfs[side]);
      }
    };
    // Entries: a node, or `-(node + 1)` for the `other` row of that node's hidden children.
    const stack = [0];
    const levels = [0];
    const children: number[] = [];
    while (stack.length) {
      const entry = stack.pop()!;
      const level = levels.pop()!;
      if (entry < 0) {
        const node = -entry - 1;
        const hidden = this.values.map((values) => {
          let sum = 0;
          for (let child = this.firstChild[node]; child !== NO_SPAN; child = this.nextSibling[child]) {
            sum += isShown(child) ? 0 : values[child];
          }
          return Math.min(sum, values[node]);
        });
        push(level, OTHER_LABEL, hidden, hidden);
        continue;
      }
      push(
        level,
        labelNames[this.label[entry]],
        this.values.map((values) => values[entry]),
        this.selfs.map((selfs) => selfs[entry])
      );
      rows.shownCallPaths += entry === 0 ? 0 : 1;
      children.length = 0;
      let anyHidden = false;
      for (let child = this.firstChild[entry]; child !== NO_SPAN; child = this.nextSibling[child]) {
        if (isShown(child)) {
          children.push(child);
        } else {
          anyHidden = true;
        }
      }
      // Pushed in reverse, so that the first child is the next row and `other` the last.
      if (anyHidden) {
        stack.push(-entry - 1);
        levels.push(level + 1);
      }
      for (let i = children.length - 1; i >= 0; i--) {
        stack.push(children[i]);
        levels.push(level + 1);
      }
    }
    return rows;
  }
}

/**
 * Walks one trace depth-first from its roots (by start time), adding each span to the node of
 * its call path. Spans no root reaches (a cycle made by duplicate span IDs) hang under `total`
 * like roots, so every span counts once.
 */
function addTrace({ spans, tree }: TraceInput, labelOf: Int32Array, side: number, nodes: CallPathNodes): void {
  const { parents } = tree;
  const spanCount = parents.length;
  const walk: Walk = {
    spans,
    tree,
    labelOf,
    nodes,
    values: nodes.values[side],
    selfs: nodes.selfs[side],
    nodeOf: new Int32Array(spanCount),
    visited: new Uint8Array(spanCount),
    windowStart: new Float64Array(spanCount),
    windowEnd: new Float64Array(spanCount),
    stack: new Int32Array(spanCount),
  };
  const roots: number[] = [];
  for (let span = 0; span < spanCount; span++) {
    if (parents[span] === NO_SPAN) {
      roots.push(span);
    }
  }
  roots.sort((a, b) => spans.startTime[a] - spans.startTime[b]);
  for (const root of roots) {
    walkFrom(root, walk);
  }
  for (let span = 0; span < spanCount; span++) {
    if (!walk.visited[span]) {
      walkFrom(span, walk);
    }
  }
}

interface Walk {
  spans: SpanColumns;
  tree: TimedSpanTree;
  labelOf: Int32Array;
  nodes: CallPathNodes;
  values: Float64Array;
  selfs: Float64Array;
  nodeOf: Int32Array;
  visited: Uint8Array;
  /**
   * The part of each span inside its parent's counted part, relative to the span's own start
   * (epoch milliseconds are too large to subtract without losing the sub-millisecond digits).
   */
  windowStart: Float64Array;
  windowEnd: Float64Array;
  stack: Int32Array;
}

function walkFrom(root: number, walk: Walk): void {
  const { labelOf, nodes, values, selfs, nodeOf, visited, windowStart, windowEnd, stack } = walk;
  const { startTime, duration } = walk.spans;
  const { parents, selfTimes } = walk.tree;
  const { first, order } = walk.tree;
  visited[root] = 1;
  let top = 0;
  stack[top++] = root;
  while (top > 0) {
    const span = stack[--top];
    const parent = span === root ? NO_SPAN : parents[span];
    let counted = duration[span];
    let parentNode = 0;
    if (parent === NO_SPAN) {
      windowEnd[span] = counted;
    } else {
      parentNode = nodeOf[parent];
      const offset = startTime[span] - startTime[parent];
      windowStart[span] = Math.max(0, windowStart[parent] - offset);
      windowEnd[span] = Math.min(counted, windowEnd[parent] - offset);
      counted = Math.max(0, windowEnd[span] - windowStart[span]);
    }
    const node = nodes.child(parentNode, labelOf[span]);
    nodeOf[span] = node;
    values[node] += counted;
    selfs[node] += Math.min(selfTimes[span], counted);
    if (parentNode === 0) {
      values[0] += counted;
    }
    for (let i = first[span + 1] - 1; i >= first[span]; i--) {
      const child = order[i];
      if (!visited[child]) {
        visited[child] = 1;
        stack[top++] = child;
      }
    }
  }
}
