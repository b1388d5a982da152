import { DataFrame, DataQueryRequest, DataQueryResponse, DataSourceInstanceSettings, dateTime } from '@grafana/data';
import { lastValueFrom } from 'rxjs';

import { DataSource } from '../../src/datasource';
import { ThreadlineOptions, ThreadlineQuery } from '../../src/types';

/** Instance settings as Grafana hands them to a data source with proxy access. */
export function instanceSettings(
  url: string,
  jsonData: ThreadlineOptions = {}
): DataSourceInstanceSettings<ThreadlineOptions> {
  return {
    id: 1,
    uid: 'threadline-uid',
    type: 'threadline-tracing-datasource',
    name: 'Threadline',
    url,
    access: 'proxy',
    readOnly: false,
    jsonData,
    meta: { id: 'threadline-tracing-datasource', name: 'Threadline' } as DataSourceInstanceSettings['meta'],
  };
}

export function makeDataSource(url: string, jsonData: ThreadlineOptions = {}): DataSource {
  return new DataSource(instanceSettings(url, jsonData));
}

export function runQueries(
  ds: DataSource,
  targets: ThreadlineQuery[],
  range: { from: number; to: number } = { from: Date.now() - 3600_000, to: Date.now() }
): Promise<DataQueryResponse> {
  return lastValueFrom(ds.query(queryRequest(targets, range)));
}

/** A request as Explore sends it: the targets over a time range (the last hour unless given). */
export function queryRequest(
  targets: ThreadlineQuery[],
  range: { from: number; to: number } = { from: Date.now() - 3600_000, to: Date.now() }
): DataQueryRequest<ThreadlineQuery> {
  const from = dateTime(range.from);
  const to = dateTime(range.to);
  return {
    requestId: 'Q1',
    targets,
    range: { from, to, raw: { from, to } },
    scopedVars: {},
    interval: '1s',
    intervalMs: 1000,
    timezone: 'utc',
    app: 'explore',
    startTime: Date.now(),
  } as DataQueryRequest<ThreadlineQuery>;
}

export function fieldValues<T = unknown>(frame: DataFrame, name: string): T[] {
  const field = frame.fields.find((f) => f.name === name);
  if (!field) {
    throw new Error(`frame has no field "${name}" (fields: ${frame.fields.map((f) => f.name).join(', ')})`);
  }
  return Array.from(field.values as ArrayLike<T>);
}

/** The frames of a response that must have no errors (the errors are what a failure shows). */
export function framesWithoutErrors(response: DataQueryResponse): DataFrame[] {
  expect(response.errors).toBeUndefined();
  return response.data;
}
