from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def fresh_home(own_home: Path) -> Path:
    """Every test here gets its own artifacts root (tests/conftest.py `own_home`)."""
    return own_home
