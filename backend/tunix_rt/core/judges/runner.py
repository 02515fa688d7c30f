"""Apply judges to items; model judges read replies someone else got from their model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tunix_rt.core.judges.base import Judge, JudgeItem, ModelJudge, Verdict


def judge_prompts(judge: ModelJudge, items: Sequence[JudgeItem]) -> list[str]:
    """The prompts to send to `judge`'s model, one per item, in order."""
    return [judge.prompt(item) for item in items]


def judge_all(
    judges: Sequence[Judge | ModelJudge],
    items: Sequence[JudgeItem],
    model_replies: Mapping[str, Sequence[str | Exception]] | None = None,
) -> list[dict[str, Verdict]]:
    """Per item, {judge name: verdict}. A model judge's replies come from `model_replies`
    (keyed by judge name, one per item); an Exception there is an unparseable verdict."""
    names = [judge.name for judge in judges]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"each judge may appear once; repeated: {', '.join(duplicates)}")
    replies = model_replies or {}
    for judge in judges:
        if isinstance(judge, ModelJudge):
            got = replies.get(judge.name)
            if got is None:
                raise ValueError(f"no model replies given for judge {judge.name!r}")
            if len(got) != len(items):
                raise ValueError(
                    f"judge {judge.name!r}: {len(got)} model replies for {len(items)} items"
                )
    results: list[dict[str, Verdict]] = [{} for _ in items]
    for judge in judges:
        if isinstance(judge, ModelJudge):
            for verdicts, reply in zip(results, replies[judge.name], strict=True):
                verdicts[judge.name] = _from_reply(judge, reply)
        else:
            for verdicts, item in zip(results, items, strict=True):
                verdicts[judge.name] = judge.score(item)
    return results


def _from_reply(judge: ModelJudge, reply: str | Exception) -> Verdict:
    if isinstance(reply, Exception):
        return Verdict.unparseable(
            "the judge model call failed", error=f"{type(reply).__name__}: {reply}"
        )
    return judge.parse(reply)
