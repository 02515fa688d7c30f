"""Checking requested judges against the registry before any job is queued.

A judge that needs a model also records which model: a local registry model is pinned to
the version its ref names now (an alias may move later), and an HTTP judge names its
endpoint and model. That record is part of the evaluation's identity (identity.py).
"""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.core import registry_refs as refs
from tunix_rt.core.judges.base import JudgeError
from tunix_rt.core.judges.registry import make_judge
from tunix_rt.errors import ApiError
from tunix_rt.evaluations.schemas import JudgeRequest
from tunix_rt.registry.service import resolve_ref
from tunix_rt.settings import Settings


async def resolve_judges(
    session: AsyncSession, settings: Settings, requested: list[JudgeRequest]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """[{name, version, params (defaults filled), judge_model?}] and local judge models' dirs.

    `judge_model` is set for judges that need a model: `{backend: "local", ref, version_id}`
    (params.model becomes `ref`, the pinned `registry://name@N`) or `{backend: "http",
    base_url, model}` (never the key).
    """
    judges: list[dict[str, Any]] = []
    judge_models: dict[str, str] = {}
    for index, request in enumerate(requested):
        try:
            judge = make_judge(request.name, request.params)
        except JudgeError as exc:
            raise ApiError(422, f"judges[{index}]: {exc}") from exc
        params = dict(judge.params)
        entry: dict[str, Any] = {"name": judge.name, "version": judge.version, "params": params}
        if judge.requires_model:
            if params.get("backend") == "http":
                entry["judge_model"] = _http_judge_model(settings, index, request.name, params)
            else:
                pinned, model_dir = await _pin_local_judge_model(
                    session, settings, index, str(params.get("model") or "")
                )
                params["model"] = pinned["ref"]
                entry["judge_model"] = pinned
                judge_models[request.name] = model_dir
        judges.append(entry)
    return judges, judge_models


def _http_judge_model(
    settings: Settings, index: int, name: str, params: dict[str, Any]
) -> dict[str, Any]:
    if not settings.llm_judge_base_url:
        raise ApiError(
            422,
            f"judges[{index}]: {name} over HTTP needs an endpoint; "
            "set LLM_JUDGE_BASE_URL (docs/judges.md)",
        )
    params["model"] = params.get("model") or settings.llm_judge_model or ""
    if not params["model"]:
        raise ApiError(
            422,
            f"judges[{index}].params.model: name the endpoint's model or set LLM_JUDGE_MODEL",
        )
    # The client strips the trailing slash too, so `.../v1` and `.../v1/` are one endpoint.
    return {
        "backend": "http",
        "base_url": settings.llm_judge_base_url.rstrip("/"),
        "model": params["model"],
    }


async def _pin_local_judge_model(
    session: AsyncSession, settings: Settings, index: int, model: str
) -> tuple[dict[str, Any], str]:
    """({backend, ref: registry://name@N, version_id}, the version's directory)."""
    where = f"judges[{index}].params.model"
    if not refs.is_registry_ref(model):
        raise ApiError(
            422,
            f"{where}: a local judge model must be a registry ref "
            f"(registry://name@version or registry://name#alias), got {model!r}",
        )
    try:
        path, version = await resolve_ref(session, settings, model)
    except ApiError as exc:
        raise ApiError(exc.status_code, f"{where}: {exc.detail}") from exc
    pinned = refs.RegistryRef(refs.parse_ref(model).name, version=version.version)
    return {"backend": "local", "ref": str(pinned), "version_id": version.id}, str(path)
