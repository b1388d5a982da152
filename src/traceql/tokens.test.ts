import { readPathEndingAt, tokenize } from './tokens';

const shape = (text: string) => tokenize(text).map((token) => [token.type, token.text, token.terminated]);

describe('tokenize', () => {
  it('splits words, operators and punctuation, longest operator first', () => {
    expect(shape('{ span.a >= 1 } !>> { .b=~"x" }')).toEqual([
      ['punctuation', '{', true],
      ['word', 'span.a', true],
      ['operator', '>=', true],
      ['word', '1', true],
      ['punctuation', '}', true],
      ['operator', '!>>', true],
      ['punctuation', '{', true],
      ['word', '.b', true],
      ['operator', '=~', true],
      ['string', '"x"', true],
      ['punctuation', '}', true],
    ]);
  });

  it('keeps escaped quotes and braces inside strings, and flags unterminated ones', () => {
    expect(shape('"a\\"} || {" `raw\\` "open \\"')).toEqual([
      ['string', '"a\\"} || {"', true],
      ['rawString', '`raw\\`', true],
      ['string', '"open \\"', false],
    ]);
  });

  it('recognises line and block comments', () => {
    expect(shape('{} // c "x"\n/* d */ /* open')).toEqual([
      ['punctuation', '{', true],
      ['punctuation', '}', true],
      ['comment', '// c "x"', true],
      ['comment', '/* d */', true],
      ['comment', '/* open', false],
    ]);
  });
});

describe('readPathEndingAt', () => {
  it('joins a quoted attribute segment to its scope', () => {
    const tokens = tokenize('{ span."a b" = 1 }');
    expect(readPathEndingAt(tokens, 2)).toEqual({ path: 'span."a b"', startIndex: 1 });
  });

  it('does not take a string value for a path', () => {
    const tokens = tokenize('{ .a = "x" }');
    expect(readPathEndingAt(tokens, 3)).toBeUndefined();
  });
});
