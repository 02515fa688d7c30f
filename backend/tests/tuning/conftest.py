from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def own_home(app: Any, tmp_path: Path) -> Iterator[Path]:
    """A fresh artifacts root per test, so run exports and registry files are this test's."""
    settings = app.state.settings
    previous = settings.tunix_rt_home
    settings.tunix_rt_home = tmp_path / "home"
    yield settings.tunix_rt_home
    settings.tunix_rt_home = previous
