#!/usr/bin/env bash
# Starts a local PostgreSQL server with a throw-away database for the tests and prints
# its SQLAlchemy URL. Installs the server from Debian's packages when it is missing.
set -euo pipefail

if ! command -v pg_lsclusters >/dev/null 2>&1; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
if [ -z "$(pg_lsclusters -h)" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    pg_createcluster "$version" main >&2
fi
read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1)
if [ "$status" != "online" ]; then
    pg_ctlcluster "$version" "$cluster" start >&2
fi
as_postgres() { runuser -u postgres -- psql -p "$port" -qtAX "$@"; }
for _ in $(seq 30); do as_postgres -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 1; done
if [ "$(as_postgres -c "SELECT 1 FROM pg_roles WHERE rolname = 'annotator_test'")" != 1 ]; then
    as_postgres -c "CREATE ROLE annotator_test LOGIN PASSWORD 'annotator_test'" >&2
fi
if [ "$(as_postgres -c "SELECT 1 FROM pg_database WHERE datname = 'annotator_test'")" != 1 ]; then
    as_postgres -c "CREATE DATABASE annotator_test OWNER annotator_test" >&2
fi
echo "postgresql+psycopg://annotator_test:annotator_test@127.0.0.1:$port/annotator_test"
