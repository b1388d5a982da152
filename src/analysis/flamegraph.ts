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
 */
import type { SpanColumns } from '../decode/columns';
import type { SpanTree } from './self-time';
import { NO_SPAN } from './span-tree';

export const TOTAL_LABEL = 'total';

export interface TraceInput {
  spans: SpanColumns;
  tree: SpanTree;
}

/** Nested-set rows, depth-first; `values[side][row]`, one side per input trace. Milliseconds. */
export interface FlameGraphRows {
  levels: number[];
  labels: string[];
  values: number[][];
  selfs: number[][];
}

/** Node keys are `parent node × LABEL_SLOTS + label`: exact in a double while both stay below 2^26. */
const LABEL_SLOTS = 2 ** 26;

export function flameGraphRows(traces: TraceInput[]): FlameGraphRows {
  const labels = new Labels();
  const nodes = new CallPathNodes(traces.length);
  traces.forEach((trace, side) => addTrace(trace, side, labels, nodes));
  return nodes.toRows(labels.names);
}

/** Interns `service: operation` labels. Spans of one resource share strings: compare by identity first. */
class Labels {
  readonly names: string[] = [TOTAL_LABEL];
  private readonly byService = new Map<string, Map<string, number>>();
  private lastService: string | undefined;
  private operations = new Map<string, number>();

  of(service: string, operation: string): number {
    if (service !== this.lastService) {
      this.lastService = service;
      this.operations = this.byService.get(service) ?? new Map();
      this.byService.set(service, this.operations);
    }
    let label = this.operations.get(operation);
    if (label === undefined) {
      label = this.names.length;
      this.names.push(`${service}: ${operation}`);
      this.operations.set(operation, label);
    }
    return label;
  }
}

/** The call-path tree, node 0 the `total` root. Children in the order they were first met. */
class CallPathNodes {
  private readonly label: number[] = [0];
  private readonly parent: number[] = [NO_SPAN];
  private readonly firstChild: number[] = [NO_SPAN];
  private readonly lastChild: number[] = [NO_SPAN];
  private readonly nextSibling: number[] = [NO_SPAN];
  private readonly byKey = new Map<number, number>();
  readonly values: number[][];
  readonly selfs: number[][];

  constructor(sides: number) {
    this.values = Array.from({ length: sides }, () => [0]);
    this.selfs = Array.from({ length: sides }, () => [0]);
  }

  child(parent: number, label: number): number {
    const key = parent * LABEL_SLOTS + label;
    let node = this.byKey.get(key);
    if (node === undefined) {
      node = this.label.length;
      this.byKey.set(key, node);
      this.label.push(label);
      this.parent.push(parent);
      this.firstChild.push(NO_SPAN);
      this.lastChild.push(NO_SPAN);
      this.nextSibling.push(NO_SPAN);
      for (let side = 0; side < this.values.length; side++) {
        this.values[side].push(0);
        this.selfs[side].push(0);
      }
      if (this.lastChild[parent] === NO_SPAN) {
        this.firstChild[parent] = node;
      } else {
        this.nextSibling[this.lastChild[parent]] = node;
      }
      this.lastChild[parent] = node;
    }
    return node;
  }

  /** Depth-first rows; parents come before their children, so caps apply top-down. */
  toRows(labelNames: string[]): FlameGraphRows {
    const sides = this.values.length;
    const rows: FlameGraphRows = {
      levels: [],
      labels: [],
      values: Array.from({ length: sides }, () => []),
      selfs: Array.from({ length: sides }, () => []),
    };
    const cappedValue = this.values.map((values) => values.slice());
    const stack = [0];
    const levelOf = [0];
    while (stack.length) {
      const node = stack.pop()!;
      const level = levelOf.pop()!;
      rows.levels.push(level);
      rows.labels.push(labelNames[this.label[node]]);
      for (let side = 0; side < sides; side++) {
        const parent = this.parent[node];
        const value =
          parent === NO_SPAN ? cappedValue[side][node] : Math.min(cappedValue[side][node], cappedValue[side][parent]);
        cappedValue[side][node] = value;
        rows.values[side].push(value);
        rows.selfs[side].push(Math.min(this.selfs[side][node], value));
      }
      // Pushed last child first, so that the first child is the next row.
      const children: number[] = [];
      for (let child = this.firstChild[node]; child !== NO_SPAN; child = this.nextSibling[child]) {
        children.push(child);
      }
      for (let i = children.length - 1; i >= 0; i--) {
        stack.push(children[i]);
        levelOf.push(level + 1);
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
function addTrace({ spans, tree }: TraceInput, side: number, labels: Labels, nodes: CallPathNodes): void {
  const { parents, selfTimes } = tree;
  const { first, order } = tree.children;
  const { startTime, duration } = spans;
  const spanCount = parents.length;
  const nodeOf = new Int32Array(spanCount);
  const visited = new Uint8Array(spanCount);
  // The part of each span inside its parent's counted part, relative to the span's own start
  // (epoch milliseconds are too large to subtract without losing the sub-millisecond digits).
  const windowStart = new Float64Array(spanCount);
  const windowEnd = new Float64Array(spanCount);
  const values = nodes.values[side];
  const selfs = nodes.selfs[side];
  const stack: number[] = [];

  const visit = (span: number, parentNode: number) => {
    const parent = parents[span];
    if (parent === NO_SPAN || parentNode === 0) {
      windowStart[span] = 0;
      windowEnd[span] = duration[span];
    } else {
      const offset = startTime[span] - startTime[parent];
      windowStart[span] = Math.max(0, windowStart[parent] - offset);
      windowEnd[span] = Math.min(duration[span], windowEnd[parent] - offset);
    }
    const counted = Math.max(0, windowEnd[span] - windowStart[span]);
    const node = nodes.child(parentNode, labels.of(spans.serviceName[span], spans.operationName[span]));
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
        stack.push(child);
      }
    }
  };
  const walkFrom = (root: number) => {
    visited[root] = 1;
    visit(root, 0);
    while (stack.length) {
      const span = stack.pop()!;
      visit(span, nodeOf[parents[span]]);
    }
  };

  const roots: number[] = [];
  for (let span = 0; span < spanCount; span++) {
    if (parents[span] === NO_SPAN) {
      roots.push(span);
    }
  }
  roots.sort((a, b) => startTime[a] - startTime[b]);
  roots.forEach(walkFrom);
  for (let span = 0; span < spanCount; span++) {
    if (!visited[span]) {
      walkFrom(span);
    }
  }
}
