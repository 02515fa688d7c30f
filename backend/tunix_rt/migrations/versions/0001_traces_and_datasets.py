"""traces, tags, scores, datasets and dataset items

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tunix_rt.db import BigIntPK, JSONType, UTCDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "traces",
        sa.Column("seq", BigIntPK, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("trace_version", sa.String(64), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("final_answer", sa.Text(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("meta", JSONType, nullable=False),
        sa.Column("source", sa.String(128), nullable=True),
        sa.Column("step_count", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("id", name="uq_traces_id"),
        sa.UniqueConstraint("content_hash", name="uq_traces_content_hash"),
    )
    op.create_index("ix_traces_created_at", "traces", ["created_at"])
    op.create_index("ix_traces_source", "traces", ["source"])

    op.create_table(
        "trace_tags",
        sa.Column("tag", sa.String(128), primary_key=True),
        sa.Column(
            "trace_seq",
            BigIntPK,
            sa.ForeignKey("traces.seq", ondelete="CASCADE", name="fk_trace_tags_trace_seq_traces"),
            primary_key=True,
        ),
    )

    op.create_table(
        "trace_scores",
        sa.Column("id", BigIntPK, primary_key=True, autoincrement=True),
        sa.Column(
            "trace_seq",
            BigIntPK,
            sa.ForeignKey(
                "traces.seq", ondelete="CASCADE", name="fk_trace_scores_trace_seq_traces"
            ),
            nullable=False,
        ),
        sa.Column("criteria", sa.String(64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("details", JSONType, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_trace_scores_trace_criteria", "trace_scores", ["trace_seq", "criteria"])

    op.create_table(
        "datasets",
        sa.Column("id", BigIntPK, primary_key=True, autoincrement=True),
        sa.Column("dataset_key", sa.String(200), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("build_id", sa.String(36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("selection_strategy", sa.String(32), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=True),
        sa.Column("build_spec", JSONType, nullable=False),
        sa.Column("trace_count", sa.Integer(), nullable=False),
        sa.Column("stats", JSONType, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("dataset_key", name="uq_datasets_dataset_key"),
        sa.UniqueConstraint("build_id", name="uq_datasets_build_id"),
    )
    op.create_index("ix_datasets_name", "datasets", ["name"])

    op.create_table(
        "dataset_items",
        sa.Column(
            "dataset_id",
            BigIntPK,
            sa.ForeignKey(
                "datasets.id", ondelete="CASCADE", name="fk_dataset_items_dataset_id_datasets"
            ),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column(
            "trace_seq",
            BigIntPK,
            sa.ForeignKey(
                "traces.seq", ondelete="RESTRICT", name="fk_dataset_items_trace_seq_traces"
            ),
            nullable=False,
        ),
        sa.Column("split", sa.String(8), nullable=False),
    )
    op.create_index("ix_dataset_items_trace_seq", "dataset_items", ["trace_seq"])


def downgrade() -> None:
    op.drop_table("dataset_items")
    op.drop_table("datasets")
    op.drop_table("trace_scores")
    op.drop_table("trace_tags")
    op.drop_table("traces")
