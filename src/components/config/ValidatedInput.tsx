import React, { ChangeEvent, useState } from 'react';
import { InlineField, Input } from '@grafana/ui';

import { LABEL_WIDTH } from './link-settings';

interface Props {
  id: string;
  label: string;
  tooltip: string;
  value: string | undefined;
  placeholder?: string;
  width?: number;
  isValid: (text: string) => boolean;
  /** Shown while the text is not valid. */
  error: string;
  /** Called with valid text only, or `undefined` when the input is emptied. */
  onChange: (text: string | undefined) => void;
}

/**
 * An inline text field that passes on only valid text: jsonData never holds a value Grafana
 * cannot read (an unreadable time shift would break every link from a span). Invalid text
 * stays in the field, marked, until it is fixed or emptied.
 */
export function ValidatedInput({
  id,
  label,
  tooltip,
  value,
  placeholder,
  width = 16,
  isValid,
  error,
  onChange,
}: Props) {
  const [invalidText, setInvalidText] = useState<string | undefined>();

  const onTextChange = (e: ChangeEvent<HTMLInputElement>) => {
    const text = e.currentTarget.value.trim();
    if (text === '' || isValid(text)) {
      setInvalidText(undefined);
      onChange(text === '' ? undefined : text);
    } else {
      setInvalidText(e.currentTarget.value);
    }
  };

  return (
    <InlineField
      label={label}
      labelWidth={LABEL_WIDTH}
      tooltip={tooltip}
      invalid={invalidText !== undefined}
      error={invalidText !== undefined ? error : undefined}
    >
      <Input
        id={id}
        width={width}
        placeholder={placeholder}
        value={invalidText ?? value ?? ''}
        onChange={onTextChange}
      />
    </InlineField>
  );
}
