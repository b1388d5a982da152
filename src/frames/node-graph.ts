/**
 * A trace as a service graph for Grafana's node graph panel: a nodes frame (one node per
 * service) and an edges frame (one edge per calling relationship between two services), with
 * the field names of `NodeGraphDataFrameFieldNames`.
 *
 * Unlike Grafana's Tempo data source, which draws one node per span, spans are grouped by
 * service. An edge A → B means a span of service A has a child span of service B. A parent and
 * child of the same service make no edge (no self-loops): that is work inside the service, and
 * it already counts in the service's total and self time.
 *
 * Everything is computed from the span columns with typed arrays, without an object per span:
 * traces reach hundreds of thousands of spans.
 */
import {
  type DataFrame,
  type FieldConfig,
  FieldColorModeId,
  FieldType,
  NodeGraphDataFrameFieldNames as Fields,
} from '@grafana/data';

import { serviceNamespaceOf } from '../analysis/namespace';
import { type TimedSpanTree, timedSpanTree } from '../analysis/self-time';
import { NO_SPAN } from '../analysis/tree';
import { STATUS_CODE_ERROR, type SpanColumns } from '../decode/columns';
import { field } from './fields';

/** `tree` is passed when other views of the same trace have computed it already. */
export function nodeGraphFrames(
  spans: SpanColumns,
  refId?: string,
  tree: TimedSpanTree = timedSpanTree(spans)
): [DataFrame, DataFrame] {
  const services = serviceIndexes(spans);
  const stats = serviceStats(spans, services, tree.parents, tree.selfTimes);
  const names = services.names;
  const { edges } = stats;
  const meta = { preferredVisualisationType: 'nodeGraph' as const };
  const nodesFrame: DataFrame = {
    name: 'Nodes',
    refId,
    length: names.length,
    meta,
    fields: [
      field(Fields.id, FieldType.string, names),
      field(Fields.title, FieldType.string, names, { displayName: 'Service' }),
      field(Fields.subTitle, FieldType.string, services.namespaces, { displayName: 'Namespace' }),
      field(Fields.mainStat, FieldType.number, stats.totalTime, { displayName: 'Total time', unit: 'ms' }),
      field(Fields.secondaryStat, FieldType.number, stats.selfTime, { displayName: 'Self time', unit: 'ms' }),
      field(Fields.arc + 'success', FieldType.number, stats.successRatio, arcConfig('Success', 'green')),
      field(Fields.arc + 'errors', FieldType.number, stats.errorRatio, arcConfig('Errors', 'red')),
      field(Fields.detail + 'span_count', FieldType.number, stats.spans, { displayName: 'Spans' }),
      field(Fields.detail + 'error_count', FieldType.number, stats.errors, { displayName: 'Error spans' }),
    ],
  };
  const sources = edges.source.map((source) => names[source]);
  const targets = edges.target.map((target) => names[target]);
  const edgesFrame: DataFrame = {
    name: 'Edges',
    refId,
    length: sources.length,
    meta,
    fields: [
      field(
        Fields.id,
        FieldType.string,
        sources.map((source, e) => `${source}->${targets[e]}`)
      ),
      field(Fields.source, FieldType.string, sources),
      field(Fields.target, FieldType.string, targets),
      field(Fields.mainStat, FieldType.number, edges.calls, { displayName: 'Calls' }),
      field(Fields.secondaryStat, FieldType.number, edges.time, { displayName: 'Time in called spans', unit: 'ms' }),
    ],
  };
  return [nodesFrame, edgesFrame];
}

function arcConfig(displayName: string, fixedColor: string): FieldConfig {
  return { displayName, color: { mode: FieldColorModeId.Fixed, fixedColor } };
}

/** Per service (by index): times, span and error counts; per pair of services with a call between them: an edge. */
function serviceStats(spans: SpanColumns, services: Services, parents: Int32Array, selfTimes: Float64Array) {
  const serviceCount = services.names.length;
  const totalTime = new Array<number>(serviceCount).fill(0);
  const selfTime = new Array<number>(serviceCount).fill(0);
  const spanCounts = new Array<number>(serviceCount).fill(0);
  const errors = new Array<number>(serviceCount).fill(0);
  const edgeByServicePair = new Map<number, number>();
  const edges = { source: [] as number[], target: [] as number[], calls: [] as number[], time: [] as number[] };
  for (let span = 0; span < parents.length; span++) {
    const service = services.ofSpan[span];
    totalTime[service] += spans.duration[span];
    selfTime[service] += selfTimes[span];
    spanCounts[service]++;
    if (spans.statusCode[span] === STATUS_CODE_ERROR) {
      errors[service]++;
    }
    const caller = parents[span] === NO_SPAN ? service : services.ofSpan[parents[span]];
    if (caller === service) {
      continue;
    }
    let edge = edgeByServicePair.get(caller * serviceCount + service);
    if (edge === undefined) {
      edge = edges.source.length;
      edgeByServicePair.set(caller * serviceCount + service, edge);
      edges.source.push(caller);
      edges.target.push(service);
      edges.calls.push(0);
      edges.time.push(0);
    }
    edges.calls[edge]++;
    edges.time[edge] += spans.duration[span];
  }
  const errorRatio = errors.map((count, s) => count / spanCounts[s]);
  const successRatio = errors.map((count, s) => (spanCounts[s] - count) / spanCounts[s]);
  return { totalTime, selfTime, spans: spanCounts, errors, errorRatio, successRatio, edges };
}

interface Services {
  names: string[];
  /** Each service's first `service.namespace`, or ''. */
  namespaces: string[];
  ofSpan: Int32Array;
}

/** Services in order of first appearance, and each span's service index. */
function serviceIndexes(spans: SpanColumns): Services {
  const names: string[] = [];
  const namespaces: string[] = [];
  const ofSpan = new Int32Array(spans.spanID.length);
  const indexByName = new Map<string, number>();
  // Spans of one resource share its name string and tags array: compare by identity before a map lookup.
  let lastName: string | undefined;
  let lastIndex = 0;
  let lastResourceTags: unknown;
  for (let span = 0; span < ofSpan.length; span++) {
    const name = spans.serviceName[span];
    if (name !== lastName) {
      let index = indexByName.get(name);
      if (index === undefined) {
        index = names.length;
        indexByName.set(name, index);
        names.push(name);
        namespaces.push('');
      }
      lastName = name;
      lastIndex = index;
    }
    ofSpan[span] = lastIndex;
    const resourceTags = spans.serviceTags[span];
    if (resourceTags !== lastResourceTags) {
      lastResourceTags = resourceTags;
      const namespace = serviceNamespaceOf(resourceTags);
      if (namespaces[lastIndex] === '' && namespace) {
        namespaces[lastIndex] = namespace;
      }
    }
  }
  return { names, namespaces, ofSpan };
}
