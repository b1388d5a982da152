/** Small helpers shared by the frame builders. */
import type { Field, FieldConfig, FieldType } from '@grafana/data';

export function field<T>(name: string, type: FieldType, values: T[], config: FieldConfig = {}): Field<T> {
  return { name, type, values, config };
}

/** `hidden` is read by the legacy table, `hideFrom.viz` by the current one (TableNG). */
export const HIDDEN = { hidden: true, hideFrom: { viz: true, legend: true, tooltip: true } };
