"""judge setups: each judge's aggregate names the setup (version, params, model) it used

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from tunix_rt.db import JSONType
from tunix_rt.evaluations.judge_setup import judge_key, stored_setup

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500

evaluations = sa.table("evaluations", sa.column("id", sa.String), sa.column("judges", JSONType))
scores = sa.table(
    "evaluation_scores",
    sa.column("evaluation_id", sa.String),
    sa.column("judge", sa.String),
    sa.column("judge_version", sa.String),
    sa.column("judge_key", sa.String),
)


def upgrade() -> None:
    op.add_column("evaluation_scores", sa.Column("judge_key", sa.String(16), nullable=True))
    _backfill()
    with op.batch_alter_table("evaluation_scores") as batch:
        batch.alter_column("judge_key", existing_type=sa.String(16), nullable=False)
    op.create_index("ix_evaluation_scores_judge_setup", "evaluation_scores", ["judge", "judge_key"])


def _backfill() -> None:
    """Every existing score gets the key of the setup its evaluation stored for its judge.

    Done in Python, with the application's own `judge_key`, so the keys are exactly those
    new scores get (and JSON is read the same way on SQLite and Postgres).
    """
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            scores.c.evaluation_id, scores.c.judge, scores.c.judge_version, evaluations.c.judges
        ).join(evaluations, evaluations.c.id == scores.c.evaluation_id)
    ).all()
    update = (
        sa.update(scores)
        .where(
            scores.c.evaluation_id == sa.bindparam("b_evaluation_id"),
            scores.c.judge == sa.bindparam("b_judge"),
        )
        .values(judge_key=sa.bindparam("b_judge_key"))
    )
    keys: list[dict[str, Any]] = [
        {
            "b_evaluation_id": evaluation_id,
            "b_judge": judge,
            "b_judge_key": judge_key(stored_setup(judges, judge, version)),
        }
        for evaluation_id, judge, version, judges in rows
    ]
    for start in range(0, len(keys), BATCH):
        bind.execute(update, keys[start : start + BATCH])


def downgrade() -> None:
    op.drop_index("ix_evaluation_scores_judge_setup", table_name="evaluation_scores")
    with op.batch_alter_table("evaluation_scores") as batch:
        batch.drop_column("judge_key")
