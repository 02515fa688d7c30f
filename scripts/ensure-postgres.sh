#!/usr/bin/env bash
# Make sure the local Postgres the tests use is up; start the Debian cluster if it is not.
set -u
host=127.0.0.1 port=5432
if pg_isready -q -h "$host" -p "$port" 2>/dev/null; then exit 0; fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "starting PostgreSQL $version cluster 'main'"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do
    pg_isready -q -h "$host" -p "$port" && exit 0
    sleep 1
  done
fi
if [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable on $host:$port and could not be started; CI needs it" >&2
  exit 1
fi
echo "warning: PostgreSQL not reachable on $host:$port; Postgres tests will be skipped" >&2
exit 0
