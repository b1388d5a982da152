#!/usr/bin/env bash
# Installs a Go command into the tools cache and prints its path:
#   scripts/go-tool.sh NAME MODULE/PATH/TO/CMD VERSION
# e.g. scripts/go-tool.sh actionlint github.com/rhysd/actionlint/cmd/actionlint v1.7.12
# The binary goes to ${THREADLINE_CACHE:-$HOME/.cache/threadline}/tools/NAME-VERSION/NAME and is
# built once (`go install` from the Go module proxy); later calls only print the path.
# Exit status 3: the Go module proxy refused the module (it is not to be had from this machine).
set -euo pipefail
name=$1 pkg=$2 version=$3
cache=${THREADLINE_CACHE:-$HOME/.cache/threadline}
dir="$cache/tools/$name-$version"
bin="$dir/$name"
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "$name: Go is not installed (needed to build $pkg@$version): install Go 1.26 or later" >&2
  exit 1
fi
mkdir -p "$dir"
log="$dir/install.log"
echo "$name: go install $pkg@$version (once, into $dir)" >&2
if ! GOBIN="$dir" GOFLAGS=-mod=mod go install "$pkg@$version" >"$log" 2>&1; then
  cat "$log" >&2
  if grep -q "403 Forbidden\|410 Gone\|not available" "$log"; then
    echo "$name: the Go module proxy does not serve $pkg@$version to this machine" >&2
    exit 3
  fi
  echo "$name: go install failed (log above)" >&2
  exit 1
fi
echo "$bin"
