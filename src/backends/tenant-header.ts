/**
 * The tenant of a multi-tenant Tempo travels as a custom HTTP header of the data source
 * (`jsonData.httpHeaderName<n>: X-Scope-OrgID`, the value in `secureJsonData.httpHeaderValue<n>`),
 * which Grafana's data proxy adds to every request server-side, replacing any X-Scope-OrgID the
 * browser sent. The browser never sets it: a viewer could otherwise send another tenant's ID.
 */
import { TENANT_LABELS } from '../settings-labels';
import { UserFacingError } from './http-checks';

export const HEADER_NAME_PREFIX = 'httpHeaderName';
export const HEADER_VALUE_PREFIX = 'httpHeaderValue';

/** The custom headers' names by their number (`httpHeaderName3` → 3), as Grafana's data proxy reads them. */
export function customHeaderNames(jsonData: object): Array<{ index: number; name: string }> {
  return Object.entries(jsonData).flatMap(([key, value]) => {
    const match = /^httpHeaderName(\d+)$/.exec(key);
    return match && typeof value === 'string' ? [{ index: Number(match[1]), name: value }] : [];
  });
}

/** The number of the custom header that carries the tenant, if one does. */
export function tenantHeaderIndex(jsonData: object): number | undefined {
  const header = TENANT_LABELS.header.toLowerCase();
  return customHeaderNames(jsonData).find((h) => h.name.trim().toLowerCase() === header)?.index;
}

/**
 * A tenant still in `jsonData.tenantId` (set before the custom header) and no tenant header: the
 * query fails rather than go out without its tenant. The config editor moves it when opened.
 */
export function checkTenantMoved(jsonData: { tenantId?: string }): void {
  if (jsonData.tenantId && tenantHeaderIndex(jsonData) === undefined) {
    throw new UserFacingError(
      `This data source's tenant is set the old way (jsonData.tenantId), which Threadline no longer sends because any viewer could change it: open the data source settings, which move it to the ${TENANT_LABELS.header} header, and click Save & test (in a provisioning file: jsonData.httpHeaderName1: ${TENANT_LABELS.header} and secureJsonData.httpHeaderValue1: <tenant>)`
    );
  }
}
