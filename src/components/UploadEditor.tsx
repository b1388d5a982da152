import React, { useEffect, useState } from 'react';
import { Alert, FileDropzone, Stack, Text } from '@grafana/ui';

import type { DataSource } from '../datasource';
import { describeTraceFile, type KeptTraceFile } from '../trace-files';
import type { ThreadlineQuery } from '../types';
import { TraceIdField } from './TraceIdField';

interface Props {
  query: ThreadlineQuery;
  datasource: DataSource;
  onChange: (query: ThreadlineQuery) => void;
  onRunQuery: () => void;
}

export const UPLOAD_LABELS = {
  dropzone: 'Drop a trace file here, or click to choose one',
  formats: 'OTLP/JSON or JSON Lines, Tempo JSON, Jaeger JSON (Download JSON), Zipkin v2 JSON',
  notKept: (name: string) =>
    `${name} is not loaded in this browser tab (files are not saved with the query): drop it again`,
  reading: (name: string) => `Reading ${name}…`,
  traceIdTooltip: 'One trace of the file; leave empty to list the traces of a file that holds several.',
  traceIdPlaceholder: 'All traces of the file',
};

/**
 * The trace file editor (query type `upload`): the file goes to the data source instance, which
 * keeps it; the query keeps only its name, and runs again from the kept file.
 */
export function UploadEditor({ query, datasource, onChange, onRunQuery }: Props) {
  const [kept, setKept] = useState<KeptTraceFile | undefined>(() => datasource.traceFiles.current());

  const onDrop = async (files: File[]) => {
    const file = files[0];
    if (!file) {
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    setKept(datasource.traceFiles.keep(file.name, bytes));
    onChange({ ...query, queryType: 'upload', fileName: file.name, query: '' });
    onRunQuery();
  };

  return (
    <Stack direction="column" gap={1}>
      <FileDropzone
        options={{ multiple: false, onDrop: (accepted: File[]) => void onDrop(accepted) }}
        fileListRenderer={() => null}
      >
        <Stack direction="column" alignItems="center" gap={0.5}>
          <Text>{UPLOAD_LABELS.dropzone}</Text>
          <Text variant="bodySmall" color="secondary">
            {UPLOAD_LABELS.formats}
          </Text>
        </Stack>
      </FileDropzone>
      <FileStatus kept={kept} fileName={query.fileName} />
      {kept && (
        <TraceIdField
          query={query}
          onChange={onChange}
          onRunQuery={onRunQuery}
          tooltip={UPLOAD_LABELS.traceIdTooltip}
          placeholder={UPLOAD_LABELS.traceIdPlaceholder}
        />
      )}
    </Stack>
  );
}

/** What the kept file is (`Jaeger JSON: 3 traces, 120 spans`), or why there is none. */
function FileStatus({ kept, fileName }: { kept?: KeptTraceFile; fileName?: string }) {
  // The outcome of decoding, for the file it was decoded from (a newer drop makes it stale).
  const [outcome, setOutcome] = useState<{ of: KeptTraceFile; text: string; error: boolean } | undefined>();
  useEffect(() => {
    let current = true;
    kept?.decoded.then(
      (file) => current && setOutcome({ of: kept, text: `${kept.name}: ${describeTraceFile(file)}`, error: false }),
      (error: Error) => current && setOutcome({ of: kept, text: error.message, error: true })
    );
    return () => {
      current = false;
    };
  }, [kept]);

  if (!kept) {
    return fileName ? <Alert severity="info" title={UPLOAD_LABELS.notKept(fileName)} /> : null;
  }
  if (outcome?.of !== kept) {
    return <Text color="secondary">{UPLOAD_LABELS.reading(kept.name)}</Text>;
  }
  return outcome.error ? (
    <Alert severity="error" title={outcome.text} />
  ) : (
    <Text color="secondary">{outcome.text}</Text>
  );
}
