import React, { ReactElement, useId, useRef } from 'react';
import { Combobox, ComboboxOption, MultiCombobox } from '@grafana/ui';

import { SearchScope } from '../traceql/builder';
import { TagSource } from '../types';
import { tagNamesOfScope } from './searchBuilderState';

/**
 * Combobox takes no `aria-label`: it is named by a label that is not shown, through
 * `aria-labelledby`. Render `label` anywhere near the combobox.
 */
export function useHiddenLabel(text: string | undefined): { labelledBy?: string; label: ReactElement | null } {
  const id = useId();
  return text
    ? {
        labelledBy: id,
        label: (
          <span id={id} hidden>
            {text}
          </span>
        ),
      }
    : { label: null };
}

/**
 * Options for a Combobox, fetched when its menu opens (the tag source caches) and filtered by
 * what is typed. Combobox keeps only the answer to its latest call, so a slow older one never wins.
 */
export function matchingOptions(names: string[], typed: string): Array<ComboboxOption<string>> {
  const needle = typed.toLowerCase();
  return names.filter((name) => name.toLowerCase().includes(needle)).map((name) => ({ label: name, value: name }));
}

interface TagValueSelectProps {
  tags?: TagSource;
  /** Scoped tag name as Tempo's tag-values endpoint takes it: `resource.service.name`, `status`. */
  tag: string;
  /** TraceQL narrowing the values to spans that match the rest of the search. */
  query?: string;
  value: string | string[];
  multi: boolean;
  /** `tempoType` is Tempo's type of the chosen value; undefined for a typed-in value. */
  onChange: (values: string[], tempoType?: string) => void;
  inputId?: string;
  'aria-label'?: string;
  invalid?: boolean;
  width?: number;
}

/** Values of one tag, loaded when the menu opens; any typed value can be used too. */
export function TagValueSelect({ tags, tag, query, value, multi, onChange, ...props }: TagValueSelectProps) {
  const { labelledBy, label } = useHiddenLabel(props['aria-label']);
  /** Tempo's type of each value offered last. */
  const typeOf = useRef(new Map<string, string>());
  const options = async (typed: string) => {
    if (!tags || !tag) {
      return [];
    }
    const values = await tags.tagValues(tag, query);
    typeOf.current = new Map(values.map((item) => [item.value, item.type]));
    return matchingOptions(
      values.map((item) => item.value),
      typed
    );
  };
  const common = {
    id: props.inputId,
    'aria-labelledby': labelledBy,
    invalid: props.invalid,
    width: props.width,
    options,
    createCustomValue: true,
    placeholder: 'Select value',
  };
  const selected = Array.isArray(value) ? value : value ? [value] : [];

  if (multi) {
    return (
      <>
        {label}
        <MultiCombobox<string>
          {...common}
          value={selected}
          onChange={(chosen) => {
            const values = chosen.map((option) => option.value);
            onChange(values, values.map((item) => typeOf.current.get(item)).find(Boolean));
          }}
        />
      </>
    );
  }
  return (
    <>
      {label}
      <Combobox<string>
        {...common}
        isClearable
        value={selected[0] ?? null}
        onChange={(option) =>
          onChange(option?.value ? [option.value] : [], option ? typeOf.current.get(option.value) : undefined)
        }
      />
    </>
  );
}

interface TagNameSelectProps {
  tags?: TagSource;
  /** `'all'`: every attribute with its scope (`span.http.method`) and the intrinsics. */
  scope: SearchScope | 'all';
  value: string;
  onChange: (tag: string) => void;
  'aria-label'?: string;
  width?: number;
}

/** Attribute names of one scope (intrinsics for `intrinsic`), loaded when the menu opens. */
export function TagNameSelect({ tags, scope, value, onChange, width, ...props }: TagNameSelectProps) {
  const { labelledBy, label } = useHiddenLabel(props['aria-label']);
  const options = async (typed: string) => {
    const scopedTags = scope === 'intrinsic' || !tags ? [] : await tags.tagNames();
    return matchingOptions(tagNamesOfScope(scopedTags, scope), typed);
  };
  return (
    <>
      {label}
      <Combobox<string>
        aria-labelledby={labelledBy}
        width={width}
        options={options}
        createCustomValue
        placeholder="Select tag"
        value={value || null}
        onChange={(option) => onChange(option.value)}
      />
    </>
  );
}
