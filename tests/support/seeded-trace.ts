import type { DataFrame } from '@grafana/data';

import { fieldValues } from './datasource';

/** What a live server was seeded with, per trace (the seeds of tests/fixtures/jaeger-*, zipkin-*). */
export interface SeededTrace {
  traceId: string;
  spanCount: number;
  services: string[];
  rootService: string;
  rootName: string;
  errorSpans: number;
}

/**
 * The trace frame holds the seeded trace: its spans, services, one root with its service and
 * operation (`rootName`, as the backend stores it), and its error spans. Returns the root's row.
 */
export function expectSeededTrace(frame: DataFrame, seeded: SeededTrace, rootName = seeded.rootName): number {
  expect(frame.meta?.preferredVisualisationType).toBe('trace');
  expect(frame.length).toBe(seeded.spanCount);
  expect(new Set(fieldValues(frame, 'traceID'))).toEqual(new Set([seeded.traceId]));
  expect([...new Set(fieldValues(frame, 'serviceName'))].sort()).toEqual(seeded.services);
  const parents = fieldValues<string | undefined>(frame, 'parentSpanID');
  const root = parents.indexOf(undefined);
  expect(parents.filter((parent) => parent === undefined)).toHaveLength(1);
  expect(fieldValues(frame, 'serviceName')[root]).toBe(seeded.rootService);
  expect(fieldValues(frame, 'operationName')[root]).toBe(rootName);
  expect(fieldValues<number>(frame, 'statusCode').filter((code) => code === 2)).toHaveLength(seeded.errorSpans);
  return root;
}
