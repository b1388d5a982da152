import { columnsOf } from '../../tests/support/span-columns';
import { filterSpans } from '../analysis/filter';
import { traceView } from '../analysis/trace-view';
import { spanTree } from '../analysis/tree';
import { STATUS_CODE_ERROR } from '../decode/columns';
import { compileSpanFilter, filterMayReadSpanTags, SpanFilterError } from './evaluate';

const spans = columnsOf([
  {
    id: '0000000000000001',
    service: 'front',
    name: 'GET /',
    kind: 'server',
    start: 0,
    duration: 120,
    tags: { 'http.status_code': 200 },
    resource: { 'deployment.environment': 'prod' },
  },
  {
    id: '0000000000000002',
    parent: '0000000000000001',
    service: 'enricher-3',
    name: 'enrich',
    kind: 'client',
    start: 5,
    duration: 60,
    status: STATUS_CODE_ERROR,
    statusMessage: 'boom',
    tags: { 'http.status_code': 500, retry: true, ratio: 0.5 },
  },
  {
    id: '0000000000000003',
    parent: '0000000000000002',
    service: 'enricher-3',
    name: 'enrich-db',
    start: 10,
    duration: 10,
    tags: { 'db.system': 'postgresql' },
  },
  {
    id: '0000000000000004',
    parent: '0000000000000001',
    service: 'cache',
    name: 'GET',
    kind: 'client',
    start: 80,
    duration: 2,
    status: 1,
    resource: { 'service.namespace': 'shop' },
  },
]);

/** The last digit of the IDs of the spans the filter matches. */
function matching(filter: string): number[] {
  const matches = compileSpanFilter(filter, spans);
  return spans.spanID.flatMap((id, row) => (matches(row) ? [Number(id.slice(-1))] : []));
}

describe('compileSpanFilter', () => {
  it.each([
    ['{ name = "enrich" }', [2]],
    ['{ name != "enrich" }', [1, 3, 4]],
    ['{ span:name = "enrich" }', [2]],
    ['{ duration > 50ms }', [1, 2]],
    ['{ duration >= 60ms }', [1, 2]],
    ['{ duration < 10ms }', [4]],
    ['{ duration <= 0.01s }', [3, 4]],
    ['{ 50ms < duration }', [1, 2]],
    ['{ status = error }', [2]],
    ['{ status != error }', [1, 3, 4]],
    ['{ status = ok }', [4]],
    ['{ status = unset }', [1, 3]],
    ['{ kind = client }', [2, 4]],
    ['{ statusMessage = "boom" }', [2]],
    ['{ span.http.status_code >= 500 }', [2]],
    ['{ span.http.status_code < 500 }', [1]],
    ['{ resource.service.name = "enricher-3" && duration > 50ms }', [2]],
    ['{ resource.service.name =~ "enricher-.*" }', [2, 3]],
    ['{ resource.service.name !~ "enricher-.*" }', [1, 4]],
    ['{ resource.service.namespace = "shop" }', [4]],
    ['{ name =~ "enr" }', []],
    ['{ name =~ "(?i)ENRICH" }', [2]],
    ['{ .db.system = "postgresql" }', [3]],
    ['{ .deployment.environment = "prod" }', [1]],
    ['{ span.deployment.environment = "prod" }', []],
    ['{ .retry = true }', [2]],
    ['{ .ratio > 0.4 }', [2]],
    ['{ (name = "GET" || name = "GET /") && kind = server }', [1]],
    ['{ name = "GET" || name = "GET /" && kind = server }', [1, 4]],
    ['{ !(kind = client) }', [1, 3]],
    ['{ span.db.system != nil }', [3]],
    ['{ .http.status_code = nil }', [3, 4]],
    ['status = error', [2]],
    ['{}', [1, 2, 3, 4]],
    ['{ true }', [1, 2, 3, 4]],
    ['{ name = "nothing" }', []],
  ])('%s matches spans %j', (filter, expected) => {
    expect(matching(filter)).toEqual(expected);
  });

  it.each([
    ['{ status = error', 'The span filter { status = error is not valid TraceQL: Incomplete query'],
    ['{ .a = 1 } && { .b = 2 }', 'is not one { … } of span conditions'],
    ['{ .a = 1 } | count() > 2', 'is not one { … } of span conditions'],
    ['{ event.name = "x" }', 'cannot evaluate event.name: event. attributes are not supported here'],
    ['{ rootName = "x" }', 'cannot evaluate rootName'],
    ['{ duration > 5 }', 'cannot compare duration with 5 in "duration > 5": duration takes duration values'],
    ['{ .a > .b }', 'cannot evaluate ".a > .b": compare one field with one value'],
    ['{ status > error }', 'cannot evaluate "status > error": status values only go with = and !='],
    ['{ name =~ "(" }', 'regular expression in "name =~ "("" is not valid'],
    ['{ .a = $var }', "The span filter's variable $var has no value here"],
  ])('refuses %s, naming the part', (filter, message) => {
    expect(() => compileSpanFilter(filter, spans)).toThrow(SpanFilterError);
    expect(() => compileSpanFilter(filter, spans)).toThrow(message);
  });
});

describe('a filtered trace view', () => {
  it('holds the matching spans and all their ancestors, and says how many of each', () => {
    const view = traceView({ spans }, { spanFilter: '{ name = "enrich-db" }' });
    expect(view.spans.spanID).toEqual(['0000000000000001', '0000000000000002', '0000000000000003']);
    expect(view.notices).toEqual(['Showing 1 of 4 spans matching { name = "enrich-db" }, with their 2 ancestors.']);
    expect(view.warnings).toHaveLength(3);
  });

  it('is an empty trace with the notice when nothing matches, not an error', () => {
    const view = traceView({ spans }, { spanFilter: '{ name = "nothing" }' });
    expect(view.spans.spanID).toEqual([]);
    expect(view.notices).toEqual(['Showing 0 of 4 spans matching { name = "nothing" }.']);
  });

  it('keeps each ancestor once however many of its descendants match', () => {
    const { rows, matches } = filterSpans(spanTree(spans), compileSpanFilter('{ kind != server }', spans));
    expect(matches).toBe(3);
    expect(Array.from(rows)).toEqual([0, 1, 2, 3]);
  });
});

describe('filterMayReadSpanTags', () => {
  it.each([
    ['{ span.http.method = "GET" }', true],
    ['{ .http.method = "GET" }', true],
    ['.http.method = "GET"', true],
    ['{ span."with space" = 1 }', true],
    ['{ (name = "a" || .b = 1) }', true],
    ['{ name = "GET.x" }', false],
    ['{ name = "a .x" }', true],
    ['{ resource.service.name = "api" && duration > 1.5ms }', false],
    ['{ status = error && kind = server }', false],
  ])('%s: %s', (filter, reads) => {
    expect(filterMayReadSpanTags(filter)).toBe(reads);
  });
});
