import React, { ChangeEvent, useEffect, useRef, useState } from 'react';
import { DataSourceSettings } from '@grafana/data';
import { Alert, InlineField, SecretInput } from '@grafana/ui';

import { HEADER_VALUE_PREFIX, tenantHeaderIndex } from '../../backends/tenant-header';
import { TENANT_LABELS } from '../../settings-labels';
import { ThreadlineOptions } from '../../types';
import { LABEL_WIDTH } from './link-settings';
import { migrateTenant, TenantMigration, tenantConfigured, withoutTenant, withTenant } from './tenant-settings';

type Settings = DataSourceSettings<ThreadlineOptions>;

interface Props {
  options: Settings;
  onOptionsChange: (options: Settings) => void;
}

const { header } = TENANT_LABELS;

/**
 * Tempo's tenant, kept as the custom HTTP header X-Scope-OrgID (tenant-settings.ts). On opening,
 * a tenant of older versions (`jsonData.tenantId`) moves to the header, with a notice to save.
 */
export function TenantField({ options, onOptionsChange }: Props) {
  const [migration, setMigration] = useState<TenantMigration | undefined>();
  const opened = useRef(options);
  const change = useRef(onOptionsChange);
  useEffect(() => {
    // Once, with the settings the editor opened with: a change made afterwards is the user's.
    const moved = migrateTenant(opened.current);
    if (moved) {
      setMigration(moved);
      change.current(moved.settings);
    }
  }, []);

  const index = tenantHeaderIndex(options.jsonData);
  const secrets: Record<string, string | undefined> = options.secureJsonData ?? {};
  const pending = index === undefined ? undefined : secrets[`${HEADER_VALUE_PREFIX}${index}`];
  return (
    <>
      {migration && (
        <Alert severity="warning" title={`Tenant ID moved to the ${header} header: click Save & test to keep it`}>
          {migration.headerKept
            ? `The old Tenant ID setting ("${migration.tenant}") was removed: an ${header} header is already set under HTTP headers, and it is the one Grafana sends.`
            : `The Tenant ID "${migration.tenant}" was kept in jsonData and sent by the browser, so anyone who could query this data source could send another tenant's ID. It is now the custom HTTP header ${header}, its value encrypted in secureJsonData, which Grafana's data proxy adds to every request on the server.`}
        </Alert>
      )}
      <InlineField
        label={TENANT_LABELS.field}
        labelWidth={LABEL_WIDTH}
        tooltip={`For a multi-tenant Tempo; leave empty for a single-tenant one. Kept as the custom HTTP header ${header} (listed under HTTP headers too), its value encrypted: Grafana's data proxy adds it to every request, replacing any ${header} a browser sends.`}
      >
        <SecretInput
          id="threadline-tenant-id"
          width={40}
          placeholder="single-tenant"
          isConfigured={pending === undefined && tenantConfigured(options)}
          value={pending ?? ''}
          onChange={(e: ChangeEvent<HTMLInputElement>) => {
            const tenant = e.currentTarget.value.trim();
            onOptionsChange(tenant === '' ? withoutTenant(options) : withTenant(options, tenant));
          }}
          onReset={() => onOptionsChange(withoutTenant(options))}
        />
      </InlineField>
    </>
  );
}
