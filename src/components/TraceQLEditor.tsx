import { css } from '@emotion/css';
import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { GrafanaTheme2 } from '@grafana/data';
import { CodeEditor, Monaco, MonacoEditor, useStyles2 } from '@grafana/ui';

import { TagSource } from '../types';
import { createTraceQLCompleter, TraceQLCompleter } from './traceqlSuggestions';
import { registerTraceQLLanguage, setupTraceQLEditor, TRACEQL_LANGUAGE_ID } from './traceqlMonaco';

const FONT_SIZE = 14;
const MIN_HEIGHT = 32;
const MAX_HEIGHT = 400;

export interface TraceQLEditorProps {
  value: string;
  tags?: TagSource;
  /** The edited text: on blur, and right before Shift+Enter runs it. */
  onChange: (value: string) => void;
  onRunQuery: () => void;
  placeholder?: string;
  /** Default `TraceQL query`. */
  ariaLabel?: string;
  /** Enter runs the query too (one-line fields such as the span filter). */
  runOnEnter?: boolean;
}

export function TraceQLEditor(props: TraceQLEditorProps) {
  const { value, tags, onChange, onRunQuery, placeholder, ariaLabel = 'TraceQL query', runOnEnter } = props;
  const styles = useStyles2(getStyles);
  const [isEmpty, setIsEmpty] = useState(value === '');
  const [height, setHeight] = useState(MIN_HEIGHT);
  const completer = useMemo(() => createTraceQLCompleter(tags), [tags]);

  // Monaco's callbacks are bound once when the editor mounts: they read the current props here.
  const latest = useRef({ value, onChange, onRunQuery, completer });
  useEffect(() => {
    latest.current = { value, onChange, onRunQuery, completer };
  });
  const cleanup = useRef<(() => void) | undefined>(undefined);

  const commit = useCallback((text: string) => {
    if (text !== latest.current.value) {
      latest.current.onChange(text);
    }
  }, []);

  const onEditorDidMount = useCallback(
    (editor: MonacoEditor, monaco: Monaco) => {
      const currentCompleter: TraceQLCompleter = {
        complete: (text, offset) => latest.current.completer.complete(text, offset),
      };
      const teardown = setupTraceQLEditor(editor, monaco, {
        completer: currentCompleter,
        onRunQuery: () => {
          commit(editor.getValue());
          latest.current.onRunQuery();
        },
        runOnEnter,
      });
      const updateHeight = () => setHeight(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, editor.getContentHeight())));
      const sizeListener = editor.onDidContentSizeChange(updateHeight);
      updateHeight();
      cleanup.current = () => {
        sizeListener.dispose();
        teardown();
      };
    },
    [commit, runOnEnter]
  );

  return (
    <div className={styles.wrapper}>
      <CodeEditor
        value={value}
        language={TRACEQL_LANGUAGE_ID}
        height={height}
        wordWrap
        showLineNumbers={false}
        showMiniMap={false}
        containerStyles={styles.editor}
        monacoOptions={{
          ariaLabel,
          fontSize: FONT_SIZE,
          scrollBeyondLastLine: false,
          renderLineHighlight: 'none',
          overviewRulerLanes: 0,
          suggest: { showWords: false },
          scrollbar: { vertical: 'auto', horizontal: 'hidden' },
        }}
        onBeforeEditorMount={registerTraceQLLanguage}
        onEditorDidMount={onEditorDidMount}
        onEditorWillUnmount={() => cleanup.current?.()}
        onChange={(text) => setIsEmpty(text === '')}
        onBlur={commit}
      />
      {isEmpty && placeholder && (
        <div className={styles.placeholder} aria-hidden>
          {placeholder}
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ position: 'relative', flexGrow: 1 }),
  editor: css({ width: '100%' }),
  placeholder: css({
    position: 'absolute',
    top: theme.spacing(0.5),
    left: theme.spacing(1.5),
    pointerEvents: 'none',
    color: theme.colors.text.disabled,
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: FONT_SIZE,
    lineHeight: `${MIN_HEIGHT - 8}px`,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    right: 0,
  }),
});
