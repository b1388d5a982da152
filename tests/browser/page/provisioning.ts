import { DataSourceSettings } from '@grafana/data';
import YAML from 'yaml';

import { ThreadlineOptions } from '../../../src/types';

/** The Threadline entry of provisioning/datasources/datasources.yaml, read at build time (webpack.config.ts). */
declare const __PROVISIONED__: ProvisionedDataSource;

interface ProvisionedDataSource {
  name: string;
  type: string;
  uid?: string;
  access?: 'proxy' | 'direct';
  url?: string;
  isDefault?: boolean;
  editable?: boolean;
  basicAuth?: boolean;
  basicAuthUser?: string;
  withCredentials?: boolean;
  jsonData?: ThreadlineOptions;
  secureJsonData?: Record<string, string>;
}

export type Settings = DataSourceSettings<ThreadlineOptions, Record<string, string>>;

/** What Grafana hands the config editor for a data source just added. */
export function freshSettings(): Settings {
  return {
    id: 1,
    uid: 'threadline',
    orgId: 1,
    name: 'Threadline',
    type: 'threadline-tracing-datasource',
    typeName: 'Threadline',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData: {},
    secureJsonFields: {},
    readOnly: false,
    withCredentials: false,
  };
}

/** What Grafana hands the config editor for the provisioned data source (secrets only as "configured"). */
export function provisionedSettings(): Settings {
  const { secureJsonData, editable, ...fields } = __PROVISIONED__;
  const secureJsonFields = Object.fromEntries(Object.keys(secureJsonData ?? {}).map((key) => [key, true]));
  return { ...freshSettings(), ...fields, jsonData: fields.jsonData ?? {}, secureJsonFields, readOnly: !editable };
}

const PROVISIONING_KEYS = [
  'name',
  'type',
  'uid',
  'access',
  'url',
  'isDefault',
  'basicAuth',
  'basicAuthUser',
  'withCredentials',
  'jsonData',
  'secureJsonData',
] as const;

/** The saved settings as a data source entry of a provisioning file: unset and default fields left out. */
export function toProvisioning(settings: Settings): Partial<ProvisionedDataSource> {
  const entry: Record<string, unknown> = {};
  for (const key of PROVISIONING_KEYS) {
    const value = settings[key];
    const isEmptyObject = typeof value === 'object' && value !== null && Object.keys(value).length === 0;
    if (value !== undefined && value !== '' && value !== false && !isEmptyObject) {
      entry[key] = value;
    }
  }
  return entry;
}

export function provisioningYaml(settings: Settings): string {
  // Written out in full: no YAML anchors where two options share one object (default tag lists do).
  return YAML.stringify({ apiVersion: 1, datasources: [toProvisioning(settings)] }, { aliasDuplicateObjects: false });
}
