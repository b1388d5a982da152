#!/usr/bin/env node
// Our npm registry carries the platform binaries of the machines we run on only (e.g. it has
// @swc/core-linux-x64-gnu but not @swc/core-darwin-arm64), so `npm install` leaves the other
// platforms' optional packages out of package-lock.json, and `npm ci` then refuses the lock
// ("Missing: @swc/core-darwin-arm64@ from lock file"). This adds lock entries for them, with
// their os/cpu, so `npm ci` accepts the lock and skips them as packages for another platform.
// Run it after `npm install` changes package-lock.json.
const fs = require('fs');
const path = require('path');

const lockPath = path.resolve(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const PLATFORM = /-(darwin|linux|win32|freebsd|android|openbsd|sunos|aix|netbsd)-(x64|arm64|arm|ia32|ppc64|s390x|riscv64|loong64)/;

const added = [];
for (const meta of Object.values(lock.packages)) {
  for (const [dep, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    const match = PLATFORM.exec(dep);
    if (lock.packages[key] || !match) {
      continue;
    }
    const entry = { version: range.replace(/^[\^~=]/, ''), cpu: [match[2]], os: [match[1]], optional: true };
    if (meta.dev) {
      entry.dev = true;
    }
    if (dep.includes('musl')) {
      entry.libc = ['musl'];
    } else if (dep.includes('gnu')) {
      entry.libc = ['glibc'];
    }
    lock.packages[key] = entry;
    added.push(dep);
  }
}
const sorted = Object.keys(lock.packages).sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en')));
lock.packages = Object.fromEntries(sorted.map((key) => [key, lock.packages[key]]));
fs.writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
console.log(added.length ? `added lock entries for ${added.join(', ')}` : 'package-lock.json needs no entries');
