/**
 * Every message a user can see (collected from src/ by tests/support/message-templates.ts) has a row in
 * the troubleshooting table of src/README.md (the README Grafana's catalog shows), and every row quotes
 * a message that still exists.
 *
 * A row's first cell quotes messages in backticks as the code writes them, `…` for each `${…}`,
 * e.g. `Tempo rejected trace ID …: …`; several messages in one cell are separated by ` / `; a quote
 * may stop early, ending in `…`, once it is long enough to be unambiguous (12 characters).
 * A server's own words (Tempo's parse errors) go in plain quotes, not backticks: they are not ours.
 */
import fs from 'fs';
import path from 'path';

import { INTERNAL, MessageTemplate, messageTemplates, normalize, WILDCARD } from './support/message-templates';

const SRC = path.resolve(__dirname, '../src');
const README = path.join(SRC, 'README.md');
const MIN_PREFIX = 12;

function troubleshootingQuotes(markdown: string): string[] {
  const start = markdown.indexOf('\n## Troubleshooting');
  expect(start).toBeGreaterThan(0);
  const next = markdown.indexOf('\n## ', start + 1);
  const section = markdown.slice(start, next < 0 ? undefined : next);
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*(Message|-+)\s*\|/.test(line))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => normalize(m[1])));
}

function quotes(quote: string, template: MessageTemplate): boolean {
  const prefix = quote.endsWith(WILDCARD) ? quote.slice(0, -1).trim() : quote;
  return quote === template.text || prefix === template.text || (prefix.length >= MIN_PREFIX && template.text.startsWith(prefix));
}

const templates = messageTemplates(SRC).filter((t) => !(t.text in INTERNAL));
const rows = troubleshootingQuotes(fs.readFileSync(README, 'utf8'));

it('finds the messages in the source, constants and callers resolved', () => {
  const texts = templates.map((t) => t.text);
  expect(texts).toEqual(
    expect.arrayContaining([
      'Trace … not found',
      // the label comes from src/settings-labels.ts, the hint from the call in src/backends/tempo.ts
      '"…" is not a time shift: fix "…" under "Trace by ID" in the data source settings (e.g. 30m, 1h, 1d)',
      'The data source URL does not point at Tempo: neither /api/v2/traces nor /api/traces exists there',
      'Not a duration: write e.g. -5m, 30s or 1h',
    ])
  );
  expect(texts.every((text) => !text.includes('${'))).toBe(true);
});

it('every message a user can see is in the troubleshooting table of src/README.md', () => {
  const missing = templates.filter((t) => !rows.some((quote) => quotes(quote, t)));
  // To fix: add a row quoting the message (see the comment at the top of this file).
  expect(missing.map((t) => `${t.where}: \`${t.text}\``)).toEqual([]);
});

it('every message the table quotes still exists', () => {
  const stale = rows.filter((quote) => !templates.some((t) => quotes(quote, t)));
  expect(stale).toEqual([]);
});

it('every message excused as internal (tests/support/message-templates.ts INTERNAL) still exists', () => {
  const all = new Set(messageTemplates(SRC).map((t) => t.text));
  expect(Object.keys(INTERNAL).filter((text) => !all.has(text))).toEqual([]);
});
