/**
 * Monaco from the installed `monaco-editor` package, never from a CDN: @monaco-editor/react
 * would otherwise fetch it from jsdelivr. Its editor worker is bundled by webpack too.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';

self.MonacoEnvironment = {
  getWorker: () => new Worker(new URL('monaco-editor/esm/vs/editor/editor.worker.js', import.meta.url)),
};

loader.config({ monaco });
