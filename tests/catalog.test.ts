/**
 * What Grafana's plugin validator (plugincheck2, `npm run validate`) checks in the zip, checked here on
 * what the build copies into it (.config/bundler/copyFiles.ts), so a machine where the validator cannot
 * be installed still catches the catalog's errors: README links, screenshots, logos, links, keywords,
 * license, changelog, the Grafana range. The validator itself runs in GitHub CI.
 */
import fs from 'fs';
import path from 'path';

const root = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const pluginJson = JSON.parse(read('src/plugin.json'));
const packageJson = JSON.parse(read('package.json'));
const readme = read('src/README.md');
const REPOSITORY = 'https://github.com/threadline/threadline-tracing-datasource';
const RAW = 'https://raw.githubusercontent.com/threadline/threadline-tracing-datasource/main/';

// The validator's pattern for markdown links and images (analyzer brokenlinks).
const links = [...readme.matchAll(/\[.+?\]\((.+?)\)/g)].map((m) => m[1].split(/\s+/)[0]);

describe("the catalog's README (src/README.md, copied into the zip)", () => {
  it("is the one the build ships, not the developers' README at the root", () => {
    expect(read('.config/bundler/copyFiles.ts')).toContain("hasReadme() ? 'README.md' : '../README.md'");
    expect(readme).not.toBe(read('README.md'));
  });

  it('has only absolute links: the catalog cannot follow relative ones (the validator says error)', () => {
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((link) => !/^(https?:\/\/|#|mailto:)/.test(link))).toEqual([]);
  });

  it('shows images of this repository that exist in it', () => {
    const images = [...readme.matchAll(/!\[.*?\]\((.+?)\)/g)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      expect(image.startsWith(RAW)).toBe(true);
      expect(fs.existsSync(path.join(root, image.slice(RAW.length)))).toBe(true);
    }
  });

  it('links to pages of this repository that exist in it', () => {
    const blobs = links.filter((link) => link.startsWith(`${REPOSITORY}/blob/main/`));
    for (const link of blobs) {
      expect(fs.existsSync(path.join(root, link.slice(`${REPOSITORY}/blob/main/`.length)))).toBe(true);
    }
  });

  it("has no developer jargon (the validator's words) and is not create-plugin's template", () => {
    expect(readme).not.toMatch(/yarn|nodejs/);
    expect(readme).not.toMatch(/This template is a starting point|Getting started\s+### Frontend/);
  });
});

describe('plugin.json, as the catalog lists it', () => {
  it('has screenshots that exist under src/ (copied to the same path in the zip)', () => {
    const shots: Array<{ name: string; path: string }> = pluginJson.info.screenshots;
    expect(shots.length).toBeGreaterThan(0);
    for (const shot of shots) {
      expect(shot.name.trim()).not.toBe('');
      expect(fs.existsSync(path.join(root, 'src', shot.path))).toBe(true);
    }
  });

  it('has logos that exist', () => {
    for (const logo of Object.values<string>(pluginJson.info.logos)) {
      expect(fs.existsSync(path.join(root, 'src', logo))).toBe(true);
    }
  });

  it('links to the repository, its issues and its documentation, over https', () => {
    const urls: string[] = pluginJson.info.links.map((l: { url: string }) => l.url);
    expect(urls).toEqual(expect.arrayContaining([REPOSITORY, `${REPOSITORY}/issues`]));
    expect(urls.some((url) => url.includes('README'))).toBe(true);
    expect(urls.every((url) => url.startsWith('https://'))).toBe(true);
  });

  it('has a description and keywords for the catalog search', () => {
    expect(pluginJson.info.description.length).toBeGreaterThan(20);
    expect(pluginJson.info.keywords.length).toBeGreaterThanOrEqual(5);
  });

  it('claims a range of Grafana versions, the same that levitate and the compat type check use', () => {
    const range: string = pluginJson.dependencies.grafanaDependency;
    const floor = /^>=(\d+\.\d+\.\d+)$/.exec(range)?.[1];
    expect(floor).toBeDefined();
    expect(packageJson.scripts.compat).toContain(
      `@grafana/data@${floor},@grafana/ui@${floor},@grafana/runtime@${floor}`
    );
    expect(readme).toContain(`Grafana ${(floor ?? '').replace(/\.0$/, '')} or later`);
  });
});

describe('LICENSE and CHANGELOG, shipped in the zip', () => {
  it('LICENSE is Apache 2.0 with a real copyright line, not the template', () => {
    const license = read('LICENSE');
    expect(license).toContain('Apache License');
    expect(license).toContain('Version 2.0, January 2004');
    expect(license).not.toMatch(/\{yyyy\}|\{name of copyright owner\}|\[yyyy\]/);
    expect(license).toMatch(/Copyright 20\d\d The Threadline Authors/);
    expect(packageJson.license).toBe('Apache-2.0');
  });

  it('CHANGELOG has the version being packaged', () => {
    expect(read('CHANGELOG.md')).toMatch(new RegExp(`^## ${packageJson.version.replace(/\./g, '\\.')}\\b`, 'm'));
  });
});
