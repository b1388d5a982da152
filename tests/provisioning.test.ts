/**
 * @jest-environment node
 */
// The demo stack's configuration: Grafana provisioning, docker-compose.yaml, and the demo traffic generator.
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import path from 'path';
import { parse } from 'yaml';

import { JSON_DATA, PLUGIN_OPTIONS, unknownKeys } from './support/jsondata-keys';

const ROOT = path.resolve(__dirname, '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const PLUGIN_ID: string = JSON.parse(read('src/plugin.json')).id;

type Json = Record<string, any>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const provisioning: { datasources: Json[] } = parse(read('provisioning/datasources/datasources.yaml'));
const threadline = provisioning.datasources.find((ds) => ds.type === PLUGIN_ID)!;
const loki = provisioning.datasources.find((ds) => ds.type === 'loki')!;
const compose: { services: Record<string, Json> } = parse(read('docker-compose.yaml'));

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

  it('sets only jsonData keys that the plugin or Grafana reads', () => {
    expect(unknownKeys(threadline.jsonData, JSON_DATA, 'jsonData')).toEqual([]);
  });

  it('shows the optional keys commented out, and they are known keys too', () => {
    const text = read('provisioning/datasources/datasources.yaml');
    expect(text).toMatch(/^ {6}# tagLimit: \d+$/m);
    const uncommented: { datasources: Json[] } = parse(text.replace(/^( {6})# (tagLimit: )/m, '$1$2'));
    const jsonData = uncommented.datasources.find((ds) => ds.type === PLUGIN_ID)!.jsonData;
    expect(jsonData.tagLimit).toBe(5000);
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

  it('links spans to the Loki data source', () => {
    expect(threadline.jsonData.tracesToLogsV2.datasourceUid).toBe(loki.uid);
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
});

describe('docker-compose.yaml', () => {
  const grafana = compose.services.grafana;

  it('has the five services', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['plugin-build', 'grafana', 'tempo', 'loki', 'generator'])
    );
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
    const [traces, logs] = out.split('\n---\n');
    return { otlp: JSON.parse(traces), loki: JSON.parse(logs) };
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
    return spans;
  }

  it('prints one valid OTLP/JSON trace and log lines carrying its trace ID', () => {
    checkDryRun(run(1));
  });

  it('sometimes makes a failed span with an exception event, and sometimes a link', () => {
    const spans = Array.from({ length: 12 }, (_, i) => checkDryRun(run(i + 2))).flat();
    expect(spans.some((s) => s.status?.code === 2 && s.events?.some((e) => e.name === 'exception'))).toBe(true);
    expect(spans.some((s) => (s.links ?? []).length > 0)).toBe(true);
  });
});
