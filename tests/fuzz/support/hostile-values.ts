/**
 * Template variable values an attacker (or an unlucky dashboard) would choose: quotes, backslashes,
 * braces, `||`, regex characters, newlines, NUL, lone surrogates, very long values, unicode, other
 * variables' syntax; and the 126+ hostile trace IDs (path traversal, `%2e`, `?`, `#`, whitespace,
 * long, unicode).
 */
import type { Rng } from './prng';

const PIECES = [
  '"',
  "'",
  '`',
  '\\',
  '\\"',
  '\\\\',
  '{',
  '}',
  '{ true }',
  '} || { true',
  '||',
  '&&',
  '|',
  '>>',
  '!',
  '=',
  '!=',
  '=~',
  '.*',
  '.+?',
  '^$',
  '(',
  ')',
  '[',
  ']',
  '[^a]',
  '(?i)',
  '$',
  '${v}',
  '$__all',
  '[[v]]',
  '\n',
  '\r\n',
  '\t',
  '\0',
  '\uD800',
  '\uDFFF',
  '\uDBFF\uDFFF',
  '😀',
  'é',
  'e\u0301',
  '\u202Eevil',
  '中文',
  '\uFEFF',
  ' ',
  '//',
  '/*',
  '*/',
  '| rate()',
  '| count() > 0',
  'select(span.x)',
  'nil',
  'true',
  '10ms',
  '-1.5',
  'resource.service.name',
  'span.',
  '%',
  '%2e%2e',
  '../',
  '..',
  '?',
  '#',
  '&',
  'a b',
  'web-frontend',
];

export function hostileValue(rng: Rng): string {
  if (rng.chance(0.03)) {
    const piece = rng.pick(PIECES);
    return piece.repeat(Math.ceil(rng.int(4_000, 40_000) / piece.length));
  }
  const parts: string[] = [];
  for (let i = rng.int(1, 6); i > 0; i--) {
    parts.push(rng.pick(PIECES));
  }
  return parts.join('');
}

/** A multi-value variable's values, now and then. */
export function hostileVariable(rng: Rng): string | string[] {
  return rng.chance(0.2) ? Array.from({ length: rng.int(1, 4) }, () => hostileValue(rng)) : hostileValue(rng);
}

const ID = '948fa8de1f33f0601aecb1973e1c20bb';

/** Trace IDs that must never leave the trace API's path: each is refused, or sent as 32 hex digits. */
export const HOSTILE_TRACE_IDS: string[] = (() => {
  const escapes = [
    '../',
    '..',
    '%2e%2e/',
    '%2e%2e%2f',
    '%252e%252e%252f',
    '..%2f',
    '..\\',
    '.%2e/',
    '%2E%2E/',
    './',
    '/',
    '//',
    '\\',
    '%00',
    '%0a',
    '%0d%0a',
    '%20',
    '%23',
    '%3f',
    '%2f',
  ];
  const separators = [
    '?',
    '#',
    '&',
    ';',
    '?a=b',
    '#x',
    '?q=1&limit=1000000',
    '/../../api/echo',
    '/values',
    '@evil.example',
    ':',
    '\n',
    '\r\n',
    '\t',
    '\0',
    ' ',
    '\u00a0',
    '\u2028',
    '\uFEFF',
  ];
  const shapes = [
    '',
    ' ',
    '0',
    '00',
    'g',
    'xyz',
    '0x' + ID,
    ID + ID,
    ID + '0',
    'f'.repeat(33),
    'f'.repeat(64),
    'f'.repeat(10_000),
    ID.toUpperCase(),
    `  ${ID}  `,
    `\t${ID}\n`,
    ID.slice(0, 16),
    ID.slice(0, 1),
    '-1',
    '+1',
    '1e3',
    'NaN',
    'Infinity',
    'null',
    'undefined',
    '٠١٢',
    '０１２３',
    'ｆｆ',
    '𝟎𝟏',
    'é',
    '😀',
    '\uD800',
    '\uDFFF',
    ID.slice(0, 31) + '\u0301',
    ID.slice(0, 31) + '\uD800',
    '${traceId}',
    '$__all',
    '{ true }',
    '{}',
    '"' + ID + '"',
    `'${ID}'`,
    `<${ID}>`,
    `${ID};DROP`,
    'a'.repeat(32),
    'G'.repeat(32),
  ];
  const ids = new Set<string>(shapes);
  for (const escape of escapes) {
    ids.add(escape + ID);
    ids.add(ID + escape);
    ids.add(escape);
  }
  for (const separator of separators) {
    ids.add(ID + separator);
    ids.add(separator + ID);
  }
  return [...ids];
})();
