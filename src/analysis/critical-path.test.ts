/**
 * The critical path by the contract of Jaeger UI's `computeCriticalPath` (which Grafana's trace
 * view ports): last-finishing children first, walking back from each child's start; children
 * clipped to their parent; children outside their parent and FOLLOWS_FROM children left out.
 */
import { columnsOf, type SpanSpec } from '../../tests/support/span-columns';
import { criticalPathSpans } from './critical-path';
import { spanTree } from './tree';

const id = (n: number) => n.toString(16).padStart(16, '0');

function pathOf(specs: Array<Omit<SpanSpec, 'id' | 'parent'> & { id: number; parent?: number }>): number[] {
  const spans = columnsOf(
    specs.map((spec) => ({ ...spec, id: id(spec.id), parent: spec.parent === undefined ? undefined : id(spec.parent) }))
  );
  return criticalPathSpans(spans, spanTree(spans)).map((row) => specs[row].id);
}

describe('criticalPathSpans', () => {
  it('takes the last-finishing child, then the one that finished before it started', () => {
    //  |-------------1 (0–100)--------------|
    //     |--2 (10–40)--|   |--3 (50–90)--|
    expect(
      pathOf([
        { id: 1, start: 0, duration: 100 },
        { id: 2, parent: 1, start: 10, duration: 30 },
        { id: 3, parent: 1, start: 50, duration: 40 },
      ])
    ).toEqual([1, 3, 2]);
  });

  it('goes down into children and back up, leaving out a child hidden behind a later one', () => {
    expect(
      pathOf([
        { id: 1, start: 0, duration: 100 },
        { id: 2, parent: 1, start: 10, duration: 80 },
        { id: 3, parent: 2, start: 20, duration: 10 },
        { id: 4, parent: 2, start: 60, duration: 20 },
        { id: 5, parent: 1, start: 5, duration: 3 },
        // Ends after 2 starts: 2 blocks instead, so 6 is not on the path.
        { id: 6, parent: 1, start: 12, duration: 3 },
      ])
    ).toEqual([1, 2, 4, 3, 5]);
  });

  it('clips a child that outlives its parent, and leaves out children outside it or following from it', () => {
    expect(
      pathOf([
        { id: 1, start: 0, duration: 100 },
        { id: 2, parent: 1, start: 50, duration: 100 },
        { id: 3, parent: 1, start: 120, duration: 10 },
        {
          id: 4,
          parent: 1,
          start: 10,
          duration: 35,
          references: [{ spanID: id(1), refType: 'FOLLOWS_FROM' }],
        },
      ])
      // 2, clipped to 50–100, ends with 1: the walk meets 1's own section (0–50) after 2's.
    ).toEqual([2, 1]);
  });

  it('follows each root of a trace with missing parents', () => {
    expect(
      pathOf([
        { id: 1, start: 0, duration: 10 },
        { id: 2, parent: 99, start: 20, duration: 10 },
        { id: 3, parent: 2, start: 22, duration: 5 },
      ])
    ).toEqual([1, 2, 3]);
  });
});
