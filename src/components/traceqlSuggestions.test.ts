import * as completionIndex from '../traceql/completion-index';
import { INTRINSICS } from '../traceql/intrinsics';
import { TagSource } from '../types';
import { fakeTagSource } from './testSupport';
import { createTraceQLCompleter, SUGGESTION_LIMIT, TraceQLCompletions } from './traceqlSuggestions';

jest.mock('../traceql/completion-index', () => {
  const actual = jest.requireActual('../traceql/completion-index');
  return { ...actual, createCompletionIndex: jest.fn(actual.createCompletionIndex) };
});

/** Completions at the `¦` marker. */
function completeAt(textWithCursor: string, tags: TagSource = fakeTagSource()) {
  const offset = textWithCursor.indexOf('¦');
  return createTraceQLCompleter(tags).complete(textWithCursor.replace('¦', ''), offset);
}

const labels = (result: TraceQLCompletions) => result.suggestions.map((suggestion) => suggestion.label);
const inserts = (result: TraceQLCompletions) => result.suggestions.map((suggestion) => suggestion.insertText);

describe('TraceQL completions', () => {
  it('offers { } on empty text', async () => {
    const result = await completeAt('¦');
    expect(result.suggestions).toEqual([expect.objectContaining({ insertText: '{ $0 }', isSnippet: true })]);
  });

  it('offers scopes, then intrinsics, after {', async () => {
    const result = await completeAt('{ ¦');
    const scopes = ['span.', 'resource.', 'event.', 'link.', 'instrumentation.', '.'];
    expect(labels(result)).toEqual([...scopes, ...INTRINSICS.map((intrinsic) => intrinsic.name)]);
    expect(result.suggestions[0]).toMatchObject({ kind: 'scope', retrigger: true });
    expect(result.suggestions.find((s) => s.label === 'status')).toMatchObject({
      kind: 'intrinsic',
      documentation: expect.stringContaining('error, ok or unset'),
    });
    expect(result.replaceLength).toBe(0);
  });

  it('replaces the partly typed word', async () => {
    expect((await completeAt('{ span:na¦')).replaceLength).toBe('span:na'.length);
  });

  it('offers the tag names of the scope after resource.', async () => {
    const tags = fakeTagSource();
    const result = await completeAt('{ resource.¦', tags);
    expect(labels(result)).toEqual(['service.name', 'k8s.namespace.name']);
    expect(result.suggestions[0]).toMatchObject({ kind: 'attribute', insertText: 'service.name' });
    expect(tags.tagNames).toHaveBeenCalledTimes(1);
  });

  it('filters names by the typed prefix and replaces only that prefix', async () => {
    const result = await completeAt('{ span.http.s¦');
    expect(labels(result)).toEqual(['http.status_code']);
    expect(result.replaceLength).toBe('http.s'.length);
  });

  it('offers the names of every attribute scope after a bare dot, and quotes names with spaces', async () => {
    const result = await completeAt('{ .¦');
    expect(labels(result)).toEqual(['service.name', 'k8s.namespace.name', 'http.method', 'http.status_code', 'a b']);
    expect(result.suggestions.find((s) => s.label === 'a b')?.insertText).toBe('"a b"');
  });

  it('offers comparison operators after a name', async () => {
    const result = await completeAt('{ span.http.method ¦');
    expect(labels(result)).toEqual(['=', '!=', '=~', '!~', '>', '<', '>=', '<=']);
    expect(result.suggestions[0]).toMatchObject({ insertText: '= ', retrigger: true });
    expect(labels(await completeAt('{ status ¦'))).toEqual(['=', '!=']);
  });

  it('offers quoted values of the tag, narrowed by the rest of the query', async () => {
    const tags = fakeTagSource();
    const result = await completeAt('{ span.http.method = "GET" && resource.service.name = ¦', tags);
    expect(tags.tagValues).toHaveBeenCalledWith('resource.service.name', '{ span.http.method = "GET" }');
    expect(labels(result)).toEqual(['api', 'db "main"']);
    expect(inserts(result)).toEqual(['"api"', '"db \\"main\\""']);
    expect(result.suggestions[0]).toMatchObject({ kind: 'value', filterText: 'api' });
  });

  it('puts a space between the operator and a value typed right after it', async () => {
    expect(inserts(await completeAt('{ resource.service.name =¦'))).toEqual(
      ['"api"', '"db \\"main\\""'].map((v) => ` ${v}`)
    );
  });

  it('inserts values unquoted but escaped between quotes, closing the quote only when it is missing', async () => {
    expect(inserts(await completeAt('{ resource.service.name = "¦'))).toEqual(['api"', 'db \\"main\\""']);
    const autoClosed = await completeAt('{ resource.service.name = "a¦" }');
    expect(inserts(autoClosed)).toEqual(['api', 'db \\"main\\"']);
    expect(autoClosed.replaceLength).toBe(1);
  });

  it('writes numbers and keywords bare', async () => {
    expect(inserts(await completeAt('{ span.http.status_code = ¦'))).toEqual(['200', '500']);
    const tags = fakeTagSource();
    const status = await completeAt('{ status = ¦', tags);
    expect(inserts(status)).toEqual(['error', 'ok', 'unset']);
    expect(status.suggestions[0]).toMatchObject({ kind: 'value', detail: 'keyword' });
    expect(labels(await completeAt('{ kind != ¦', tags))).toContain('server');
    expect(tags.tagValues).not.toHaveBeenCalled();
  });

  it('offers &&, || and } in the middle of a spanset and after a value', async () => {
    expect(inserts(await completeAt('{ status = error ¦'))).toEqual(['&& ', '|| ', '}']);
    expect(inserts(await completeAt('{ .a = "x"¦'))).toEqual([' && ', ' || ', ' }']);
  });

  it('offers spanset operators, the pipe and the most-recent hint after }', async () => {
    const result = await completeAt('{ .a = 1 } ¦');
    expect(labels(result)).toEqual(expect.arrayContaining(['&&', '||', '>>', '>', '~', '|', 'with(most_recent=true)']));
    expect(result.suggestions.find((s) => s.label === '>>')?.documentation).toMatch(/descendants/);
  });

  it('offers pipeline functions after |, as snippets where they take arguments', async () => {
    const result = await completeAt('{ .a } | ¦');
    expect(labels(result)).toEqual(expect.arrayContaining(['select()', 'by()', 'rate()', 'count()', 'compare()']));
    expect(result.suggestions.find((s) => s.label === 'select()')).toMatchObject({
      insertText: 'select($0)',
      isSnippet: true,
      retrigger: true,
    });
    expect(result.suggestions.find((s) => s.label === 'rate()')).toMatchObject({
      insertText: 'rate()',
      isSnippet: false,
    });
  });

  it('offers nothing where nothing fits, and nothing that needs tags without a tag source', async () => {
    expect((await completeAt('{ .a = 1 foo ¦')).suggestions).toEqual([]);
    expect((await createTraceQLCompleter(undefined).complete('{ span.', 7)).suggestions).toEqual([]);
  });

  it('swallows tag source failures and asks again next time', async () => {
    const tags = fakeTagSource();
    tags.tagNames.mockRejectedValueOnce(new Error('down'));
    tags.tagValues.mockRejectedValueOnce(new Error('down'));
    const completer = createTraceQLCompleter(tags);
    expect((await completer.complete('{ span.', 7)).suggestions).toEqual([]);
    expect((await completer.complete('{ .a = ', 7)).suggestions).toEqual([]);
    expect(labels(await completer.complete('{ span.', 7))).toContain('http.method');
    expect(tags.tagNames).toHaveBeenCalledTimes(2);
  });

  describe('with 30,000 tag names', () => {
    const many = Array.from({ length: 30_000 }, (_, i) => `attribute_${i}`);
    const createIndex = completionIndex.createCompletionIndex as jest.Mock;

    beforeEach(() => createIndex.mockClear());

    it('builds the index once per scope and returns at most the limit, flagged incomplete', async () => {
      const tags = fakeTagSource([{ scope: 'span', tags: many }]);
      const completer = createTraceQLCompleter(tags);
      const typed = '{ span.attribute_2';
      const started = performance.now();
      for (let length = '{ span.'.length; length <= typed.length; length++) {
        await completer.complete(typed.slice(0, length), length);
      }
      const result = await completer.complete(typed, typed.length);
      expect(performance.now() - started).toBeLessThan(500);

      expect(createIndex).toHaveBeenCalledTimes(1);
      expect(tags.tagNames).toHaveBeenCalledTimes(1);
      expect(result.suggestions).toHaveLength(SUGGESTION_LIMIT);
      expect(result.incomplete).toBe(true);
      expect(result.suggestions[0].label).toBe('attribute_2');
    });

    it('is complete when the filter leaves fewer names than the limit', async () => {
      const completer = createTraceQLCompleter(fakeTagSource([{ scope: 'span', tags: many }]));
      const result = await completer.complete('{ span.attribute_2999', 21);
      expect(labels(result)).toEqual(['attribute_2999', ...Array.from({ length: 10 }, (_, i) => `attribute_2999${i}`)]);
      expect(result.incomplete).toBe(false);
    });
  });
});
