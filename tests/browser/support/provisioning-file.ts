import fs from 'fs';
import YAML from 'yaml';

import { PROVISIONING_FILE } from './paths';

/** The Threadline entry of the provisioning example, as Grafana reads it (`$$` is a literal `$`). */
export function provisionedDataSource(): Record<string, unknown> {
  const text = fs.readFileSync(PROVISIONING_FILE, 'utf8').replace(/\$\$/g, '$');
  const file = YAML.parse(text) as { datasources: Array<Record<string, unknown>> };
  const entry = file.datasources.find((ds) => ds.type === 'threadline-tracing-datasource');
  if (!entry) {
    throw new Error(`${PROVISIONING_FILE} has no threadline-tracing-datasource entry`);
  }
  return entry;
}
