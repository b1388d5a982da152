import React from 'react';
import { FieldSet } from '@grafana/ui';

import { DEFAULT_MAX_RESPONSE_MB } from '../../backends/http';
import { RESPONSE_LIMIT_LABELS } from '../../settings-labels';
import { ValidatedInput } from './ValidatedInput';

interface Props {
  value?: number;
  onChange: (maxResponseMB: number | undefined) => void;
}

/** `maxResponseMB`: the largest answer read from the server; a bigger one fails with a message naming this field. */
export function ResponseLimitField({ value, onChange }: Props) {
  return (
    <FieldSet label={RESPONSE_LIMIT_LABELS.section}>
      <ValidatedInput
        id="threadline-max-response-mb"
        label={RESPONSE_LIMIT_LABELS.field}
        tooltip={`The largest answer Threadline reads from the server, in megabytes: a bigger one (a runaway search, a proxy's endless page) fails with a message instead of filling the browser's memory. Default and 0: ${DEFAULT_MAX_RESPONSE_MB} (1 GB).`}
        placeholder={String(DEFAULT_MAX_RESPONSE_MB)}
        value={value === undefined ? undefined : String(value)}
        isValid={(text) => /^\d+$/.test(text)}
        error="A whole number of megabytes: 0 for the default"
        onChange={(text) => onChange(text === undefined ? undefined : Number(text))}
      />
    </FieldSet>
  );
}
