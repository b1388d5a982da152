/**
 * Builds the test page once per test run, and not at all when nothing it is built from changed
 * since the last build (a hash of the inputs is kept next to the bundle).
 */
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import webpack from 'webpack';

import { pageConfig } from '../webpack.config';
import { BUILD_DIR, PROVISIONING_FILE, ROOT } from './paths';

const HASH_FILE = path.join(BUILD_DIR, '.inputs-hash');
const INPUTS = [
  'src',
  'tests/browser/page',
  'tests/browser/webpack.config.ts',
  'tests/support/grafana-services.ts',
  'tests/support/datasource.ts',
  'package-lock.json',
  path.relative(ROOT, PROVISIONING_FILE),
];

function filesUnder(relative: string): string[] {
  const absolute = path.join(ROOT, relative);
  if (!fs.statSync(absolute).isDirectory()) {
    return [relative];
  }
  return fs
    .readdirSync(absolute)
    .sort()
    .flatMap((name) => filesUnder(path.join(relative, name)));
}

export function inputsHash(): string {
  const hash = crypto.createHash('sha256');
  for (const file of INPUTS.flatMap(filesUnder)) {
    if (!/\.test\.tsx?$/.test(file)) {
      hash
        .update(file)
        .update('\0')
        .update(fs.readFileSync(path.join(ROOT, file)))
        .update('\0');
    }
  }
  return hash.digest('hex');
}

function runWebpack(): Promise<void> {
  const compiler = webpack(pageConfig());
  return new Promise((resolve, reject) => {
    compiler.run((error, stats) => {
      compiler.close(() => {
        if (error || !stats || stats.hasErrors()) {
          reject(error ?? new Error(stats?.toString('errors-only') ?? 'webpack failed'));
        } else {
          resolve();
        }
      });
    });
  });
}

/** Builds tests/browser/.build/ unless it is up to date; says whether it built and how long it took. */
export async function buildPage(): Promise<{ built: boolean; seconds: number }> {
  const started = Date.now();
  const hash = inputsHash();
  if (fs.existsSync(HASH_FILE) && fs.readFileSync(HASH_FILE, 'utf8') === hash) {
    return { built: false, seconds: (Date.now() - started) / 1000 };
  }
  await runWebpack();
  fs.writeFileSync(HASH_FILE, hash);
  return { built: true, seconds: (Date.now() - started) / 1000 };
}
