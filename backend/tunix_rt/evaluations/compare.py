"""Two evaluations of the same data, item by item: wins, losses, ties and significance."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.core.stats import mcnemar, paired_bootstrap
from tunix_rt.errors import ApiError
from tunix_rt.evaluations.judge_setup import judge_key, setup_differences, setup_in
from tunix_rt.evaluations.models import EvaluationItemRow, EvaluationItemScoreRow, EvaluationRow
from tunix_rt.evaluations.schemas import CompareRequest, Comparison, McNemar, PairedBootstrap
from tunix_rt.evaluations.service import get_evaluation

SIGNIFICANCE = 0.05


async def _finished(session: AsyncSession, evaluation_id: str, side: str) -> EvaluationRow:
    row, job = await get_evaluation(session, evaluation_id)
    if row.finished_at is None:
        raise ApiError(422, f"{side}: evaluation {evaluation_id} is {job.status}, not finished")
    return row


def _common_judge(a: EvaluationRow, b: EvaluationRow, requested: str | None) -> str:
    names_a = {j["name"] for j in a.judges}
    names_b = {j["name"] for j in b.judges}
    shared = sorted(names_a & names_b)
    if requested is not None:
        if requested not in shared:
            raise ApiError(
                422, f"judge: {requested!r} did not score both evaluations (shared: {shared})"
            )
        return requested
    if len(shared) == 1:
        return str(shared[0])
    if not shared:
        raise ApiError(422, "judge: the two evaluations share no judge")
    raise ApiError(422, f"judge: the evaluations share {', '.join(shared)}; name one")


def _same_setup(a: EvaluationRow, b: EvaluationRow, judge: str) -> str:
    """The judge's key when both evaluations set it up alike; 422 naming what differs."""
    setup_a, setup_b = setup_in(a.judges, judge), setup_in(b.judges, judge)
    assert setup_a is not None and setup_b is not None  # the judge is shared
    differences = setup_differences(setup_a, setup_b)
    if differences:
        raise ApiError(
            422,
            f"judge: {judge} was set up differently in a and b ({'; '.join(differences)}), "
            "so their scores are not on one scale; compare evaluations judged alike",
            mismatches=["judge_setup"],
            differences=differences,
        )
    return judge_key(setup_a)


async def _scores(
    session: AsyncSession, evaluation_id: str, judge: str
) -> dict[str, tuple[str, float | None]]:
    """trace id -> (outcome, score) for one judge."""
    rows = await session.execute(
        select(
            EvaluationItemRow.trace_id, EvaluationItemScoreRow.outcome, EvaluationItemScoreRow.score
        )
        .join(
            EvaluationItemScoreRow,
            (EvaluationItemScoreRow.evaluation_id == EvaluationItemRow.evaluation_id)
            & (EvaluationItemScoreRow.position == EvaluationItemRow.position),
        )
        .where(
            EvaluationItemRow.evaluation_id == evaluation_id, EvaluationItemScoreRow.judge == judge
        )
    )
    return {trace_id: (outcome, score) for trace_id, outcome, score in rows}


async def compare(session: AsyncSession, body: CompareRequest) -> Comparison:
    a = await _finished(session, body.a, "a")
    b = await _finished(session, body.b, "b")
    if (a.dataset_key, a.dataset_hash) != (b.dataset_key, b.dataset_hash):
        raise ApiError(
            422, f"dataset: a is on {a.dataset_key}, b on {b.dataset_key}; compare the same data"
        )
    if a.split != b.split:
        raise ApiError(422, f"split: a is on {a.split}, b on {b.split}; compare the same split")
    judge = _common_judge(a, b, body.judge)
    key = _same_setup(a, b, judge)
    scores_a = await _scores(session, a.id, judge)
    scores_b = await _scores(session, b.id, judge)
    paired_a: list[float] = []
    paired_b: list[float] = []
    pass_only_a = pass_only_b = skipped = 0
    for trace_id, (outcome_a, score_a) in scores_a.items():
        if trace_id not in scores_b:
            continue
        outcome_b, score_b = scores_b[trace_id]
        if score_a is None or score_b is None:
            skipped += 1
            continue
        paired_a.append(score_a)
        paired_b.append(score_b)
        pass_only_a += outcome_a == "pass" and outcome_b != "pass"
        pass_only_b += outcome_b == "pass" and outcome_a != "pass"
    if not paired_a:
        raise ApiError(422, "no item was scored in both evaluations; nothing to compare")
    wins = sum(y > x for x, y in zip(paired_a, paired_b, strict=True))
    losses = sum(y < x for x, y in zip(paired_a, paired_b, strict=True))
    boot = paired_bootstrap(paired_a, paired_b, resamples=body.resamples, seed=body.seed)
    test = mcnemar(pass_only_b, pass_only_a)
    significant = boot["p_value"] < SIGNIFICANCE
    difference = boot["mean_difference"]
    return Comparison(
        a=a.id,
        b=b.id,
        judge=judge,
        judge_key=key,
        dataset_key=a.dataset_key,
        split=a.split,
        paired_items=len(paired_a),
        skipped_unparseable=skipped,
        wins=wins,
        losses=losses,
        ties=len(paired_a) - wins - losses,
        mean_a=sum(paired_a) / len(paired_a),
        mean_b=sum(paired_b) / len(paired_b),
        paired_bootstrap=PairedBootstrap(
            mean_difference=difference,
            ci_low=boot["ci_low"],
            ci_high=boot["ci_high"],
            p_value=boot["p_value"],
        ),
        mcnemar=McNemar(**test),
        significant=significant,
        better="neither" if not significant else ("b" if difference > 0 else "a"),
    )
