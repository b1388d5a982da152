import React from 'react';
import { act, render, screen } from '@testing-library/react';
import type { CodeEditor, Monaco, MonacoEditor } from '@grafana/ui';

import { fakeTagSource } from './testSupport';
import { TraceQLEditor } from './TraceQLEditor';
import { registerTraceQLLanguage } from './traceqlMonaco';

type CodeEditorProps = React.ComponentProps<typeof CodeEditor>;
const mockCodeEditor = jest.fn((_props: CodeEditorProps) => <div data-testid="code-editor" />);

jest.mock('@grafana/ui', () => ({
  ...jest.requireActual('@grafana/ui'),
  CodeEditor: (props: CodeEditorProps) => mockCodeEditor(props),
}));

function lastCodeEditorProps(): CodeEditorProps {
  return mockCodeEditor.mock.calls[mockCodeEditor.mock.calls.length - 1][0];
}

function fakeEditorAndMonaco(text: string) {
  const model = {
    uri: { toString: () => 'inmemory://traceql-editor-test' },
    getValue: () => text,
    onDidChangeContent: () => ({ dispose: jest.fn() }),
  };
  const editor = {
    getModel: () => model,
    getValue: () => text,
    getContentHeight: () => 60,
    onDidContentSizeChange: jest.fn(() => ({ dispose: jest.fn() })),
    createContextKey: () => ({ set: jest.fn() }),
    onDidFocusEditorText: () => ({ dispose: jest.fn() }),
    onDidBlurEditorText: () => ({ dispose: jest.fn() }),
    addCommand: jest.fn(),
  };
  const monaco = {
    editor: { setModelMarkers: jest.fn() },
    MarkerSeverity: { Error: 8 },
    KeyMod: { Shift: 1024 },
    KeyCode: { Enter: 3 },
  };
  return { editor, monaco, asEditor: editor as unknown as MonacoEditor, asMonaco: monaco as unknown as Monaco };
}

function setup(value = '') {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const result = render(
    <TraceQLEditor
      value={value}
      tags={fakeTagSource()}
      onChange={onChange}
      onRunQuery={onRunQuery}
      placeholder="Enter TraceQL or a trace ID"
    />
  );
  return { onChange, onRunQuery, ...result };
}

describe('TraceQLEditor', () => {
  beforeEach(() => mockCodeEditor.mockClear());

  it('gives CodeEditor the query in the traceql language and registers the language before mounting', () => {
    setup('{ status = error }');
    expect(lastCodeEditorProps()).toMatchObject({
      value: '{ status = error }',
      language: 'traceql',
      onBeforeEditorMount: registerTraceQLLanguage,
      showLineNumbers: false,
    });
  });

  it('commits the text on blur only when it changed', () => {
    const { onChange, onRunQuery } = setup('{}');
    act(() => lastCodeEditorProps().onBlur?.('{}'));
    expect(onChange).not.toHaveBeenCalled();
    act(() => lastCodeEditorProps().onBlur?.('{ .a = 1 }'));
    expect(onChange).toHaveBeenCalledWith('{ .a = 1 }');
    expect(onRunQuery).not.toHaveBeenCalled();
  });

  it('shows the placeholder only while the editor is empty', () => {
    setup('');
    expect(screen.getByText('Enter TraceQL or a trace ID')).toBeInTheDocument();
    act(() => lastCodeEditorProps().onChange?.('{'));
    expect(screen.queryByText('Enter TraceQL or a trace ID')).not.toBeInTheDocument();
  });

  it('on Shift+Enter commits the edited text, then runs the query', () => {
    const { onChange, onRunQuery } = setup('{}');
    const { editor, asEditor, asMonaco } = fakeEditorAndMonaco('{ status = error }');
    act(() => lastCodeEditorProps().onEditorDidMount?.(asEditor, asMonaco));
    const [keybinding, runCommand] = editor.addCommand.mock.calls[0] as unknown as [number, () => void];
    expect(keybinding).toBe(1024 | 3);
    act(() => runCommand());
    expect(onChange).toHaveBeenCalledWith('{ status = error }');
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    expect(onChange.mock.invocationCallOrder[0]).toBeLessThan(onRunQuery.mock.invocationCallOrder[0]);
  });

  it('grows with its content and cleans up when unmounted', () => {
    const { unmount } = setup('{}');
    const { editor, asEditor, asMonaco } = fakeEditorAndMonaco('{}');
    act(() => lastCodeEditorProps().onEditorDidMount?.(asEditor, asMonaco));
    expect(lastCodeEditorProps().height).toBe(60);
    const sizeListener = editor.onDidContentSizeChange.mock.results[0].value;
    lastCodeEditorProps().onEditorWillUnmount?.();
    unmount();
    expect(sizeListener.dispose).toHaveBeenCalled();
  });
});
