import React from 'react';

import { DEFAULT_SPAN_BUDGET } from '../../types';
import { ValidatedInput } from './ValidatedInput';

interface Props {
  value?: number;
  onChange: (spanBudget: number | undefined) => void;
}

const isWholeNumber = (text: string) => /^\d+$/.test(text);

/** `traceQuery.spanBudget`: most rows in a trace frame; a bigger trace is reduced to fit. */
export function SpanBudgetField({ value, onChange }: Props) {
  return (
    <ValidatedInput
      id="threadline-span-budget"
      label="Span budget"
      tooltip={`Most spans in one trace view. A bigger trace opens reduced: its errors, its critical path and the top of its tree, the rest folded into summary spans. Grafana's trace view needs about 6 s for 50,000 spans and 14 s for 200,000. Default: ${DEFAULT_SPAN_BUDGET.toLocaleString('en-US')}; 0 for no limit.`}
      placeholder={String(DEFAULT_SPAN_BUDGET)}
      value={value === undefined ? undefined : String(value)}
      isValid={isWholeNumber}
      error="A whole number: 0 for no limit"
      onChange={(text) => onChange(text === undefined ? undefined : Number(text))}
    />
  );
}
