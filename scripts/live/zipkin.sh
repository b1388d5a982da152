#!/usr/bin/env bash
# Real Zipkin (server 3.6.1, the executable jar from Maven Central) for the live tests, on
# loopback, with in-memory storage.
#
#   scripts/live/zipkin.sh fetch   fetch the jar once into $THREADLINE_CACHE (needs Maven)
#   scripts/live/zipkin.sh start   fetch if needed, start, wait until /health is UP, seed
#   scripts/live/zipkin.sh stop    stop the server this script started
#
# API (the data source URL): http://127.0.0.1:$ZIPKIN_PORT (default 19411). What was seeded:
# $LIVE_DIR/zipkin-seed.json.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ZIPKIN_VERSION=3.6.1
ZIPKIN_JAR="$THREADLINE_CACHE/zipkin-$ZIPKIN_VERSION/zipkin-server-$ZIPKIN_VERSION-exec.jar"
M2_JAR="$HOME/.m2/repository/io/zipkin/zipkin-server/$ZIPKIN_VERSION/zipkin-server-$ZIPKIN_VERSION-exec.jar"
export ZIPKIN_PORT="${ZIPKIN_PORT:-19411}"
PIDFILE="$LIVE_DIR/zipkin.pid"
LOGFILE="$LIVE_DIR/zipkin.log"
# The reference traces date from 2016 to 2019: service and span name lookups must reach back to
# them (QUERY_LOOKBACK, milliseconds; 15 years).
QUERY_LOOKBACK_MS=473364000000

fetch() {
  [[ -f "$ZIPKIN_JAR" ]] && return 0
  require_tool java "run the Zipkin server" openjdk-17-jre-headless
  if [[ ! -f "$M2_JAR" ]]; then
    require_tool mvn "fetch the Zipkin server jar from Maven Central" maven
    log "fetching io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec from Maven Central (once)"
    mvn -q dependency:get -Dtransitive=false "-Dartifact=io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" ||
      die "Maven could not fetch io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec (output above)"
  fi
  [[ -f "$M2_JAR" ]] || die "Maven reported success but $M2_JAR is not there"
  mkdir -p "$(dirname "$ZIPKIN_JAR")"
  cp "$M2_JAR" "$ZIPKIN_JAR.tmp"
  mv "$ZIPKIN_JAR.tmp" "$ZIPKIN_JAR"
}

start() {
  require_tool curl "wait for the servers" curl
  require_tool node "seed the servers" nodejs
  require_tool java "run the Zipkin server" openjdk-17-jre-headless
  fetch
  require_free_port "$ZIPKIN_PORT" Zipkin zipkin.sh
  # Armeria's port list replaces the default one: ip, port and protocol all have to be given,
  # or the server binds a random port. STORAGE_TYPE=mem keeps everything in memory.
  STORAGE_TYPE=mem QUERY_LOOKBACK="$QUERY_LOOKBACK_MS" start_background Zipkin "$PIDFILE" "$LOGFILE" \
    java -Xmx512m -jar "$ZIPKIN_JAR" \
    '--armeria.ports[0].ip=127.0.0.1' "--armeria.ports[0].port=$ZIPKIN_PORT" '--armeria.ports[0].protocols[0]=http'
  wait_for_http "http://127.0.0.1:$ZIPKIN_PORT/health" 120 Zipkin "$LOGFILE" "$PIDFILE"
  curl -fsS "http://127.0.0.1:$ZIPKIN_PORT/health" | grep -q '"status" *: *"UP"' ||
    die "Zipkin's /health is not UP: $(curl -sS "http://127.0.0.1:$ZIPKIN_PORT/health")"
  node "$REPO_ROOT/scripts/live/seed-zipkin.mjs" "http://127.0.0.1:$ZIPKIN_PORT" "$LIVE_DIR/zipkin-seed.json" 12
  log "Zipkin $ZIPKIN_VERSION ready at http://127.0.0.1:$ZIPKIN_PORT (pid $(cat "$PIDFILE"), log $LOGFILE)"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop_background Zipkin "$PIDFILE" ;;
  *)
    echo "usage: $0 fetch|start|stop" >&2
    exit 2
    ;;
esac
