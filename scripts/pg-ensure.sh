#!/usr/bin/env bash
# A private PostgreSQL for the test suite (CI runs it as root through `make test`): installs Debian's
# `postgresql` package if missing, then starts a cluster of its own on a loopback port, in a directory
# of its own, with a `burt` role (superuser: each test module creates and drops its own database) and
# trust authentication on loopback only.  Never touches a system cluster (no pg_ctlcluster, no
# /etc/postgresql, no port 5432).  Idempotent: a cluster already running is left as it is.
# Prints the SQLAlchemy URL on stdout (messages go to stderr).
#
#   BURT_PG_PORT  loopback port (default 54329)
#   BURT_PG_DIR   cluster directory (default /tmp/burt-pg-<port>)
set -euo pipefail
PORT="${BURT_PG_PORT:-54329}"
DIR="${BURT_PG_DIR:-/tmp/burt-pg-$PORT}"
DATA="$DIR/data"
LOG="$DIR/server.log"
URL="postgresql+psycopg://burt@127.0.0.1:$PORT/burt"
here="$(cd "$(dirname "$0")" && pwd)"

say() { echo "pg-ensure: $*" >&2; }

"$here/apt-ensure.sh" postgresql >&2

# the newest installed server's binaries (Debian keeps them out of PATH)
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$BIN" ] || [ ! -x "$BIN/pg_ctl" ]; then
  say "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin"; exit 1
fi

# the server refuses to run as root: it runs as the `postgres` OS user (made by the Debian package)
# when we are root, otherwise as whoever runs this script
as_owner() {
  # from the cluster directory: the postgres user may not be allowed into the caller's directory
  if [ "$(id -u)" -eq 0 ]; then (cd "$DIR" && runuser -u postgres -- "$@"); else (cd "$DIR" && "$@"); fi
}

ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U burt -d burt 2>/dev/null; }

if ready && [ -f "$DATA/PG_VERSION" ]; then
  say "already running on 127.0.0.1:$PORT ($DATA)"
  echo "$URL"; exit 0
fi

mkdir -p "$DIR"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DIR"; fi
chmod 700 "$DIR"

if [ ! -f "$DATA/PG_VERSION" ]; then
  say "initdb $DATA"
  as_owner "$BIN/initdb" -D "$DATA" -U burt --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  cat >"$DATA/pg_hba.conf" <<'EOF'
# burt test cluster (scripts/pg-ensure.sh): trust on loopback only, nothing else
local   all   all                 trust
host    all   all   127.0.0.1/32  trust
host    all   all   ::1/128       trust
EOF
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DATA/pg_hba.conf"; fi
fi

# a stale postmaster.pid (machine restarted, server killed) would stop pg_ctl from starting
if [ -f "$DATA/postmaster.pid" ] && ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  rm -f "$DATA/postmaster.pid"
fi

if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  say "starting on 127.0.0.1:$PORT (log: $LOG)"
  # the socket lives in the cluster directory: /var/run/postgresql belongs to the system cluster
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DIR" start >&2
fi

for _ in $(seq 1 60); do
  if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then break; fi
  sleep 0.5
done
if ! "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U burt -d postgres -tAc "SELECT 1" >/dev/null; then
  say "the server on 127.0.0.1:$PORT does not answer (see $LOG)"; exit 1
fi
if [ "$("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U burt -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'burt'")" != "1" ]; then
  "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U burt -d postgres -qc "CREATE DATABASE burt" >&2
fi
echo "$URL"
