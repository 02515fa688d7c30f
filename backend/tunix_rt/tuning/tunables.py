"""What a search space may tune, described from the training config itself, so the
dashboard and scripts never keep their own copy of the list (GET /api/tuning/tunables)."""

from typing import Any, Literal, cast, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, Field
from pydantic.fields import FieldInfo

from tunix_rt.tuning.space import TUNABLE, TYPES_OF, default_of, field_of


class Tunable(BaseModel):
    name: str = Field(description="dotted for nested keys of the training config: lora.rank")
    takes: Literal["float", "int", "categorical"]
    types: list[str] = Field(description="the search-space entry types it accepts")
    default: Any = Field(description="the training config's default")
    choices: list[Any] | None = Field(description="the values a categorical one takes")
    minimum: float | None = Field(description="lowest value training accepts, if bounded")
    maximum: float | None = Field(description="highest value training accepts, if bounded")
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False


def _bounds(info: FieldInfo) -> dict[str, Any]:
    """The field's ge/gt/le/lt as JSON-schema-like numbers (training's own limits)."""
    bounds: dict[str, Any] = {"minimum": None, "maximum": None}
    for rule in info.metadata:
        if isinstance(rule, Ge):
            bounds.update(minimum=cast(float, rule.ge), exclusive_minimum=False)
        elif isinstance(rule, Gt):
            bounds.update(minimum=cast(float, rule.gt), exclusive_minimum=True)
        elif isinstance(rule, Le):
            bounds.update(maximum=cast(float, rule.le), exclusive_maximum=False)
        elif isinstance(rule, Lt):
            bounds.update(maximum=cast(float, rule.lt), exclusive_maximum=True)
    return bounds


def tunables() -> list[Tunable]:
    described = []
    for name, kind in TUNABLE.items():
        info = field_of(name)
        literal = get_origin(info.annotation) is Literal
        described.append(
            Tunable(
                name=name,
                takes=kind,
                types=list(TYPES_OF[kind]),
                default=default_of(name),
                choices=list(get_args(info.annotation)) if literal else None,
                **_bounds(info),
            )
        )
    return described
