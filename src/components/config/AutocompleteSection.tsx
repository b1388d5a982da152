import React from 'react';
import { FieldSet } from '@grafana/ui';

import { ValidatedInput } from './ValidatedInput';
import { isPositiveInteger } from './link-settings';
import { DEFAULT_TAG_LIMIT } from '../../types';

interface Props {
  tagLimit?: number;
  onChange: (tagLimit: number | undefined) => void;
}

/** `tagLimit`: how many attribute names and values the editors ask Tempo for. */
export function AutocompleteSection({ tagLimit, onChange }: Props) {
  return (
    <FieldSet label="Autocomplete">
      <ValidatedInput
        id="threadline-tag-limit"
        label="Tag limit"
        tooltip={`Most attribute names and values asked of Tempo for autocomplete and pickers (Tempo's limit parameter). Lower it if a Tempo with many distinct values answers slowly. Default: ${DEFAULT_TAG_LIMIT}.`}
        placeholder={String(DEFAULT_TAG_LIMIT)}
        value={tagLimit === undefined ? undefined : String(tagLimit)}
        isValid={isPositiveInteger}
        error="A whole number above 0"
        onChange={(text) => onChange(text === undefined ? undefined : Number(text))}
      />
    </FieldSet>
  );
}
