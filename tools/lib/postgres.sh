# A throwaway PostgreSQL server in a temporary directory, for the tests and tools/cluster.
# Sourced by the tools/ scripts, after system-packages.sh.
#
#   start_throwaway_postgres   starts one (fsync on, loopback only, trusting loopback
#                              connections) and sets THROWAWAY_POSTGRES_URL, _DIR and _PORT;
#                              it is stopped and deleted when the calling script exits.
#
# PostgreSQL refuses to run as root (CI runs as root): the server then runs as the
# unprivileged `postgres` user that Debian's package creates, through runuser.

postgres_bin_dir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$dir" ] || { echo "PostgreSQL's server programs are not installed (apt-get install postgresql)" >&2; return 1; }
    echo "$dir"
}

as_postgres_user() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_loopback_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start_throwaway_postgres() {
    local bin
    bin=$(postgres_bin_dir)
    THROWAWAY_POSTGRES_DIR=$(mktemp -d /tmp/vneid-postgres.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres: "$THROWAWAY_POSTGRES_DIR"
    THROWAWAY_POSTGRES_PORT=$(free_loopback_port)
    as_postgres_user "$bin/initdb" -D "$THROWAWAY_POSTGRES_DIR/data" --no-locale -E UTF8 -A trust -U postgres >"$THROWAWAY_POSTGRES_DIR/initdb.log"
    # fsync stays on: the tests check durable answers against a real server.
    as_postgres_user "$bin/pg_ctl" -D "$THROWAWAY_POSTGRES_DIR/data" -l "$THROWAWAY_POSTGRES_DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $THROWAWAY_POSTGRES_PORT -c unix_socket_directories=$THROWAWAY_POSTGRES_DIR -c fsync=on -c max_connections=400 -c shared_buffers=256MB" \
        start >/dev/null
    THROWAWAY_POSTGRES_URL="postgresql://postgres@127.0.0.1:$THROWAWAY_POSTGRES_PORT/postgres?sslmode=disable"
    trap stop_throwaway_postgres EXIT
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$THROWAWAY_POSTGRES_PORT (data in $THROWAWAY_POSTGRES_DIR)" >&2
}

stop_throwaway_postgres() {
    local bin
    [ -n "${THROWAWAY_POSTGRES_DIR:-}" ] || return 0
    bin=$(postgres_bin_dir) || return 0
    as_postgres_user "$bin/pg_ctl" -D "$THROWAWAY_POSTGRES_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$THROWAWAY_POSTGRES_DIR"
    THROWAWAY_POSTGRES_DIR=
}
