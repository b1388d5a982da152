import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { DataSource } from '../datasource';
import { isMetricsQuery, parseErrors } from '../traceql/syntax';
import { CHEAT_SHEET_EXAMPLES, CheatSheet, QueryEditorHelp } from './CheatSheet';

describe('CheatSheet', () => {
  it.each(CHEAT_SHEET_EXAMPLES.map((example) => [example.title, example.query]))('%s parses: %s', (_, query) => {
    expect(parseErrors(query)).toEqual([]);
  });

  it('covers errors, durations, structure, select, by, a metrics rate and the most-recent hint', () => {
    const queries = CHEAT_SHEET_EXAMPLES.map((example) => example.query).join('\n');
    expect(CHEAT_SHEET_EXAMPLES.length).toBeGreaterThanOrEqual(6);
    expect(CHEAT_SHEET_EXAMPLES.length).toBeLessThanOrEqual(8);
    for (const part of ['status = error', 'duration >', '>>', 'select(', 'by(', 'rate()', 'most_recent=true']) {
      expect(queries).toContain(part);
    }
    expect(CHEAT_SHEET_EXAMPLES.some((example) => isMetricsQuery(example.query))).toBe(true);
  });

  it('shows the examples without buttons when nothing handles a click', () => {
    render(<CheatSheet />);
    expect(screen.getByText('{ kind = server && duration > 500ms }')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Use this query' })).not.toBeInTheDocument();
  });

  it('as the query help, hands over the example as a TraceQL query', () => {
    const onClickExample = jest.fn();
    render(
      <QueryEditorHelp
        datasource={{} as DataSource}
        query={{ refId: 'B', queryType: 'traceId', query: 'abc' }}
        onClickExample={onClickExample}
      />
    );
    fireEvent.click(screen.getAllByRole('button', { name: 'Use this query' })[1]);
    expect(onClickExample).toHaveBeenCalledWith({
      refId: 'B',
      queryType: 'traceql',
      query: '{ kind = server && duration > 500ms }',
    });
  });
});
