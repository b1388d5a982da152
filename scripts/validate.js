#!/usr/bin/env node
// `npm run validate`: Grafana's plugin validator (plugincheck2, the catalog's own checks) on the zip
// that `npm run package` made, with this repository as its source code. Fails on any error and on
// any warning, except the findings listed in EXPECTED below (each with its reason, also in README.md).
//
// plugincheck2 is built once by scripts/go-tool.sh into ${THREADLINE_CACHE:-~/.cache/threadline}/tools.
// Exit status: 0 clean, 1 findings or a failed run, 3 the validator cannot be installed on this
// machine (the Go module proxy refused it): .ci/run reports that as "not run", GitHub's CI as a failure.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const VERSION = process.env.PLUGINCHECK2_VERSION || 'v0.36.0';
const PACKAGE = 'github.com/grafana/plugin-validator/pkg/cmd/plugincheck2';

/** Findings that no change to this repository can clear, by analyzer, with the reason. */
const EXPECTED = [
  {
    analyzer: /^(signature|manifest)$/,
    title: /unsigned plugin|MANIFEST\.txt/i,
    reason: 'signing needs a Grafana Cloud access policy token: release.yml signs when the secret is set',
  },
  {
    analyzer: /^org$/,
    title: /./,
    reason: "the plugin ID's org (threadline) must be a Grafana Cloud account: registered at submission",
  },
  {
    analyzer: /^(published-plugin|version)$/,
    title: /./,
    reason: 'the plugin is not in the catalog yet: these compare with the published version',
  },
];

/** Warnings that an optional scanner is missing: that check did not run (README lists which). */
const TOOL_MISSING = /Binary for (\S+) not found|(\S+) (?:executable|binary) (?:must be|not found)/i;

const root = path.resolve(__dirname, '..');

function zipPath() {
  const { id } = JSON.parse(fs.readFileSync(path.join(root, 'src/plugin.json'), 'utf8'));
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const zip = path.join(root, `${id}-${version}.zip`);
  if (!fs.existsSync(zip)) {
    console.error(`${path.basename(zip)} is missing: run \`npm run build && npm run package\` first`);
    process.exit(1);
  }
  return zip;
}

function installValidator() {
  const result = spawnSync(path.join(__dirname, 'go-tool.sh'), ['plugincheck2', PACKAGE, VERSION], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status === 3) {
    console.error(
      `validate: NOT RUN: plugincheck2 ${VERSION} cannot be installed on this machine (the Go module proxy ` +
        'refuses it). It runs in GitHub CI (.github/workflows/ci.yml); tests/catalog.test.ts checks here what it can.'
    );
    process.exit(3);
  }
  if (result.status !== 0) {
    process.exit(1);
  }
  return result.stdout.trim();
}

function runValidator(bin, zip) {
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugincheck2-'));
  const config = path.join(configDir, 'config.yaml');
  fs.writeFileSync(config, 'global:\n  enabled: true\n  jsonOutput: true\n  reportAll: false\n');
  const args = ['-config', config, '-sourceCodeUri', `file://${root}`, zip];
  console.log(`validate: ${path.basename(bin)} ${VERSION} ${args.join(' ')}`);
  // plugincheck2 exits non-zero when it reports an error: its JSON report is on stdout either way.
  const result = spawnSync(bin, args, { encoding: 'utf8', cwd: root, maxBuffer: 64 * 1024 * 1024 });
  fs.rmSync(configDir, { recursive: true, force: true });
  const start = result.stdout.indexOf('{');
  if (start < 0) {
    console.error(result.stdout, result.stderr);
    console.error(`validate: plugincheck2 printed no report (exit ${result.status})`);
    process.exit(1);
  }
  return JSON.parse(result.stdout.slice(start));
}

function main() {
  const zip = zipPath();
  const bin = installValidator();
  const report = runValidator(bin, zip);
  const counts = { error: 0, warning: 0, expected: 0, notRun: 0 };
  for (const [analyzer, findings] of Object.entries(report['plugin-validator'] || {})) {
    for (const { Severity: severity, Title: title, Detail: detail } of findings) {
      if (severity !== 'error' && severity !== 'warning') {
        continue;
      }
      const expected = EXPECTED.find((e) => e.analyzer.test(analyzer) && e.title.test(title));
      const missingTool = severity === 'warning' && TOOL_MISSING.exec(`${title} ${detail}`);
      if (expected) {
        counts.expected++;
        console.log(`expected ${severity} [${analyzer}] ${title} (${expected.reason})`);
      } else if (missingTool) {
        counts.notRun++;
        console.log(`not run [${analyzer}] ${title}`);
      } else {
        counts[severity]++;
        console.log(`${severity} [${analyzer}] ${title}\n    ${detail}`);
      }
    }
  }
  console.log(
    `validate: ${counts.error} errors, ${counts.warning} warnings ` +
      `(besides ${counts.expected} expected: signing, catalog account, publication; ${counts.notRun} checks without their tool)`
  );
  process.exit(counts.error + counts.warning > 0 ? 1 : 0);
}

try {
  main();
} catch (error) {
  console.error(`validate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
