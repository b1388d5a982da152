import fs from 'fs';
import path from 'path';

import { columnsOf, JAEGER_UI_STATISTICS_DIR, readJaegerUiStatisticsTrace } from '../../tests/support/jaeger-trace';
import { timedSpanTree } from './self-time';
import { type OperationStatistics, traceStatistics } from './statistics';

const JAEGER_FILES = fs.readdirSync(JAEGER_UI_STATISTICS_DIR).filter((file) => file.endsWith('.json'));

const µs = (ms: number) => Math.round(ms * 1000);
/** Milliseconds to two decimals, as Jaeger UI's table shows them, rounded from whole microseconds. */
const jaegerMs = (ms: number) => Math.round(µs(ms) / 10) / 100;

function statisticsOf(file: string) {
  const spans = readJaegerUiStatisticsTrace(file);
  return traceStatistics(spans, timedSpanTree(spans));
}

function rowOf(rows: OperationStatistics[], service: string, operation: string): OperationStatistics {
  const row = rows.find((r) => r.service === service && r.operation === operation);
  if (!row) {
    throw new Error(`no row for ${service} / ${operation}`);
  }
  return row;
}

function serviceSelf(rows: OperationStatistics[], service: string): number {
  return rows.filter((row) => row.service === service).reduce((sum, row) => sum + row.selfTotal, 0);
}

/**
 * Self time the slow, obvious way, straight from the Jaeger JSON in whole microseconds: mark
 * every microsecond of the span that some child covers, count the rest.
 */
function selfTimesByCounting(file: string): Map<string, number> {
  const { spans } = JSON.parse(fs.readFileSync(path.join(JAEGER_UI_STATISTICS_DIR, file), 'utf8'));
  const parentOf = (span: { references?: Array<{ refType: string; spanID: string }> }) =>
    (
      span.references?.find((r) => r.refType === 'CHILD_OF') ??
      span.references?.find((r) => r.refType === 'FOLLOWS_FROM')
    )?.spanID;
  const result = new Map<string, number>();
  spans.forEach((parent: { spanID: string; startTime: number; duration: number }, index: number) => {
    const covered = new Uint8Array(parent.duration);
    for (const child of spans) {
      // A child hangs under the last span with its parent's ID (duplicate IDs).
      const lastWithId = spans.map((s: { spanID: string }) => s.spanID).lastIndexOf(parentOf(child));
      if (lastWithId !== index || child === parent) {
        continue;
      }
      const from = Math.max(child.startTime, parent.startTime);
      const to = Math.min(child.startTime + child.duration, parent.startTime + parent.duration);
      for (let t = from; t < to; t++) {
        covered[t - parent.startTime] = 1;
      }
    }
    result.set(`${index}`, parent.duration - covered.reduce((sum, c) => sum + c, 0));
  });
  return result;
}

describe('self time agrees with Jaeger UI on its Trace Statistics test traces', () => {
  it.each(JAEGER_FILES)('%s: every span, to the microsecond', (file) => {
    const spans = readJaegerUiStatisticsTrace(file);
    const { selfTimes } = timedSpanTree(spans);
    const expected = selfTimesByCounting(file);
    expect(Array.from(selfTimes, µs)).toEqual([...expected.values()]);
    // And the table's rows add up the spans' self times.
    const { rows, selfTotal } = traceStatistics(spans, timedSpanTree(spans));
    const sum = [...expected.values()].reduce((a, b) => a + b, 0);
    expect(µs(selfTotal)).toBe(sum);
    expect(µs(rows.reduce((total, row) => total + row.selfTotal, 0))).toBe(sum);
  });

  it('has every trace Jaeger UI tests with (none skipped)', () => {
    expect(JAEGER_FILES).toHaveLength(14);
  });

  // Jaeger UI's tableValues.test.js, "get values two dropdowns are selected (Service Name, Operation Name)".
  it('testTraceNormal.json: the values of Jaeger UI’s table', () => {
    const { rows, selfTotal } = statisticsOf('testTraceNormal.json');
    const shown = (row: OperationStatistics) => ({
      count: row.spans,
      total: jaegerMs(row.total),
      avg: jaegerMs(row.total / row.spans),
      min: jaegerMs(row.min),
      max: jaegerMs(row.max),
      selfTotal: jaegerMs(row.selfTotal),
      selfAvg: jaegerMs(row.selfTotal / row.spans),
      percent: Math.round((10000 * row.selfTotal) / selfTotal) / 100,
    });
    expect(shown(rowOf(rows, 'api-gateway', 'GET /api/customer/owners/8/pets/10'))).toEqual({
      count: 1, total: 4.9, avg: 4.9, min: 4.9, max: 4.9, selfTotal: 2.4, selfAvg: 2.4, percent: 49.02,
    }); // prettier-ignore
    expect(shown(rowOf(rows, 'api-gateway', 'GET /owners/8/pets/10'))).toEqual({
      count: 1, total: 2.5, avg: 2.5, min: 2.5, max: 2.5, selfTotal: 0.76, selfAvg: 0.76, percent: 15.5,
    }); // prettier-ignore
    expect(shown(rowOf(rows, 'customers-service', 'GET /owners/8/pets/10'))).toEqual({
      count: 1, total: 1.74, avg: 1.74, min: 1.74, max: 1.74, selfTotal: 1.67, selfAvg: 1.67, percent: 33.99,
    }); // prettier-ignore
    // Jaeger UI rounds the average half up from 0.0365: 0.04.
    expect(shown(rowOf(rows, 'customers-service', 'HikariProxyPreparedStatement.executeQuery'))).toEqual({
      count: 2, total: 0.07, avg: 0.04, min: 0.02, max: 0.05, selfTotal: 0.07, selfAvg: 0.04, percent: 1.49,
    }); // prettier-ignore
    // The service rows of Jaeger UI's table: 3.16 ms (64.52 %) and 1.74 ms (35.48 %).
    expect(jaegerMs(serviceSelf(rows, 'api-gateway'))).toBe(3.16);
    expect(jaegerMs(serviceSelf(rows, 'customers-service'))).toBe(1.74);
    // Largest self time first.
    expect(rows.map((row) => `${row.service} ${row.operation}`)).toEqual([
      'api-gateway GET /api/customer/owners/8/pets/10',
      'customers-service GET /owners/8/pets/10',
      'api-gateway GET /owners/8/pets/10',
      'customers-service HikariProxyPreparedStatement.executeQuery',
    ]);
  });

  // Jaeger UI's tableValues.test.js, "check self time".
  it.each([
    ['spansAmongEachOther.json', 'customers-service', 'GET /owners', 1.67],
    ['spansAmongEachOtherGrouped.json', 'customers-service', 'GET /owners', 1.63],
    ['spanAmongEachOtherGroupedAndSpans.json', 'customers-service', 'GET /owners', 1.56],
    ['spanLongerAsParent.json', 'api-gateway', 'GET /owners/8/pets/10', 1.22],
  ])('%s: self time of %s %s is %p ms', (file, service, operation, expected) => {
    expect(jaegerMs(rowOf(statisticsOf(file).rows, service, operation).selfTotal)).toBe(expected);
  });

  it.each([
    ['traceWithOverlappingChildrenLongerThanParent.json', 0.03],
    ['traceWithTwoNonOverlappingChildren.json', 0.03],
    ['traceWithOverlappingChildren.json', 0],
    ['traceWithSingleChildLongerThanParentAndStartsAfterParent.json', 0.04],
    ['traceWithThreeShortChildren.json', 0.01],
    ['traceWithTwoChildrenStartedAtTraceStart.json', 0],
  ])('%s: self time of service-one is %p ms', (file, expected) => {
    expect(jaegerMs(serviceSelf(statisticsOf(file).rows, 'service-one'))).toBe(expected);
  });
});

describe('statistics of hand-built traces', () => {
  it('counts error spans per service and operation', () => {
    const spans = columnsOf([
      ['a', undefined, 'web', 'GET /', 0, 100],
      ['b', 'a', 'db', 'query', 10, 20, true],
      ['c', 'a', 'db', 'query', 40, 20],
      ['d', 'a', 'db', 'query', 70, 20, true],
    ]);
    const { rows } = traceStatistics(spans, timedSpanTree(spans));
    expect(
      rows.map((row) => [row.service, row.operation, row.spans, row.errors, µs(row.total), µs(row.selfTotal)])
    ).toEqual([
      ['db', 'query', 3, 2, 60, 60],
      ['web', 'GET /', 1, 0, 100, 40],
    ]);
  });

  it('a span whose parent is missing counts whole, and does not cut its would-be parent', () => {
    const spans = columnsOf([
      ['a', undefined, 'web', 'GET /', 0, 100],
      ['b', 'not-in-trace', 'worker', 'job', 10, 50],
    ]);
    const { rows, selfTotal } = traceStatistics(spans, timedSpanTree(spans));
    expect(rows.map((row) => [row.operation, µs(row.selfTotal)])).toEqual([
      ['GET /', 100],
      ['job', 50],
    ]);
    expect(µs(selfTotal)).toBe(150);
  });

  it('duplicate span IDs: both spans count, children hang under the last one, a self-parent is a root', () => {
    const spans = columnsOf([
      ['a', undefined, 'web', 'first a', 0, 100],
      ['a', undefined, 'web', 'second a', 0, 100],
      ['b', 'a', 'db', 'query', 10, 30],
      ['c', 'c', 'db', 'own parent', 200, 5],
    ]);
    const { rows } = traceStatistics(spans, timedSpanTree(spans));
    expect(rows.map((row) => [row.operation, row.spans, µs(row.selfTotal)])).toEqual([
      ['first a', 1, 100],
      ['second a', 1, 70],
      ['query', 1, 30],
      ['own parent', 1, 5],
    ]);
  });

  it('sorts by self time, largest first, and keeps min and max', () => {
    const spans = columnsOf([
      ['a', undefined, 'web', 'root', 0, 1000],
      ['b', 'a', 'api', 'call', 0, 100],
      ['c', 'a', 'api', 'call', 100, 300],
      ['d', 'a', 'cache', 'get', 400, 500],
    ]);
    const { rows } = traceStatistics(spans, timedSpanTree(spans));
    expect(rows.map((row) => row.operation)).toEqual(['get', 'call', 'root']);
    const call = rowOf(rows, 'api', 'call');
    expect([µs(call.min), µs(call.max), µs(call.total)]).toEqual([100, 300, 400]);
  });
});
