/**
 * @jest-environment node
 */
/** Which Chromium the browser tests launch, and what they say on a machine without one. */
import fs from 'fs';

type ChromiumModule = typeof import('./browser/support/chromium');

function load(env: { CHROMIUM_PATH?: string }, exists: (file: string) => boolean): ChromiumModule {
  const saved = process.env.CHROMIUM_PATH;
  let loaded: ChromiumModule | undefined;
  try {
    if (env.CHROMIUM_PATH === undefined) {
      delete process.env.CHROMIUM_PATH;
    } else {
      process.env.CHROMIUM_PATH = env.CHROMIUM_PATH;
    }
    jest.isolateModules(() => {
      jest.doMock('fs', () => ({ ...jest.requireActual('fs'), existsSync: exists }));
      loaded = require('./browser/support/chromium');
    });
  } finally {
    jest.dontMock('fs');
    if (saved === undefined) {
      delete process.env.CHROMIUM_PATH;
    } else {
      process.env.CHROMIUM_PATH = saved;
    }
  }
  return loaded!;
}

it("takes Debian's /usr/bin/chromium first on Linux", () => {
  const { CHROMIUM, chromiumMissing } = load(
    {},
    (file) => file === '/usr/bin/chromium' || file === '/usr/bin/google-chrome'
  );
  if (process.platform === 'linux') {
    expect(CHROMIUM).toBe('/usr/bin/chromium');
    expect(chromiumMissing()).toBeUndefined();
  }
});

it('takes CHROMIUM_PATH over any other, and names it when it does not exist', () => {
  const { CHROMIUM, chromiumMissing } = load({ CHROMIUM_PATH: '/opt/none/chrome' }, () => false);
  expect(CHROMIUM).toBe('/opt/none/chrome');
  expect(chromiumMissing()).toBe(
    'CHROMIUM_PATH is /opt/none/chrome, which does not exist: point it at a Chromium or Chrome binary.'
  );
});

it('without any Chromium, says where it looked and how to get one on this platform', () => {
  const { CHROMIUM, chromiumMissing } = load({}, () => false);
  expect(CHROMIUM).toBeUndefined();
  const message = chromiumMissing() ?? '';
  expect(message).toContain('npx playwright install chromium');
  expect(message).toContain('CHROMIUM_PATH');
  if (process.platform === 'linux') {
    expect(message).toContain('/usr/bin/chromium');
    expect(message).toContain('apt-get install chromium');
  }
  expect(fs.existsSync).toBe(jest.requireActual('fs').existsSync);
});
