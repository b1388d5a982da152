#!/usr/bin/env node
// Packs dist/ as Grafana's plugin catalog expects: a zip named
// <plugin id>-<version>.zip holding one folder named after the plugin id.
const AdmZip = require('adm-zip');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const pluginJsonPath = path.join(dist, 'plugin.json');
if (!fs.existsSync(pluginJsonPath)) {
  console.error('dist/plugin.json is missing: run `npm run build` first');
  process.exit(1);
}
const { id, info } = JSON.parse(fs.readFileSync(pluginJsonPath, 'utf8'));
const version = info.version;
const zip = new AdmZip();
zip.addLocalFolder(dist, id);
const out = path.join(root, `${id}-${version}.zip`);
zip.writeZip(out);
console.log(`${path.relative(root, out)}: ${zip.getEntries().length} entries`);
