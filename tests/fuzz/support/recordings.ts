/** The recordings the fuzz paths start from (tests/fixtures, read once, never edited). */
import fs from 'fs';
import path from 'path';

import { FIXTURES_DIR, parseHead } from '../../support/fixture-server';
import type { Answer } from './mutant';

export function fixture(file: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(FIXTURES_DIR, file)));
}

export const jsonAnswer = (file: string): Answer => ({
  status: 200,
  contentType: 'application/json',
  body: fixture(file),
});
export const protobufAnswer = (file: string): Answer => ({
  status: 200,
  contentType: 'application/protobuf',
  body: fixture(file),
});

/** A `<name>.headers` + `<name>.body` recording as an answer. */
export function recorded(folder: string, name: string): Answer {
  const { status, headers } = parseHead(fs.readFileSync(path.join(FIXTURES_DIR, folder, `${name}.headers`), 'utf8'));
  const { 'content-type': contentType, ...rest } = headers;
  delete rest['transfer-encoding'];
  return { status, contentType, headers: rest, body: fixture(`${folder}/${name}.body`) };
}

/** Go's answer for a route a server does not have (Tempo 2.0.1's, recorded). */
export const GO_NOT_FOUND = recorded('tempo-2.0.1', 'buildinfo-missing');
