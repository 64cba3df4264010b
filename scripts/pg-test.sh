#!/usr/bin/env bash
# A private, throw-away PostgreSQL 15 for the tests of the PostgreSQL store.
#
#   eval "$(scripts/pg-test.sh start)"   # prints: export MARSAD_TEST_PG=postgresql://... MARSAD_PG_DIR=...
#   scripts/pg-test.sh stop              # stops the server started above and deletes its data directory
#
# The cluster lives in a temporary directory, listens on a free loopback port only (and on a Unix
# socket inside that directory), trusts local connections and is deleted by `stop`. Run as root
# (as CI does), the server runs as the `postgres` user. PG_BIN overrides where initdb/pg_ctl are.
set -euo pipefail

PG_BIN=${PG_BIN:-}
if [[ -z $PG_BIN ]]; then
    for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [[ -x $d/initdb && -x $d/pg_ctl ]]; then PG_BIN=$d; break; fi
    done
fi

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    if [[ -z $PG_BIN ]]; then
        echo "pg-test: initdb/pg_ctl not found (install PostgreSQL 15 or set PG_BIN)" >&2
        exit 1
    fi
    local dir port
    dir=$(mktemp -d "${TMPDIR:-/tmp}/marsad-pg.XXXXXX")
    chmod 755 "$dir"
    mkdir "$dir/data"
    [[ $(id -u) -eq 0 ]] && chown -R postgres: "$dir"
    as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(free_port)
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "pg-test: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)" >&2
    echo "export MARSAD_TEST_PG=postgresql://postgres@127.0.0.1:$port/postgres MARSAD_PG_DIR=$dir"
}

stop() {
    local dir=${1:-${MARSAD_PG_DIR:-}}
    if [[ -z $dir || ! -d $dir/data ]]; then
        echo "pg-test: nothing to stop (MARSAD_PG_DIR is not set or not a cluster)" >&2
        return 0
    fi
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    echo "pg-test: stopped and removed $dir" >&2
}

case ${1:-} in
    start) start ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: $0 start|stop [DIR]" >&2; exit 2 ;;
esac
