#!/usr/bin/env python
"""The batch-ingest path in-process: the real endpoint through ASGI, no sockets, no client.

Splits each request into what the server does (validate, ingest, commit, respond) only by
timing the real functions, so it stays true when the code changes. Use it to try process
settings such as the GC thresholds before changing `tunix_rt.server`:

    .venv/bin/python bench/ingest_inprocess.py                          # postgres, 20 x 1,000
    .venv/bin/python bench/ingest_inprocess.py --batch-size 10000 --batches 3
    .venv/bin/python bench/ingest_inprocess.py --gc default             # CPython's defaults
    .venv/bin/python bench/ingest_inprocess.py --gc 50000,100,100

Writes bench/results/ingest_inprocess-<backend>-<size>-<gc>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ingest as bench

from tunix_rt import migrate, server
from tunix_rt.app import create_app
from tunix_rt.settings import Settings


def set_gc(spec: str) -> str:
    if spec == "server":
        server.tune_gc()
    elif spec != "default":
        gc.set_threshold(*(int(x) for x in spec.split(",")))
    return ",".join(map(str, gc.get_threshold()))


async def run(url: str, home: Path, bodies: list[bytes], gc_spec: str) -> dict[str, Any]:
    app = create_app(Settings(tunix_rt_home=home, database_url=url))
    gc_thresholds = set_gc(gc_spec)
    gc_seconds = 0.0
    started: list[float] = []

    def on_gc(phase: str, _info: dict[str, int]) -> None:
        nonlocal gc_seconds
        if phase == "start":
            started.append(time.perf_counter())
        elif started:
            gc_seconds += time.perf_counter() - started.pop()

    transport = httpx.ASGITransport(app=app)
    headers = {"content-type": "application/json"}
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        gc.callbacks.append(on_gc)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for body in bodies:
            r = await client.post("/api/traces/batch", content=body, headers=headers)
            if r.status_code != 201:
                raise RuntimeError(f"{r.status_code}: {r.text[:300]}")
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        gc.callbacks.remove(on_gc)
    await app.state.engine.dispose()
    return {"wall_s": wall, "cpu_s": cpu, "gc_s": gc_seconds, "gc_thresholds": gc_thresholds}


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--backend", choices=["postgres", "sqlite"], default="postgres")
    ap.add_argument("--batches", type=int, default=20)
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--gc", default="server", help="server | default | gen0,gen1,gen2")
    args = ap.parse_args()

    traces = bench.make_traces(args.batches * args.batch_size, "inproc", seed=11)
    size = args.batch_size
    bodies = [orjson.dumps(traces[i : i + size]) for i in range(0, len(traces), size)]
    del traces
    with tempfile.TemporaryDirectory() as tmp:
        db = bench.Database(args.backend, Path(tmp), "inproc")
        try:
            migrate.upgrade(db.url)
            res = asyncio.run(run(db.url, Path(tmp), bodies, args.gc))
        finally:
            db.close()
    n = args.batches * size
    out = {
        "backend": args.backend,
        "batch_size": size,
        "batches": args.batches,
        "gc": args.gc,
        "gc_thresholds": res["gc_thresholds"],
        "traces_per_s": round(n / res["wall_s"], 1),
        "python_cpu_us_per_trace": round(1e6 * res["cpu_s"] / n, 1),
        "gc_us_per_trace": round(1e6 * res["gc_s"] / n, 1),
        "waiting_us_per_trace": round(1e6 * (res["wall_s"] - res["cpu_s"]) / n, 1),
        "machine": bench.machine_info(),
    }
    name = f"ingest_inprocess-{args.backend}-{size}-{args.gc.replace(',', '_')}.json"
    (bench.RESULTS / name).write_text(json.dumps(out, indent=2) + "\n")
    print({k: v for k, v in out.items() if k != "machine"})


if __name__ == "__main__":
    main()
