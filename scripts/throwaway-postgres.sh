#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for the test suite.
#
#   eval "$(bash scripts/throwaway-postgres.sh)"    # start; exports TEST_DATABASE_URL, PG_THROWAWAY_DIR
#   npm test
#   bash scripts/throwaway-postgres.sh stop         # stop it and delete its directory
#
# Each start creates a fresh cluster in a new temporary directory (owned by the `postgres` OS user
# when run as root), listening on 127.0.0.1 only, on the first free port from
# PG_THROWAWAY_PORT (default 55432), with a private unix-socket directory. It is tuned for speed,
# not durability (fsync=off). Role `grassroots` (password `grassroots`, CREATEDB CREATEROLE, not a
# superuser) owns database `grassroots`.
#
# Only the two `export` lines go to stdout; all diagnostics go to stderr.
set -euo pipefail

MARKER=.grassroots-throwaway-postgres

log() { printf 'throwaway-postgres: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# Newest PostgreSQL server binaries: Debian's /usr/lib/postgresql/<version>/bin, else pg_config.
find_bindir() {
  local candidate best=''
  while IFS= read -r candidate; do
    [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ] && best=$candidate
  done < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V)
  if [ -z "$best" ] && command -v pg_config >/dev/null 2>&1; then
    candidate=$(pg_config --bindir 2>/dev/null || true)
    [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && best=$candidate
  fi
  if [ -z "$best" ] && command -v initdb >/dev/null 2>&1; then
    best=$(dirname "$(command -v initdb)")
  fi
  [ -n "$best" ] || die "PostgreSQL server binaries (initdb, pg_ctl) not found; install Debian's 'postgresql' package"
  printf '%s\n' "$best"
}

# Runs a command as the cluster owner: `postgres` when we are root (the server refuses to run as
# root), ourselves otherwise.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

stop_cluster() {
  local dir=${1:-${PG_THROWAWAY_DIR:-}}
  [ -n "$dir" ] || die "stop: PG_THROWAWAY_DIR is not set (and no directory was given)"
  if [ ! -d "$dir" ]; then
    log "stop: $dir does not exist; nothing to do"
    return 0
  fi
  [ -f "$dir/$MARKER" ] || die "stop: $dir is not a throwaway cluster directory (no $MARKER); refusing to touch it"
  local bindir
  bindir=$(cat "$dir/bindir" 2>/dev/null || find_bindir)
  if [ -f "$dir/data/postmaster.pid" ]; then
    (cd "$dir" && as_owner "$bindir/pg_ctl" stop -D "$dir/data" -m fast -w -t 60 >&2) ||
      (cd "$dir" && as_owner "$bindir/pg_ctl" stop -D "$dir/data" -m immediate -w -t 30 >&2) ||
      log "stop: pg_ctl stop failed; see $dir/server.log"
  fi
  rm -rf -- "$dir"
  log "stopped and removed $dir"
}

start_cluster() {
  local bindir dir port tries=0
  bindir=$(find_bindir)

  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' OS user to own the cluster"
  fi

  dir=$(mktemp -d "${TMPDIR:-/tmp}/grassroots-pg.XXXXXX")
  # From here on, remove the directory (and stop the server) if anything fails.
  trap 'status=$?; if [ $status -ne 0 ]; then
          [ -f "$dir/server.log" ] && { log "server log:"; tail -n 40 "$dir/server.log" >&2; }
          [ -f "$dir/data/postmaster.pid" ] && (cd "$dir" && as_owner "$bindir/pg_ctl" stop -D "$dir/data" -m immediate >&2 2>&1) || true
          rm -rf -- "$dir"
        fi' EXIT
  touch "$dir/$MARKER"
  printf '%s\n' "$bindir" >"$dir/bindir"
  mkdir -p "$dir/sock"
  chmod 700 "$dir" "$dir/sock"
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$dir"
  cd "$dir" # the owner may not be able to read the caller's working directory

  log "initdb ($bindir) in $dir"
  if ! as_owner "$bindir/initdb" -D "$dir/data" --username=postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die "initdb failed"
  fi

  cat >>"$dir/data/postgresql.conf" <<EOF

# --- throwaway test cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/sock'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
dynamic_shared_memory_type = mmap
logging_collector = off
log_min_messages = warning
log_min_error_statement = error
EOF

  # First free port from the default upwards; if another process grabs it before the server binds
  # it, try the next one.
  port=${PG_THROWAWAY_PORT:-55432}
  while :; do
    while port_in_use "$port"; do
      tries=$((tries + 1))
      [ "$tries" -lt 100 ] || die "no free TCP port found from ${PG_THROWAWAY_PORT:-55432} upwards"
      port=$((port + 1))
    done
    log "starting on 127.0.0.1:$port"
    if as_owner "$bindir/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -o "-p $port" -w -t 60 >&2; then
      break
    fi
    if grep -q 'Address already in use' "$dir/server.log" 2>/dev/null && [ "$tries" -lt 100 ]; then
      tries=$((tries + 1))
      port=$((port + 1))
      continue
    fi
    die "the server did not start"
  done

  as_owner "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/sock" -p "$port" -U postgres -d postgres >&2 <<'SQL' ||
CREATE ROLE grassroots LOGIN PASSWORD 'grassroots' NOSUPERUSER CREATEDB CREATEROLE;
CREATE DATABASE grassroots OWNER grassroots;
SQL
    die "could not create role and database"

  trap - EXIT
  log "ready: postgres://grassroots:***@127.0.0.1:$port/grassroots (stop: bash scripts/throwaway-postgres.sh stop)"
  printf 'export TEST_DATABASE_URL=%q\n' "postgres://grassroots:grassroots@127.0.0.1:$port/grassroots"
  printf 'export PG_THROWAWAY_DIR=%q\n' "$dir"
}

case "${1:-start}" in
  start) start_cluster ;;
  stop) stop_cluster "${2:-}" ;;
  -h | --help | help)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
    ;;
  *) die "unknown command '$1' (use: start | stop [dir])" ;;
esac
