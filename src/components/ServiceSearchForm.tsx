import React, { useEffect, useRef, useState } from 'react';
import { Combobox, InlineField, InlineFieldRow } from '@grafana/ui';

import type { ServiceSearchCapability } from '../backends/backend';
import { parseSearchDuration, parseSearchTags } from '../backends/search-params';
import { DEFAULT_SEARCH_LIMIT, ThreadlineQuery } from '../types';
import { BlurCommitInput } from './BlurCommitInput';
import { matchingOptions } from './TagSelects';

const LABEL_WIDTH = 14;

interface Props {
  query: ThreadlineQuery;
  /** The backend's service search (Jaeger, Zipkin): where the pickers' names come from. */
  search: ServiceSearchCapability;
  onChange: (query: ThreadlineQuery) => void;
  onRunQuery: () => void;
}

/**
 * Jaeger UI's search form for any backend with a service search: service and operation pickers,
 * logfmt tags, min/max duration, limit; the time range is the query's. Pickers run the query on
 * a choice, text fields on Enter or blur; a field's error shows under it and nothing runs.
 */
export function ServiceSearchForm({ query, search, onChange, onRunQuery }: Props) {
  const [errors, setErrors] = useState<
    Partial<Record<'service' | 'operation' | 'tags' | 'minDuration' | 'maxDuration' | 'limit', string>>
  >({});
  const loadError = (field: 'service' | 'operation') => (message: string | undefined) =>
    setErrors((previous) => (previous[field] === message ? previous : { ...previous, [field]: message }));
  const change = (patch: Partial<ThreadlineQuery>) => {
    onChange({ ...query, ...patch });
    onRunQuery();
  };
  /** Commits a text field when `check` finds no error in it (template variables are checked when the query runs). */
  const commit = (field: keyof typeof errors, text: string, check: (text: string) => void, value: unknown) => {
    let error: string | undefined;
    try {
      if (!text.includes('$')) {
        check(text);
      }
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
    setErrors((previous) => ({ ...previous, [field]: error }));
    if (error !== undefined) {
      return false;
    }
    if (value !== query[field]) {
      change({ [field]: value });
    }
    return true;
  };

  return (
    <>
      <InlineFieldRow>
        <InlineField
          label="Service"
          labelWidth={LABEL_WIDTH}
          invalid={Boolean(errors.service)}
          error={errors.service}
          tooltip="The service whose traces to search (required)."
        >
          <NamePicker
            inputId="threadline-search-service"
            placeholder="Select a service"
            value={query.service}
            load={() => search.services()}
            onLoadError={loadError('service')}
            onChange={(service) => {
              // The operations of another service load anew: an earlier failure to load them no longer holds.
              loadError('operation')(undefined);
              change({ service, operation: undefined });
            }}
          />
        </InlineField>
        <InlineField
          label="Operation"
          labelWidth={LABEL_WIDTH}
          invalid={Boolean(errors.operation)}
          error={errors.operation}
          tooltip="A span name of that service; all when empty."
        >
          <NamePicker
            key={query.service ?? ''}
            inputId="threadline-search-operation"
            placeholder="All operations"
            value={query.operation}
            load={query.service && !query.service.includes('$') ? () => search.operations(query.service!) : undefined}
            onLoadError={loadError('operation')}
            onChange={(operation) => change({ operation })}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineField
        label="Tags"
        labelWidth={LABEL_WIDTH}
        grow
        invalid={Boolean(errors.tags)}
        error={errors.tags}
        tooltip='Span tags in logfmt, as in Jaeger UI: key=value pairs separated by spaces, with double quotes around values with spaces (error.message="timed out").'
      >
        <BlurCommitInput
          aria-label="Tags"
          placeholder="http.status_code=500 error=true"
          value={query.tags ?? ''}
          onCommit={(text) => commit('tags', text, parseSearchTags, text.trim() || undefined)}
        />
      </InlineField>
      <InlineFieldRow>
        {(['minDuration', 'maxDuration'] as const).map((field) => (
          <InlineField
            key={field}
            label={field === 'minDuration' ? 'Min duration' : 'Max duration'}
            labelWidth={LABEL_WIDTH}
            invalid={Boolean(errors[field])}
            error={errors[field]}
            tooltip="A trace's duration with a unit: us, ms, s, m or h (e.g. 100ms, 1.2s)."
          >
            <BlurCommitInput
              aria-label={field === 'minDuration' ? 'Min duration' : 'Max duration'}
              width={16}
              placeholder={field === 'minDuration' ? 'e.g. 100ms' : 'e.g. 1.2s'}
              value={query[field] ?? ''}
              onCommit={(text) =>
                commit(field, text, (t) => parseSearchDuration(t, 'A duration'), text.trim() || undefined)
              }
            />
          </InlineField>
        ))}
        <InlineField
          label="Limit"
          labelWidth={LABEL_WIDTH}
          invalid={Boolean(errors.limit)}
          error={errors.limit}
          tooltip="Most traces to return."
        >
          <BlurCommitInput
            aria-label="Limit"
            width={10}
            placeholder={String(DEFAULT_SEARCH_LIMIT)}
            value={query.limit === undefined ? '' : String(query.limit)}
            onCommit={(text) => commit('limit', text, checkLimit, text.trim() === '' ? undefined : Number(text.trim()))}
          />
        </InlineField>
      </InlineFieldRow>
    </>
  );
}

function checkLimit(text: string) {
  if (text.trim() !== '' && !(/^\d+$/.test(text.trim()) && Number(text.trim()) > 0)) {
    throw new Error('A whole number above 0');
  }
}

interface NamePickerProps {
  /** The input's ID: the InlineField's label names it through it. */
  inputId: string;
  placeholder: string;
  value: string | undefined;
  /** Loads the names when the menu opens; none while there is nothing to load them for. */
  load: (() => Promise<string[]>) | undefined;
  onChange: (value: string | undefined) => void;
  /** Why the names could not be loaded (shown under the field), or undefined once they are. */
  onLoadError: (message: string | undefined) => void;
}

/**
 * A name from the backend, or a typed one such as a `$variable`. The names load once while the
 * picker has the focus (typing filters them). Grafana 11.6's Combobox has no `noOptionsMessage`
 * nor `onIsOpenChange`: a failure to load is said under the field, and leaving it forgets the names.
 */
function NamePicker({ load, value, onChange, onLoadError, inputId, placeholder }: NamePickerProps) {
  const names = useRef<Promise<string[]> | undefined>(undefined);
  const reported = useRef(value);
  useEffect(() => {
    reported.current = value;
  }, [value]);
  const options = async (typed: string) => {
    if (!load) {
      return [];
    }
    names.current ??= load();
    try {
      const loaded = await names.current;
      onLoadError(undefined);
      return matchingOptions(loaded, typed);
    } catch (error) {
      onLoadError(error instanceof Error ? error.message : String(error));
      return [];
    }
  };
  return (
    <Combobox<string>
      id={inputId}
      placeholder={placeholder}
      width={30}
      isClearable
      createCustomValue
      options={options}
      value={value || null}
      onBlur={() => (names.current = undefined)}
      onChange={(option) => {
        // In Chromium one click on a name made Combobox report it three times before the new
        // value rendered (three searches ran): only a change runs the query.
        const chosen = option?.value || undefined;
        if (chosen !== reported.current) {
          reported.current = chosen;
          onChange(chosen);
        }
      }}
    />
  );
}
