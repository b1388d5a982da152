/**
 * Trace files, through the upload path (`DataSource.traceFiles.keep`, what the UploadEditor calls
 * with a dropped file's bytes, then an `upload` query): each format the reader tells from content.
 * A file comes from no server, so the transport family does not apply.
 */
import { BODY_FAMILIES } from '../support/mutant';
import { fixture } from '../support/recordings';
import { runQuery } from '../support/outcomes';
import type { Base, FuzzPath } from '../support/runner';
import { badTraceFrames, countJsonSpans } from '../support/checks';

const file = (name: string, traceId?: string): Base => ({
  name,
  answer: { status: 200, body: fixture(name) },
  traceId,
});
const text = (name: string, content: string, traceId?: string): Base => ({
  name,
  answer: { status: 200, body: new TextEncoder().encode(content) },
  traceId,
});

const jaegerResult = (name: string) =>
  JSON.parse(new TextDecoder().decode(fixture(`jaeger-1.76.0/${name}.body`))).result;

/** The Collector's file exporter writes one export request per line: two recorded traces, as two lines each. */
function jsonLines(): string {
  const lines = ['trace-v3', 'trace-v3-error-span'].flatMap((name) => {
    const { resourceSpans } = jaegerResult(name);
    return [
      JSON.stringify({ resourceSpans: resourceSpans.slice(0, 1) }),
      JSON.stringify({ resourceSpans: resourceSpans.slice(1) }),
    ];
  });
  return lines.join('\n') + '\n';
}

function uploadPath(name: string, bases: Base[], format: 'json' | 'json-lines' = 'json'): FuzzPath {
  return {
    name,
    format,
    bases,
    families: BODY_FAMILIES,
    isTarget: () => false,
    run: async (ds, fuzzCase) => {
      const { base, mutant, rng } = fuzzCase;
      ds.traceFiles.keep(base.name.split('/').pop()!, mutant.answer.body);
      const traceId = base.traceId && rng.chance(0.5) ? base.traceId : undefined;
      const nanValues = new TextDecoder().decode(mutant.answer.body).includes('NaN');
      const target = { refId: 'A', queryType: 'upload' as const, fileName: base.name, query: traceId ?? '' };
      const { frames, problem } = await runQuery(ds, target, nanValues);
      return problem ?? badTraceFrames(frames, countJsonSpans(mutant.answer.body), traceId);
    },
  };
}

export const TRACE_FILE_PATHS: FuzzPath[] = [
  uploadPath('trace file OTLP/JSON', [
    file('reference/otlp/trace.json', '5b8efff798038103d269b633813fc60c'),
    text('jaeger trace-v3 result.json', JSON.stringify(jaegerResult('trace-v3')), '248c1e89af9ed025601c567fbb5522e5'),
  ]),
  uploadPath('trace file OTLP JSON Lines', [text('signup.jsonl', jsonLines())], 'json-lines'),
  uploadPath("trace file Tempo's JSON", [
    file('tempo-2.0.1/trace-by-id.json', '948fa8de1f33f0601aecb1973e1c20bb'),
    file('tempo-2.8.2/v2-trace-by-id-error-span.json', 'bce16910ff8b588b0cc3e20152bd0089'),
  ]),
  uploadPath('trace file Jaeger JSON', [
    file('jaeger-1.76.0/trace-legacy.body', '248c1e89af9ed025601c567fbb5522e5'),
    file('jaeger-1.76.0/search-legacy-limit.body'),
    file('reference/jaeger-legacy/otlp2jaeger-out.json', '83a9efd15c1c98a977e0711cc93ee28b'),
  ]),
  uploadPath('trace file Zipkin v2 JSON', [
    file('zipkin-3.6.1/trace-signup.body', '248c1e89af9ed025601c567fbb5522e5'),
    file('zipkin-3.6.1/search-limit.body'),
    file('reference/zipkin-lens/yelp.json', 'a03ee8fff1dcd9b9'),
  ]),
];
