/**
 * A trace too big for Grafana's trace view, reduced to at most `budget` rows without cutting it
 * short: every error span and its ancestors, the critical path, then the spans nearest the root
 * first. The rest is folded, whole subtrees at a time, into summary rows: one per (kept parent,
 * service, operation) of the folded subtrees' top spans. Every span is either kept or counted in
 * exactly one summary, summaries count toward the budget, and every kept span's parent is kept.
 *
 * Rows are counted exactly while spans are added: keeping span `s` adds its row, takes it out of
 * its summary (which disappears with its last member) and opens a summary per (service,
 * operation) among its children.
 */
import { finishSteps, STATUS_CODE_ERROR, type SpanColumns } from '../decode/columns';
import { criticalPathSpansSteps } from './critical-path';
import { rangeSteps, WALKS_PER_STEP } from './pass-steps';
import { NO_SPAN, type SpanTree } from './tree';

export interface FoldedSummary {
  /** The kept parent's row, or `NO_SPAN` for folded roots. */
  parent: number;
  /** The first folded top span: the summary takes its service, operation, resource and kind. */
  firstTop: number;
  /** Folded top spans. */
  tops: number;
  /** Every span in the folded subtrees. */
  spans: number;
  errors: number;
  /** Sum of the top spans' durations. */
  totalMs: number;
  start: number;
  end: number;
}

export interface Reduction {
  /** Kept spans' rows, ascending. */
  kept: Int32Array;
  summaries: FoldedSummary[];
  /** Error spans that did not fit in the budget (their count is in the summaries' errors). */
  errorsLeftOut: number;
}

export function reduceTrace(spans: SpanColumns, tree: SpanTree, budget: number): Reduction {
  return finishSteps(reduceTraceSteps(spans, tree, budget));
}

/** The same reduction, pausing within its passes (see trace-result.ts and pass-steps.ts). */
export function* reduceTraceSteps(
  spans: SpanColumns,
  tree: SpanTree,
  budget: number
): Generator<void, Reduction, void> {
  const reducer = new Reducer(spans, tree);
  const errors = yield* errorSpansByDepth(spans, tree);
  let errorsLeftOut = 0;
  yield* rangeSteps(
    errors.length,
    (from, to) => {
      for (let i = from; i < to; i++) {
        if (!reducer.keepWithAncestors(errors[i], budget)) {
          errorsLeftOut++;
        }
      }
    },
    WALKS_PER_STEP
  );
  yield;
  const criticalPath = yield* criticalPathSpansSteps(spans, tree);
  yield;
  yield* rangeSteps(
    criticalPath.length,
    (from, to) => {
      for (let i = from; i < to; i++) {
        reducer.keepWithAncestors(criticalPath[i], budget);
      }
    },
    WALKS_PER_STEP
  );
  const { breadthFirst } = tree;
  yield* rangeSteps(breadthFirst.length, (from, to) => {
    for (let i = from; i < to; i++) {
      reducer.keepIfItFits(breadthFirst[i], budget);
    }
  });
  yield;
  const kept = yield* reducer.keptRows();
  yield;
  return { kept, summaries: yield* reducer.summaries(), errorsLeftOut };
}

/** Error spans, the shallowest first: if not all of them fit, the ones nearest the root do. */
function* errorSpansByDepth(spans: SpanColumns, tree: SpanTree): Generator<void, number[], void> {
  const errors: number[] = [];
  const { breadthFirst } = tree;
  const { statusCode } = spans;
  yield* rangeSteps(breadthFirst.length, (from, to) => {
    for (let i = from; i < to; i++) {
      const span = breadthFirst[i];
      if (statusCode[span] === STATUS_CODE_ERROR) {
        errors.push(span);
      }
    }
  });
  return errors;
}

class Reducer {
  private readonly count: number;
  /** Row `count` stands for the virtual parent of all roots: it is always kept. */
  private readonly kept: Uint8Array;
  private readonly groupOf: Int32Array;
  private readonly groupRemaining: number[] = [];
  private readonly groupParent: number[] = [];
  private rows = 0;
  private readonly roots: Int32Array;
  private readonly serviceIds = new Map<string, number>();
  private readonly operationIds = new Map<string, number>();

  constructor(
    private readonly spans: SpanColumns,
    private readonly tree: SpanTree
  ) {
    this.count = tree.parents.length;
    this.kept = new Uint8Array(this.count + 1);
    this.kept[this.count] = 1;
    this.groupOf = new Int32Array(this.count).fill(NO_SPAN);
    // The breadth-first order starts with the roots.
    let roots = 0;
    while (roots < tree.breadthFirst.length && tree.parents[tree.breadthFirst[roots]] === NO_SPAN) {
      roots++;
    }
    this.roots = tree.breadthFirst.subarray(0, roots);
    this.open(this.count, this.groupsOfChildren(this.count));
  }

  /** Keeps the span and its ancestors if all fit (counting the summaries they open and empty); false if not. */
  keepWithAncestors(span: number, budget: number): boolean {
    const chain: number[] = [];
    for (let at = span; at !== NO_SPAN && !this.kept[at]; at = this.tree.parents[at]) {
      chain.push(at);
    }
    // Each ancestor in the chain costs a row at least (it opens a summary for the child below it),
    // so a chain that cannot fit is refused before its children are grouped: once the budget is
    // full, most are.
    if (this.rows + chain.length - 1 + (this.hasChildren(span) ? 1 : 0) > budget) {
      return false;
    }
    const groups = chain.map((at) => this.groupsOfChildren(at));
    let cost = 0;
    for (let i = chain.length - 1; i >= 0; i--) {
      const at = chain[i];
      const emptiesGroup =
        i === chain.length - 1 ? this.groupRemaining[this.groupOf[at]] === 1 : this.groupSize(groups[i + 1], at) === 1;
      cost += 1 - (emptiesGroup ? 1 : 0) + groups[i].distinct;
    }
    if (this.rows + cost > budget) {
      return false;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      this.keep(chain[i], groups[i]);
    }
    return true;
  }

  /** Keeps a span whose parent is kept, if the rows stay within the budget. */
  keepIfItFits(span: number, budget: number): void {
    if (this.kept[span] || !this.kept[this.parentRow(span)]) {
      return;
    }
    const emptiesGroup = this.groupRemaining[this.groupOf[span]] === 1 ? 1 : 0;
    // A span with children opens one summary at least: refused before they are grouped.
    if (this.rows + 1 - emptiesGroup + (this.hasChildren(span) ? 1 : 0) > budget) {
      return;
    }
    const groups = this.groupsOfChildren(span);
    if (this.rows + 1 - emptiesGroup + groups.distinct <= budget) {
      this.keep(span, groups);
    }
  }

  *keptRows(): Generator<void, Int32Array, void> {
    const { kept } = this;
    const rows = new Int32Array(this.count);
    let length = 0;
    yield* rangeSteps(this.count, (from, to) => {
      for (let span = from; span < to; span++) {
        if (kept[span]) {
          rows[length++] = span;
        }
      }
    });
    return rows.slice(0, length);
  }

  *summaries(): Generator<void, FoldedSummary[], void> {
    const { spans, tree } = this;
    const { breadthFirst, parents } = tree;
    const { statusCode } = spans;
    const subtreeSpans = new Int32Array(this.count).fill(1);
    const subtreeErrors = new Int32Array(this.count);
    // Children before parents: the breadth-first order read backwards, one range at a time.
    const last = breadthFirst.length - 1;
    yield* rangeSteps(breadthFirst.length, (from, to) => {
      for (let i = last - from; i > last - to; i--) {
        const span = breadthFirst[i];
        if (statusCode[span] === STATUS_CODE_ERROR) {
          subtreeErrors[span]++;
        }
        const parent = parents[span];
        if (parent !== NO_SPAN) {
          subtreeSpans[parent] += subtreeSpans[span];
          subtreeErrors[parent] += subtreeErrors[span];
        }
      }
    });
    const byGroup = new Map<number, FoldedSummary>();
    const summaries: FoldedSummary[] = [];
    yield* rangeSteps(breadthFirst.length, (from, to) => {
      for (let i = from; i < to; i++) {
        this.addToSummary(breadthFirst[i], byGroup, summaries, subtreeSpans, subtreeErrors);
      }
    });
    return summaries;
  }

  /** Counts a folded top span (not kept, its parent kept) in its summary. */
  private addToSummary(
    span: number,
    byGroup: Map<number, FoldedSummary>,
    summaries: FoldedSummary[],
    subtreeSpans: Int32Array,
    subtreeErrors: Int32Array
  ): void {
    const { spans } = this;
    const group = this.groupOf[span];
    if (this.kept[span] || group === NO_SPAN) {
      return;
    }
    const start = spans.startTime[span];
    const end = start + Math.max(spans.duration[span], 0);
    let summary = byGroup.get(group);
    if (!summary) {
      const parent = this.groupParent[group];
      summary = {
        parent: parent === this.count ? NO_SPAN : parent,
        firstTop: span,
        tops: 0,
        spans: 0,
        errors: 0,
        totalMs: 0,
        start,
        end,
      };
      byGroup.set(group, summary);
      summaries.push(summary);
    }
    summary.tops++;
    summary.spans += subtreeSpans[span];
    summary.errors += subtreeErrors[span];
    summary.totalMs += spans.duration[span];
    summary.start = Math.min(summary.start, start);
    summary.end = Math.max(summary.end, end);
  }

  private hasChildren(span: number): boolean {
    return this.tree.first[span + 1] > this.tree.first[span];
  }

  private parentRow(span: number): number {
    const parent = this.tree.parents[span];
    return parent === NO_SPAN ? this.count : parent;
  }

  private keep(span: number, groups: ChildGroups): void {
    const group = this.groupOf[span];
    if (--this.groupRemaining[group] === 0) {
      this.rows--;
    }
    this.kept[span] = 1;
    this.rows++;
    this.open(span, groups);
  }

  /** Puts the children of a newly kept span into their summaries. */
  private open(span: number, groups: ChildGroups): void {
    const firstGroup = this.groupRemaining.length;
    for (let g = 0; g < groups.distinct; g++) {
      this.groupRemaining.push(0);
      this.groupParent.push(span);
    }
    for (let i = 0; i < groups.children.length; i++) {
      const group = firstGroup + groups.groupOfChild[i];
      this.groupOf[groups.children[i]] = group;
      this.groupRemaining[group]++;
    }
    this.rows += groups.distinct;
  }

  private groupsOfChildren(span: number): ChildGroups {
    const { tree } = this;
    const children = span === this.count ? this.roots : tree.order.subarray(tree.first[span], tree.first[span + 1]);
    // Most spans are leaves or have one child: no map for those.
    if (children.length <= 1) {
      return children.length === 0 ? NO_CHILDREN : { children, groupOfChild: ONE_GROUP, distinct: 1 };
    }
    const groupOfChild = new Int32Array(children.length);
    const byKey = new Map<number, number>();
    const sizes: number[] = [];
    for (let i = 0; i < children.length; i++) {
      const key = this.groupKey(children[i]);
      let group = byKey.get(key);
      if (group === undefined) {
        group = sizes.length;
        byKey.set(key, group);
        sizes.push(0);
      }
      sizes[group]++;
      groupOfChild[i] = group;
    }
    return { children, groupOfChild, distinct: sizes.length, byKey, sizes };
  }

  /** How many of the span's siblings (itself included) share its summary. */
  private groupSize(siblings: ChildGroups, span: number): number {
    return siblings.byKey && siblings.sizes ? siblings.sizes[siblings.byKey.get(this.groupKey(span))!] : 1;
  }

  /** Service and operation as one number (services and operations numbered as met). */
  private groupKey(span: number): number {
    return (
      this.idOf(this.serviceIds, this.spans.serviceName[span]) * 0x4000000 +
      this.idOf(this.operationIds, this.spans.operationName[span])
    );
  }

  private idOf(ids: Map<string, number>, name: string): number {
    let id = ids.get(name);
    if (id === undefined) {
      id = ids.size;
      ids.set(name, id);
    }
    return id;
  }
}

const NO_CHILDREN: ChildGroups = { children: new Int32Array(0), groupOfChild: new Int32Array(0), distinct: 0 };
const ONE_GROUP = new Int32Array(1);

interface ChildGroups {
  children: Int32Array;
  /** For each child, its group among the span's children (0 … distinct - 1). */
  groupOfChild: Int32Array;
  distinct: number;
  /** Group by service-and-operation key, and each group's size; absent for one child or none. */
  byKey?: Map<number, number>;
  sizes?: number[];
}
