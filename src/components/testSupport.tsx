/* Shared helpers for the query editor tests (not shipped: only *.test.tsx files import this). */
import React from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';

import { ScopedTags, TagSource, TagValue } from '../types';

export const TAG_NAMES: ScopedTags[] = [
  { scope: 'resource', tags: ['service.name', 'k8s.namespace.name'] },
  { scope: 'span', tags: ['http.method', 'http.status_code', 'a b'] },
  { scope: 'intrinsic', tags: ['duration', 'name'] },
];

export const TAG_VALUES: Record<string, TagValue[]> = {
  'resource.service.name': [
    { type: 'string', value: 'api' },
    { type: 'string', value: 'db "main"' },
  ],
  'span.http.method': [
    { type: 'string', value: 'GET' },
    { type: 'string', value: 'POST' },
  ],
  'span.http.status_code': [
    { type: 'int', value: '200' },
    { type: 'int', value: '500' },
  ],
  name: [{ type: 'string', value: 'GET /users' }],
};

export function fakeTagSource(names: ScopedTags[] = TAG_NAMES, values = TAG_VALUES) {
  return {
    tagNames: jest.fn(async () => names),
    tagValues: jest.fn(async (tag: string, _query?: string) => values[tag] ?? []),
  } satisfies TagSource;
}

/** What jsdom lacks for @grafana/ui's Select menus. */
export function installDomStubs() {
  Object.assign(global, {
    IntersectionObserver: class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  });
  // Combobox measures its text on a canvas and renders only the options that fit its list's
  // size (a virtual list): jsdom has no canvas and lays nothing out, so give it both.
  Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', {
    configurable: true,
    value: () => ({ font: '', measureText: (text: string) => ({ width: text.length * 8 }) }),
  });
  Object.defineProperty(Element.prototype, 'clientHeight', { configurable: true, get: () => 400 });
  Object.defineProperty(Element.prototype, 'clientWidth', { configurable: true, get: () => 400 });
}

/** Combobox asks for its options a moment after it opens (debounced), and this machine may be busy. */
const OPTIONS_TIMEOUT = { timeout: 10_000 };

/** Opens a Combobox by its input and clicks the option with this label once it has loaded. */
export function chooseOption(input: HTMLElement, label: string) {
  return pickOption(() => fireEvent.click(input), label);
}

async function pickOption(openMenu: () => void, label: string) {
  openMenu();
  const option = await waitFor(() => {
    const found = screen.queryAllByRole('option').find((element) => within(element).queryByText(label) !== null);
    if (!found) {
      throw new Error(`No option "${label}" yet`);
    }
    return found;
  }, OPTIONS_TIMEOUT);
  fireEvent.click(option);
}

/** Types a value that is not among the options and picks it once the menu offers it as a custom value. */
export async function typeCustomOption(input: HTMLElement, text: string) {
  fireEvent.change(input, { target: { value: text } });
  const option = await waitFor(() => {
    const first = screen.getAllByRole('option')[0];
    expect(first).toHaveTextContent(text);
    return first;
  }, OPTIONS_TIMEOUT);
  fireEvent.click(option);
}

interface FakeCodeEditorProps {
  value: string;
  language: string;
  onBlur?: (value: string) => void;
  onChange?: (value: string) => void;
}

/** Stands in for @grafana/ui's CodeEditor (Monaco does not run in jsdom): a textarea with the same callbacks. */
export function FakeCodeEditor({ value, language, onBlur, onChange }: FakeCodeEditorProps) {
  const [text, setText] = React.useState(value);
  return (
    <textarea
      aria-label={`Code editor (${language})`}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        onChange?.(event.currentTarget.value);
      }}
      onBlur={() => onBlur?.(text)}
    />
  );
}
