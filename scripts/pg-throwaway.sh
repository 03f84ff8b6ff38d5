#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, benches and `npm run cluster`: Debian's PostgreSQL
# (package `postgresql`), a fresh data folder in a temp dir, a free port on 127.0.0.1, trust
# authentication, fsync off (nothing in it must survive a crash of the machine).
#
#   scripts/pg-throwaway.sh start [DB]  prints shell lines to eval: PG_THROWAWAY_DIR, PG_THROWAWAY_PORT
#                                       and TEST_DATABASE_URL (postgresql://postgres@127.0.0.1:PORT/DB,
#                                       DB default pos_test, created empty)
#   scripts/pg-throwaway.sh stop DIR    stops the cluster at once and removes DIR
#   scripts/pg-throwaway.sh pg-ctl DIR start|stop|restart   the running cluster, for fault tests
#
# initdb refuses to run as root: as root, the cluster belongs to the `postgres` user (runuser);
# as any other user, to that user. Exits non-zero with a message when PostgreSQL is not installed.
set -euo pipefail

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "pg-throwaway: PostgreSQL is not installed (apt-get install -y postgresql)" >&2
    exit 2
  fi
  echo "$bin"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

cmd=${1:-}
case "$cmd" in
  start)
    db=${2:-pos_test}
    bin=$(pg_bin)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/pos-pg-XXXXXX")
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    port=$(free_port)
    # Kept for `pg-ctl DIR start`: a stopped cluster comes back on the same port.
    echo "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" >"$dir/opts"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "$(cat "$dir/opts")" start >/dev/null
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
    echo "export PG_THROWAWAY_DIR=$dir"
    echo "export PG_THROWAWAY_PORT=$port"
    echo "export TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:$port/$db"
    ;;
  stop)
    dir=${2:?usage: pg-throwaway.sh stop DIR}
    bin=$(pg_bin)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  pg-ctl)
    dir=${2:?usage: pg-throwaway.sh pg-ctl DIR start|stop|restart}
    action=${3:?usage: pg-throwaway.sh pg-ctl DIR start|stop|restart}
    bin=$(pg_bin)
    case "$action" in
      stop) as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null ;;
      start | restart) as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "$(cat "$dir/opts")" "$action" >/dev/null ;;
      *) echo "pg-throwaway: unknown action $action" >&2; exit 2 ;;
    esac
    ;;
  *)
    echo "usage: pg-throwaway.sh start [DB] | stop DIR | pg-ctl DIR start|stop|restart" >&2
    exit 2
    ;;
esac
