import React, { ComponentProps, useState } from 'react';
import { Input } from '@grafana/ui';

type InputProps = ComponentProps<typeof Input>;

interface Props extends Omit<InputProps, 'value' | 'onChange' | 'onBlur' | 'onKeyDown'> {
  value: string;
  /** Called on Enter and on blur with the typed text; returning false keeps the text in the field. */
  onCommit: (text: string) => boolean | void;
}

/** An Input that hands its text over on Enter or blur only, so every keystroke does not rewrite the query. */
export function BlurCommitInput({ value, onCommit, ...inputProps }: Props) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const text = draft ?? value;

  const commit = () => {
    if (onCommit(text) !== false) {
      setDraft(undefined);
    }
  };

  return (
    <Input
      {...inputProps}
      value={text}
      onChange={(event: React.ChangeEvent<HTMLInputElement>) => setDraft(event.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(event: React.KeyboardEvent<HTMLInputElement>) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          commit();
        }
      }}
    />
  );
}
