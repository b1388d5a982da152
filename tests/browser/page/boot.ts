/**
 * What Grafana sets on `window` before any plugin code runs. Imported first by index.tsx:
 * @grafana/runtime reads `grafanaBootData` when it loads.
 */
import { pageParams } from './params';

const { theme } = pageParams();
const pageBase = new URL('.', window.location.href).href;

Object.assign(window, {
  // @grafana/ui's <Icon> loads `${__grafana_public_path__}build/img/icons/…svg` (copied next to the page).
  __grafana_public_path__: `${pageBase}public/`,
  grafanaBootData: {
    assets: { dark: '', light: '' },
    settings: {
      appSubUrl: '',
      buildInfo: { version: '13.1.1', commit: '', env: 'production', edition: 'Open Source' },
      featureToggles: {},
    },
    user: { theme, timezone: 'utc', locale: 'en-US', language: 'en-US', isSignedIn: true },
    navTree: [],
  },
});
