#!/usr/bin/env bash
# A loopback hot standby of a PostgreSQL primary, on PostgreSQL's own streaming replication, for tests and the
# soak bench (never for production: a real deployment runs its replicas on their own machines).
#
#   scripts/pg-replica.sh start [PRIMARY_URL] [PORT]   # prints REPLICA_DIR=… REPLICA_PORT=… REPLICA_URL=…
#   scripts/pg-replica.sh stop REPLICA_DIR             # stops the standby and removes its folder
#
# PRIMARY_URL defaults to postgres://postgres@127.0.0.1:5432/postgres; PORT to a free port from 25432 up.
# `start` takes a base backup (`pg_basebackup -R -X stream`) into a temporary folder and starts it with `pg_ctl`
# on its own port and socket folder. The primary must accept replication connections from 127.0.0.1: when its
# pg_hba.conf has no `replication` entry and the file is local and writable, one trust line for 127.0.0.1 is
# appended (once) and the configuration reloaded with pg_reload_conf() — the primary is never restarted.
# Run as root, the server processes run as the `postgres` user (PostgreSQL refuses root).
set -euo pipefail

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
[[ -x "$PG_BIN/pg_ctl" ]] || { echo "pg-replica: no PostgreSQL binaries (set PG_BIN)" >&2; exit 2; }

as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

ensure_replication_hba() {
  local url=$1
  local rules
  rules=$(psql "$url" -Atc "select count(*) from pg_hba_file_rules where 'replication' = any(database) and error is null")
  [[ "$rules" != "0" ]] && return 0
  local hba
  hba=$(psql "$url" -Atc "show hba_file")
  if [[ ! -w "$hba" ]]; then
    echo "pg-replica: the primary's $hba has no replication entry and is not writable here; add" >&2
    echo "  host replication all 127.0.0.1/32 trust" >&2
    exit 3
  fi
  # pg_hba.conf is read top-down: a replication line anywhere is reached, since no `all` line matches replication.
  printf '\n# Added by ILMS scripts/pg-replica.sh: loopback streaming replication for tests and benches\nhost replication all 127.0.0.1/32 trust\n' >>"$hba"
  psql "$url" -Atqc "select pg_reload_conf()" >/dev/null
  echo "pg-replica: added a loopback replication entry to $hba and reloaded the primary" >&2
}

start() {
  local primary=${1:-postgres://postgres@127.0.0.1:5432/postgres}
  local port=${2:-}
  local host pport
  host=$(node -e 'console.log(new URL(process.argv[1]).hostname || "127.0.0.1")' "$primary")
  pport=$(node -e 'console.log(new URL(process.argv[1]).port || "5432")' "$primary")
  ensure_replication_hba "$primary"
  [[ -n "$port" ]] || port=$(free_port $((25432 + RANDOM % 2000)))
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/ilms-replica.XXXXXX")
  chmod 755 "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
  as_pg "$PG_BIN/pg_basebackup" -h "$host" -p "$pport" -U postgres -D "$dir/data" -R -X stream -c fast >/dev/null
  # A Debian cluster keeps its configuration outside the data folder: the standby gets its own, minimal one.
  [[ -f "$dir/data/postgresql.conf" ]] || as_pg touch "$dir/data/postgresql.conf"
  [[ -f "$dir/data/pg_ident.conf" ]] || as_pg touch "$dir/data/pg_ident.conf"
  as_pg sh -c "printf 'local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n' > '$dir/data/pg_hba.conf'"
  # A standby needs at least the primary's values of these (it refuses to start otherwise).
  local settings
  settings=$(psql "$primary" -Atc "select string_agg(format('-c %s=%s', name, setting), ' ') from pg_settings
    where name in ('max_connections','max_worker_processes','max_wal_senders','max_prepared_transactions','max_locks_per_transaction')")
  as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c hot_standby=on -c logging_collector=off $settings" >/dev/null
  # Ready when it answers as a standby in recovery.
  for _ in $(seq 1 60); do
    if [[ $(psql "postgres://postgres@127.0.0.1:$port/postgres" -Atc "select pg_is_in_recovery()" 2>/dev/null) == "t" ]]; then
      local database
      database=$(node -e 'console.log(new URL(process.argv[1]).pathname.slice(1) || "postgres")' "$primary")
      echo "REPLICA_DIR=$dir"
      echo "REPLICA_PORT=$port"
      echo "REPLICA_URL=postgres://postgres@127.0.0.1:$port/$database"
      return 0
    fi
    sleep 0.5
  done
  echo "pg-replica: the standby did not come up; its log:" >&2
  cat "$dir/server.log" >&2
  exit 4
}

stop() {
  local dir=${1:?usage: pg-replica.sh stop REPLICA_DIR}
  [[ -d "$dir/data" ]] || { echo "pg-replica: $dir is not a replica folder" >&2; exit 2; }
  as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start [PRIMARY_URL] [PORT] | stop REPLICA_DIR" >&2; exit 2 ;;
esac
