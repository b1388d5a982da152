/**
 * Stands in for `@grafana/runtime` in config editor tests: the real DataSourcePicker needs
 * Grafana's data source service. Use with
 * `jest.mock('@grafana/runtime', () => require('<path>/tests/support/data-source-picker-stub'))`.
 * Clicking the picker picks `{ uid: 'loki', type: 'loki' }` unless a test calls `pickNext`.
 */
import React from 'react';
import type { DataSourceInstanceSettings } from '@grafana/data';
import type { DataSourcePickerProps } from '@grafana/runtime';

const DEFAULT_PICK = { uid: 'loki', type: 'loki' };
let nextPick = DEFAULT_PICK;
const lastProps = new Map<string, DataSourcePickerProps>();

export function DataSourcePicker(props: DataSourcePickerProps) {
  lastProps.set(props.inputId ?? '', props);
  return (
    <>
      <button type="button" id={props.inputId} onClick={() => props.onChange(nextPick as DataSourceInstanceSettings)}>
        {props.current ? `Data source ${String(props.current)}` : 'Choose a data source'}
      </button>
      {props.onClear && (
        <button type="button" aria-label={`Clear ${props.inputId}`} onClick={props.onClear}>
          Clear
        </button>
      )}
    </>
  );
}

/** The data source the next click picks; `undefined` goes back to Loki. */
export function pickNext(ds?: { uid: string; type: string }) {
  nextPick = ds ?? DEFAULT_PICK;
}

/** The props the picker with this `inputId` was last rendered with (e.g. to call its `filter`). */
export function pickerProps(inputId: string): DataSourcePickerProps {
  const props = lastProps.get(inputId);
  if (!props) {
    throw new Error(`no DataSourcePicker rendered with inputId ${inputId}`);
  }
  return props;
}

/** A data source of this type, for `filter`. */
export const dataSourceOfType = (type: string) => ({ uid: type, type }) as DataSourceInstanceSettings;
