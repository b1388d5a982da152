/**
 * A small TraceQL tokenizer. It is not a parser: it only knows where string literals,
 * comments, operators and words (attribute paths, keywords, numbers, durations) start and
 * end. The template-variable interpolation needs that to tell literals from code, and the
 * autocomplete uses it for the few tokens right before the cursor. Syntax questions go to
 * the lezer grammar (see syntax.ts).
 */

export type TokenType = 'string' | 'rawString' | 'comment' | 'word' | 'operator' | 'punctuation';

export interface Token {
  type: TokenType;
  from: number;
  to: number;
  text: string;
  /** False for a string literal or block comment that runs to the end of the text. */
  terminated: boolean;
}

// Longest first, so that `!>>` wins over `!>` and `>=` over `>`.
const OPERATORS = '!>> !<< &>> &<< && || >> << =~ !~ != >= <= !> !< &> &< &~ = > < ~ | ! ^ & + * %'.split(' ');
const PUNCTUATION = new Set(['{', '}', '(', ')', ',']);
// Tempo's lexer ends an attribute name at whitespace or one of these (isAttributeRune).
const WORD_BREAKERS = new Set('{}()=~!<>&|^,"`+*%');

export const COMPARISON_OPERATORS: readonly string[] = ['=', '!=', '=~', '!~', '>', '<', '>=', '<='];
export const REGEX_OPERATORS: readonly string[] = ['=~', '!~'];

function isWhitespace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f' || char === '\v';
}

function isWordChar(char: string): boolean {
  return !isWhitespace(char) && !WORD_BREAKERS.has(char);
}

/** End of a `"` string starting at `from` (the index after the closing quote), honouring `\` escapes. */
function scanQuoted(text: string, from: number): { to: number; terminated: boolean } {
  let index = from + 1;
  while (index < text.length) {
    const char = text[index];
    if (char === '\\') {
      index += 2;
      continue;
    }
    if (char === '"') {
      return { to: index + 1, terminated: true };
    }
    index++;
  }
  return { to: text.length, terminated: false };
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const push = (type: TokenType, from: number, to: number, terminated = true) =>
    tokens.push({ type, from, to, text: text.slice(from, to), terminated });

  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (isWhitespace(char)) {
      index++;
    } else if (text.startsWith('//', index)) {
      const newline = text.indexOf('\n', index);
      const end = newline === -1 ? text.length : newline;
      push('comment', index, end, newline !== -1);
      index = end;
    } else if (text.startsWith('/*', index)) {
      const close = text.indexOf('*/', index + 2);
      const end = close === -1 ? text.length : close + 2;
      push('comment', index, end, close !== -1);
      index = end;
    } else if (char === '"') {
      const { to, terminated } = scanQuoted(text, index);
      push('string', index, to, terminated);
      index = to;
    } else if (char === '`') {
      const close = text.indexOf('`', index + 1);
      const end = close === -1 ? text.length : close + 1;
      push('rawString', index, end, close !== -1);
      index = end;
    } else if (PUNCTUATION.has(char)) {
      push('punctuation', index, index + 1);
      index++;
    } else {
      const operator = OPERATORS.find((candidate) => text.startsWith(candidate, index));
      if (operator) {
        push('operator', index, index + operator.length);
        index += operator.length;
      } else {
        let end = index;
        while (end < text.length && isWordChar(text[end]) && !text.startsWith('//', end)) {
          end++;
        }
        push('word', index, end);
        index = end;
      }
    }
  }
  return tokens;
}

/**
 * The attribute path that ends at token `endIndex`, e.g. `span.http.method` or the quoted
 * form `span."a b"` (a word ending in `.` glued to a string). Returns the path text and the
 * index of its first token, or undefined when token `endIndex` is not part of a path.
 */
export function readPathEndingAt(
  tokens: readonly Token[],
  endIndex: number
): { path: string; startIndex: number } | undefined {
  const isPathPart = (token: Token) => token.type === 'word' || token.type === 'string';
  if (endIndex < 0 || !isPathPart(tokens[endIndex])) {
    return undefined;
  }
  let startIndex = endIndex;
  while (startIndex > 0) {
    const previous = tokens[startIndex - 1];
    const current = tokens[startIndex];
    const glued = previous.to === current.from && isPathPart(previous);
    // Two strings never glue into a path; a string only follows a word ending in `.`.
    const gluesToString = current.type !== 'string' || (previous.type === 'word' && previous.text.endsWith('.'));
    if (!glued || !gluesToString || (previous.type === 'string' && current.type === 'string')) {
      break;
    }
    startIndex--;
  }
  if (tokens[startIndex].type === 'string') {
    return undefined;
  }
  const path = tokens
    .slice(startIndex, endIndex + 1)
    .map((token) => token.text)
    .join('');
  return { path, startIndex };
}
