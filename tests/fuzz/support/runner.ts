/**
 * Runs one fuzz path: case by case, a seeded mutant of a recording is served to a fresh DataSource
 * and the outcome checked (checks.ts), with console output, uncaught errors and unhandled
 * rejections, time and memory watched around each case. Failures come back as reproducers:
 * `FUZZ_SEED=… FUZZ_PATH=… FUZZ_CASE=…` replays one case alone.
 */
import { DataSource } from '../../../src/datasource';
import type { ThreadlineOptions } from '../../../src/types';
import { makeDataSource } from '../../support/datasource';
import { isByteFamily, mutateBytes } from './byte-mutations';
import { mutateJson } from './json-mutations';
import { type Answer, concat, type Family, FAMILIES, type Mutant } from './mutant';
import { caseSeed, Rng } from './prng';
import { mutateProto } from './proto-mutations';
import type { RawServer, SeenRequest } from './raw-server';
import { transportFault } from './transport';

export interface FuzzConfig {
  seed: number;
  cases: number;
  /** Only this path (its exact name). */
  path?: string;
  /** Only this case index. */
  caseIndex?: number;
}

export function fuzzConfig(): FuzzConfig {
  const number = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  return {
    seed: number('FUZZ_SEED') ?? 13,
    cases: number('FUZZ_CASES') ?? 10_000,
    path: process.env.FUZZ_PATH || undefined,
    caseIndex: number('FUZZ_CASE'),
  };
}

export type BodyFormat = 'json' | 'json-lines' | 'proto-v1' | 'proto-v2' | 'text';

export interface Base {
  name: string;
  answer: Answer;
  /** The trace a trace-by-ID path asks for. */
  traceId?: string;
}

export interface FuzzCase {
  rng: Rng;
  base: Base;
  mutant: Mutant;
  /** The bytes the client can have received of the mutant's body. */
  served: Uint8Array;
  /** The bodies of the recorded answers also served in this case (the requests not mutated). */
  fallbacks: Uint8Array[];
}

export interface FuzzPath {
  name: string;
  format: BodyFormat;
  bases: Base[];
  /** The families that apply (default: all). */
  families?: readonly Family[];
  jsonData?: ThreadlineOptions;
  /** Whether this request gets the mutant; the others get `fallback`. */
  isTarget(request: SeenRequest): boolean;
  fallback?(request: SeenRequest): Answer;
  /** Runs the case and returns what went wrong, if anything. */
  run(ds: DataSource, fuzzCase: FuzzCase): Promise<string | undefined>;
}

export interface Failure {
  path: string;
  index: number;
  family: Family;
  detail: string;
  reason: string;
}

/** The data source's timeout for every case: stalls end there. */
export const TIMEOUT_S = 1;
/** One case in this many stalls past the timeout (each costs it, so they are rationed). */
const STALL_EVERY = 333;

const NOT_FOUND: Answer = {
  status: 404,
  contentType: 'text/plain',
  body: new TextEncoder().encode('404 page not found'),
};

function mutate(rng: Rng, family: Family, format: BodyFormat, base: Answer, stall: boolean): Mutant {
  if (family === 'transport') {
    const { detail, answer } = transportFault(rng, base, stall);
    return { family, detail, answer };
  }
  const { detail, body } =
    format === 'json'
      ? mutateJson(rng, family, base.body)
      : format === 'json-lines'
        ? mutateJsonLine(rng, family, base.body)
        : format === 'text'
          ? // Plain text (Tempo's echo) has no structure to mutate: byte families only.
            mutateBytes(rng, isByteFamily(family) ? family : 'byte-flip', base.body)
          : mutateProto(rng, family, base.body, format === 'proto-v1' ? 'v1' : 'v2');
  return { family, detail, answer: { ...base, body } };
}

/** One line of a JSON Lines body mutated (the byte families: the whole body). */
function mutateJsonLine(rng: Rng, family: Exclude<Family, 'transport'>, body: Uint8Array) {
  if (isByteFamily(family)) {
    return mutateBytes(rng, family, body);
  }
  const lines = new TextDecoder().decode(body).split('\n');
  const index = rng.int(0, lines.length - 2);
  const mutated = mutateJson(rng, family, new TextEncoder().encode(lines[index]));
  const before = new TextEncoder().encode(
    lines
      .slice(0, index)
      .map((line) => line + '\n')
      .join('')
  );
  const after = new TextEncoder().encode('\n' + lines.slice(index + 1).join('\n'));
  return { detail: `line ${index + 1}: ${mutated.detail}`, body: concat(before, mutated.body, after) };
}

function served(answer: Answer): Uint8Array {
  const half =
    answer.fault === 'length-smaller' || answer.fault === 'reset-mid-body' || answer.fault === 'stall-mid-body';
  return half ? answer.body.subarray(0, answer.body.length >> 1) : answer.body;
}

/** The real process (fuzz-environment.js): only it hears of uncaught errors and unhandled rejections. */
const realProcess = (): NodeJS.Process =>
  (globalThis as { __fuzzRealProcess?: NodeJS.Process }).__fuzzRealProcess ?? process;

/**
 * Watches a case: console calls (jsdom reports an error thrown in a timer there too), uncaught
 * errors and unhandled rejections, the heap's peak.
 */
export class CaseWatch {
  readonly problems: string[] = [];
  private readonly spies: jest.SpyInstance[];
  private peakHeap = process.memoryUsage().heapUsed;
  private readonly startHeap = this.peakHeap;
  private readonly sampler = setInterval(() => this.sample(), 25);
  private readonly onUncaught = (error: unknown) => this.problems.push(`uncaught: ${String(error).slice(0, 200)}`);
  private readonly onRejection = (reason: unknown) =>
    this.problems.push(`unhandled rejection: ${String(reason).slice(0, 200)}`);

  constructor() {
    this.spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        this.problems.push(`console.${method}: ${args.map(String).join(' ').slice(0, 200)}`);
      })
    );
    realProcess().on('uncaughtException', this.onUncaught);
    realProcess().on('unhandledRejection', this.onRejection);
  }

  sample() {
    this.peakHeap = Math.max(this.peakHeap, process.memoryUsage().heapUsed);
  }

  /** Heap growth at the peak, in bytes. */
  stop(): number {
    this.sample();
    clearInterval(this.sampler);
    this.spies.forEach((spy) => spy.mockRestore());
    realProcess().off('uncaughtException', this.onUncaught);
    realProcess().off('unhandledRejection', this.onRejection);
    return this.peakHeap - this.startHeap;
  }
}

/** Lets rejections that nobody handled surface (they are reported after a macrotask). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

export async function runCase(
  server: RawServer,
  path: FuzzPath,
  seed: number,
  index: number
): Promise<{ family: Family; failure?: Failure }> {
  const rng = new Rng(caseSeed(seed, path.name, index));
  const stall = index % STALL_EVERY === STALL_EVERY - 1;
  const families = path.families ?? FAMILIES;
  const family: Family = stall && families.includes('transport') ? 'transport' : rng.pick(families);
  const base = rng.pick(path.bases);
  const mutant = mutate(rng, family, path.format, base.answer, stall);
  server.requests.length = 0;
  const fallbacks: Uint8Array[] = [];
  server.route = (request) => {
    if (path.isTarget(request)) {
      return mutant.answer;
    }
    const answer = path.fallback?.(request) ?? NOT_FOUND;
    fallbacks.push(answer.body);
    return answer;
  };
  const ds = makeDataSource(server.origin, { timeout: TIMEOUT_S, ...path.jsonData });
  const watch = new CaseWatch();
  const started = Date.now();
  let reason: string | undefined;
  try {
    reason = await path.run(ds, { rng, base, mutant, served: served(mutant.answer), fallbacks });
  } catch (error) {
    reason = `the case threw: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`.slice(
      0,
      300
    );
  }
  await settle();
  server.releaseStalled();
  const elapsed = Date.now() - started;
  const heapGrowth = watch.stop();
  const bodyBytes = mutant.answer.body.length;
  const problems = [...(reason ? [reason] : []), ...watch.problems];
  if (elapsed > TIMEOUT_S * 1000 + 10_000 + bodyBytes / 1000) {
    problems.push(`took ${elapsed} ms`);
  }
  if (heapGrowth > 256 * 2 ** 20 + 40 * bodyBytes) {
    problems.push(
      `heap grew by ${Math.round(heapGrowth / 2 ** 20)} MB for a body of ${Math.round(bodyBytes / 1024)} KB`
    );
  }
  return {
    family,
    failure: problems.length
      ? { path: path.name, index, family, detail: mutant.detail, reason: problems.join('; ') }
      : undefined,
  };
}

export interface PathReport {
  cases: number;
  failures: Failure[];
  ms: number;
  byFamily: Record<string, number>;
  /** Milliseconds spent per family. */
  msByFamily: Record<string, number>;
}

export async function runPath(server: RawServer, path: FuzzPath, config: FuzzConfig): Promise<PathReport> {
  const started = Date.now();
  const failures: Failure[] = [];
  const indexes =
    config.caseIndex !== undefined ? [config.caseIndex] : Array.from({ length: config.cases }, (_, i) => i);
  const byFamily: Record<string, number> = {};
  const msByFamily: Record<string, number> = {};
  for (const index of indexes) {
    const caseStarted = Date.now();
    const { family, failure } = await runCase(server, path, config.seed, index);
    msByFamily[family] = (msByFamily[family] ?? 0) + Date.now() - caseStarted;
    if (failure) {
      failures.push(failure);
      byFamily[failure.family] = (byFamily[failure.family] ?? 0) + 1;
    }
  }
  return { cases: indexes.length, failures, ms: Date.now() - started, byFamily, msByFamily };
}

/** The lines a failing path prints: a count per family and the first reproducers. */
export function describeFailures(report: PathReport, config: FuzzConfig, shown = 15): string {
  if (report.failures.length === 0) {
    return '';
  }
  const lines = report.failures
    .slice(0, shown)
    .map(
      (f) =>
        `FUZZ_SEED=${config.seed} FUZZ_PATH='${f.path}' FUZZ_CASE=${f.index}  [${f.family}] ${f.detail.slice(0, 120)}\n    → ${f.reason}`
    );
  const counts = Object.entries(report.byFamily)
    .map(([family, count]) => `${family}: ${count}`)
    .join(', ');
  return `${report.failures.length} of ${report.cases} cases failed (${counts})\n${lines.join('\n')}`;
}
