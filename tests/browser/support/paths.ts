import path from 'path';

export const ROOT = path.resolve(__dirname, '../../..');
export const PAGE_DIR = path.join(ROOT, 'tests/browser/page');
/** The built page (gitignored). */
export const BUILD_DIR = path.join(ROOT, 'tests/browser/.build');
export const PROVISIONING_FILE = path.join(ROOT, 'provisioning/datasources/datasources.yaml');
/** Screenshots of the browser tests (gitignored with the rest of test-results/). */
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results/browser');
