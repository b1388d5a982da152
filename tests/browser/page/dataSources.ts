/**
 * Grafana's data source service as a Grafana with Loki, Prometheus, Pyroscope and Threadline
 * would have it: what the config editor's data source pickers (links from spans) list.
 */
import { DataSourceInstanceSettings, DataSourcePluginMeta } from '@grafana/data';
import { DataSourceSrv, GetDataSourceListFilters, setDataSourceSrv } from '@grafana/runtime';

interface Kind {
  uid: string;
  name: string;
  type: string;
  logs?: boolean;
  metrics?: boolean;
  tracing?: boolean;
  isDefault?: boolean;
}

const KINDS: Kind[] = [
  { uid: 'loki', name: 'Loki', type: 'loki', logs: true, metrics: true },
  { uid: 'prometheus', name: 'Prometheus', type: 'prometheus', metrics: true },
  { uid: 'pyroscope', name: 'Pyroscope', type: 'grafana-pyroscope-datasource' },
  { uid: 'threadline', name: 'Threadline', type: 'threadline-tracing-datasource', tracing: true, isDefault: true },
];

function settings(kind: Kind): DataSourceInstanceSettings {
  const meta = {
    id: kind.type,
    name: kind.name,
    type: 'datasource',
    module: '',
    baseUrl: '',
    logs: kind.logs,
    metrics: kind.metrics,
    tracing: kind.tracing,
    signature: 'internal',
    info: {
      author: { name: '' },
      description: '',
      links: [],
      logos: { small: '', large: '' },
      screenshots: [],
      updated: '',
      version: '',
    },
  } as DataSourcePluginMeta;
  return {
    id: 0,
    uid: kind.uid,
    name: kind.name,
    type: kind.type,
    isDefault: kind.isDefault ?? false,
    access: 'proxy',
    readOnly: false,
    jsonData: {},
    meta,
  };
}

const ALL = KINDS.map(settings);

function matches(ds: DataSourceInstanceSettings, filters: GetDataSourceListFilters): boolean {
  const types = filters.type === undefined ? undefined : [filters.type].flat();
  return (
    (!filters.logs || !!ds.meta.logs) &&
    (!filters.metrics || !!ds.meta.metrics) &&
    (!filters.tracing || !!ds.meta.tracing) &&
    (!filters.pluginId || ds.meta.id === filters.pluginId) &&
    (!types || types.includes(ds.type)) &&
    (!filters.filter || filters.filter(ds))
  );
}

export function installDataSourceSrv(): void {
  // Like Grafana's: no reference means the default data source.
  const find = (ref: unknown) => {
    const key = typeof ref === 'string' ? ref : (ref as { uid?: string } | null | undefined)?.uid;
    return key ? ALL.find((ds) => ds.uid === key || ds.name === key) : ALL.find((ds) => ds.isDefault);
  };
  const srv: DataSourceSrv = {
    get: (ref) => Promise.reject(new Error(`the test page has no data source instance for ${JSON.stringify(ref)}`)),
    getList: (filters = {}) => ALL.filter((ds) => matches(ds, filters)),
    getInstanceSettings: (ref) => find(ref),
    reload: () => Promise.resolve(),
    registerRuntimeDataSource: () => undefined,
  };
  setDataSourceSrv(srv);
}
