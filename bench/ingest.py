#!/usr/bin/env python
"""Ingest, paging and dataset-build benchmark of the tunix-rt HTTP API, next to its peers.

Runs a real server (uvicorn, one process) per fresh database, for Postgres and SQLite, and
drives it over loopback with httpx. Request bodies are serialized before each timer starts,
so the figures measure the server (and the database), not the client.

    .venv/bin/python bench/ingest.py             # full run, 100,000 traces, ~10 min on 2 cores
    .venv/bin/python bench/ingest.py --quick     # smoke run, 5,000 traces
    .venv/bin/python bench/ingest.py --profile   # also record py-spy profiles of the server

Writes bench/results/ingest.json and bench/results/ingest.md (see bench/README.md).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import datetime as dt
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
from machine import machine_info as shared_machine_info  # bench/ is sys.path[0]

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results"
PG_ADMIN = ["psql", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-d", "postgres", "-Atq"]
PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/{db}"
EARLIER_SERVICE_TRACES_PER_S = 830  # figure quoted for the earlier service; reference only

SERVER_CODE = """
import os, sys
from tunix_rt import migrate
from tunix_rt.server import run_server
from tunix_rt.settings import Settings
url = os.environ["DATABASE_URL"]
migrate.upgrade(url)
settings = Settings(tunix_rt_home=os.environ["TUNIX_RT_HOME"], database_url=url)
run_server(settings, "127.0.0.1", int(sys.argv[1]), log_level="warning")
"""


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- traces

STEP_TYPES = ("plan", "compute", "check", "note", "compute", "compute")
OPS = (("add", "+"), ("sub", "-"), ("mul", "*"))
TOPICS = ("ledger", "inventory", "invoice", "survey", "sensor", "payroll", "shipment")


def make_traces(n: int, tag: str, seed: int, tags_per_trace: int = 1) -> list[dict[str, Any]]:
    """n unique, realistic traces: prompt ~80 chars, 3-8 steps of ~60 chars, small meta."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        op, sym = OPS[rng.randrange(3)]
        a, b = rng.randrange(10_000, 9_999_999), rng.randrange(100, 99_999)
        result = a + b if op == "add" else a - b if op == "sub" else a * b
        topic = TOPICS[rng.randrange(len(TOPICS))]
        prompt = (
            f"[{tag}:{k}] The {topic} shows {a} and {b}. Compute {a} {sym} {b}, showing the work."
        )
        steps = []
        for i in range(rng.randint(3, 8)):
            x, y = rng.randrange(10, 999), rng.randrange(10, 999)
            kind = STEP_TYPES[rng.randrange(len(STEP_TYPES))]
            content = (
                f"{kind} {i + 1}: combine partial {x} with {y} for the {topic} total, "
                f"giving {x + y}"
            )
            steps.append({"i": i, "type": kind, "content": content})
        steps.append({"i": len(steps), "type": "answer", "content": f"so {a} {sym} {b} = {result}"})
        tags = [op, topic, "bench"][:tags_per_trace]
        out.append(
            {
                "trace_version": "1.0",
                "prompt": prompt,
                "final_answer": str(result),
                "steps": steps,
                "meta": {"source": f"bench-{tag}", "tags": tags, "difficulty": rng.randint(1, 5)},
            }
        )
    return out


def ndjson(traces: list[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(t, option=orjson.OPT_APPEND_NEWLINE) for t in traces)


def multipart_body(data: bytes) -> tuple[bytes, str]:
    boundary = "tunixbench" + uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="traces.jsonl"\r\n'
        "Content-Type: application/x-ndjson\r\n\r\n"
    ).encode()
    return (
        head + data + f"\r\n--{boundary}--\r\n".encode(),
        f"multipart/form-data; boundary={boundary}",
    )


# --------------------------------------------------------------------------- stats


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(q / 100 * len(s) + 0.5) - 1))
    return s[k]


def latency_summary(seconds: list[float]) -> dict[str, Any]:
    ms = [v * 1000 for v in seconds]
    return {
        "requests": len(ms),
        "p50_ms": round(pct(ms, 50), 2),
        "p90_ms": round(pct(ms, 90), 2),
        "p99_ms": round(pct(ms, 99), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
        "max_ms": round(max(ms), 2),
    }


# --------------------------------------------------------------------------- databases


def psql(sql: str) -> str:
    cmd = [*PG_ADMIN, "-c", sql]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip()


class Database:
    """A fresh, empty database for one backend; dropped (or deleted) on close."""

    def __init__(self, backend: str, workdir: Path, label: str) -> None:
        self.backend = backend
        self.label = label
        if backend == "postgres":
            self.name = f"tunix_rt_bench_{label}_{uuid.uuid4().hex[:8]}"
            psql(f'CREATE DATABASE "{self.name}"')
            self.url = PG_URL.format(db=self.name)
        else:
            self.path = workdir / f"{label}-{uuid.uuid4().hex[:8]}.db"
            self.url = f"sqlite+aiosqlite:///{self.path}"

    def size_bytes(self) -> int:
        if self.backend == "postgres":
            return int(psql(f"SELECT pg_database_size('{self.name}')"))
        return sum(
            p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file()
        )

    def close(self) -> None:
        if self.backend == "postgres":
            psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        else:
            for p in self.path.parent.glob(self.path.name + "*"):
                p.unlink(missing_ok=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`uvicorn` in a subprocess (one worker, uvloop + httptools when installed)."""

    def __init__(self, db: Database, workdir: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        home = workdir / f"home-{db.label}"
        home.mkdir(exist_ok=True)
        env = {**os.environ, "DATABASE_URL": db.url, "TUNIX_RT_HOME": str(home)}
        env.pop("TUNIX_RT_UI_DIR", None)
        self.stderr = open(workdir / f"server-{db.label}.log", "wb")  # noqa: SIM115
        # cwd = workdir so that no stray .env in the repo changes the settings
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVER_CODE, str(self.port)],
            cwd=workdir,
            env=env,
            stdout=self.stderr,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"server exited with {self.proc.returncode}; see {self.stderr.name}"
                )
            try:
                if httpx.get(self.base + "/api/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not become ready in 60 s")
            time.sleep(0.1)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.stderr.close()


@contextlib.contextmanager
def serving(
    backend: str, workdir: Path, label: str
) -> Iterator[tuple[Database, Server, httpx.Client]]:
    db = Database(backend, workdir, label)
    server = None
    try:
        server = Server(db, workdir)
        with httpx.Client(base_url=server.base, timeout=httpx.Timeout(900.0)) as client:
            yield db, server, client
    finally:
        if server is not None:
            server.close()
        db.close()


@contextlib.contextmanager
def profiled(server: Server, out: Path | None, name: str) -> Iterator[None]:
    """py-spy samples the server process while the block runs (only with --profile)."""
    if out is None:
        yield
        return
    pyspy = shutil.which("py-spy") or os.environ.get("PY_SPY")
    if not pyspy:
        raise SystemExit("--profile needs py-spy on PATH or PY_SPY=/path/to/py-spy")
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}.txt"
    proc = subprocess.Popen(
        [
            pyspy,
            "record",
            "--pid",
            str(server.proc.pid),
            "--format",
            "raw",
            "--rate",
            "200",
            "--nonblocking",
            "-o",
            str(target),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)  # let py-spy attach before the work starts
    try:
        yield
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
        log(f"  profile written: {target}")


# --------------------------------------------------------------------------- CPU accounting

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _proc_times(pid: int | str) -> tuple[float, float]:
    """(utime, stime) of one process, in seconds (zeros when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, 0.0
    return int(fields[11]) / CLK_TCK, int(fields[12]) / CLK_TCK


def _proc_cpu(pid: int | str) -> float:
    return sum(_proc_times(pid))


def _postgres_cpu() -> float:
    total = 0.0
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            with contextlib.suppress(OSError):
                if (d / "comm").read_text().strip() == "postgres":
                    total += _proc_cpu(d.name)
    return total


class CpuMeter:
    """CPU seconds spent by the server process, Postgres (all its processes) and this client
    while a block runs, next to its wall time: the rate the CPU would allow, contention aside.
    """

    def __init__(self, server: Server, backend: str) -> None:
        self.pid = server.proc.pid
        self.pg = backend == "postgres"

    def __enter__(self) -> CpuMeter:
        self.load = os.getloadavg()[0]
        self.t = time.perf_counter()
        self.server_sys0 = _proc_times(self.pid)[1]
        self.server0 = _proc_cpu(self.pid)
        self.db0 = _postgres_cpu() if self.pg else 0.0
        self.client0 = time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.t
        self.server = _proc_cpu(self.pid) - self.server0
        self.server_sys = _proc_times(self.pid)[1] - self.server_sys0
        self.db = _postgres_cpu() - self.db0 if self.pg else None
        self.client = time.process_time() - self.client0
        self.load_after = os.getloadavg()[0]

    def report(self, items: int | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "wall_s": round(self.wall, 3),
            "server_cpu_s": round(self.server, 2),
            "server_sys_cpu_s": round(self.server_sys, 2),
            "db_cpu_s": None if self.db is None else round(self.db, 2),
            "client_cpu_s": round(self.client, 2),
            "server_busy": round(self.server / self.wall, 2),
            "loadavg_1m_before_after": [round(self.load, 2), round(self.load_after, 2)],
        }
        if items:
            out["server_cpu_us_per_item"] = round(1e6 * self.server / items, 1)
            if self.db is not None:
                out["db_cpu_us_per_item"] = round(1e6 * self.db / items, 1)
            # the rate one server process could reach if it had a core to itself
            out["server_cpu_bound_items_per_s"] = (
                round(items / self.server, 1) if self.server else None
            )
        return out


# --------------------------------------------------------------------------- measurements


def post_batches(
    client: httpx.Client,
    meter: CpuMeter,
    traces: list[dict[str, Any]],
    size: int,
    in_flight: int = 1,
) -> dict[str, Any]:
    """POST the traces in batches; `in_flight` > 1 keeps that many requests open at once."""
    bodies = [orjson.dumps(traces[i : i + size]) for i in range(0, len(traces), size)]
    headers = {"content-type": "application/json"}

    def send(body: bytes) -> tuple[float, int]:
        t = time.perf_counter()
        r = client.post("/api/traces/batch", content=body, headers=headers)
        if r.status_code != 201:
            raise RuntimeError(f"batch failed: {r.status_code} {r.text[:500]}")
        return time.perf_counter() - t, orjson.loads(r.content)["created_count"]

    with meter:
        t0 = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=in_flight) as pool:
            results = list(pool.map(send, bodies))
        elapsed = time.perf_counter() - t0
    latencies = [lat for lat, _ in results]
    created = sum(c for _, c in results)
    if created != len(traces):
        raise RuntimeError(f"expected {len(traces)} new traces, server created {created}")
    return {
        "traces": len(traces),
        "batch_size": size,
        "in_flight": in_flight,
        "requests": len(bodies),
        "seconds": round(elapsed, 3),
        "traces_per_s": round(len(traces) / elapsed, 1),
        "request_bytes": sum(map(len, bodies)),
        "mb_per_s": round(sum(map(len, bodies)) / 1e6 / elapsed, 2),
        "request_latency": latency_summary(latencies),
        "cpu": meter.report(len(traces)),
    }


def post_singles(
    client: httpx.Client, meter: CpuMeter, traces: list[dict[str, Any]], extrapolate_to: int
) -> dict[str, Any]:
    bodies = [orjson.dumps(t) for t in traces]
    headers = {"content-type": "application/json"}
    latencies = []
    with meter:
        t0 = time.perf_counter()
        for body in bodies:
            t = time.perf_counter()
            r = client.post("/api/traces", content=body, headers=headers)
            latencies.append(time.perf_counter() - t)
            if r.status_code != 201 or orjson.loads(r.content)["duplicate"]:
                raise RuntimeError(f"single post failed: {r.status_code} {r.text[:500]}")
        elapsed = time.perf_counter() - t0
    rate = len(traces) / elapsed
    return {
        "traces": len(traces),
        "seconds": round(elapsed, 3),
        "traces_per_s": round(rate, 1),
        "extrapolated_to": extrapolate_to,
        "extrapolated_seconds": round(extrapolate_to / rate, 1),
        "request_latency": latency_summary(latencies),
        "cpu": meter.report(len(traces)),
        "note": f"sampled {len(traces)} sequential POST /api/traces on one keep-alive "
        f"connection; the {extrapolate_to:,} figure is extrapolated, not measured",
    }


def upload(
    client: httpx.Client, meter: CpuMeter, traces: list[dict[str, Any]], kind: str
) -> dict[str, Any]:
    data = ndjson(traces)
    if kind == "raw":
        body, ctype = data, "application/x-ndjson"
    else:
        body, ctype = multipart_body(data)
    with meter:
        t0 = time.perf_counter()
        r = client.post("/api/traces/import", content=body, headers={"content-type": ctype})
        elapsed = time.perf_counter() - t0
    if r.status_code != 201:
        raise RuntimeError(f"import failed: {r.status_code} {r.text[:500]}")
    report = orjson.loads(r.content)
    if report["imported"] != len(traces):
        raise RuntimeError(f"import wrote {report['imported']} of {len(traces)}: {report}")
    return {
        "traces": len(traces),
        "kind": kind,
        "bytes": len(body),
        "seconds": round(elapsed, 3),
        "traces_per_s": round(len(traces) / elapsed, 1),
        "mb_per_s": round(len(body) / 1e6 / elapsed, 2),
        "cpu": meter.report(len(traces)),
    }


def timed_gets(client: httpx.Client, urls: list[str]) -> list[float]:
    out = []
    for url in urls:
        t = time.perf_counter()
        r = client.get(url)
        out.append(time.perf_counter() - t)
        if r.status_code != 200:
            raise RuntimeError(f"GET {url} -> {r.status_code} {r.text[:300]}")
    return out


def paging(
    client: httpx.Client, meter: CpuMeter, rows: int, requests: int, seed: int
) -> dict[str, Any]:
    """Deep offset pages vs deep cursor pages (same depth band), and page 1 for reference."""
    limit = 100
    lo, hi = int(rows * 0.90), int(rows * 0.99)
    rng = random.Random(seed)

    # Walk the cursors from the top to collect the ones that start pages in [lo, hi].
    deep_cursors: list[tuple[int, str]] = []
    depth, url, pages = 0, f"/api/traces?limit={limit}", 0
    t0 = time.perf_counter()
    while depth < hi:
        r = client.get(url)
        r.raise_for_status()
        page = orjson.loads(r.content)
        pages += 1
        depth += len(page["data"])
        cursor = page["pagination"]["next_cursor"]
        if cursor is None:
            break
        if depth >= lo:
            deep_cursors.append((depth, cursor))
        url = f"/api/traces?limit={limit}&cursor={cursor}"
    walk = time.perf_counter() - t0
    if not deep_cursors:
        raise RuntimeError("cursor walk found no deep pages")

    warm = 5
    page1 = [f"/api/traces?limit={limit}"] * (requests + warm)
    offsets = [rng.randrange(lo, hi + 1) for _ in range(requests + warm)]
    offset_urls = [f"/api/traces?limit={limit}&offset={o}" for o in offsets]
    picks = [deep_cursors[rng.randrange(len(deep_cursors))] for _ in range(requests + warm)]
    cursor_urls = [f"/api/traces?limit={limit}&cursor={c}" for _, c in picks]
    res = {}
    for name, urls in (
        ("page1", page1),
        ("offset_deep", offset_urls),
        ("cursor_deep", cursor_urls),
    ):
        with meter:
            times = timed_gets(client, urls)
        res[name] = latency_summary(times[warm:])
        res[name]["cpu"] = meter.report(len(urls))
    res["offset_deep"]["offsets"] = [min(offsets), max(offsets)]
    res["cursor_deep"]["depths"] = [min(d for d, _ in picks), max(d for d, _ in picks)]
    res["cursor_walk"] = {
        "pages": pages,
        "rows": depth,
        "seconds": round(walk, 3),
        "rows_per_s": round(depth / walk, 1),
        "note": "walking next_cursor from page 1 to the deep band, limit=100",
    }
    res["limit"] = limit
    res["table_rows"] = rows
    return res


def dataset_builds(
    client: httpx.Client, meter: CpuMeter, limit: int, reps: int, table_rows: int
) -> dict[str, Any]:
    out: dict[str, Any] = {"limit": limit, "eval_fraction": 0.1, "table_rows": table_rows}
    for strategy in ("latest", "random"):
        times = []
        cpu = []
        for rep in range(reps):
            body = {
                "dataset_name": "bench",
                "dataset_version": f"{strategy}-{rep}",
                "limit": limit,
                "selection_strategy": strategy,
                "seed": 1000 + rep,
                "eval_fraction": 0.1,
            }
            with meter:
                t0 = time.perf_counter()
                r = client.post("/api/datasets/build", json=body)
                times.append(time.perf_counter() - t0)
            cpu.append(meter.report())
            if r.status_code != 201:
                raise RuntimeError(f"build failed: {r.status_code} {r.text[:500]}")
            got = orjson.loads(r.content)
            if got["trace_count"] != limit:
                raise RuntimeError(f"build chose {got['trace_count']} traces, wanted {limit}")
        out[strategy] = {
            "runs": [round(t, 3) for t in times],
            "median_s": round(statistics.median(times), 3),
            "traces_per_s": round(limit / statistics.median(times), 1),
            "cpu": cpu,
        }
    return out


def client_side_build(
    client: httpx.Client, limit: int, seed: int, export_all: bool
) -> dict[str, Any]:
    """Peer: stream traces out (export.jsonl), pick and split on the client; nothing stored."""
    url = "/api/traces/export.jsonl" + ("" if export_all else f"?limit={limit}")
    t0 = time.perf_counter()
    rows = []
    nbytes = 0
    with client.stream("GET", url) as r:
        r.raise_for_status()
        for line in r.iter_lines():
            if line:
                nbytes += len(line) + 1
                rows.append(orjson.loads(line))
    if export_all:
        rows = random.Random(seed).sample(rows, min(limit, len(rows)))
    positions = list(range(len(rows)))
    random.Random(seed).shuffle(positions)
    n_eval = round(len(rows) * 0.1)
    eval_set = set(positions[:n_eval])
    split = [("eval" if i in eval_set else "train", rows[i]["id"]) for i in range(len(rows))]
    elapsed = time.perf_counter() - t0
    assert len(split) == limit
    return {
        "strategy": "random" if export_all else "latest",
        "exported_rows": len(rows) if not export_all else None,
        "bytes": nbytes,
        "seconds": round(elapsed, 3),
        "note": "GET /api/traces/export.jsonl"
        + (" (all rows), sample on the client" if export_all else f"?limit={limit}")
        + ", split on the client; not persisted, so it does less than /build",
    }


# --------------------------------------------------------------------------- one backend


def run_backend(
    backend: str, cfg: dict[str, Any], workdir: Path, profile_dir: Path | None
) -> dict[str, Any]:
    n = cfg["traces"]
    res: dict[str, Any] = {}
    log(f"{backend}: generating traces")
    set_main = make_traces(n, "main", seed=1, tags_per_trace=cfg["tags_per_trace"])
    set_single = make_traces(cfg["singles"], "single", seed=2, tags_per_trace=cfg["tags_per_trace"])
    set_jsonl = make_traces(cfg["jsonl"], "jsonl", seed=3, tags_per_trace=cfg["tags_per_trace"])
    set_multi = make_traces(cfg["multipart"], "multi", seed=4, tags_per_trace=cfg["tags_per_trace"])

    # Database 1: peer singles, batches of 1,000, then the reads and the uploads on top.
    with serving(backend, workdir, f"{backend[:2]}1") as (db, server, client):
        meter = CpuMeter(server, backend)
        log(f"{backend}: peer, {len(set_single)} single POST /api/traces")
        with profiled(server, profile_dir, f"{backend}-single"):
            res["peer_single"] = post_singles(client, meter, set_single, extrapolate_to=n)
        res["peer_single"]["rows_before"] = 0
        log(f"  {res['peer_single']['traces_per_s']:,.0f} traces/s")

        log(f"{backend}: batch ingest, {n} traces x {cfg['small_batch']}/request")
        with profiled(server, profile_dir, f"{backend}-batch{cfg['small_batch']}"):
            res["batch_small"] = post_batches(client, meter, set_main, cfg["small_batch"])
        res["batch_small"]["rows_before"] = len(set_single)
        log(f"  {res['batch_small']['traces_per_s']:,.0f} traces/s")
        rows = len(set_single) + n

        log(f"{backend}: paging at depth ~{int(rows * 0.9)}-{int(rows * 0.99)} of {rows} rows")
        with profiled(server, profile_dir, f"{backend}-paging"):
            res["paging"] = paging(client, meter, rows, cfg["page_requests"], seed=5)
        pg = res["paging"]
        log(
            f"  page1 p50 {pg['page1']['p50_ms']} ms, offset p50 {pg['offset_deep']['p50_ms']} ms, "
            f"cursor p50 {pg['cursor_deep']['p50_ms']} ms"
        )

        log(f"{backend}: dataset builds, {cfg['dataset_limit']} traces")
        with profiled(server, profile_dir, f"{backend}-build"):
            res["dataset_build"] = dataset_builds(
                client, meter, cfg["dataset_limit"], cfg["build_reps"], rows
            )
        res["peer_dataset_build"] = {
            "latest": client_side_build(client, cfg["dataset_limit"], seed=7, export_all=False),
            "random": client_side_build(client, cfg["dataset_limit"], seed=7, export_all=True),
        }
        log(
            f"  latest {res['dataset_build']['latest']['median_s']} s, random "
            f"{res['dataset_build']['random']['median_s']} s"
        )

        log(f"{backend}: JSONL upload, {len(set_jsonl)} traces, raw NDJSON")
        with profiled(server, profile_dir, f"{backend}-jsonl"):
            res["jsonl_raw"] = upload(client, meter, set_jsonl, "raw")
        res["jsonl_raw"]["rows_before"] = rows
        rows += len(set_jsonl)
        log(
            f"  {res['jsonl_raw']['traces_per_s']:,.0f} traces/s, "
            f"{res['jsonl_raw']['mb_per_s']} MB/s"
        )
        if set_multi:
            log(f"{backend}: JSONL upload, {len(set_multi)} traces, multipart")
            res["jsonl_multipart"] = upload(client, meter, set_multi, "multipart")
            res["jsonl_multipart"]["rows_before"] = rows
            rows += len(set_multi)
            log(f"  {res['jsonl_multipart']['traces_per_s']:,.0f} traces/s")
        res["db_bytes_after_db1"] = db.size_bytes()
        res["rows_after_db1"] = rows

    # Database 2: the same main traces, batches of 10,000, into an empty table.
    with serving(backend, workdir, f"{backend[:2]}2") as (db, server, client):
        meter = CpuMeter(server, backend)
        log(f"{backend}: batch ingest, {n} traces x {cfg['big_batch']}/request (fresh database)")
        with profiled(server, profile_dir, f"{backend}-batch{cfg['big_batch']}"):
            res["batch_big"] = post_batches(client, meter, set_main, cfg["big_batch"])
        res["batch_big"]["rows_before"] = 0
        log(f"  {res['batch_big']['traces_per_s']:,.0f} traces/s")
        res["db_bytes_per_trace"] = round(db.size_bytes() / n, 1)

    # Database 3: the same main traces, batches of 1,000, two requests in flight, so the
    # server validates one batch while the database writes the other.
    with serving(backend, workdir, f"{backend[:2]}3") as (db, server, client):
        meter = CpuMeter(server, backend)
        log(f"{backend}: batch ingest, {n} traces x {cfg['small_batch']}/request, 2 in flight")
        res["batch_parallel"] = post_batches(client, meter, set_main, cfg["small_batch"], 2)
        res["batch_parallel"]["rows_before"] = 0
        log(f"  {res['batch_parallel']['traces_per_s']:,.0f} traces/s")
    return res


# --------------------------------------------------------------------------- report


def machine_info() -> dict[str, Any]:
    info = shared_machine_info(
        (
            "fastapi",
            "starlette",
            "uvicorn",
            "pydantic",
            "sqlalchemy",
            "asyncpg",
            "aiosqlite",
            "orjson",
            "httpx",
            "uvloop",
            "httptools",
        )
    )
    info["sqlite"] = sqlite3.sqlite_version
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        info["postgres"] = psql("SHOW server_version")
        info["postgres_settings"] = {
            k: psql(f"SHOW {k}")
            for k in ("synchronous_commit", "fsync", "shared_buffers", "wal_level")
        }
    return info


def fmt_rate(x: float) -> str:
    return f"{x:,.0f}"


def render_md(report: dict[str, Any]) -> str:
    cfg = report["config"]
    backends = [b for b in ("postgres", "sqlite") if b in report["results"]]
    R = report["results"]
    n = cfg["traces"]
    lines: list[str] = []
    m = report["machine"]
    lines.append(f"# tunix-rt ingest benchmark{' (--quick)' if cfg['quick'] else ''}")
    lines.append("")
    lines.append(
        f"{report['timestamp']} · {m['cpu_count']} CPU ({m.get('cpu_model') or '?'}) · "
        f"Python {m['python']} · Postgres {m.get('postgres', '?')} · SQLite {m['sqlite']} · "
        f"git {str(m.get('git_commit'))[:10]}{' (dirty)' if m.get('git_dirty') else ''}"
    )
    lines.append("")
    lines.append(
        "One uvicorn process, client on the same host over loopback, one request in flight. "
        "**ours** = the path tunix-rt offers for the job; **peer** = the obvious alternative, "
        "measured in the same run; **ref** = quoted, not measured."
    )
    lines.append("")
    names = {"postgres": "Postgres", "sqlite": "SQLite"}
    head = "| Work | Method | " + " | ".join(names[b] for b in backends) + " |"
    lines += [head, "|" + "---|" * (2 + len(backends))]

    def row(work: str, method: str, cell) -> None:  # type: ignore[no-untyped-def]
        cells = []
        for b in backends:
            try:
                cells.append(cell(R[b]))
            except (KeyError, TypeError):
                cells.append("–")
        lines.append(f"| {work} | {method} | " + " | ".join(cells) + " |")

    def batch_cell(key: str):  # type: ignore[no-untyped-def]
        def f(r: dict[str, Any]) -> str:
            x = r[key]
            speed = x["traces_per_s"] / r["peer_single"]["traces_per_s"]
            return (
                f"**{fmt_rate(x['traces_per_s'])} traces/s** ({x['seconds']:.1f} s; "
                f"p50 {x['request_latency']['p50_ms']:.0f} ms/req; {speed:.0f}× peer)"
            )

        return f

    ingest = f"Ingest {n:,} traces"
    row(
        ingest,
        f"ours: POST /api/traces/batch, {cfg['small_batch']:,}/request",
        batch_cell("batch_small"),
    )
    row(
        ingest,
        f"ours: POST /api/traces/batch, {min(cfg['big_batch'], n):,}/request",
        batch_cell("batch_big"),
    )
    row(
        ingest,
        f"ours: POST /api/traces/batch, {cfg['small_batch']:,}/request, 2 requests in flight",
        batch_cell("batch_parallel"),
    )
    row(
        ingest,
        f"peer: POST /api/traces one by one ({cfg['singles']:,} sampled, time extrapolated)",
        lambda r: (
            f"{fmt_rate(r['peer_single']['traces_per_s'])} traces/s "
            f"(~{r['peer_single']['extrapolated_seconds']:.0f} s for {n:,}; "
            f"p50 {r['peer_single']['request_latency']['p50_ms']:.1f} ms/req)"
        ),
    )
    row(
        ingest,
        "ref: earlier service (quoted)",
        lambda r: (
            f"~{EARLIER_SERVICE_TRACES_PER_S} traces/s (~{n / EARLIER_SERVICE_TRACES_PER_S:.0f} s)"
        ),
    )

    def upload_cell(key: str):  # type: ignore[no-untyped-def]
        def f(r: dict[str, Any]) -> str:
            x = r[key]
            return (
                f"**{fmt_rate(x['traces_per_s'])} traces/s**, {x['mb_per_s']:.1f} MB/s "
                f"({x['seconds']:.1f} s, {x['bytes'] / 1e6:.1f} MB)"
            )

        return f

    row(
        f"Upload {cfg['jsonl']:,} traces as JSONL",
        "ours: POST /api/traces/import, raw NDJSON body",
        upload_cell("jsonl_raw"),
    )
    if cfg["multipart"]:
        row(
            f"Upload {cfg['multipart']:,} traces as JSONL",
            "ours: same, multipart `file`",
            upload_cell("jsonl_multipart"),
        )
    row(
        "Upload JSONL",
        "peer: POST /api/traces one by one",
        lambda r: f"{fmt_rate(r['peer_single']['traces_per_s'])} traces/s",
    )

    def lat(key: str):  # type: ignore[no-untyped-def]
        def f(r: dict[str, Any]) -> str:
            x = r["paging"][key]
            return f"p50 **{x['p50_ms']:.1f} ms**, p99 {x['p99_ms']:.1f} ms"

        return f

    rows = R[backends[0]]["paging"]["table_rows"] if backends else 0
    band = f"{int(rows * 0.9):,}–{int(rows * 0.99):,}"
    work = f"List 100 traces, {cfg['page_requests']} req"
    row(work, "page 1 (reference)", lat("page1"))
    row(f"{work}, rows {band} of {rows:,}", "ours: ?cursor= (keyset)", lat("cursor_deep"))
    row(f"{work}, rows {band} of {rows:,}", "peer: ?offset=", lat("offset_deep"))
    row(
        "Walk pages to that depth",
        "ours: follow next_cursor from page 1",
        lambda r: (
            f"{r['paging']['cursor_walk']['pages']} pages in "
            f"{r['paging']['cursor_walk']['seconds']:.1f} s"
        ),
    )

    dl = cfg["dataset_limit"]
    for strategy in ("latest", "random"):
        work = f"Build dataset, {dl:,} traces, {strategy}, eval 0.1"
        row(
            work,
            f"ours: POST /api/datasets/build (stored, median of {cfg['build_reps']})",
            lambda r, s=strategy: f"**{r['dataset_build'][s]['median_s']:.2f} s**",
        )
        row(
            work,
            "peer: export.jsonl "
            + ("all rows, sample" if strategy == "random" else f"?limit={dl:,}")
            + " + split on the client (not stored)",
            lambda r, s=strategy: (
                f"{r['peer_dataset_build'][s]['seconds']:.2f} s "
                f"({r['peer_dataset_build'][s]['bytes'] / 1e6:.0f} MB moved)"
            ),
        )

    def cpu_cell(key: str):  # type: ignore[no-untyped-def]
        def f(r: dict[str, Any]) -> str:
            c = r[key]["cpu"]
            db = (
                f", Postgres {c['db_cpu_us_per_item']:.0f} µs"
                if c.get("db_cpu_us_per_item")
                else ""
            )
            return (
                f"server {c['server_cpu_us_per_item']:.0f} µs{db}; "
                f"server busy {c['server_busy']:.0%} "
                f"→ ≤{fmt_rate(c['server_cpu_bound_items_per_s'])} traces/s per server core"
            )

        return f

    row("CPU per trace", f"ours: batch {cfg['small_batch']:,}/request", cpu_cell("batch_small"))
    row("CPU per trace", f"ours: batch {min(cfg['big_batch'], n):,}/request", cpu_cell("batch_big"))
    row("CPU per trace", "ours: JSONL raw upload", cpu_cell("jsonl_raw"))
    row("CPU per trace", "peer: one by one", cpu_cell("peer_single"))
    row(
        "Database size",
        "bytes per stored trace (db 2)",
        lambda r: f"{r['db_bytes_per_trace']:,.0f} B",
    )
    lines.append("")
    lines.append(
        f"Traces: prompt ~80 chars, 4–9 steps of ~60 chars, meta with source, "
        f"{cfg['tags_per_trace']} tag(s) and one number; all unique (no duplicates). "
        "Batch rows use a fresh, empty database each; the JSONL uploads land on top of the "
        f"batch-of-{cfg['small_batch']:,} database (rows_before in the JSON). Ingest times run "
        "from the first request to the last response, bodies serialized beforehand. CPU per "
        "trace comes from /proc (server process; all postgres processes), so it holds even when "
        "other work shares the machine; 'server busy' is server CPU / wall time, and the "
        "≤ figure is 1 / (server CPU per trace). 1-minute load average before and after each "
        "phase is in the JSON."
    )
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--traces",
        type=int,
        default=None,
        help="main ingest size (default 100,000; 5,000 with --quick)",
    )
    ap.add_argument("--quick", action="store_true", help="small smoke run")
    ap.add_argument("--backend", choices=["postgres", "sqlite", "both"], default="both")
    ap.add_argument("--tags-per-trace", type=int, default=1, choices=[0, 1, 2, 3])
    ap.add_argument(
        "--profile", action="store_true", help="py-spy the server (writes bench/results/profiles/)"
    )
    ap.add_argument("--out", type=Path, default=RESULTS, help="results folder")
    ap.add_argument(
        "--render", type=Path, metavar="JSON", help="only re-render the Markdown of a results JSON"
    )
    args = ap.parse_args()
    if args.render:
        md = render_md(json.loads(args.render.read_text()))
        args.render.with_suffix(".md").write_text(md)
        print(md)
        return

    n = args.traces or (5_000 if args.quick else 100_000)
    cfg = {
        "quick": args.quick,
        "traces": n,
        "small_batch": 1_000 if not args.quick else 500,
        "big_batch": 10_000,
        "singles": min(2_000, max(100, n // 50)),
        "jsonl": n // 2,
        "multipart": n // 4,
        "page_requests": 200 if not args.quick else 50,
        "dataset_limit": min(10_000, n // 10),
        "build_reps": 3 if not args.quick else 1,
        "tags_per_trace": args.tags_per_trace,
    }
    backends = ["postgres", "sqlite"] if args.backend == "both" else [args.backend]
    profile_dir = args.out / "profiles" if args.profile else None
    report: dict[str, Any] = {
        "benchmark": "bench/ingest.py",
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "config": cfg,
        "reference": {
            "earlier_service_traces_per_s": EARLIER_SERVICE_TRACES_PER_S,
            "note": "quoted figure for the earlier service, not measured here",
        },
        "results": {},
    }
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tunix-bench-") as tmp:
        for backend in backends:
            t = time.perf_counter()
            report["results"][backend] = run_backend(backend, cfg, Path(tmp), profile_dir)
            report["results"][backend]["wall_s"] = round(time.perf_counter() - t, 1)
    report["wall_s"] = round(time.perf_counter() - started, 1)

    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "-quick" if args.quick else ""
    (args.out / f"ingest{suffix}.json").write_text(json.dumps(report, indent=2) + "\n")
    md = render_md(report)
    (args.out / f"ingest{suffix}.md").write_text(md)
    print(md)
    log(f"done in {report['wall_s']} s; wrote {args.out}/ingest{suffix}.json and .md")


if __name__ == "__main__":
    main()
