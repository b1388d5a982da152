# Shared by the live-server scripts (jaeger.sh, zipkin.sh, run.sh): sourced, not run.
# Servers and tools are built or downloaded once into the cache, outside the repo; each running
# server has a pid file and a log under $LIVE_DIR, so `stop` ends exactly the process it started.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
THREADLINE_CACHE="${THREADLINE_CACHE:-$HOME/.cache/threadline}"
# What the live tests read: server URLs are fixed below, seed manifests and logs land here.
LIVE_DIR="${THREADLINE_LIVE_DIR:-$REPO_ROOT/test-results/live}"
mkdir -p "$THREADLINE_CACHE" "$LIVE_DIR"

log() { echo "live: $*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# A missing toolchain fails with its name and how to get it: never a silent skip.
require_tool() {
  local tool="$1" why="$2"
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed, and it is needed to $why. Install it (e.g. apt-get install $3) and run again."
}

# Waits until `curl` gets HTTP 200 from the URL, or fails after $2 seconds naming the log.
wait_for_http() {
  local url="$1" seconds="$2" name="$3" logfile="$4" pidfile="$5"
  local deadline=$((SECONDS + seconds))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      tail -20 "$logfile" >&2 || true
      die "$name exited while starting (log: $logfile)"
    fi
    if ((SECONDS >= deadline)); then
      tail -20 "$logfile" >&2 || true
      die "$name did not answer $url within ${seconds}s (log: $logfile)"
    fi
    sleep 0.5
  done
}

# Starts a command in the background with its pid file and log.
start_background() {
  local name="$1" pidfile="$2" logfile="$3"
  shift 3
  if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    die "$name is already running (pid $(cat "$pidfile")): run its script with 'stop' first"
  fi
  "$@" >"$logfile" 2>&1 &
  echo $! >"$pidfile"
}

# Stops the process of a pid file (TERM, then KILL after 10 s) and removes the file.
stop_background() {
  local name="$1" pidfile="$2"
  [[ -f "$pidfile" ]] || return 0
  local pid
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null || true
    log "$name stopped (pid $pid)"
  fi
  rm -f "$pidfile"
}

# Fails when something else already listens on a port the server wants.
require_free_port() {
  local port="$1" name="$2"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port, needed by $name, is already in use on 127.0.0.1: stop what uses it, or set the port variable named in scripts/live/$3"
  fi
}
