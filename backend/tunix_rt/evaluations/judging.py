"""Checking requested judges against the registry before any job is queued."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.core.judges.base import JudgeError
from tunix_rt.core.judges.registry import make_judge
from tunix_rt.errors import ApiError
from tunix_rt.evaluations.models_under_test import REGISTRY_SCHEME, resolve_model
from tunix_rt.evaluations.schemas import JudgeRequest
from tunix_rt.settings import Settings


async def resolve_judges(
    session: AsyncSession, settings: Settings, requested: list[JudgeRequest]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """[{name, version, params (defaults filled)}] and, for local model judges, their dirs."""
    judges: list[dict[str, Any]] = []
    judge_models: dict[str, str] = {}
    for index, request in enumerate(requested):
        try:
            judge = make_judge(request.name, request.params)
        except JudgeError as exc:
            raise ApiError(422, f"judges[{index}]: {exc}") from exc
        params = dict(judge.params)
        if judge.requires_model:
            if params.get("backend") == "http":
                if not settings.llm_judge_base_url:
                    raise ApiError(
                        422,
                        f"judges[{index}]: {request.name} over HTTP needs an endpoint; "
                        "set LLM_JUDGE_BASE_URL (docs/judges.md)",
                    )
                params["model"] = params.get("model") or settings.llm_judge_model or ""
                if not params["model"]:
                    raise ApiError(
                        422,
                        f"judges[{index}].params.model: name the endpoint's model "
                        "or set LLM_JUDGE_MODEL",
                    )
            else:
                judge_models[request.name] = await _local_judge_model(
                    session, settings, index, str(params.get("model") or "")
                )
        judges.append({"name": judge.name, "version": judge.version, "params": params})
    return judges, judge_models


async def _local_judge_model(
    session: AsyncSession, settings: Settings, index: int, model: str
) -> str:
    if not model.startswith(REGISTRY_SCHEME):
        raise ApiError(
            422,
            f"judges[{index}].params.model: a local judge model must be a registry ref "
            f"(registry://name@version or registry://name#alias), got {model!r}",
        )
    resolved = await resolve_model(session, settings, None, model)
    return resolved.model_dir
