"""model registry: models, versions, aliases and alias history

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tunix_rt.db import BigIntPK, JSONType, UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _model_fk(table: str) -> sa.ForeignKey:
    return sa.ForeignKey(
        "registered_models.id", ondelete="CASCADE", name=f"fk_{table}_model_id_registered_models"
    )


def upgrade() -> None:
    op.create_table(
        "registered_models",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("tags", JSONType, nullable=False),
        sa.Column("last_version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("name", name="uq_registered_models_name"),
    )

    op.create_table(
        "model_versions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("model_id", sa.String(36), _model_fk("model_versions"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(200), nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("files", JSONType, nullable=False),
        sa.Column("source_run_id", sa.String(36), nullable=True),
        sa.Column("lineage", JSONType, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("model_id", "version", name="uq_model_versions_model_id_version"),
    )
    op.create_index("ix_model_versions_content_hash", "model_versions", ["content_hash"])
    op.create_index("ix_model_versions_source_run_id", "model_versions", ["source_run_id"])

    op.create_table(
        "model_aliases",
        sa.Column(
            "model_id", sa.String(36), _model_fk("model_aliases"), primary_key=True, nullable=False
        ),
        sa.Column("alias", sa.String(64), primary_key=True, nullable=False),
        sa.Column(
            "version_id",
            sa.String(36),
            sa.ForeignKey(
                "model_versions.id",
                ondelete="RESTRICT",
                name="fk_model_aliases_version_id_model_versions",
            ),
            nullable=False,
        ),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_model_aliases_version_id", "model_aliases", ["version_id"])

    op.create_table(
        "model_alias_events",
        sa.Column("id", BigIntPK, primary_key=True, autoincrement=True),
        sa.Column("model_id", sa.String(36), _model_fk("model_alias_events"), nullable=False),
        sa.Column("alias", sa.String(64), nullable=False),
        sa.Column("from_version", sa.Integer(), nullable=True),
        sa.Column("to_version", sa.Integer(), nullable=True),
        sa.Column("forced", sa.Boolean(), nullable=False),
        sa.Column("check_result", JSONType, nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_model_alias_events_model_id", "model_alias_events", ["model_id"])


def downgrade() -> None:
    op.drop_table("model_alias_events")
    op.drop_table("model_aliases")
    op.drop_table("model_versions")
    op.drop_table("registered_models")
