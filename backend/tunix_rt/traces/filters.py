"""Trace filters shared by list, export and dataset builds; always executed in SQL."""

import re
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Text

from tunix_rt.errors import ApiError
from tunix_rt.traces.models import TraceRow, TraceTagRow

META_KEY = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")


class meta_text(FunctionElement[str]):
    """The text form of meta[key] on both databases (true/false, numbers, strings alike)."""

    type = Text()
    inherit_cache = True


@compiles(meta_text, "postgresql")
def _meta_text_pg(element: meta_text, compiler: SQLCompiler, **kw: Any) -> str:
    column, key = list(element.clauses)
    return f"({compiler.process(column, **kw)} ->> {compiler.process(key, **kw)})"


@compiles(meta_text, "sqlite")
def _meta_text_sqlite(element: meta_text, compiler: SQLCompiler, **kw: Any) -> str:
    column, key = list(element.clauses)
    col, k = compiler.process(column, **kw), compiler.process(key, **kw)
    path = f"'$.\"' || {k} || '\"'"
    return (
        f"(CASE json_type({col}, {path}) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' "
        f"ELSE CAST(json_extract({col}, {path}) AS TEXT) END)"
    )


class TraceFilter(BaseModel):
    """Which traces a list, export or dataset build covers. Empty means all."""

    source: str | None = Field(default=None, description="meta.source equals this")
    tag: str | None = Field(default=None, description="meta.tags contains this")
    meta: dict[str, str] = Field(default_factory=dict, description="meta[key] == value, text")
    q: str | None = Field(default=None, max_length=200, description="Text in prompt or answer")
    created_after: datetime | None = None
    created_before: datetime | None = None

    @field_validator("meta", mode="before")
    @classmethod
    def _stringify(cls, value: Any) -> Any:
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                if not META_KEY.match(str(key)):
                    raise ValueError(f"meta key {key!r} must match {META_KEY.pattern}")
                out[str(key)] = item if isinstance(item, str) else _json_text(item)
            return out
        return value

    def conditions(self) -> list[ColumnElement[bool]]:
        conds: list[ColumnElement[bool]] = []
        if self.source is not None:
            conds.append(TraceRow.source == self.source)
        if self.tag is not None:
            conds.append(
                exists(
                    select(TraceTagRow.trace_seq).where(
                        TraceTagRow.tag == self.tag, TraceTagRow.trace_seq == TraceRow.seq
                    )
                )
            )
        for key, value in self.meta.items():
            conds.append(meta_text(TraceRow.meta, key) == value)
        if self.q:
            pattern = f"%{_escape_like(self.q)}%"
            conds.append(
                or_(
                    TraceRow.prompt.ilike(pattern, escape="\\"),
                    TraceRow.final_answer.ilike(pattern, escape="\\"),
                )
            )
        if self.created_after is not None:
            conds.append(TraceRow.created_at >= self.created_after)
        if self.created_before is not None:
            conds.append(TraceRow.created_at < self.created_before)
        return conds

    def where(self) -> ColumnElement[bool]:
        return and_(True, *self.conditions())


def _json_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def trace_filter_query(
    source: Annotated[str | None, Query(max_length=128)] = None,
    tag: Annotated[str | None, Query(max_length=128)] = None,
    meta: Annotated[
        list[str] | None, Query(description="Repeatable key=value on meta fields, e.g. meta=seed=7")
    ] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text in prompt or answer")] = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
) -> TraceFilter:
    pairs: dict[str, str] = {}
    for item in meta or []:
        key, sep, value = item.partition("=")
        if not sep or not META_KEY.match(key):
            raise ApiError(
                422,
                f"meta filter {item!r} must look like key=value with key matching "
                f"{META_KEY.pattern}",
            )
        pairs[key] = value
    return TraceFilter(
        source=source,
        tag=tag,
        meta=pairs,
        q=q,
        created_after=created_after,
        created_before=created_before,
    )


TraceFilterDep = Annotated[TraceFilter, Depends(trace_filter_query)]
