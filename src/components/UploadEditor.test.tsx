import fs from 'fs';
import path from 'path';
import React from 'react';
import { File as NodeFile } from 'buffer';
import { act, fireEvent, render, screen } from '@testing-library/react';

import { DataSource } from '../datasource';
import { ThreadlineQuery } from '../types';
import { UploadEditor } from './UploadEditor';

const REFERENCE = path.resolve(__dirname, '../../tests/fixtures/reference');

/** A real data source with no server: the editor hands it the file. */
const offlineDataSource = () =>
  new DataSource({ id: 1, uid: 'u', type: 't', name: 'Threadline', url: '', jsonData: {}, meta: {} } as never);

/** Drops `file` on the dropzone's input. Node's File, since jsdom's has no `arrayBuffer()`. */
async function drop(name: string, content: Buffer) {
  const input = document.querySelector('input[type="file"]') as HTMLInputElement;
  const file = new NodeFile([content], name, { type: 'application/json' });
  await act(async () => {
    fireEvent.change(input, { target: { files: [file] } });
  });
}

function setup(
  datasource = offlineDataSource(),
  query: ThreadlineQuery = { refId: 'A', query: '', queryType: 'upload' }
) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(<UploadEditor datasource={datasource} query={query} onChange={onChange} onRunQuery={onRunQuery} />);
  return { datasource, onChange, onRunQuery };
}

describe('UploadEditor', () => {
  it('keeps a dropped file in the data source, names it in the query, runs it and says what it holds', async () => {
    const { datasource, onChange, onRunQuery } = setup();
    await drop('yelp.json', fs.readFileSync(path.join(REFERENCE, 'zipkin-lens/yelp.json')));
    expect(datasource.traceFiles.current()?.name).toBe('yelp.json');
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', query: '', queryType: 'upload', fileName: 'yelp.json' });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    const decoded = await datasource.traceFiles.current()!.decoded;
    expect(
      await screen.findByText(`yelp.json: Zipkin v2 JSON: 1 trace, ${decoded.spanCount} spans`)
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Trace ID' })).toBeInTheDocument();
  });

  it('shows why a file cannot be read', async () => {
    setup();
    await drop('notes.txt', Buffer.from('hello'));
    expect(await screen.findByText(/^Cannot read notes\.txt: the file is not JSON/)).toBeInTheDocument();
  });

  it('asks for the file again when the query names one the data source no longer keeps', () => {
    setup(offlineDataSource(), { refId: 'A', query: '', queryType: 'upload', fileName: 'trace.json' });
    expect(screen.getByText(/^trace\.json is not loaded in this browser tab/)).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Trace ID' })).not.toBeInTheDocument();
  });
});
