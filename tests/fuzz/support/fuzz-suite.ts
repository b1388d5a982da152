/** One jest test per fuzz path, on one raw server; FUZZ_PATH picks one path by name. */
import { installRealBackendSrv, installTemplateSrv } from '../../support/grafana-services';
import { type RawServer, startRawServer } from './raw-server';
import { describeFailures, fuzzConfig, type FuzzPath, runPath } from './runner';

/** Long enough for 10,000 cases of the slowest path. */
const PATH_TIMEOUT_MS = 60 * 60 * 1000;

export function fuzzPaths(title: string, paths: FuzzPath[]): void {
  const config = fuzzConfig();
  let server: RawServer;
  beforeAll(async () => {
    server = await startRawServer();
    installRealBackendSrv();
    installTemplateSrv();
  });
  afterAll(() => server.close());

  describe(title, () => {
    const selected = paths.filter((path) => !config.path || path.name === config.path);
    if (selected.length === 0) {
      // FUZZ_PATH names a path of another file (it.each refuses an empty table).
      it.skip(`no path named ${config.path} here`, () => undefined);
      return;
    }
    it.each(selected.map((path) => [path.name, path] as const))(
      '%s',
      async (_name, path) => {
        const report = await runPath(server, path, config);
        const slowest = Object.entries(report.msByFamily)
          .sort(([, a], [, b]) => b - a)
          .slice(0, 4);
        process.stdout.write(
          `fuzz: ${path.name}: ${report.cases} cases, ${report.failures.length} failed, ${report.ms} ms ` +
            `(${slowest.map(([family, ms]) => `${family} ${ms} ms`).join(', ')})\n`
        );
        expect(describeFailures(report, config)).toBe('');
      },
      PATH_TIMEOUT_MS
    );
  });
}
