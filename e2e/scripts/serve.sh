#!/usr/bin/env bash
# Start the real product for the browser tests: API + worker + built dashboard, on a fresh
# database of the given kind (sqlite | postgres) and a fresh artifacts root.
#   scripts/serve.sh <sqlite|postgres> <port> <home-dir> <ui-dir>
set -euo pipefail
kind=$1 port=$2 home=$3 ui=$4
repo=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$home" && mkdir -p "$home"
case "$kind" in
  sqlite) export DATABASE_URL="sqlite+aiosqlite:///$home/tunix-rt.db" ;;
  postgres)
    db="tunix_rt_e2e_$port"
    "$repo/.venv/bin/python" - "$db" <<'PY'
import asyncio, sys
import asyncpg

async def main(name: str) -> None:
    admin = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/postgres")
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()

asyncio.run(main(sys.argv[1]))
PY
    export DATABASE_URL="postgresql+asyncpg://postgres@127.0.0.1:5432/$db" ;;
  *) echo "unknown database kind: $kind" >&2; exit 2 ;;
esac
export TUNIX_RT_HOME="$home" TUNIX_RT_UI_DIR="$ui" JOB_POLL_S=0.2
exec "$repo/.venv/bin/tunix-rt" serve --host 127.0.0.1 --port "$port" --with-worker
