#!/usr/bin/env node
// `npm run typecheck:compat`: type-checks src/ against the @grafana/* packages of the lowest Grafana
// that src/plugin.json's grafanaDependency claims (">=X.Y.Z"), installed into .config/compat/ (once per
// version). `npm run typecheck:compat -- --grafana 12.0.2` tries another version (in the cache).
// Our registry serves @grafana/ui 12.1–13.0 with a dependency on a GitHub tarball: those fail to install here.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const PACKAGES = ['@grafana/data', '@grafana/ui', '@grafana/runtime', '@grafana/schema'];

function claimedFloor() {
  const { dependencies } = JSON.parse(fs.readFileSync(path.join(root, 'src/plugin.json'), 'utf8'));
  const match = /^>=\s*(\d+\.\d+\.\d+)$/.exec(dependencies.grafanaDependency.trim());
  if (!match) {
    console.error(`typecheck:compat: grafanaDependency "${dependencies.grafanaDependency}" is not of the form >=X.Y.Z`);
    process.exit(1);
  }
  return match[1];
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  return result.status ?? 1;
}

/** Installs the packages of one Grafana version into dir, unless already there. */
function install(dir, version) {
  const manifest = { private: true, description: `@grafana packages of Grafana ${version}`, dependencies: {} };
  PACKAGES.forEach((name) => (manifest.dependencies[name] = version));
  const wanted = JSON.stringify(manifest, null, 2) + '\n';
  const stamp = path.join(dir, 'node_modules', '.threadline-compat');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) {
    return;
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), wanted);
  console.log(
    `typecheck:compat: installing ${PACKAGES.join(', ')} ${version} into ${dir.startsWith(root) ? path.relative(root, dir) : dir}`
  );
  // Their peers (React) are the repo's; no scripts are needed for type declarations.
  const status = run(
    'npm',
    ['install', '--no-package-lock', '--ignore-scripts', '--legacy-peer-deps', '--no-audit', '--no-fund'],
    dir
  );
  if (status !== 0) {
    console.error(`typecheck:compat: the @grafana packages of Grafana ${version} did not install (see above)`);
    process.exit(1);
  }
  fs.writeFileSync(stamp, wanted);
}

function main() {
  const flag = process.argv.indexOf('--grafana');
  const version = flag > 0 ? process.argv[flag + 1] : claimedFloor();
  const compatDir = path.join(root, '.config/compat');
  let dir = compatDir;
  let tsconfig = path.join(compatDir, 'tsconfig.json');
  if (flag > 0) {
    // Another version than the claimed floor: into the cache, with a tsconfig of its own.
    const cache = process.env.THREADLINE_CACHE || path.join(require('os').homedir(), '.cache/threadline');
    dir = path.join(cache, 'compat', version);
    fs.mkdirSync(dir, { recursive: true });
    const config = fs.readFileSync(tsconfig, 'utf8').replace(/^\s*\/\/.*$/gm, '');
    const parsed = JSON.parse(config);
    parsed.extends = path.join(root, 'tsconfig.json');
    parsed.include = [path.join(root, 'src'), path.join(root, '.config/types')];
    parsed.exclude = parsed.exclude.map((p) => path.join(root, p.replace(/^\.\.\/\.\.\//, '')));
    parsed.compilerOptions.paths['react'] = [path.join(root, 'node_modules/@types/react')];
    parsed.compilerOptions.paths['react/*'] = [path.join(root, 'node_modules/@types/react/*')];
    parsed.compilerOptions.paths['react-dom'] = [path.join(root, 'node_modules/@types/react-dom')];
    parsed.compilerOptions.paths['react-dom/*'] = [path.join(root, 'node_modules/@types/react-dom/*')];
    tsconfig = path.join(dir, 'tsconfig.json');
    fs.writeFileSync(tsconfig, JSON.stringify(parsed, null, 2));
  }
  install(dir, version);
  console.log(`typecheck:compat: src/ against Grafana ${version}`);
  const status = run(path.join(root, 'node_modules/.bin/tsc'), ['-p', tsconfig], root);
  console.log(`typecheck:compat: Grafana ${version}: ${status === 0 ? 'no errors' : 'errors above'}`);
  process.exit(status);
}

main();
