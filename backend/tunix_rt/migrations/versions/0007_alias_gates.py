"""alias gates: a model names the regression baseline each gated alias's moves must pass

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tunix_rt.db import JSONType

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The server default fills existing rows; the model's own default fills new ones.
    op.add_column(
        "registered_models",
        sa.Column("alias_gates", JSONType, nullable=False, server_default=sa.text("'{}'")),
    )


def downgrade() -> None:
    op.drop_column("registered_models", "alias_gates")
