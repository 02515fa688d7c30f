"""Migration 0008 gives scores written before it the key of their evaluation's judge setup."""

import uuid

import sqlalchemy as sa

from tunix_rt import migrate
from tunix_rt.db import create_engine, sessionmaker_for, utcnow
from tunix_rt.evaluations.judge_setup import judge_key
from tunix_rt.evaluations.models import EvaluationRow
from tunix_rt.jobs.models import JobRow

LOOSE = {"name": "answer_correctness", "version": "1.0.0", "params": {"rel_tol": 0.01}}
LLM = {
    "name": "llm_judge",
    "version": "1.0.0",
    "params": {"scale": 10, "model": "registry://judge@2"},
    "judge_model": {"backend": "local", "ref": "registry://judge@2", "version_id": "v2"},
}
# As 0007 left the table: no judge_key.
SCORES_0007 = sa.table(
    "evaluation_scores",
    *(sa.column(c) for c in ("evaluation_id", "judge", "judge_version", "n", "passed")),
    *(sa.column(c) for c in ("failed", "unparseable", "mean")),
)


async def _evaluation_scored_before_0008(sessions, judges, scored_by) -> str:
    evaluation_id = str(uuid.uuid4())
    async with sessions() as s:
        s.add(JobRow(id=evaluation_id, kind="evaluate", status="succeeded", spec={}))
        await s.flush()
        s.add(
            EvaluationRow(
                id=evaluation_id,
                identity=uuid.uuid4().hex * 2,
                model_ref="m",
                model_name="m",
                dataset_key="arith-v1",
                dataset_hash="h",
                split="eval",
                judges=judges,
                generation={},
                tags=[],
                created_at=utcnow(),
                finished_at=utcnow(),
            )
        )
        await s.flush()
        await s.execute(
            sa.insert(SCORES_0007),
            [
                {"evaluation_id": evaluation_id, "judge": name, "judge_version": "1.0.0", "n": 4}
                | {"passed": 2, "failed": 2, "unparseable": 0, "mean": 0.5}
                for name in scored_by
            ],
        )
        await s.commit()
    return evaluation_id


async def test_upgrading_to_0008_keys_existing_scores_by_their_stored_judge_setup(db_url):
    await migrate.downgrade_async(db_url, "0007")
    engine = create_engine(db_url)
    sessions = sessionmaker_for(engine)
    try:
        two_judges = await _evaluation_scored_before_0008(
            sessions, [LOOSE, LLM], ["answer_correctness", "llm_judge"]
        )
        # A score whose judge the evaluation does not list (hand-written data).
        unlisted = await _evaluation_scored_before_0008(sessions, [], ["exact_match"])
        await migrate.upgrade_async(db_url)

        async with engine.connect() as conn:
            keys = {
                (evaluation_id, judge): key
                for evaluation_id, judge, key in await conn.execute(
                    sa.text(
                        "SELECT evaluation_id, judge, judge_key FROM evaluation_scores "
                        "WHERE evaluation_id IN (:a, :b)"
                    ),
                    {"a": two_judges, "b": unlisted},
                )
            }
        assert keys == {
            (two_judges, "answer_correctness"): judge_key(LOOSE),
            (two_judges, "llm_judge"): judge_key(LLM),
            (unlisted, "exact_match"): judge_key(
                {"name": "exact_match", "version": "1.0.0", "params": {}}
            ),
        }
        assert judge_key(LOOSE) != judge_key({**LOOSE, "params": {"rel_tol": 1e-6}})
        async with sessions() as s:
            for evaluation_id in (two_judges, unlisted):
                await s.delete(await s.get(JobRow, evaluation_id))  # cascades
            await s.commit()
    finally:
        await migrate.upgrade_async(db_url)  # whatever failed, leave the schema at head
        await engine.dispose()
