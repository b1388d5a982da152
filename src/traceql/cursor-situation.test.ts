import { getSituation, Situation } from './cursor-situation';

/** The situation at the `¦` marker. */
function situationAt(textWithCursor: string): Situation {
  const offset = textWithCursor.indexOf('¦');
  return getSituation(textWithCursor.replace('¦', ''), offset);
}

describe('getSituation', () => {
  it.each<[string, Situation]>([
    ['¦', { type: 'EMPTY' }],
    ['   ¦', { type: 'EMPTY' }],
    ['{ .a } && ¦', { type: 'EMPTY' }],
    ['{ .a } >> ¦', { type: 'EMPTY' }],
    ['{¦', { type: 'SPANSET_START', prefix: '' }],
    ['{ ¦ }', { type: 'SPANSET_START', prefix: '' }],
    ['{ span.x = "a" && ¦', { type: 'SPANSET_START', prefix: '' }],
    ['{ span.x = 1 || ¦ }', { type: 'SPANSET_START', prefix: '' }],
    ['{ (¦', { type: 'SPANSET_START', prefix: '' }],
    ['{ sta¦', { type: 'SPANSET_START', prefix: 'sta' }],
    ['{ span:na¦', { type: 'SPANSET_START', prefix: 'span:na' }],
    ['{ span.¦', { type: 'SPANSET_IN_NAME_SCOPE', scope: 'span', prefix: '' }],
    ['{ resource.¦ }', { type: 'SPANSET_IN_NAME_SCOPE', scope: 'resource', prefix: '' }],
    ['{ .¦', { type: 'SPANSET_IN_NAME_SCOPE', scope: 'unscoped', prefix: '' }],
    ['{ span.htt¦', { type: 'SPANSET_IN_NAME_SCOPE', scope: 'span', prefix: 'htt' }],
    ['{ event.exception.me¦ }', { type: 'SPANSET_IN_NAME_SCOPE', scope: 'event', prefix: 'exception.me' }],
    ['{ .a = 1 && instrumentation.¦', { type: 'SPANSET_IN_NAME_SCOPE', scope: 'instrumentation', prefix: '' }],
    ['{ span.x ¦', { type: 'SPANSET_EXPRESSION_OPERATORS', tag: 'span.x' }],
    ['{ duration ¦ }', { type: 'SPANSET_EXPRESSION_OPERATORS', tag: 'duration' }],
    ['{ span."a b" ¦', { type: 'SPANSET_EXPRESSION_OPERATORS', tag: 'span."a b"' }],
    ['{ span.x = "ab"¦', { type: 'SPANSET_AFTER_VALUE' }],
    ['{ span.x = "ab" ¦', { type: 'SPANSET_IN_THE_MIDDLE' }],
    ['{ status = error ¦ }', { type: 'SPANSET_IN_THE_MIDDLE' }],
    ['{ (.a = 1 || .b = 2) ¦', { type: 'SPANSET_IN_THE_MIDDLE' }],
    ['{ .a = "}" ¦', { type: 'SPANSET_IN_THE_MIDDLE' }],
    ['{ .a = 1 }\n&& {\n  span.x = "a" &&\n  ¦', { type: 'SPANSET_START', prefix: '' }],
    ['{ .a = 1 }¦', { type: 'NEW_SPANSET' }],
    ['{ .a = "{" } ¦', { type: 'NEW_SPANSET' }],
    ['{ .a = 1 } ¦', { type: 'NEW_SPANSET' }],
    ['{ .a } | rate() ¦', { type: 'NEW_SPANSET' }],
    ['{ .a } | ¦', { type: 'PIPELINE_FUNCTION', prefix: '' }],
    ['{ .a } | quan¦', { type: 'PIPELINE_FUNCTION', prefix: 'quan' }],
    ['{ .a } | select(¦', { type: 'SPANSET_START', prefix: '' }],
    ['{ .a } | select(span.x, resource.¦', { type: 'SPANSET_IN_NAME_SCOPE', scope: 'resource', prefix: '' }],
    ['{ .a } | rate() by (res¦', { type: 'SPANSET_START', prefix: 'res' }],
    ['{ .a = "x" } // a comment ¦', { type: 'UNKNOWN' }],
    ['{ .a = /* comment ¦', { type: 'UNKNOWN' }],
    ['{ .a = 1 foo ¦', { type: 'UNKNOWN' }],
    ['{ = ¦', { type: 'UNKNOWN' }],
  ])('%j', (text, expected) => {
    expect(situationAt(text)).toEqual(expected);
  });

  describe('values', () => {
    it.each<[string, Situation]>([
      [
        '{ resource.service.name = ¦',
        { type: 'SPANSET_IN_VALUE', tag: 'resource.service.name', query: '{}', betweenQuotes: false, prefix: '' },
      ],
      ['{ span.x =~¦ }', { type: 'SPANSET_IN_VALUE', tag: 'span.x', query: '{}', betweenQuotes: false, prefix: '' }],
      [
        '{ status = err¦',
        { type: 'SPANSET_IN_VALUE', tag: 'status', query: '{}', betweenQuotes: false, prefix: 'err' },
      ],
      ['{ span.x = "ab¦', { type: 'SPANSET_IN_VALUE', tag: 'span.x', query: '{}', betweenQuotes: true, prefix: 'ab' }],
      ['{ span.x = "¦" }', { type: 'SPANSET_IN_VALUE', tag: 'span.x', query: '{}', betweenQuotes: true, prefix: '' }],
      [
        '{ span.x = "a\\"b¦',
        { type: 'SPANSET_IN_VALUE', tag: 'span.x', query: '{}', betweenQuotes: true, prefix: 'a\\"b' },
      ],
      [
        '{ span."a b" = ¦',
        { type: 'SPANSET_IN_VALUE', tag: 'span."a b"', query: '{}', betweenQuotes: false, prefix: '' },
      ],
    ])('%j', (text, expected) => {
      expect(situationAt(text)).toEqual(expected);
    });

    it.each([
      ['{ resource.service.name = "api" && span.http.method = "G¦" }', '{ resource.service.name = "api" }'],
      ['{ span.http.method = "G¦" && resource.service.name = "api" }', '{ resource.service.name = "api" }'],
      ['{ .a = ¦ && .b = 2 }', '{ .b = 2 }'],
      ['{ .a = 1 && .b = ¦', '{ .a = 1 }'],
      ['{ (.a = 1 || .b = ¦', '{ (.a = 1) }'],
      ['{ .a = 1 } && { .c = ¦ } | rate()', '{ .a = 1 } && {} | rate()'],
      ['{ .a = $var && .b = "¦', '{ .a = $var }'],
      ['{} | compare({ .a = ¦', '{} | compare({})'],
    ])('removes the current condition from %j', (text, query) => {
      expect(situationAt(text)).toMatchObject({ type: 'SPANSET_IN_VALUE', query });
    });
  });

  it('reads only the text before the cursor for the situation', () => {
    expect(situationAt('{ span.¦http.method = "GET" }')).toEqual({
      type: 'SPANSET_IN_NAME_SCOPE',
      scope: 'span',
      prefix: '',
    });
  });
});
