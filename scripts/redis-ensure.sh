#!/usr/bin/env bash
# A private Redis for the scale suite and `burt worker` tests (CI runs it as root through `make test`):
# installs Debian's `redis-server` package if missing, then starts a server of its own on a loopback
# port, daemonized, with its own directory under /tmp (append-only file on, so queued jobs survive a
# broker restart).  Never touches the system service (no systemctl, no /etc/redis, no port 6379).
# Idempotent: a server already answering on the port is left as it is.
# Prints the broker URL on stdout (messages go to stderr).
#
#   BURT_REDIS_PORT  loopback port (default 56379)
#   BURT_REDIS_DIR   server directory (default /tmp/burt-redis-<port>)
set -euo pipefail
PORT="${BURT_REDIS_PORT:-56379}"
DIR="${BURT_REDIS_DIR:-/tmp/burt-redis-$PORT}"
URL="redis://127.0.0.1:$PORT/0"
here="$(cd "$(dirname "$0")" && pwd)"

say() { echo "redis-ensure: $*" >&2; }

"$here/apt-ensure.sh" redis-server >&2

ready() { redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; }

if ready; then
  say "already running on 127.0.0.1:$PORT ($DIR)"
  echo "$URL"; exit 0
fi

mkdir -p "$DIR"
chmod 700 "$DIR"
say "starting on 127.0.0.1:$PORT (log: $DIR/server.log)"
redis-server --bind 127.0.0.1 --port "$PORT" --protected-mode yes --daemonize yes \
  --dir "$DIR" --pidfile "$DIR/redis.pid" --logfile "$DIR/server.log" \
  --appendonly yes --appendfsync everysec --save "" >&2

for _ in $(seq 1 60); do
  if ready; then echo "$URL"; exit 0; fi
  sleep 0.25
done
say "the server on 127.0.0.1:$PORT does not answer (see $DIR/server.log)"; exit 1
