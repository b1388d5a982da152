#!/usr/bin/env bash
# `npm run lint:workflows`: actionlint on .github/workflows/*.yml (built once into the tools cache).
set -euo pipefail
cd "$(dirname "$0")/.."
actionlint=$(scripts/go-tool.sh actionlint github.com/rhysd/actionlint/cmd/actionlint v1.7.12)
# shellcheck runs on the run: blocks when installed (apt-get install shellcheck); actionlint says nothing otherwise.
"$actionlint" -no-color .github/workflows/*.yml
echo "actionlint: .github/workflows/*.yml clean"
