/**
 * @jest-environment node
 */
// The demo stack's configuration: Grafana provisioning, docker-compose.yaml, and the demo traffic generator.
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import path from 'path';
import { parse } from 'yaml';

import type { SpanColumns } from '../src/decode/columns';
import { decodeOtlpJson } from '../src/decode/otlp-json';
import { decodeZipkinJson } from '../src/decode/zipkin-json';
import { JSON_DATA, PLUGIN_OPTIONS, unknownKeys } from './support/jsondata-keys';

const ROOT = path.resolve(__dirname, '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const PLUGIN_ID: string = JSON.parse(read('src/plugin.json')).id;

type Json = Record<string, any>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const provisioning: { datasources: Json[] } = parse(read('provisioning/datasources/datasources.yaml'));
const threadlines = provisioning.datasources.filter((ds) => ds.type === PLUGIN_ID);
const threadline = threadlines.find((ds) => ds.uid === 'threadline')!;
const loki = provisioning.datasources.find((ds) => ds.type === 'loki')!;
const COMPOSE_TEXT = read('docker-compose.yaml');
const compose: { services: Record<string, Json> } = parse(COMPOSE_TEXT);

/** Every key in `value`, at any depth, with its path and value. */
function walk(value: unknown, at: string): Array<{ at: string; key: string; value: unknown }> {
  const children: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((item, i) => [String(i), item])
    : isObject(value)
      ? Object.entries(value)
      : [];
  return children.flatMap(([key, child]) => [
    { at: `${at}.${key}`, key, value: child },
    ...walk(child, `${at}.${key}`),
  ]);
}

const derivedFields: Json[] = loki.jsonData.derivedFields;
/** What the Loki data source's derived fields capture from a log line (Grafana matches them as JS RegExps). */
const capturedIds = (line: string) =>
  derivedFields.map((field) => new RegExp(field.matcherRegex).exec(line)?.[1]).filter((id) => id !== undefined);

describe('provisioning/datasources/datasources.yaml', () => {
  it('provisions Threadline under the plugin id, against the stack Tempo', () => {
    expect(threadline).toMatchObject({
      type: PLUGIN_ID,
      uid: 'threadline',
      name: 'Threadline',
      url: 'http://tempo:3200',
      access: 'proxy',
    });
  });

  it('provisions one Threadline per backend, each against its server in the compose stack', () => {
    const byUid = Object.fromEntries(threadlines.map((ds) => [ds.uid, ds]));
    expect(Object.keys(byUid).sort()).toEqual(['threadline', 'threadline-jaeger', 'threadline-zipkin']);
    expect(byUid.threadline.jsonData.backend).toBeUndefined(); // Tempo, the default: existing data sources keep working
    expect(byUid['threadline-jaeger']).toMatchObject({ url: 'http://jaeger:16686', jsonData: { backend: 'jaeger' } });
    expect(byUid['threadline-zipkin']).toMatchObject({ url: 'http://zipkin:9411', jsonData: { backend: 'zipkin' } });
    expect(new Set(threadlines.map((ds) => ds.name)).size).toBe(3);
    expect(threadlines.filter((ds) => ds.isDefault).map((ds) => ds.uid)).toEqual(['threadline']);
    for (const ds of threadlines) {
      expect(ds.access).toBe('proxy');
      // The URL's host is a compose service, and its port one the service listens on.
      const [, host, port] = /^http:\/\/([\w-]+):(\d+)$/.exec(ds.url)!;
      expect(Object.keys(compose.services)).toContain(host);
      expect(COMPOSE_TEXT).toContain(`'${port}:${port}'`);
    }
  });

  it('sets only jsonData keys that the plugin or Grafana reads', () => {
    for (const ds of threadlines) {
      expect(unknownKeys(ds.jsonData, JSON_DATA, `${ds.uid}.jsonData`)).toEqual([]);
    }
  });

  it('shows the optional keys commented out, and they are known keys too', () => {
    const text = read('provisioning/datasources/datasources.yaml');
    expect(text).toMatch(/^ {6}# tagLimit: \d+$/m);
    const uncommented: { datasources: Json[] } = parse(
      text.replace(/^( {6})# (tagLimit|maxResponseMB|httpHeaderName1): /gm, '$1$2: ')
    );
    const jsonData = uncommented.datasources.find((ds) => ds.type === PLUGIN_ID)!.jsonData;
    expect(jsonData.tagLimit).toBe(5000);
    expect(jsonData.maxResponseMB).toBe(1000);
    expect(jsonData.httpHeaderName1).toBe('X-Scope-OrgID');
    expect(unknownKeys(jsonData, JSON_DATA, 'jsonData')).toEqual([]);
  });

  it('allows only keys still declared in src/types.ts', () => {
    const types = read('src/types.ts');
    const pluginKeys = [...new Set(walk(PLUGIN_OPTIONS, '').map((entry) => entry.key))].filter(
      (key) => !/^\d+$/.test(key)
    );
    expect(pluginKeys.filter((key) => !new RegExp(`\\b${key}\\??:`).test(types))).toEqual([]);
  });

  it('keeps secrets out of jsonData', () => {
    const secretLooking = /password|secret|token|api_?key|^httpHeaderValue/i;
    for (const ds of provisioning.datasources) {
      const found = walk(ds.jsonData, `${ds.name}.jsonData`).filter((entry) => secretLooking.test(entry.key));
      expect(found.map((entry) => entry.at)).toEqual([]);
    }
  });

  it("escapes every literal $ from Grafana's environment variable expansion", () => {
    const expanded = walk(provisioning, 'file').filter(
      (entry) => typeof entry.value === 'string' && /\$[{\w]/.test(entry.value.replace(/\$\$/g, ''))
    );
    expect(expanded.map((entry) => entry.at)).toEqual([]);
  });

  it('links spans to the Loki data source, from every backend', () => {
    for (const ds of threadlines) {
      expect(ds.jsonData.tracesToLogsV2.datasourceUid).toBe(loki.uid);
    }
  });

  it('links Loki log lines to Threadline by trace ID, in both spellings', () => {
    expect(derivedFields.length).toBeGreaterThanOrEqual(2);
    for (const field of derivedFields) {
      expect(field).toMatchObject({ datasourceUid: threadline.uid, url: '$${__value.raw}' });
    }
    const id = '948fa8de1f33f0601aecb1973e1c20bb';
    expect(capturedIds(`level=info msg="signup accepted" traceID=${id} spanID=01b7ac1f0bd3dc1a`)).toEqual([id]);
    expect(capturedIds(`level=info msg="email queued" trace_id=${id} span_id=01b7ac1f0bd3dc1a`)).toEqual([id]);
    expect(capturedIds(`ts=2025-06-01T10:00:00Z trace_id=${id}`)).toEqual([id]);
    expect(capturedIds('level=info msg="no trace here" spanID=01b7ac1f0bd3dc1a')).toEqual([]);
  });

  it('links JSON log lines too, as OpenTelemetry log exporters write them', () => {
    const id = '948fa8de1f33f0601aecb1973e1c20bb';
    expect(
      capturedIds(`{"level":"info","msg":"pii redacted","trace_id":"${id}","span_id":"01b7ac1f0bd3dc1a"}`)
    ).toEqual([id]);
    expect(capturedIds(`{"body":"signup accepted","traceId": "${id}","spanId":"01b7ac1f0bd3dc1a"}`)).toEqual([id]);
    expect(capturedIds('{"msg":"no trace here","span_id":"01b7ac1f0bd3dc1a"}')).toEqual([]);
  });
});

describe('docker-compose.yaml', () => {
  const grafana = compose.services.grafana;

  it('has the seven services: the plugin build, Grafana, the three tracing backends, Loki and the generator', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['plugin-build', 'grafana', 'tempo', 'jaeger', 'zipkin', 'loki', 'generator'])
    );
  });

  it('runs current releases: Grafana 13, Jaeger v2 (the release of module v1.76.0), Zipkin 3', () => {
    expect(grafana.image).toMatch(/:-13\.\d+\.\d+\}$/);
    expect(compose.services.jaeger.image).toBe('jaegertracing/jaeger:2.13.0');
    expect(compose.services.zipkin.image).toMatch(/^openzipkin\/zipkin:3\.\d+\.\d+$/);
    expect(compose.services.tempo.image).toMatch(/^grafana\/tempo:2\.10\.\d+$/);
    expect(compose.services.loki.image).toMatch(/^grafana\/loki:3\.\d+\.\d+$/);
  });

  it('sends the generator to every backend and Loki', () => {
    const { environment, depends_on: dependsOn } = compose.services.generator;
    expect(environment).toEqual({
      TEMPO_OTLP_URL: 'http://tempo:4318/v1/traces',
      JAEGER_OTLP_URL: 'http://jaeger:4318/v1/traces',
      ZIPKIN_SPANS_URL: 'http://zipkin:9411/api/v2/spans',
      LOKI_PUSH_URL: 'http://loki:3100/loki/api/v1/push',
    });
    expect([...dependsOn].sort()).toEqual(['jaeger', 'loki', 'tempo', 'zipkin']);
  });

  it('loads the built plugin, unsigned, into Grafana once it is built', () => {
    expect(grafana.image).toMatch(/^grafana\/grafana:\$\{GRAFANA_VERSION:-[\w.-]+\}$/);
    const mounts = (grafana.volumes as string[]).map((volume) => volume.split(':').slice(0, 2).join(':'));
    expect(mounts).toContain(`./dist:/var/lib/grafana/plugins/${PLUGIN_ID}`);
    expect(mounts).toContain('./provisioning:/etc/grafana/provisioning');
    const env: Json = Array.isArray(grafana.environment)
      ? Object.fromEntries(grafana.environment.map((entry: string) => entry.split(/=(.*)/s)))
      : grafana.environment;
    expect(String(env.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).split(',')).toContain(PLUGIN_ID);
    expect(grafana.depends_on['plugin-build']).toEqual({ condition: 'service_completed_successfully' });
  });

  it('mounts files that exist in the repository', () => {
    const sources = Object.values(compose.services)
      .flatMap((service) => (service.volumes ?? []) as string[])
      .map((volume) => volume.split(':')[0])
      .filter((source) => source.startsWith('./') && source !== './dist');
    expect(sources.filter((source) => !existsSync(path.join(ROOT, source)))).toEqual([]);
  });
});

describe('docker/generator/generate.mjs --once --dry-run', () => {
  interface Attribute {
    key: string;
    value: Record<string, unknown>;
  }
  interface Span {
    traceId: string;
    spanId: string;
    parentSpanId?: string;
    kind: number;
    startTimeUnixNano: string;
    endTimeUnixNano: string;
    attributes: Attribute[];
    status?: { code: number };
    events?: Array<{ name: string; attributes: Attribute[] }>;
    links?: Array<{ traceId: string; spanId: string }>;
  }

  const run = (seed: number) => {
    const out = execFileSync(
      process.execPath,
      ['docker/generator/generate.mjs', '--once', '--dry-run', '--seed', String(seed)],
      {
        cwd: ROOT,
        encoding: 'utf8',
      }
    );
    const [traces, logs, zipkin] = out.split('\n---\n');
    return { otlp: JSON.parse(traces), loki: JSON.parse(logs), zipkin: JSON.parse(zipkin) };
  };
  const spansOf = (otlp: Json): Span[] =>
    otlp.resourceSpans.flatMap((rs: Json) => rs.scopeSpans.flatMap((ss: Json) => ss.spans));
  const attr = (attributes: Attribute[], key: string) => attributes.find((a) => a.key === key)?.value;

  /** Checks one trace as OTLP/JSON (hex IDs, integer enums, int64 as strings) and its Loki push body. */
  function checkDryRun({ otlp, loki: push }: Json) {
    for (const { resource } of otlp.resourceSpans) {
      for (const key of ['service.name', 'service.namespace', 'host.name']) {
        expect(attr(resource.attributes, key)).toEqual({ stringValue: expect.any(String) });
      }
    }
    const spans = spansOf(otlp);
    expect(spans.length).toBeGreaterThanOrEqual(5);
    const traceId = spans[0].traceId;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const spanIds = new Set(spans.map((s) => s.spanId));
    expect(spanIds.size).toBe(spans.length);
    expect(spans.filter((s) => !s.parentSpanId)).toHaveLength(1);
    for (const s of spans) {
      expect(s.traceId).toBe(traceId);
      expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
      if (s.parentSpanId) {
        expect(spanIds).toContain(s.parentSpanId);
      }
      expect([1, 2, 3, 4, 5]).toContain(s.kind);
      expect(s.startTimeUnixNano).toMatch(/^\d{19}$/);
      expect(BigInt(s.endTimeUnixNano) >= BigInt(s.startTimeUnixNano)).toBe(true);
      for (const { value } of s.attributes) {
        expect(Object.keys(value)).toHaveLength(1);
        if ('intValue' in value) {
          expect(value.intValue).toMatch(/^-?\d+$/);
        }
      }
      if (s.status?.code === 2) {
        const exception = s.events?.find((e) => e.name === 'exception');
        expect(attr(exception?.attributes ?? [], 'exception.stacktrace')).toEqual({ stringValue: expect.any(String) });
      }
      for (const link of s.links ?? []) {
        expect(link.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(link.spanId).toMatch(/^[0-9a-f]{16}$/);
      }
    }
    const valueTypes = new Set(spans.flatMap((s) => s.attributes.flatMap((a) => Object.keys(a.value))));
    expect([...valueTypes]).toEqual(
      expect.arrayContaining(['stringValue', 'intValue', 'doubleValue', 'boolValue', 'arrayValue'])
    );

    const services = otlp.resourceSpans.map((rs: Json) => attr(rs.resource.attributes, 'service.name')?.stringValue);
    const lines: string[] = [];
    for (const { stream, values } of push.streams) {
      expect(stream).toEqual({ service_name: expect.any(String), job: 'threadline-generator' });
      expect(services).toContain(stream.service_name);
      for (const [timestamp, line] of values) {
        expect(timestamp).toMatch(/^\d{19}$/);
        lines.push(line);
      }
    }
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(capturedIds(line)).toEqual([traceId]);
    }
    expect(lines.some((line) => line.includes(`traceID=${traceId}`))).toBe(true);
    expect(lines.some((line) => line.includes(`trace_id=${traceId}`))).toBe(true);
    // One stream of JSON lines, as OpenTelemetry log exporters write them.
    const jsonStreams = push.streams.filter((stream: Json) =>
      stream.values.every(([, line]: string[]) => line.startsWith('{') && JSON.parse(line).trace_id === traceId)
    );
    expect(jsonStreams).toHaveLength(1);
    // The provisioned span → logs link queries Loki by these labels: every stream must carry them.
    for (const ds of threadlines) {
      for (const tag of ds.jsonData.tracesToLogsV2.tags) {
        for (const { stream } of push.streams) {
          expect(Object.keys(stream)).toContain(tag.value ?? tag.key);
        }
      }
    }
    return spans;
  }

  it('prints one valid OTLP/JSON trace and log lines carrying its trace ID', () => {
    checkDryRun(run(1));
  });

  it('prints the same trace as Zipkin v2 JSON, which reads back as the OTLP does where Zipkin can carry it', () => {
    for (const seed of [1, 5, 9]) {
      const { otlp, zipkin } = run(seed);
      const fromOtlp = decodeOtlpJson(otlp).spans;
      const fromZipkin = decodeZipkinJson(zipkin).spans;
      const rows = (spans: SpanColumns) =>
        spans.spanID
          .map((id, i) => ({
            id,
            parent: spans.parentSpanID[i],
            name: spans.operationName[i],
            service: spans.serviceName[i],
            kind: spans.kind[i] === 'internal' ? 'unspecified' : spans.kind[i], // Zipkin has no INTERNAL
            // Zipkin's times are whole microseconds.
            startUs: Math.floor(spans.startTime[i] * 1000 + 1e-6),
            status: spans.statusCode[i],
            scope: spans.instrumentationLibraryName[i],
            logs: spans.logs[i].map((log) => log.name),
          }))
          .sort((a, b) => a.id.localeCompare(b.id));
      expect(rows(fromZipkin)).toEqual(rows(fromOtlp));
    }
  });

  it('sometimes makes a failed span with an exception event, and sometimes a link', () => {
    const spans = Array.from({ length: 12 }, (_, i) => checkDryRun(run(i + 2))).flat();
    expect(spans.some((s) => s.status?.code === 2 && s.events?.some((e) => e.name === 'exception'))).toBe(true);
    expect(spans.some((s) => (s.links ?? []).length > 0)).toBe(true);
  });
});
