"""Where a model comes from: a preset, a local HF directory, or a succeeded run's export."""

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.errors import ApiError
from tunix_rt.jobs import service as jobs
from tunix_rt.jobs.status import JobKind, JobStatus
from tunix_rt.settings import Settings

PRESETS = ("tiny", "small")


def check_model(model: str) -> None:
    """A preset name, or a readable local Hugging Face checkpoint directory."""
    if model in PRESETS:
        return
    path = Path(model)
    if not path.is_absolute():
        raise ApiError(
            422, f"model {model!r} is neither a preset ({', '.join(PRESETS)}) nor an absolute path"
        )
    if not (path / "config.json").is_file():
        raise ApiError(422, f"model directory {model} has no config.json (a local HF checkpoint)")
    if not any(path.glob("*.safetensors")):
        raise ApiError(422, f"model directory {model} has no *.safetensors files")


EXPORT_DIR = "export"  # where a training run exports its HF-layout model


async def model_of_run(session: AsyncSession, settings: Settings, run_id: str) -> tuple[str, str]:
    """(export directory, chat template) of a succeeded training run."""
    run = await jobs.get_job(session, run_id, JobKind.train)
    if run.status != JobStatus.succeeded or run.spec.get("dry_run"):
        raise ApiError(422, f"run {run_id} is {run.status}; generation needs a succeeded run")
    export = settings.runs_dir.resolve() / run_id / EXPORT_DIR
    if not (export / "config.json").is_file():
        raise ApiError(422, f"run {run_id} has no exported model under {EXPORT_DIR}/")
    return str(export), run.spec["config"].get("template", "chatml")
