#!/bin/sh
# A throwaway PostgreSQL cluster for the tests that need a server (issue 22):
# initdb and pg_ctl from Debian's postgresql-15 (any installed major version
# will do), run as an unprivileged user, listening only on a Unix socket in
# the cluster's own folder, without fsync.
#
#   tests/postgres/cluster.sh start DIR   creates DIR, starts a cluster there,
#                                         prints its URL (a database remitwatch,
#                                         role remitwatch, trust on the socket;
#                                         a role rw_password, if made, must give
#                                         its password)
#   tests/postgres/cluster.sh stop DIR    stops it and removes DIR
#   tests/postgres/cluster.sh run CMD...  runs CMD with $RW_TEST_POSTGRES set: to
#                                         the server it already names, else to a
#                                         cluster started for CMD and stopped
#                                         after; exits 77 (CTest: skipped) when
#                                         there is neither
#
# As root (CI), the server runs as the user postgres (made by the postgresql
# packages) or else nobody: initdb refuses root.
set -eu

bindir() {
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
    fi
  done | sort -V | tail -n 1
}

as_server() {
  if [ "$(id -u)" -ne 0 ]; then
    "$@"
  elif id postgres >/dev/null 2>&1; then
    runuser -u postgres -- "$@"
  else
    runuser -u nobody -- "$@"
  fi
}

server_user() {
  if [ "$(id -u)" -ne 0 ]; then
    id -un
  elif id postgres >/dev/null 2>&1; then
    echo postgres
  else
    echo nobody
  fi
}

start() {
  dir=$1
  bin=$(bindir)
  if [ -z "$bin" ]; then
    echo "$0: no PostgreSQL server here (apt-get install postgresql-15)" >&2
    return 77
  fi
  mkdir -p "$dir"
  chmod 755 "$dir"
  [ "$(id -u)" -ne 0 ] || chown "$(server_user)" "$dir"
  as_server "$bin/initdb" --pgdata="$dir/data" --username=remitwatch --auth=trust --encoding=UTF8 \
    --locale=C --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    return 1
  }
  # One role must give its password (scram-sha-256), for the tests of where
  # remitwatch takes credentials from (the URL, PGPASSWORD, a password file);
  # every other role is trusted on the socket. The first line that matches wins.
  as_server sh -c "{ echo 'local all rw_password scram-sha-256'; cat '$dir/data/pg_hba.conf'; } \
    > '$dir/data/pg_hba.new' && mv '$dir/data/pg_hba.new' '$dir/data/pg_hba.conf'"
  as_server "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --silent \
    -o "-c listen_addresses= -c unix_socket_directories=$dir -c fsync=off -c full_page_writes=off" start || {
    cat "$dir/server.log" >&2
    return 1
  }
  "$bin/createdb" --host="$dir" --username=remitwatch remitwatch || return 1
  echo "postgresql://remitwatch@/remitwatch?host=$dir"
}

stop() {
  dir=$1
  bin=$(bindir)
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    as_server "$bin/pg_ctl" --pgdata="$dir/data" --mode=immediate --wait --silent stop || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
start)
  [ $# -eq 2 ] || { echo "usage: $0 start DIR" >&2; exit 2; }
  start "$2"
  ;;
stop)
  [ $# -eq 2 ] || { echo "usage: $0 stop DIR" >&2; exit 2; }
  stop "$2"
  ;;
run)
  shift
  [ $# -ge 1 ] || { echo "usage: $0 run CMD..." >&2; exit 2; }
  if [ -n "${RW_TEST_POSTGRES:-}" ]; then
    exec "$@"
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/rw-postgres.XXXXXX")
  trap 'stop "$dir"' EXIT
  trap 'exit 1' INT TERM
  status=0
  url=$(start "$dir") || status=$?
  if [ "$status" -ne 0 ]; then
    exit "$status"
  fi
  status=0
  RW_TEST_POSTGRES=$url "$@" || status=$?
  exit "$status"
  ;;
*)
  echo "usage: $0 start DIR | stop DIR | run CMD..." >&2
  exit 2
  ;;
esac
