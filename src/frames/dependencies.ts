/**
 * A backend's service dependencies (Jaeger's and Zipkin's `/dependencies`) → node graph frames,
 * with the field names of `NodeGraphDataFrameFieldNames` as `frames/node-graph.ts` uses them:
 * one node per service (calls received and made), one edge per caller → callee with its calls.
 * Calls within one service (Jaeger reports them as a service calling itself) make no edge, as in
 * the trace's own node graph: the node graph panel has no way to draw a loop.
 */
import { createDataFrame, type DataFrame, FieldType, NodeGraphDataFrameFieldNames as Fields } from '@grafana/data';

import type { DependencyLink } from '../backends/backend';

export function dependencyFrames(links: DependencyLink[], refId: string): DataFrame[] {
  // The same pair may come twice (Jaeger answers per storage bucket): add them up.
  const edges = new Map<string, DependencyLink>();
  for (const link of links) {
    if (link.parent === link.child) {
      continue;
    }
    const id = `${link.parent}->${link.child}`;
    const known = edges.get(id);
    edges.set(id, { ...link, callCount: (known?.callCount ?? 0) + link.callCount });
  }
  const received = new Map<string, number>();
  const made = new Map<string, number>();
  for (const { parent, child, callCount } of edges.values()) {
    made.set(parent, (made.get(parent) ?? 0) + callCount);
    received.set(child, (received.get(child) ?? 0) + callCount);
    made.set(child, made.get(child) ?? 0);
    received.set(parent, received.get(parent) ?? 0);
  }
  const services = [...made.keys()].sort();
  const edgeList = [...edges.entries()];
  const meta = { preferredVisualisationType: 'nodeGraph' as const };
  const nodes = createDataFrame({
    name: 'Nodes',
    refId,
    meta,
    fields: [
      { name: Fields.id, type: FieldType.string, values: services },
      { name: Fields.title, type: FieldType.string, values: services, config: { displayName: 'Service' } },
      {
        name: Fields.mainStat,
        type: FieldType.number,
        values: services.map((service) => received.get(service) ?? 0),
        config: { displayName: 'Calls received' },
      },
      {
        name: Fields.secondaryStat,
        type: FieldType.number,
        values: services.map((service) => made.get(service) ?? 0),
        config: { displayName: 'Calls made' },
      },
    ],
  });
  const edgesFrame = createDataFrame({
    name: 'Edges',
    refId,
    meta,
    fields: [
      { name: Fields.id, type: FieldType.string, values: edgeList.map(([id]) => id) },
      { name: Fields.source, type: FieldType.string, values: edgeList.map(([, link]) => link.parent) },
      { name: Fields.target, type: FieldType.string, values: edgeList.map(([, link]) => link.child) },
      {
        name: Fields.mainStat,
        type: FieldType.number,
        values: edgeList.map(([, link]) => link.callCount),
        config: { displayName: 'Calls' },
      },
    ],
  });
  if (services.length === 0) {
    nodes.meta = { ...meta, notices: [{ severity: 'info', text: 'No service dependencies in this time range' }] };
  }
  return [nodes, edgesFrame];
}
