import type { Monaco, MonacoEditor, monacoTypes } from '@grafana/ui';

import { fakeTagSource } from './testSupport';
import { createTraceQLCompleter } from './traceqlSuggestions';
import {
  createCompletionItemProvider,
  MARKER_DELAY_MS,
  MARKER_OWNER,
  parseErrorMarkers,
  positionAt,
  registerTraceQLLanguage,
  setupTraceQLEditor,
  TRACEQL_LANGUAGE_ID,
  traceqlMonarchLanguage,
} from './traceqlMonaco';

function fakeMonaco(knownLanguages: string[] = []) {
  const fake = {
    languages: {
      getLanguages: jest.fn(() => knownLanguages.map((id) => ({ id }))),
      register: jest.fn(),
      setMonarchTokensProvider: jest.fn(),
      setLanguageConfiguration: jest.fn(),
      registerCompletionItemProvider: jest.fn(() => ({ dispose: jest.fn() })),
      CompletionItemKind: { Module: 8, Field: 3, Property: 9, Operator: 11, Value: 13, Function: 1, Snippet: 27 },
      CompletionItemInsertTextRule: { InsertAsSnippet: 4 },
    },
    editor: { setModelMarkers: jest.fn() },
    MarkerSeverity: { Error: 8 },
    KeyMod: { Shift: 1024 },
    KeyCode: { Enter: 3 },
  };
  return { fake, monaco: fake as unknown as Monaco };
}

let modelCount = 0;

function fakeModel(initialText: string) {
  let text = initialText;
  const listeners: Array<() => void> = [];
  const uri = `inmemory://model/${++modelCount}`;
  const model = {
    uri: { toString: () => uri },
    getValue: () => text,
    getPositionAt: (offset: number) => positionAt(text, offset),
    getOffsetAt: ({ lineNumber, column }: monacoTypes.IPosition) =>
      text
        .split('\n')
        .slice(0, lineNumber - 1)
        .reduce((sum, line) => sum + line.length + 1, 0) +
      column -
      1,
    onDidChangeContent: (listener: () => void) => {
      listeners.push(listener);
      return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
    },
  };
  const type = (next: string) => {
    text = next;
    listeners.forEach((listener) => listener());
  };
  return { model: model as unknown as monacoTypes.editor.ITextModel, type, listeners };
}

function fakeEditor(model: monacoTypes.editor.ITextModel) {
  const focus = { set: jest.fn() };
  const editor = {
    getModel: () => model,
    getValue: () => model.getValue(),
    createContextKey: jest.fn(() => focus),
    onDidFocusEditorText: jest.fn(() => ({ dispose: jest.fn() })),
    onDidBlurEditorText: jest.fn(() => ({ dispose: jest.fn() })),
    addCommand: jest.fn(),
  };
  return { editor, focus, monacoEditor: editor as unknown as MonacoEditor };
}

const cursorAtEnd = (text: string): monacoTypes.Position => {
  const position = positionAt(text, text.length);
  return position as monacoTypes.Position;
};

describe('registerTraceQLLanguage', () => {
  it('registers the language, tokenizer, configuration and one completion provider once per Monaco instance', () => {
    const { fake, monaco } = fakeMonaco();
    registerTraceQLLanguage(monaco);
    registerTraceQLLanguage(monaco);
    expect(fake.languages.register).toHaveBeenCalledTimes(1);
    expect(fake.languages.register).toHaveBeenCalledWith({ id: TRACEQL_LANGUAGE_ID });
    expect(fake.languages.setMonarchTokensProvider).toHaveBeenCalledWith('traceql', traceqlMonarchLanguage);
    expect(fake.languages.setLanguageConfiguration).toHaveBeenCalledTimes(1);
    expect(fake.languages.registerCompletionItemProvider).toHaveBeenCalledTimes(1);
    expect(fake.languages.registerCompletionItemProvider).toHaveBeenCalledWith(
      'traceql',
      expect.objectContaining({ triggerCharacters: ['{', '.', ' ', '=', '"', '|'] })
    );
  });

  it('does not register the language id again when Monaco already knows it', () => {
    const { fake, monaco } = fakeMonaco(['traceql']);
    registerTraceQLLanguage(monaco);
    expect(fake.languages.register).not.toHaveBeenCalled();
    expect(fake.languages.registerCompletionItemProvider).toHaveBeenCalledTimes(1);
  });
});

describe('completion provider', () => {
  it('turns completions into Monaco items that replace the typed prefix, in our order', async () => {
    const { monaco } = fakeMonaco();
    const text = '{ resource.serv';
    const { model } = fakeModel(text);
    const provider = createCompletionItemProvider(monaco, () => createTraceQLCompleter(fakeTagSource()));
    const result = await provider.provideCompletionItems(model, cursorAtEnd(text), {} as never, {} as never);
    expect(result?.suggestions).toEqual([
      {
        label: 'service.name',
        kind: 9,
        insertText: 'service.name',
        insertTextRules: undefined,
        detail: undefined,
        documentation: undefined,
        filterText: undefined,
        sortText: '00000',
        range: { startLineNumber: 1, startColumn: 12, endLineNumber: 1, endColumn: 16 },
        command: undefined,
      },
    ]);
  });

  it('marks snippets and asks Monaco to suggest again after a scope', async () => {
    const { monaco } = fakeMonaco();
    const provider = createCompletionItemProvider(monaco, () => createTraceQLCompleter(undefined));
    const scopes = await provider.provideCompletionItems(
      fakeModel('{ ').model,
      cursorAtEnd('{ '),
      {} as never,
      {} as never
    );
    expect(scopes?.suggestions[0]).toMatchObject({
      label: 'span.',
      kind: 8,
      command: { id: 'editor.action.triggerSuggest', title: '' },
    });
    const pipe = await provider.provideCompletionItems(
      fakeModel('{} | ').model,
      cursorAtEnd('{} | '),
      {} as never,
      {} as never
    );
    expect(pipe?.suggestions.find((item) => item.label === 'select()')).toMatchObject({ insertTextRules: 4, kind: 1 });
  });

  it('answers nothing for models of other editors', async () => {
    const { monaco } = fakeMonaco();
    const provider = createCompletionItemProvider(monaco, () => undefined);
    const result = await provider.provideCompletionItems(
      fakeModel('{ ').model,
      cursorAtEnd('{ '),
      {} as never,
      {} as never
    );
    expect(result).toEqual({ suggestions: [] });
  });
});

describe('parseErrorMarkers', () => {
  it('points at the unexpected } of { span.foo = }', () => {
    expect(parseErrorMarkers('{ span.foo = }')).toEqual([
      { startLineNumber: 1, startColumn: 14, endLineNumber: 1, endColumn: 15, message: 'Unexpected "}"' },
    ]);
  });

  it('counts lines and columns across newlines', () => {
    expect(parseErrorMarkers('{\n  span.foo =\n}')).toEqual([
      { startLineNumber: 3, startColumn: 1, endLineNumber: 3, endColumn: 2, message: 'Unexpected "}"' },
    ]);
  });

  it('marks nothing for valid or blank text', () => {
    expect(parseErrorMarkers('{ status = error } | rate()')).toEqual([]);
    expect(parseErrorMarkers('  ')).toEqual([]);
  });
});

describe('setupTraceQLEditor', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup(text: string) {
    const { fake, monaco } = fakeMonaco();
    registerTraceQLLanguage(monaco);
    const { model, type, listeners } = fakeModel(text);
    const { editor, focus, monacoEditor } = fakeEditor(model);
    const onRunQuery = jest.fn();
    const completer = createTraceQLCompleter(fakeTagSource());
    const dispose = setupTraceQLEditor(monacoEditor, monaco, { completer, onRunQuery });
    const provider = (fake.languages.registerCompletionItemProvider.mock.calls[0] as unknown[])[1] as ReturnType<
      typeof createCompletionItemProvider
    >;
    return { fake, model, type, listeners, editor, focus, onRunQuery, dispose, provider };
  }

  it('marks parse errors at once and then 300 ms after the last change', () => {
    const { fake, model, type } = setup('{ span.foo = }');
    expect(fake.editor.setModelMarkers).toHaveBeenLastCalledWith(model, MARKER_OWNER, [
      expect.objectContaining({ startColumn: 14, endColumn: 15, severity: 8 }),
    ]);
    type('{ span.foo = 1');
    type('{ span.foo = 1 }');
    jest.advanceTimersByTime(MARKER_DELAY_MS - 1);
    expect(fake.editor.setModelMarkers).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1);
    expect(fake.editor.setModelMarkers).toHaveBeenCalledTimes(2);
    expect(fake.editor.setModelMarkers).toHaveBeenLastCalledWith(model, MARKER_OWNER, []);
  });

  it('runs the query on Shift+Enter only while this editor has focus', () => {
    const { editor, focus, onRunQuery } = setup('{}');
    const [keybinding, handler, context] = editor.addCommand.mock.calls[0] as [number, () => void, string];
    expect(keybinding).toBe(1024 | 3);
    expect(editor.createContextKey).toHaveBeenCalledWith(context, false);
    handler();
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    (editor.onDidFocusEditorText.mock.calls[0] as unknown as [() => void])[0]();
    expect(focus.set).toHaveBeenLastCalledWith(true);
  });

  it('serves completions for its model until disposed', async () => {
    const { model, provider, dispose, listeners } = setup('{ span.');
    const position = cursorAtEnd('{ span.');
    const before = await provider.provideCompletionItems(model, position, {} as never, {} as never);
    expect(before?.suggestions.map((item) => item.label)).toContain('http.method');
    dispose();
    expect(await provider.provideCompletionItems(model, position, {} as never, {} as never)).toEqual({
      suggestions: [],
    });
    expect(listeners).toHaveLength(0);
  });
});
