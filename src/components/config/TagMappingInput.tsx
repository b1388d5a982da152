import React, { ChangeEvent } from 'react';
import { Button, IconButton, InlineLabel, Input, Stack } from '@grafana/ui';

import type { TagMapping } from '../../types';

interface Props {
  /** Prefix of the inputs' ids. */
  id: string;
  values: TagMapping[];
  onChange: (values: TagMapping[]) => void;
  /** Shown as placeholders, row by row: the tags a new link starts with. */
  placeholders?: TagMapping[];
}

const EXAMPLE_PLACEHOLDER: TagMapping = { key: 'span attribute', value: 'name in the query (optional)' };

/** Rows of a span attribute name and an optional name for it in the linked query ("service.name as service_name"). */
export function TagMappingInput({ id, values, onChange, placeholders = [] }: Props) {
  const setRow = (row: number, tag: TagMapping) => onChange(values.map((old, i) => (i === row ? tag : old)));

  return (
    <Stack direction="column" gap={0.5} alignItems="flex-start">
      {values.map((tag, row) => {
        const placeholder = placeholders[row] ?? EXAMPLE_PLACEHOLDER;
        return (
          <Stack key={row} gap={0.5} alignItems="center">
            <Input
              id={`${id}-key-${row}`}
              aria-label={`Tag ${row + 1} attribute`}
              width={24}
              placeholder={placeholder.key}
              value={tag.key}
              onChange={(e: ChangeEvent<HTMLInputElement>) => setRow(row, { ...tag, key: e.currentTarget.value })}
            />
            <InlineLabel width="auto">as</InlineLabel>
            <Input
              id={`${id}-value-${row}`}
              aria-label={`Tag ${row + 1} name in the query`}
              width={28}
              placeholder={placeholder.value}
              value={tag.value ?? ''}
              onChange={(e: ChangeEvent<HTMLInputElement>) => setRow(row, renamed(tag, e.currentTarget.value))}
            />
            <IconButton
              name="times"
              aria-label={`Remove tag ${row + 1}`}
              onClick={() => onChange(values.filter((_, i) => i !== row))}
            />
          </Stack>
        );
      })}
      <Button
        variant="secondary"
        size="sm"
        icon="plus"
        type="button"
        onClick={() => onChange([...values, { key: '' }])}
      >
        Add tag
      </Button>
    </Stack>
  );
}

/** An empty new name is left out, so the tag keeps its own name. */
function renamed(tag: TagMapping, value: string): TagMapping {
  return value ? { ...tag, value } : { key: tag.key };
}
