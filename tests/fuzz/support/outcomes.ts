/** How a path runs its case through the DataSource and which checks apply to what came back. */
import type { DataFrame } from '@grafana/data';

import type { DataSource } from '../../../src/datasource';
import type { ThreadlineQuery } from '../../../src/types';
import { runQueries } from '../../support/datasource';
import { badCells, badMessage, badRejection, badTraceFrames, badValues, countSpans, type SpanCount } from './checks';
import type { FuzzCase } from './runner';

/** A query's errors are ours; its frames hold no NaN (see badCells' `nanValues`) or "[object Object]". */
export async function runQuery(
  ds: DataSource,
  target: ThreadlineQuery,
  nanValues = false
): Promise<{ frames: DataFrame[]; problem?: string }> {
  const response = await runQueries(ds, [target]);
  for (const error of response.errors ?? []) {
    const bad = badMessage(error.message);
    if (bad) {
      return { frames: response.data, problem: `query error: ${bad}` };
    }
  }
  return { frames: response.data, problem: badCells(response.data, nanValues) };
}

/** A trace by ID: also, a trace frame only of spans the body held, all of the trace asked for. */
export async function runTraceQuery(
  ds: DataSource,
  fuzzCase: FuzzCase,
  format: 'json' | 'proto-v1' | 'proto-v2',
  fields: Partial<ThreadlineQuery> = {}
): Promise<string | undefined> {
  const traceId = fuzzCase.base.traceId!;
  const nanValues = format !== 'json' || new TextDecoder().decode(fuzzCase.served).includes('NaN');
  const target = { refId: 'A', query: traceId, queryType: 'traceId' as const, ...fields };
  const { frames, problem } = await runQuery(ds, target, nanValues);
  return problem ?? badTraceFrames(frames, spanBound(fuzzCase, format), traceId);
}

/** The spans the mutant held, plus those of recorded answers served beside it (another API's trace). */
function spanBound(fuzzCase: FuzzCase, format: 'json' | 'proto-v1' | 'proto-v2'): SpanCount {
  const counts = [countSpans(fuzzCase.served, format), ...fuzzCase.fallbacks.map((body) => countSpans(body, 'json'))];
  if (counts.includes('unsure')) {
    return 'unsure';
  }
  const numbers = counts.filter((count): count is number => typeof count === 'number');
  return counts[0] === 'malformed' && numbers.every((n) => n === 0) ? 'malformed' : numbers.reduce((a, b) => a + b, 0);
}

/** Save & test resolves; an error status carries one of our messages. */
export async function runHealth(ds: DataSource): Promise<string | undefined> {
  const result = await ds.testDatasource();
  if (result.status === 'error') {
    const bad = badMessage(result.message);
    return bad && `Save & test: ${bad}`;
  }
  return result.status === 'success' ? badMessage(result.message) : `Save & test answered status ${result.status}`;
}

/** Editor values (tag names and values, services, operations): strings the body held, or a rejection of ours. */
export async function runValues(
  load: () => Promise<string[]>,
  fuzzCase: FuzzCase,
  allowed: string[] = []
): Promise<string | undefined> {
  try {
    return badValues(await load(), [fuzzCase.served, ...fuzzCase.fallbacks], allowed);
  } catch (error) {
    return badRejection(error);
  }
}
