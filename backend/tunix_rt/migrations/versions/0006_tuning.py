"""tuning jobs and their trials

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tunix_rt.db import JSONType, UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tuning_jobs",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("dataset_key", sa.String(200), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("dataset_hash", sa.String(64), nullable=False),
        sa.Column("base_model", sa.String(1024), nullable=False),
        sa.Column("spec", JSONType, nullable=False),
        sa.Column("status_note", sa.Text(), nullable=True),
        sa.Column(
            "job_id",
            sa.String(36),
            sa.ForeignKey("jobs.id", ondelete="SET NULL", name="fk_tuning_jobs_job_id_jobs"),
            nullable=True,
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("job_id", name="uq_tuning_jobs_job_id"),
    )
    op.create_index("ix_tuning_jobs_created_at", "tuning_jobs", ["created_at"])

    op.create_table(
        "tuning_trials",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "tuning_job_id",
            sa.String(36),
            sa.ForeignKey(
                "tuning_jobs.id",
                ondelete="CASCADE",
                name="fk_tuning_trials_tuning_job_id_tuning_jobs",
            ),
            nullable=False,
        ),
        sa.Column("trial_key", sa.String(64), nullable=False),
        sa.Column("params", JSONType, nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("run_id", sa.String(36), nullable=True),
        sa.Column("evaluation_id", sa.String(36), nullable=True),
        sa.Column("intermediate", JSONType, nullable=False),
        sa.Column("final_metric", sa.Float(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint(
            "tuning_job_id", "trial_key", name="uq_tuning_trials_tuning_job_id_trial_key"
        ),
    )
    op.create_index("ix_tuning_trials_run_id", "tuning_trials", ["run_id"])


def downgrade() -> None:
    op.drop_table("tuning_trials")
    op.drop_table("tuning_jobs")
