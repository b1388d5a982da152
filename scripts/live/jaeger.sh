#!/usr/bin/env bash
# Real Jaeger v2 (v1.76.0) for the live tests, on loopback, with in-memory storage.
#
#   scripts/live/jaeger.sh build   build the binary once into $THREADLINE_CACHE (needs Go)
#   scripts/live/jaeger.sh start   build if needed, start, wait until ready, seed the signup traces
#   scripts/live/jaeger.sh stop    stop the server this script started
#
# Query API (the data source URL): http://127.0.0.1:$JAEGER_QUERY_PORT (default 16686);
# OTLP/HTTP: $JAEGER_OTLP_HTTP_PORT (default 14318). What was seeded: $LIVE_DIR/jaeger-seed.json.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

JAEGER_VERSION=1.76.0
JAEGER_BIN="$THREADLINE_CACHE/jaeger-v$JAEGER_VERSION/jaeger"
export JAEGER_QUERY_PORT="${JAEGER_QUERY_PORT:-16686}"
export JAEGER_GRPC_PORT="${JAEGER_GRPC_PORT:-16685}"
export JAEGER_OTLP_HTTP_PORT="${JAEGER_OTLP_HTTP_PORT:-14318}"
export JAEGER_HEALTH_PORT="${JAEGER_HEALTH_PORT:-13133}"
PIDFILE="$LIVE_DIR/jaeger.pid"
LOGFILE="$LIVE_DIR/jaeger.log"

# `go install …/cmd/jaeger@v1.76.0` refuses the module (it has replace directives): build it
# from the module's source as downloaded by the Go module proxy, in a writable copy.
build() {
  [[ -x "$JAEGER_BIN" ]] && return 0
  require_tool go "build Jaeger v$JAEGER_VERSION from its Go module" golang
  log "building Jaeger v$JAEGER_VERSION into $JAEGER_BIN (once; several minutes)"
  local dir work
  dir="$(go mod download -json "github.com/jaegertracing/jaeger@v$JAEGER_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
  [[ -n "$dir" && -d "$dir" ]] || die "go mod download did not give the source of github.com/jaegertracing/jaeger@v$JAEGER_VERSION"
  work="$(mktemp -d)"
  cp -r "$dir/." "$work/"
  chmod -R u+w "$work"
  mkdir -p "$(dirname "$JAEGER_BIN")"
  (cd "$work" && go build -o "$JAEGER_BIN.tmp" ./cmd/jaeger) || {
    rm -rf "$work"
    die "go build of Jaeger v$JAEGER_VERSION failed (output above)"
  }
  mv "$JAEGER_BIN.tmp" "$JAEGER_BIN"
  rm -rf "$work"
}

start() {
  require_tool curl "wait for the servers" curl
  require_tool node "seed the servers" nodejs
  build
  for port in "$JAEGER_QUERY_PORT" "$JAEGER_GRPC_PORT" "$JAEGER_OTLP_HTTP_PORT" "$JAEGER_HEALTH_PORT"; do
    require_free_port "$port" Jaeger jaeger.sh
  done
  start_background Jaeger "$PIDFILE" "$LOGFILE" "$JAEGER_BIN" --config "$REPO_ROOT/scripts/live/jaeger-config.yaml"
  wait_for_http "http://127.0.0.1:$JAEGER_QUERY_PORT/api/v3/services" 60 Jaeger "$LOGFILE" "$PIDFILE"
  node "$REPO_ROOT/scripts/live/seed-otlp.mjs" "http://127.0.0.1:$JAEGER_OTLP_HTTP_PORT/v1/traces" \
    "$LIVE_DIR/jaeger-seed.json" 12 "http://127.0.0.1:$JAEGER_QUERY_PORT/api/v3/services"
  log "Jaeger v$JAEGER_VERSION ready at http://127.0.0.1:$JAEGER_QUERY_PORT (pid $(cat "$PIDFILE"), log $LOGFILE)"
}

case "${1:-}" in
  build) build ;;
  start) start ;;
  stop) stop_background Jaeger "$PIDFILE" ;;
  *)
    echo "usage: $0 build|start|stop" >&2
    exit 2
    ;;
esac
