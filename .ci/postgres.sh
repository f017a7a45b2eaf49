#!/usr/bin/env bash
# Install (if missing) and start a local PostgreSQL from Debian's packages, create a test
# role and database, and print the SQLAlchemy URL for tests (B12_TEST_DATABASE_URL).
# Needs root (CI runs as root). Safe to run twice.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start >/dev/null 2>&1 || true
for _ in $(seq 1 30); do
  runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 0.5
done
runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 <<'SQL' >/dev/null
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'b12') THEN
    CREATE ROLE b12 LOGIN PASSWORD 'b12' CREATEDB;
  END IF;
END $$;
SQL
if ! runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname='b12_test'" | grep -q 1; then
  runuser -u postgres -- createdb -O b12 b12_test
fi
echo "postgresql+psycopg://b12:b12@127.0.0.1:5432/b12_test"
