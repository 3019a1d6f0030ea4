# Sourced by scripts/test.sh: a throwaway PostgreSQL cluster for the tests of the PostgreSQL storage engine.
# Installs Debian's postgresql when missing (as root), starts a cluster in a temp folder on a free loopback
# port, exports CHEXS_TEST_POSTGRES (the connection string the tests use) and stops and deletes the cluster
# when the calling script exits, whether it passed or failed. Each test creates and drops its own database.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}   # Debian 12's PostgreSQL 15 (not on PATH: pg_ctl, initdb live here)

if [ ! -x "$PG_BIN/initdb" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing PostgreSQL (Debian package) for the storage tests..."
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
  else
    echo "The PostgreSQL storage tests need Debian's postgresql ($PG_BIN/initdb): sudo apt-get install postgresql" >&2
    exit 1
  fi
fi

# initdb and postgres refuse to run as root: as root, run them as the postgres user the package created.
if [ "$(id -u)" -eq 0 ]; then
  as_pg() { (cd "$pg_dir" && runuser -u postgres -- "$@"); }   # from a folder the postgres user may enter
  pg_user=postgres
else
  as_pg() { "$@"; }
  pg_user=$(id -un)
fi

pg_dir=$(mktemp -d /tmp/chexs-test-postgres.XXXXXX)
chown "$pg_user" "$pg_dir"
chmod 700 "$pg_dir"

stop_test_postgres() {
  as_pg "$PG_BIN/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap stop_test_postgres EXIT
trap "exit 130" INT TERM   # so an interrupted run still goes through the EXIT trap

# A loopback port nothing listens on yet.
pg_port=""
for candidate in $(seq 55432 55532); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then pg_port=$candidate; break; fi
done
[ -n "$pg_port" ] || { echo "No free port for the test PostgreSQL" >&2; exit 1; }

as_pg "$PG_BIN/initdb" -D "$pg_dir/data" -U postgres --auth=trust --no-sync -E UTF8 >"$pg_dir/initdb.log" 2>&1 \
  || { cat "$pg_dir/initdb.log" >&2; exit 1; }
# Loopback only, socket in the temp folder; durability is not wanted for throwaway test data (PG_DURABLE=1 keeps
# PostgreSQL's defaults: the benchmarks measure a server that really writes its commits to disk).
pg_durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${PG_DURABLE:-0}" = 1 ] && pg_durability=""
as_pg "$PG_BIN/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $pg_port -k $pg_dir $pg_durability -c max_connections=200" start >/dev/null \
  || { cat "$pg_dir/server.log" >&2; exit 1; }

export CHEXS_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
echo "Test PostgreSQL on 127.0.0.1:$pg_port (data in $pg_dir, removed at exit)"
