/** Test helper: the query editor rendered the way Grafana renders it, onChange feeding the next render. */
import React, { useState } from 'react';
import { render } from '@testing-library/react';

import type { DataSource } from '../datasource';
import { ThreadlineQuery } from '../types';
import { QueryEditor } from './QueryEditor';

export function renderQueryEditor(datasource: DataSource, initial: ThreadlineQuery) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  function Harness() {
    const [query, setQuery] = useState(initial);
    const change = (next: ThreadlineQuery) => {
      onChange(next);
      setQuery(next);
    };
    return <QueryEditor datasource={datasource} query={query} onChange={change} onRunQuery={onRunQuery} />;
  }
  render(<Harness />);
  const lastQuery = (): ThreadlineQuery => onChange.mock.calls[onChange.mock.calls.length - 1][0];
  return { onChange, onRunQuery, lastQuery };
}
