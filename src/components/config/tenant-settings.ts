/**
 * The tenant as the config editor keeps it: a custom HTTP header named X-Scope-OrgID, stored as
 * @grafana/plugin-ui's HTTP headers editor stores headers (`jsonData.httpHeaderName<n>`, the value
 * in `secureJsonData.httpHeaderValue<n>`, `secureJsonFields.httpHeaderValue<n>` once saved), so both
 * editors show the same header. Grafana's data proxy adds it server-side.
 */
import { DataSourceSettings } from '@grafana/data';

import {
  customHeaderNames,
  HEADER_NAME_PREFIX,
  HEADER_VALUE_PREFIX,
  tenantHeaderIndex,
} from '../../backends/tenant-header';
import { TENANT_LABELS } from '../../settings-labels';
import { ThreadlineOptions } from '../../types';

type Settings = DataSourceSettings<ThreadlineOptions>;

/** Whether the tenant header's value is saved (Grafana never sends a secret back, only that it is set). */
export function tenantConfigured(settings: Settings): boolean {
  const index = tenantHeaderIndex(settings.jsonData);
  return index !== undefined && settings.secureJsonFields?.[`${HEADER_VALUE_PREFIX}${index}`] === true;
}

/** The settings with the tenant header set to `tenant` (added after the other headers when missing). */
export function withTenant(settings: Settings, tenant: string): Settings {
  const index =
    tenantHeaderIndex(settings.jsonData) ??
    Math.max(0, ...customHeaderNames(settings.jsonData).map((header) => header.index)) + 1;
  return {
    ...settings,
    jsonData: { ...settings.jsonData, [`${HEADER_NAME_PREFIX}${index}`]: TENANT_LABELS.header },
    secureJsonData: { ...settings.secureJsonData, [`${HEADER_VALUE_PREFIX}${index}`]: tenant },
  };
}

/** The settings without the tenant header (name, value and the mark that a value is saved). */
export function withoutTenant(settings: Settings): Settings {
  const index = tenantHeaderIndex(settings.jsonData);
  if (index === undefined) {
    return settings;
  }
  const drop = <T extends object>(object: T | undefined, key: string) =>
    Object.fromEntries(Object.entries(object ?? {}).filter(([k]) => k !== key));
  return {
    ...settings,
    jsonData: drop(settings.jsonData, `${HEADER_NAME_PREFIX}${index}`) as ThreadlineOptions,
    secureJsonData: drop(settings.secureJsonData, `${HEADER_VALUE_PREFIX}${index}`),
    secureJsonFields: drop(settings.secureJsonFields, `${HEADER_VALUE_PREFIX}${index}`) as Record<string, boolean>,
  };
}

export interface TenantMigration {
  settings: Settings;
  /** The tenant moved from `jsonData.tenantId`. */
  tenant: string;
  /** True when an X-Scope-OrgID header was already configured: it stays, and `tenantId` is only removed. */
  headerKept: boolean;
}

/**
 * Settings of older versions keep the tenant in `jsonData.tenantId`, which the browser sent itself:
 * it moves to the header (into secureJsonData) and leaves jsonData. Undefined when there is nothing to move.
 */
export function migrateTenant(settings: Settings): TenantMigration | undefined {
  const { tenantId, ...jsonData } = settings.jsonData ?? {};
  if (tenantId === undefined) {
    return undefined;
  }
  const without = { ...settings, jsonData };
  const headerKept = tenantHeaderIndex(jsonData) !== undefined;
  if (headerKept || tenantId.trim() === '') {
    return { settings: without, tenant: tenantId, headerKept };
  }
  return { settings: withTenant(without, tenantId.trim()), tenant: tenantId.trim(), headerKept };
}
