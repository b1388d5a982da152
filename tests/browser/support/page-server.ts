/**
 * The fixture server with the recorded Jaeger too, plus one more profile: `/page/…` serves the
 * built test page. Page and recordings share one origin, so the page's requests need no CORS.
 */
import fs from 'fs';
import path from 'path';

import { FixtureServer, Profile, startFixtureServer } from '../../support/fixture-server';
import { jaegerProfiles } from '../../support/jaeger-fixtures';
import { zipkinProfiles } from '../../support/zipkin-fixtures';
import type { PageParams } from '../page/params';
import { BUILD_DIR } from './paths';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
};

const staticPage: Profile = (req) => {
  const file = path.join(BUILD_DIR, path.normalize(req.path === '/' ? '/index.html' : req.path));
  if (!file.startsWith(BUILD_DIR + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: Buffer.from(`no such file ${req.path}`) };
  }
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  return { status: 200, headers: { 'content-type': type }, body: fs.readFileSync(file) };
};

export function startPageServer(): Promise<FixtureServer> {
  return startFixtureServer({ ...jaegerProfiles(), ...zipkinProfiles(), page: staticPage });
}

export function pageUrl(server: FixtureServer, params: Partial<PageParams>): string {
  const search = new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)]));
  return `${server.url('page')}/index.html?${search}`;
}
