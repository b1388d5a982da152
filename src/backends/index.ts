import type { BackendKind, ThreadlineOptions } from '../types';
import type { TraceBackend } from './backend';
import { UserFacingError } from './http';
import { JaegerClient } from './jaeger';
import { TempoClient } from './tempo';
import { ZipkinClient } from './zipkin';

type BackendFactory = (url: string, options: ThreadlineOptions) => TraceBackend;

/** Every backend Threadline speaks to, by the `jsonData.backend` value that selects it. */
const BACKENDS: Record<BackendKind, BackendFactory> = {
  tempo: (url, options) => new TempoClient(url, options),
  jaeger: (url, options) => new JaegerClient(url, options),
  zipkin: (url, options) => new ZipkinClient(url, options),
};

/** The backend a data source's settings select; Tempo when none is set (data sources made before the choice existed). */
export function createBackend(url: string, options: ThreadlineOptions): TraceBackend {
  const kind = options.backend ?? 'tempo';
  const factory = BACKENDS[kind];
  if (!factory) {
    throw new UserFacingError(
      `Unknown backend "${kind}" in the data source settings: choose one of ${Object.keys(BACKENDS).join(', ')}`
    );
  }
  return factory(url, options);
}
