import React, { useRef, useState } from 'react';
import { SelectableValue } from '@grafana/data';
import { MultiSelect, Select } from '@grafana/ui';

import { SearchScope } from '../traceql/builder';
import { TagSource } from '../types';
import { tagNamesOfScope } from './searchBuilderState';

type Option = SelectableValue<string> & { tempoType?: string };

// react-select renders every option: above this many, render only the visible ones.
const VIRTUALIZE_ABOVE = 200;

/** Options fetched each time the menu opens (the tag source caches); a slow older answer never wins. */
function useOptionsOnOpen(loader: (() => Promise<Option[]>) | undefined) {
  const [options, setOptions] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);
  const latestRequest = useRef(0);

  const load = () => {
    if (!loader) {
      return;
    }
    const request = ++latestRequest.current;
    const settle = (loaded: Option[]) => {
      if (request === latestRequest.current) {
        setOptions(loaded);
        setLoading(false);
      }
    };
    setLoading(true);
    loader().then(settle, () => settle([]));
  };
  return { options, loading, load };
}

function toOption(value: string, tempoType?: string): Option {
  return { label: value, value, tempoType };
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
export function TagValueSelect({ tags, tag, query, value, multi, onChange, ...selectProps }: TagValueSelectProps) {
  const { options, loading, load } = useOptionsOnOpen(
    tags && tag
      ? () => tags.tagValues(tag, query).then((values) => values.map((item) => toOption(item.value, item.type)))
      : undefined
  );
  const selected = (Array.isArray(value) ? value : value ? [value] : []).map((item) => toOption(item));
  const common = {
    ...selectProps,
    options,
    isLoading: loading,
    onOpenMenu: load,
    allowCustomValue: true,
    virtualized: options.length > VIRTUALIZE_ABOVE,
    placeholder: 'Select value',
  };

  if (multi) {
    return (
      <MultiSelect<string>
        {...common}
        value={selected}
        onChange={(chosen: Option[]) =>
          onChange(
            chosen.map((option) => option.value ?? ''),
            chosen.find((option) => option.tempoType)?.tempoType
          )
        }
      />
    );
  }
  return (
    <Select<string>
      {...common}
      isClearable
      value={selected[0] ?? null}
      onChange={(option: Option | null) => onChange(option?.value ? [option.value] : [], option?.tempoType)}
    />
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
export function TagNameSelect({ tags, scope, value, onChange, ...selectProps }: TagNameSelectProps) {
  const scopedTags = scope === 'intrinsic' ? async () => [] : tags && (() => tags.tagNames());
  const { options, loading, load } = useOptionsOnOpen(
    scopedTags && (async () => tagNamesOfScope(await scopedTags(), scope).map((name) => toOption(name)))
  );
  return (
    <Select<string>
      {...selectProps}
      options={options}
      isLoading={loading}
      onOpenMenu={load}
      allowCustomValue
      virtualized={options.length > VIRTUALIZE_ABOVE}
      placeholder="Select tag"
      value={value ? toOption(value) : null}
      onChange={(option: Option) => onChange(option.value ?? '')}
    />
  );
}
