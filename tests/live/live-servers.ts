/**
 * Where the live servers are and what was seeded into them: scripts/live/run.sh (or each
 * server's script) starts and seeds them and writes the seed manifests. A server that is not
 * there fails the suite with the command to start it, never skips.
 */
import fs from 'fs';
import path from 'path';

const LIVE_DIR = process.env.THREADLINE_LIVE_DIR ?? path.resolve(__dirname, '../../test-results/live');

export function liveUrl(envName: string, defaultUrl: string): string {
  return process.env[envName] ?? defaultUrl;
}

/** The seed manifest a server's script wrote, or an error naming how to make it. */
export function seedManifest<T>(server: string): T {
  const file = path.join(LIVE_DIR, `${server}-seed.json`);
  if (!fs.existsSync(file)) {
    throw new Error(
      `${file} is missing: start and seed the live servers first (scripts/live/run.sh runs them and this suite)`
    );
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
