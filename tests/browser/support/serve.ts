/**
 * The test page by hand, to look at it in a browser on this machine:
 *   TS_NODE_COMPILER_OPTIONS='{"module":"commonjs","moduleResolution":"node"}' npx ts-node tests/browser/support/serve.ts
 * Builds it if needed, serves it with the recorded Tempo, prints the URLs, runs until Ctrl+C.
 */
import { buildPage } from './build';
import { pageUrl, startPageServer } from './page-server';

async function main(): Promise<void> {
  const { built, seconds } = await buildPage();
  console.log(built ? `built in ${seconds.toFixed(1)} s` : 'page up to date');
  const server = await startPageServer();
  for (const theme of ['dark', 'light'] as const) {
    console.log(pageUrl(server, { view: 'config', settings: 'fresh', theme }));
    console.log(pageUrl(server, { view: 'config', settings: 'provisioned', theme }));
    for (const mode of ['traceql', 'search', 'traceId'] as const) {
      console.log(pageUrl(server, { view: 'query', mode, ds: 'tempo-2.8.2', theme }));
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
