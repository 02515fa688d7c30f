"""Imports every domain's tables so that Alembic and tests see one complete metadata."""

from tunix_rt.datasets import models as _datasets  # noqa: F401
from tunix_rt.db import Base
from tunix_rt.evaluations import models as _evaluations  # noqa: F401
from tunix_rt.generations import models as _generations  # noqa: F401
from tunix_rt.jobs import models as _jobs  # noqa: F401
from tunix_rt.registry import models as _registry  # noqa: F401
from tunix_rt.regression import models as _regression  # noqa: F401
from tunix_rt.traces import models as _traces  # noqa: F401
from tunix_rt.tuning import models as _tuning  # noqa: F401

metadata = Base.metadata
