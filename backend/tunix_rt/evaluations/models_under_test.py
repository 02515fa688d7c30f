"""Resolving what an evaluation runs: a training run's export or a registry version."""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.errors import ApiError
from tunix_rt.settings import Settings
from tunix_rt.tunix_runs.model_source import model_of_run

REGISTRY_SCHEME = "registry://"


@dataclass(frozen=True)
class ModelUnderTest:
    model_ref: str  # what the user asked for
    model_key: str  # what the bytes are: run:<id> or version:<id>
    model_name: str  # the leaderboard's row label
    model_dir: str
    template: str | None  # None: the export's own metadata decides
    run_id: str | None
    model_version_id: str | None


async def resolve_model(
    session: AsyncSession, settings: Settings, run_id: str | None, model: str | None
) -> ModelUnderTest:
    if run_id is not None:
        model_dir, template = await model_of_run(session, settings, run_id)
        ref = f"run:{run_id}"
        return ModelUnderTest(ref, ref, ref, model_dir, template, run_id, None)
    assert model is not None
    if not model.startswith(REGISTRY_SCHEME):
        raise ApiError(422, f"model {model!r}: expected registry://name@version or name#alias")
    from tunix_rt.registry.service import resolve_ref

    path, version = await resolve_ref(session, settings, model)
    name = model[len(REGISTRY_SCHEME) :].split("@")[0].split("#")[0]
    return ModelUnderTest(
        model_ref=model,
        model_key=f"version:{version.id}",
        model_name=f"{name}@{version.version}",
        model_dir=str(path),
        template=None,
        run_id=version.source_run_id,
        model_version_id=version.id,
    )
