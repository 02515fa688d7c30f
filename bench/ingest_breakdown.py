#!/usr/bin/env python
"""Where a POST /api/traces/batch spends its time, step by step, in-process (no HTTP).

Replays what traces/router.py:create_batch and traces/ingest.py:ingest do, with a timer
(and the time Python's cyclic GC took) around each step, against a fresh database:

    .venv/bin/python bench/ingest_breakdown.py                     # postgres, 20 x 1,000
    .venv/bin/python bench/ingest_breakdown.py --backend sqlite --batches 5 --batch-size 10000

The steps mirror the server code as of writing; if ingest() changes, update them here.
Prints a table of microseconds per trace and writes bench/results/ingest_breakdown.json.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ingest as bench

from tunix_rt import migrate
from tunix_rt.db import create_engine, sessionmaker_for, utcnow
from tunix_rt.traces import ingest as ingest_mod
from tunix_rt.traces.models import TraceRow, TraceTagRow
from tunix_rt.traces.router import _batch_adapter, _created
from tunix_rt.traces.schemas import BatchCreated

GC_TIME = 0.0
_gc_start = 0.0


def _gc_cb(phase: str, info: dict[str, Any]) -> None:
    global GC_TIME, _gc_start
    if phase == "start":
        _gc_start = time.perf_counter()
    else:
        GC_TIME += time.perf_counter() - _gc_start


class Steps:
    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.gc: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)

    @contextmanager
    def step(self, name: str):  # type: ignore[no-untyped-def]
        g0, t0, c0 = GC_TIME, time.perf_counter(), time.thread_time()
        yield
        self.wall[name] += time.perf_counter() - t0
        self.cpu[name] += time.thread_time() - c0
        self.gc[name] += GC_TIME - g0


async def run(url: str, bodies: list[bytes], steps: Steps) -> None:
    engine = create_engine(url)
    sessions = sessionmaker_for(engine)
    try:
        for body in bodies:
            async with sessions() as session:
                with steps.step("1 parse+validate: TypeAdapter(list[Trace]).validate_json"):
                    traces = _batch_adapter.validate_json(body)
                now = utcnow()
                with steps.step(
                    "2 hash: Trace.content_hash() (model_dump, canonical JSON, sha256)"
                ):
                    hashes = [t.content_hash() for t in traces]
                with steps.step("3 rows: _row() (Trace.payload() model_dump(mode=json), uuid4)"):
                    fresh: dict[str, dict[str, Any]] = {}
                    tags: dict[str, list[str]] = {}
                    for trace, h in zip(traces, hashes, strict=True):
                        if h not in fresh:
                            fresh[h] = ingest_mod._row(trace, h, now)
                            tags[h] = trace.tags
                insert = ingest_mod._insert_for(session)
                with steps.step("4 SQL: INSERT traces ... RETURNING (SQLAlchemy+driver+DB)"):
                    stmt = (
                        insert(TraceRow)
                        .on_conflict_do_nothing(index_elements=["content_hash"])
                        .returning(TraceRow.seq, TraceRow.content_hash)
                    )
                    result = await session.execute(stmt, list(fresh.values()))
                    inserted = {h: seq for seq, h in result.all()}
                with steps.step("5 SQL: INSERT trace_tags"):
                    tag_rows = [
                        {"tag": t, "trace_seq": inserted[h]} for h in inserted for t in tags[h]
                    ]
                    if tag_rows:
                        await session.execute(
                            insert(TraceTagRow).on_conflict_do_nothing(), tag_rows
                        )
                with steps.step("6 SQL: COMMIT"):
                    await session.commit()
                with steps.step("7 outcomes: Ingested dataclasses"):
                    outcomes = [
                        ingest_mod.Ingested(
                            fresh[h]["id"], now, fresh[h]["trace_version"], h, False
                        )
                        for h in hashes
                    ]
                with steps.step("8 response models: BatchCreated(traces=[_created(o)])"):
                    resp = BatchCreated(
                        created_count=len(outcomes),
                        duplicate_count=0,
                        traces=[_created(o) for o in outcomes],
                    )
                with steps.step("9 response: FastAPI re-validate + dump_json"):
                    BatchCreated.model_validate(resp, from_attributes=True)
                    resp.model_dump_json()
    finally:
        await engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--backend", choices=["postgres", "sqlite"], default="postgres")
    ap.add_argument("--batches", type=int, default=20)
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--gc-threshold", type=int, default=None, help="gc.set_threshold(N) to try")
    ap.add_argument("--gc-freeze", action="store_true", help="gc.freeze() after setup, to try")
    args = ap.parse_args()

    n = args.batches * args.batch_size
    traces = bench.make_traces(n, "breakdown", seed=21)
    bodies = [orjson.dumps(traces[i : i + args.batch_size]) for i in range(0, n, args.batch_size)]
    del traces
    if args.gc_threshold:
        gc.set_threshold(args.gc_threshold)
    if args.gc_freeze:
        gc.collect()
        gc.freeze()
    gc.callbacks.append(_gc_cb)
    steps = Steps()
    with tempfile.TemporaryDirectory(prefix="tunix-breakdown-") as tmp:
        db = bench.Database(args.backend, Path(tmp), "bd")
        try:
            migrate.upgrade(db.url)
            t0 = time.perf_counter()
            asyncio.run(run(db.url, bodies, steps))
            total = time.perf_counter() - t0
        finally:
            db.close()

    rows = []
    print(
        f"\n{args.backend}: {args.batches} batches x {args.batch_size} traces, "
        f"{n / total:,.0f} traces/s in-process (no HTTP)\n"
    )
    print(
        "| step | wall µs/trace | Python CPU µs/trace | of which GC | waiting (DB) "
        "| share of wall |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name in sorted(steps.wall):
        us = 1e6 * steps.wall[name] / n
        cpu = 1e6 * steps.cpu[name] / n
        gcu = 1e6 * steps.gc[name] / n
        rows.append(
            {
                "step": name,
                "us_per_trace": round(us, 1),
                "cpu_us_per_trace": round(cpu, 1),
                "gc_us_per_trace": round(gcu, 1),
            }
        )
        print(
            f"| {name} | {us:.1f} | {cpu:.1f} | {gcu:.1f} | {max(0.0, us - cpu):.1f} "
            f"| {steps.wall[name] / total:.0%} |"
        )
    cpu_total = 1e6 * sum(steps.cpu.values()) / n
    print(
        f"| total (incl. loop overhead) | {1e6 * total / n:.1f} | {cpu_total:.1f} "
        f"| {1e6 * GC_TIME / n:.1f} | | 100% |"
    )
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    tweak = f"-gc{args.gc_threshold}" if args.gc_threshold else ""
    tweak += "-freeze" if args.gc_freeze else ""
    name = f"ingest_breakdown-{args.backend}-{args.batch_size}{tweak}.json"
    (out / name).write_text(
        json.dumps(
            {
                "backend": args.backend,
                "batches": args.batches,
                "batch_size": args.batch_size,
                "gc_threshold": gc.get_threshold(),
                "gc_freeze": args.gc_freeze,
                "traces_per_s": round(n / total, 1),
                "total_us_per_trace": round(1e6 * total / n, 1),
                "gc_us_per_trace": round(1e6 * GC_TIME / n, 1),
                "steps": rows,
                "machine": bench.machine_info(),
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
