"""evaluations, their scores and items; regression baselines and checks

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tunix_rt.db import JSONType, UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKey:
    referred = target.split(".")[0]
    return sa.ForeignKey(target, ondelete=ondelete, name=f"fk_{table}_{column}_{referred}")


def upgrade() -> None:
    op.create_table(
        "evaluations",
        sa.Column(
            "id",
            sa.String(36),
            _fk("evaluations", "id", "jobs.id", "CASCADE"),
            primary_key=True,
        ),
        sa.Column("identity", sa.String(64), nullable=False),
        sa.Column("model_ref", sa.String(300), nullable=False),
        sa.Column("model_name", sa.String(300), nullable=False),
        sa.Column("run_id", sa.String(36), nullable=True),
        sa.Column("model_version_id", sa.String(36), nullable=True),
        sa.Column("dataset_key", sa.String(200), nullable=False),
        sa.Column("dataset_hash", sa.String(64), nullable=False),
        sa.Column("split", sa.String(16), nullable=False),
        sa.Column("judges", JSONType, nullable=False),
        sa.Column("generation", JSONType, nullable=False),
        sa.Column("tags", JSONType, nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_evaluations_identity", "evaluations", ["identity"])
    op.create_index("ix_evaluations_run_id", "evaluations", ["run_id"])
    op.create_index("ix_evaluations_model_version_id", "evaluations", ["model_version_id"])
    op.create_index("ix_evaluations_board", "evaluations", ["dataset_key", "split", "model_name"])

    op.create_table(
        "evaluation_scores",
        sa.Column(
            "evaluation_id",
            sa.String(36),
            _fk("evaluation_scores", "evaluation_id", "evaluations.id", "CASCADE"),
            primary_key=True,
        ),
        sa.Column("judge", sa.String(64), primary_key=True),
        sa.Column("judge_version", sa.String(32), nullable=False),
        sa.Column("mean", sa.Float(), nullable=True),
        sa.Column("ci_low", sa.Float(), nullable=True),
        sa.Column("ci_high", sa.Float(), nullable=True),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("unparseable", sa.Integer(), nullable=False),
    )
    op.create_index("ix_evaluation_scores_judge_mean", "evaluation_scores", ["judge", "mean"])

    op.create_table(
        "evaluation_items",
        sa.Column(
            "evaluation_id",
            sa.String(36),
            _fk("evaluation_items", "evaluation_id", "evaluations.id", "CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("trace_id", sa.String(36), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("expected_answer", sa.Text(), nullable=True),
        sa.Column("output", sa.Text(), nullable=False),
        sa.Column("output_tokens", sa.Integer(), nullable=False),
        sa.Column("finish_reason", sa.String(32), nullable=True),
        sa.Column("latency_s", sa.Float(), nullable=False),
    )

    op.create_table(
        "evaluation_item_scores",
        sa.Column("evaluation_id", sa.String(36), primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("judge", sa.String(64), primary_key=True),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("details", JSONType, nullable=False),
        sa.ForeignKeyConstraint(
            ["evaluation_id", "position"],
            ["evaluation_items.evaluation_id", "evaluation_items.position"],
            ondelete="CASCADE",
            name="fk_evaluation_item_scores_evaluation_id_evaluation_items",
        ),
    )
    op.create_index(
        "ix_evaluation_item_scores_outcome",
        "evaluation_item_scores",
        ["evaluation_id", "judge", "outcome"],
    )

    op.create_table(
        "regression_baselines",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "evaluation_id",
            sa.String(36),
            _fk("regression_baselines", "evaluation_id", "evaluations.id", "RESTRICT"),
            nullable=False,
        ),
        sa.Column("judge", sa.String(64), nullable=False),
        sa.Column("metric", sa.String(32), nullable=False),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("tolerance", sa.Float(), nullable=False),
        sa.Column("tolerance_kind", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("name", name="uq_regression_baselines_name"),
    )
    op.create_index(
        "ix_regression_baselines_evaluation_id", "regression_baselines", ["evaluation_id"]
    )

    op.create_table(
        "regression_checks",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "baseline_id",
            sa.String(36),
            _fk("regression_checks", "baseline_id", "regression_baselines.id", "CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "evaluation_id",
            sa.String(36),
            _fk("regression_checks", "evaluation_id", "evaluations.id", "CASCADE"),
            nullable=False,
        ),
        sa.Column("verdict", sa.String(8), nullable=False),
        sa.Column("result", JSONType, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_regression_checks_baseline_id", "regression_checks", ["baseline_id"])
    op.create_index("ix_regression_checks_evaluation_id", "regression_checks", ["evaluation_id"])


def downgrade() -> None:
    op.drop_table("regression_checks")
    op.drop_table("regression_baselines")
    op.drop_table("evaluation_item_scores")
    op.drop_table("evaluation_items")
    op.drop_table("evaluation_scores")
    op.drop_table("evaluations")
