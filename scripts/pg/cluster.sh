#!/usr/bin/env bash
# A throwaway PostgreSQL server from Debian's packages, for the tests of database sources.
#   scripts/pg/cluster.sh start DIR PORT PASSWORD   initdb into DIR/data, listen on the socket
#                                                   directory DIR and 127.0.0.1:PORT, user "twin"
#                                                   with PASSWORD (SCRAM); prints the socket dir
#   scripts/pg/cluster.sh stop DIR                  stop it (the caller removes DIR)
# PostgreSQL refuses to run as root: as root the server runs as the "postgres" user (runuser).
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then echo "PostgreSQL server binaries not found (apt install postgresql)" >&2; exit 3; fi
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    port=${3:?port}
    password=${4:?password}
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    printf '%s\n' "$password" > "$dir/pw"
    [ "$(id -u)" = 0 ] && chown postgres "$dir/pw"
    as_owner "$bin/initdb" -D "$dir/data" -U twin --pwfile="$dir/pw" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    rm -f "$dir/pw"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=20" start >/dev/null
    echo "$dir"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  *) echo "usage: $0 start DIR PORT PASSWORD | stop DIR" >&2; exit 2 ;;
esac
