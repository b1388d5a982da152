#!/usr/bin/env bash
# The live suite: starts and seeds every live server (scripts/live/<server>.sh start), runs
# `npm run test:live` against them, stops them again whatever happened, and prints jest's counts
# as "live: N passed, N failed" (from test-results/live-results.json, for CI to add up).
# Exits non-zero when a server cannot be built or started (a missing toolchain names itself)
# or when a test fails.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SERVERS=(jaeger zipkin)

started=()
stop_all() {
  for server in "${started[@]}"; do
    "$REPO_ROOT/scripts/live/$server.sh" stop || true
  done
}
trap stop_all EXIT

rm -f "$REPO_ROOT/test-results/live-results.json"
for server in "${SERVERS[@]}"; do
  script="$REPO_ROOT/scripts/live/$server.sh"
  [[ -x "$script" ]] || die "$script is missing: the live suite needs every server of (${SERVERS[*]})"
  started+=("$server")
  "$script" start
done

cd "$REPO_ROOT"
status=0
npm run test:live || status=$?

node -e '
  const fs = require("fs");
  const file = "test-results/live-results.json";
  if (!fs.existsSync(file)) {
    console.log("live: 0 passed, 1 failed (jest wrote no results: see its output above)");
    process.exit(0);
  }
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  console.log(`live: ${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed`);
'
exit "$status"
