/**
 * Trace files (query type `upload`): one synthetic trace of about 100 MB as spec OTLP/JSON (150k
 * spans; 15k with `--quick`), written again as OTLP JSON Lines (one ResourceSpans per line), Jaeger
 * JSON and Zipkin v2 JSON, each read the way the data source reads a dropped file: format told by
 * content, then the chunked decode that yields to the event loop (`runChunked`, `decodeTraceFileSteps`),
 * then the trace frame. The longest stretch between two yields is how long the page would not respond.
 */
import type { SpanColumns } from '../src/decode/columns';
import { runChunked } from '../src/decode/chunked';
import { decodeTraceFileSteps, type TraceFileFormat } from '../src/decode/trace-file';
import { traceFrame } from '../src/frames/trace';
import { encodeOtlpJson } from './encode';
import { type ChunkedResult, measureYielding, SEED } from './trace-bench';
import { generateTrace } from './synthetic-trace';
import { round3 } from './measure';

export interface TraceFileResult extends ChunkedResult {
  format: TraceFileFormat;
  spans: number;
  fileBytes: number;
  megabytesPerSecond: number;
}

const FULL_SPANS = 150_000;
const QUICK_SPANS = 15_000;

export async function measureTraceFiles(quick: boolean, log: (line: string) => void): Promise<TraceFileResult[]> {
  const spans = quick ? QUICK_SPANS : FULL_SPANS;
  const otlp = encodeOtlpJson(generateTrace(spans, SEED));
  const files: Array<[TraceFileFormat, string]> = [['otlp-json', otlp]];
  const { traces } = await runChunked((chunk) => decodeTraceFileSteps(Buffer.from(otlp), chunk));
  const columns = traces[0].spans;
  files.push(
    ['otlp-json-lines', jsonLines(otlp)],
    ['jaeger-json', jaegerJson(columns)],
    ['zipkin-json', zipkinJson(columns)]
  );

  const results: TraceFileResult[] = [];
  for (const [format, text] of files) {
    const bytes = new Uint8Array(Buffer.from(text));
    const chunked = await measureYielding(async (yieldFn) => {
      const file = await runChunked((chunk) => decodeTraceFileSteps(bytes, chunk), { yieldFn });
      if (file.format !== format || file.spanCount !== spans) {
        throw new Error(`${format}: read as ${file.format} with ${file.spanCount} spans, expected ${spans}`);
      }
      return traceFrame(file.traces[0]);
    }, 3);
    const megabytesPerSecond = round3(bytes.length / 2 ** 20 / (chunked.medianMs / 1000));
    results.push({ format, spans, fileBytes: bytes.length, megabytesPerSecond, ...chunked });
    log(
      `  trace file ${format}: ${(bytes.length / 2 ** 20).toFixed(1)} MB, ${chunked.medianMs.toFixed(0)} ms ` +
        `(${megabytesPerSecond.toFixed(1)} MB/s), longest stretch without a yield ${chunked.longestSliceMs.toFixed(0)} ms`
    );
  }
  return results;
}

/** The OpenTelemetry file exporter's shape: one export request per line (here one ResourceSpans each). */
function jsonLines(otlp: string): string {
  const { resourceSpans } = JSON.parse(otlp) as { resourceSpans: unknown[] };
  return resourceSpans.map((batch) => JSON.stringify({ resourceSpans: [batch] })).join('\n') + '\n';
}

const micros = (ms: number) => Math.round(ms * 1000);
const stringTags = (tags: SpanColumns['tags'][number]) =>
  tags.map(({ key, value }) => ({ key, type: typeof value === 'string' ? 'string' : 'float64', value }));

/** Jaeger's `{"data":[trace]}`, one process per service, written from the decoded spans. */
function jaegerJson(columns: SpanColumns): string {
  const processes: Record<string, { serviceName: string; tags: unknown[] }> = {};
  const processIds = new Map<string, string>();
  const spans = columns.spanID.map((spanID, i) => {
    const service = columns.serviceName[i];
    let processID = processIds.get(service);
    if (!processID) {
      processID = `p${processIds.size + 1}`;
      processIds.set(service, processID);
      processes[processID] = { serviceName: service, tags: stringTags(columns.serviceTags[i]) };
    }
    const parent = columns.parentSpanID[i];
    return {
      traceID: columns.traceID[i],
      spanID,
      operationName: columns.operationName[i],
      references: parent ? [{ refType: 'CHILD_OF', traceID: columns.traceID[i], spanID: parent }] : [],
      startTime: micros(columns.startTime[i]),
      duration: micros(columns.duration[i]),
      tags: [...stringTags(columns.tags[i]), { key: 'span.kind', type: 'string', value: columns.kind[i] }],
      logs: columns.logs[i].map((log) => ({ timestamp: micros(log.timestamp), fields: stringTags(log.fields) })),
      processID,
    };
  });
  return JSON.stringify({ data: [{ traceID: columns.traceID[0], spans, processes }] });
}

/** A Zipkin v2 span array, written from the decoded spans. */
function zipkinJson(columns: SpanColumns): string {
  const kinds: Record<string, string> = {
    server: 'SERVER',
    client: 'CLIENT',
    producer: 'PRODUCER',
    consumer: 'CONSUMER',
  };
  const spans = columns.spanID.map((id, i) => ({
    traceId: columns.traceID[i],
    id,
    parentId: columns.parentSpanID[i],
    name: columns.operationName[i],
    kind: kinds[columns.kind[i]],
    timestamp: micros(columns.startTime[i]),
    duration: Math.max(1, micros(columns.duration[i])),
    localEndpoint: { serviceName: columns.serviceName[i] },
    tags: Object.fromEntries(columns.tags[i].map(({ key, value }) => [key, String(value)])),
    annotations: columns.logs[i].map((log) => ({ timestamp: micros(log.timestamp), value: log.name ?? 'event' })),
  }));
  return JSON.stringify(spans);
}
