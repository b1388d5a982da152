import type { Monaco, MonacoEditor, monacoTypes } from '@grafana/ui';

import { PIPELINE_FUNCTIONS } from '../traceql/cursor-situation';
import { INTRINSICS } from '../traceql/intrinsics';
import { parseErrors } from '../traceql/syntax';
import { KEYWORD_VALUES } from '../traceql/literals';
import { SuggestionKind, TraceQLCompleter, TraceQLSuggestion } from './traceqlSuggestions';

export const TRACEQL_LANGUAGE_ID = 'traceql';
export const TRACEQL_TRIGGER_CHARACTERS = ['{', '.', ' ', '=', '"', '|'];
export const MARKER_OWNER = 'threadline-traceql';
export const MARKER_DELAY_MS = 300;

// Characters that end an attribute name in Tempo's lexer (see traceql/tokens.ts).
const ATTRIBUTE_NAME = /[^\s{}()=~!<>&|^,"`+*%]*/.source;

export const traceqlMonarchLanguage: monacoTypes.languages.IMonarchLanguage = {
  defaultToken: '',
  tokenPostfix: '.traceql',
  intrinsics: INTRINSICS.map((intrinsic) => intrinsic.name),
  keywords: [...KEYWORD_VALUES, 'with'],
  functions: [...PIPELINE_FUNCTIONS.map((entry) => entry.replace(/[()]/g, '')), 'topk', 'bottomk'],
  operators: '= != =~ !~ > < >= <= && || ! >> << ~ !>> !<< !> !< &>> &<< &> &< &~ | + - * / % ^'.split(' '),
  symbols: /[=><!~&|^+\-*/%]+/,
  tokenizer: {
    root: [
      [/\s+/, 'white'],
      [/\/\/.*$/, 'comment'],
      [/\/\*/, 'comment', '@blockComment'],
      [/"/, 'string', '@string'],
      [/`[^`]*`/, 'string'],
      [/\$\{[^}]*\}|\$[A-Za-z_]\w*/, 'variable'],
      [new RegExp(`(span|resource|event|link|instrumentation)(\\.)(${ATTRIBUTE_NAME})`), ['type', 'delimiter', 'key']],
      [new RegExp(`(\\.)([A-Za-z_]${ATTRIBUTE_NAME})`), ['delimiter', 'key']],
      [/\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h)(?![\w])/, 'number.duration'],
      [/\d+(?:\.\d+)?/, 'number'],
      [
        /[A-Za-z_][\w:]*/,
        {
          cases: {
            '@intrinsics': 'variable.predefined',
            '@keywords': 'keyword',
            '@functions': 'predefined',
            '@default': 'identifier',
          },
        },
      ],
      [/[{}()]/, '@brackets'],
      [/,/, 'delimiter'],
      [/@symbols/, { cases: { '@operators': 'operator', '@default': '' } }],
    ],
    string: [
      [/[^\\"]+/, 'string'],
      [/\\./, 'string.escape'],
      [/"/, 'string', '@pop'],
    ],
    blockComment: [
      [/[^*]+/, 'comment'],
      [/\*\//, 'comment', '@pop'],
      [/\*/, 'comment'],
    ],
  },
};

export const traceqlLanguageConfiguration: monacoTypes.languages.LanguageConfiguration = {
  comments: { lineComment: '//', blockComment: ['/*', '*/'] },
  brackets: [
    ['{', '}'],
    ['(', ')'],
  ],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: ['string'] },
    { open: '`', close: '`', notIn: ['string'] },
  ],
  surroundingPairs: [
    { open: '{', close: '}' },
    { open: '(', close: ')' },
    { open: '"', close: '"' },
  ],
};

/**
 * One completion provider per Monaco instance serves every TraceQL editor: Monaco asks all
 * providers of a language for every model, so per-editor providers would multiply suggestions.
 * Each editor registers its completer under its model's URI instead.
 */
const preparedMonacos = new WeakSet<object>();
const completersByModelUri = new Map<string, TraceQLCompleter>();

/** For CodeEditor's onBeforeEditorMount: the model is created with this language right after. */
export function registerTraceQLLanguage(monaco: Monaco): void {
  if (preparedMonacos.has(monaco)) {
    return;
  }
  preparedMonacos.add(monaco);
  const { languages } = monaco;
  if (!languages.getLanguages().some((language) => language.id === TRACEQL_LANGUAGE_ID)) {
    languages.register({ id: TRACEQL_LANGUAGE_ID });
  }
  languages.setMonarchTokensProvider(TRACEQL_LANGUAGE_ID, traceqlMonarchLanguage);
  languages.setLanguageConfiguration(TRACEQL_LANGUAGE_ID, traceqlLanguageConfiguration);
  languages.registerCompletionItemProvider(
    TRACEQL_LANGUAGE_ID,
    createCompletionItemProvider(monaco, (model) => completersByModelUri.get(model.uri.toString()))
  );
}

export function createCompletionItemProvider(
  monaco: Monaco,
  completerFor: (model: monacoTypes.editor.ITextModel) => TraceQLCompleter | undefined
): monacoTypes.languages.CompletionItemProvider {
  return {
    triggerCharacters: TRACEQL_TRIGGER_CHARACTERS,
    provideCompletionItems: async (model, position) => {
      const completer = completerFor(model);
      if (!completer) {
        return { suggestions: [] };
      }
      const offset = model.getOffsetAt(position);
      const { suggestions, replaceLength, incomplete } = await completer.complete(model.getValue(), offset);
      const start = model.getPositionAt(offset - replaceLength);
      const range = {
        startLineNumber: start.lineNumber,
        startColumn: start.column,
        endLineNumber: position.lineNumber,
        endColumn: position.column,
      };
      return {
        incomplete,
        suggestions: suggestions.map((suggestion, index) => toCompletionItem(monaco, suggestion, range, index)),
      };
    },
  };
}

const MONACO_KIND: Record<SuggestionKind, keyof typeof monacoTypes.languages.CompletionItemKind> = {
  scope: 'Module',
  intrinsic: 'Field',
  attribute: 'Property',
  operator: 'Operator',
  value: 'Value',
  function: 'Function',
  snippet: 'Snippet',
};

export function toCompletionItem(
  monaco: Monaco,
  suggestion: TraceQLSuggestion,
  range: monacoTypes.IRange,
  index: number
): monacoTypes.languages.CompletionItem {
  const { languages } = monaco;
  return {
    label: suggestion.label,
    kind: languages.CompletionItemKind[MONACO_KIND[suggestion.kind]],
    insertText: suggestion.insertText,
    insertTextRules: suggestion.isSnippet ? languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
    detail: suggestion.detail,
    documentation: suggestion.documentation,
    filterText: suggestion.filterText,
    // Keeps our order (scopes before intrinsics, prefix matches first) instead of Monaco's alphabetical one.
    sortText: String(index).padStart(5, '0'),
    range,
    command: suggestion.retrigger ? { id: 'editor.action.triggerSuggest', title: '' } : undefined,
  };
}

export interface TextMarker {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  message: string;
}

/** Parse errors as Monaco marker ranges (1-based lines and columns). */
export function parseErrorMarkers(text: string): TextMarker[] {
  if (!text.trim()) {
    return [];
  }
  return parseErrors(text).map((error) => {
    const start = positionAt(text, error.from);
    const end = positionAt(text, error.to);
    return {
      startLineNumber: start.lineNumber,
      startColumn: start.column,
      endLineNumber: end.lineNumber,
      endColumn: end.column,
      message: error.message,
    };
  });
}

export function positionAt(text: string, offset: number): { lineNumber: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { lineNumber: before.split('\n').length, column: offset - lineStart + 1 };
}

export function setParseErrorMarkers(monaco: Monaco, model: monacoTypes.editor.ITextModel): void {
  const markers = parseErrorMarkers(model.getValue()).map((marker) => ({
    ...marker,
    severity: monaco.MarkerSeverity.Error,
  }));
  monaco.editor.setModelMarkers(model, MARKER_OWNER, markers);
}

export interface TraceQLEditorWiring {
  /** Kept for the editor's lifetime: pass one that delegates if the tag source can change. */
  completer: TraceQLCompleter;
  /** Shift+Enter, and Enter too when `runOnEnter` is set. */
  onRunQuery: () => void;
  /** A one-line field (the span filter): Enter runs it, unless it picks a suggestion. */
  runOnEnter?: boolean;
}

let editorCount = 0;

/**
 * Per-editor setup for CodeEditor's onEditorDidMount: completions for this model, parse-error
 * markers while typing, Shift+Enter (or Enter) to run. Returns the cleanup for onEditorWillUnmount.
 */
export function setupTraceQLEditor(editor: MonacoEditor, monaco: Monaco, wiring: TraceQLEditorWiring): () => void {
  const model = editor.getModel();
  if (!model) {
    return () => {};
  }
  const uri = model.uri.toString();
  completersByModelUri.set(uri, wiring.completer);

  let markerTimer: ReturnType<typeof setTimeout> | undefined;
  setParseErrorMarkers(monaco, model);
  const contentListener = model.onDidChangeContent(() => {
    clearTimeout(markerTimer);
    markerTimer = setTimeout(() => setParseErrorMarkers(monaco, model), MARKER_DELAY_MS);
  });

  // addCommand keybindings are global to Monaco: without a per-editor context key, Shift+Enter
  // would run the query of whichever editor registered last.
  const focusKey = `threadlineTraceQLFocused${++editorCount}`;
  const focused = editor.createContextKey<boolean>(focusKey, false);
  const focusListener = editor.onDidFocusEditorText(() => focused.set(true));
  const blurListener = editor.onDidBlurEditorText(() => focused.set(false));
  editor.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => wiring.onRunQuery(), focusKey);
  if (wiring.runOnEnter) {
    editor.addCommand(monaco.KeyCode.Enter, () => wiring.onRunQuery(), `${focusKey} && !suggestWidgetVisible`);
  }

  return () => {
    clearTimeout(markerTimer);
    contentListener.dispose();
    focusListener.dispose();
    blurListener.dispose();
    if (completersByModelUri.get(uri) === wiring.completer) {
      completersByModelUri.delete(uri);
    }
  };
}
