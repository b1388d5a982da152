/**
 * Trace files dropped into the query editor (query type `upload`). The file stays in the data
 * source instance, never in the query JSON (dashboards save that, and files reach 100 MB): the
 * query keeps only the file's name, and re-runs from the kept file. An upload query needs no
 * server, so it works for every backend, and with no backend at all.
 */
import type { DataFrame } from '@grafana/data';

import { UserFacingError } from './backends/http';
import { summarizeTraces } from './analysis/trace-summaries';
import { type ChunkedDecodeOptions, runChunked } from './decode/chunked';
import { type DecodedTraceFile, decodeTraceFileSteps, TRACE_FILE_FORMAT_NAMES } from './decode/trace-file';
import type { LinkTarget } from './frames/links';
import { traceResultFrames } from './frames/trace-result';
import { traceSummariesFrame } from './frames/trace-summaries';
import type { ThreadlineOptions, ThreadlineQuery } from './types';

export interface KeptTraceFile {
  name: string;
  /** Decoded once, on first use; rejects with a UserFacingError naming what is wrong. */
  decoded: Promise<DecodedTraceFile>;
}

/** The one trace file of a data source instance: the last one dropped. */
export class TraceFileStore {
  private file: KeptTraceFile | undefined;

  constructor(private readonly decodeOptions: ChunkedDecodeOptions = {}) {}

  /** Keeps `bytes` as the data source's trace file, replacing any before; starts decoding it. */
  keep(name: string, bytes: Uint8Array): KeptTraceFile {
    const decoded = runChunked((chunkSpans) => decodeTraceFileSteps(bytes, chunkSpans), this.decodeOptions).catch(
      (error: unknown) => {
        throw new UserFacingError(`Cannot read ${name}: ${fileErrorMessage(error)}`);
      }
    );
    // Read by the query; handled here too, so a file nobody queries is no unhandled rejection.
    decoded.catch(() => undefined);
    this.file = { name, decoded };
    return this.file;
  }

  current(): KeptTraceFile | undefined {
    return this.file;
  }

  clear(): void {
    this.file = undefined;
  }
}

/** A one-line description of a decoded file, for the editor: `Jaeger JSON: 3 traces, 120 spans`. */
export function describeTraceFile(file: DecodedTraceFile): string {
  const traces = file.traces.length;
  return `${TRACE_FILE_FORMAT_NAMES[file.format]}: ${traces} ${traces === 1 ? 'trace' : 'traces'}, ${file.spanCount} spans`;
}

/**
 * The frames of an upload query: with `query` set (a trace ID, as the traces table links it), that
 * trace of the file; otherwise the file's only trace, or a traces table linking to each.
 */
export async function uploadFrames(
  store: TraceFileStore,
  target: ThreadlineQuery,
  options: ThreadlineOptions,
  link: LinkTarget
): Promise<DataFrame[]> {
  const file = store.current();
  if (!file) {
    throw new UserFacingError(
      target.fileName
        ? `The trace file ${target.fileName} is no longer loaded (files are not saved with the query): drop it into the query editor again`
        : 'No trace file loaded: drop a trace file into the query editor'
    );
  }
  const { traces } = await file.decoded;
  const wanted = target.query?.trim();
  if (wanted) {
    const trace = traces.find((candidate) => sameTraceId(candidate.spans.traceID[0], wanted));
    if (!trace) {
      // A pasted ID can be anything, of any length: shown as the "not a trace ID" message shows it.
      const shown = wanted.length > 60 ? `${wanted.slice(0, 60)}…` : wanted;
      throw new UserFacingError(
        `The trace file ${file.name} holds no trace ${shown}: clear the trace ID to list the file's traces`
      );
    }
    return traceResultFrames(trace, target, options);
  }
  if (traces.length === 1) {
    return traceResultFrames(traces[0], target, options);
  }
  const summaries = traces.flatMap((trace) => summarizeTraces(trace.spans));
  return [traceSummariesFrame(summaries, { ...link, refId: target.refId, linkQueryType: 'upload' })];
}

/** Hex IDs compare without case and leading zeros (Jaeger writes 64-bit IDs as 16 digits). */
function sameTraceId(id: string, wanted: string): boolean {
  const hex = /^[0-9a-fA-F]+$/;
  if (hex.test(id) && hex.test(wanted)) {
    return id.toLowerCase().replace(/^0+/, '') === wanted.toLowerCase().replace(/^0+/, '');
  }
  return id === wanted;
}

function fileErrorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
