"""A succeeded training run with a small fake HF export, and registry shortcuts over HTTP."""

import hashlib
import json
import struct
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import update

from tests.tunix_runs.helpers import create_run, dataset
from tunix_rt.db import utcnow
from tunix_rt.jobs.models import JobRow

RESULT = {
    "kind": "train",
    "status": "completed",
    "step": 24,
    "metrics": {"loss": 0.5, "eval_loss": 0.6},
    "model_dir": "export",
    "config": {"model": "tiny", "learning_rate": 0.003, "max_steps": 24},
    "model": {"source": "tiny", "family": "qwen3", "parameters": 1234},
    "versions": {"jax": "0.6.0", "tunix-rt-training": "0.1.0"},
}


def safetensors_bytes(values: list[float]) -> bytes:
    """A valid one-tensor safetensors file (8-byte header length, JSON header, float32 data)."""
    data = struct.pack(f"<{len(values)}f", *values)
    header = json.dumps(
        {"w": {"dtype": "F32", "shape": [len(values)], "data_offsets": [0, len(data)]}}
    ).encode()
    header += b" " * (-len(header) % 8)
    return struct.pack("<Q", len(header)) + header + data


def write_export(export: Path, seed: int = 0) -> dict[str, str]:
    """config.json, model.safetensors, tokenizer.json and tunix_rt.json; path -> sha256."""
    export.mkdir(parents=True, exist_ok=True)
    files = {
        "config.json": json.dumps({"architectures": ["Qwen3ForCausalLM"], "seed": seed}).encode(),
        "model.safetensors": safetensors_bytes([float(seed + i) for i in range(64)]),
        "tokenizer.json": json.dumps({"version": "1.0", "model": {"type": "BPE"}}).encode(),
        "tunix_rt.json": json.dumps({"template": "chatml", "step": 24}).encode(),
    }
    for name, content in files.items():
        (export / name).write_bytes(content)
    return {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}


async def succeeded_run(client: httpx.AsyncClient, sessions: Any, app: Any, seed: int = 0) -> str:
    """A training run marked succeeded, with a result and an export under runs_dir/<id>/export."""
    if (await client.get("/api/datasets/ds-v1")).status_code == 404:
        await dataset(client)
    run = await create_run(client)
    write_export(app.state.settings.runs_dir / run["run_id"] / "export", seed)
    async with sessions() as s:
        await s.execute(
            update(JobRow)
            .where(JobRow.id == run["run_id"])
            .values(status="succeeded", result=RESULT, finished_at=utcnow())
        )
        await s.commit()
    return str(run["run_id"])


async def create_model(client: httpx.AsyncClient, name: str = "arith", **body: Any) -> dict:
    r = await client.post("/api/models", json={"name": name, **body})
    assert r.status_code == 201, r.text
    return r.json()


async def promote(client: httpx.AsyncClient, name: str, run_id: str, **body: Any) -> dict:
    r = await client.post(f"/api/models/{name}/versions", json={"run_id": run_id, **body})
    assert r.status_code == 201, r.text
    return r.json()


async def move(client: httpx.AsyncClient, name: str, alias: str, **body: Any) -> httpx.Response:
    return await client.put(f"/api/models/{name}/aliases/{alias}", json=body)


def blobs(app: Any) -> tuple[int, int]:
    """(number of blob files, their bytes) in the registry's content store."""
    root = app.state.settings.registry_dir / "blobs"
    found = [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
    return len(found), sum(p.stat().st_size for p in found)
