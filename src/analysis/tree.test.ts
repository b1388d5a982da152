import { columnsOf } from '../../tests/support/span-columns';
import { emptyColumns } from '../decode/columns';
import { hasMissingParent, NO_SPAN, spanTree } from './tree';
import { traceWarnings } from './warnings';

describe('spanTree', () => {
  it('gives parents, children by start time and a breadth-first order', () => {
    const spans = columnsOf([
      { id: '0000000000000001', start: 0, duration: 10 },
      { id: '0000000000000003', parent: '0000000000000001', start: 5, duration: 1 },
      { id: '0000000000000002', parent: '0000000000000001', start: 1, duration: 1 },
      { id: '0000000000000004', parent: '0000000000000002', start: 1, duration: 1 },
    ]);
    const tree = spanTree(spans);
    expect(Array.from(tree.parents)).toEqual([NO_SPAN, 0, 0, 2]);
    expect(Array.from(tree.order.subarray(tree.first[0], tree.first[1]))).toEqual([2, 1]);
    expect(Array.from(tree.breadthFirst)).toEqual([0, 2, 1, 3]);
  });

  it('cuts a loop of parents, so that every span is reached once', () => {
    const spans = columnsOf([
      { id: '0000000000000001', start: 0, duration: 10 },
      { id: '000000000000000a', parent: '000000000000000b', start: 1, duration: 1 },
      { id: '000000000000000b', parent: '000000000000000a', start: 2, duration: 1 },
      { id: '000000000000000c', parent: '000000000000000b', start: 3, duration: 1 },
    ]);
    const tree = spanTree(spans);
    expect([...tree.breadthFirst].sort()).toEqual([0, 1, 2, 3]);
    expect(Array.from(tree.parents)).toEqual([NO_SPAN, NO_SPAN, 1, 2]);
    // A cut loop is not a missing parent: the parent is there.
    expect(hasMissingParent(spans, tree, 1)).toBe(false);
    expect(traceWarnings(spans, tree).warnings).toEqual([
      undefined,
      ['Its parent span 000000000000000b is also one of its descendants: the parent links form a loop.'],
      undefined,
      undefined,
    ]);
  });

  it('puts a child of a shared span ID under the span of its own service', () => {
    const spans = columnsOf([
      { id: '00000000000000a1', service: 'front', start: 0, duration: 10 },
      { id: '00000000000000b2', parent: '00000000000000a1', service: 'api', start: 2, duration: 6 },
      { id: '00000000000000b2', parent: '00000000000000a1', service: 'front', start: 1, duration: 8 },
      { id: '00000000000000c3', parent: '00000000000000b2', service: 'api', start: 3, duration: 1 },
    ]);
    const tree = spanTree(spans);
    expect(tree.parents[3]).toBe(1);
    expect(tree.duplicateIds).toEqual(new Map([['00000000000000b2', [1, 2]]]));
  });

  it('handles a trace without spans', () => {
    const tree = spanTree(emptyColumns());
    expect(tree.breadthFirst).toHaveLength(0);
  });
});
