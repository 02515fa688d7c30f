"""List paging: limit/offset (compatible with older scripts) and keyset cursors."""

import base64
import binascii
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.errors import ApiError

T = TypeVar("T")


class Pagination(BaseModel):
    limit: int
    offset: int
    next_offset: int | None
    # Opaque; pass back as ?cursor= to get the next page at constant cost.
    next_cursor: str | None = None


class Page(BaseModel, Generic[T]):
    data: list[T]
    pagination: Pagination


class PageParams(BaseModel):
    limit: int
    offset: int
    cursor: int | None


def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"s:{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, value = raw.split(":", 1)
        if kind != "s":
            raise ValueError(kind)
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise ApiError(
            400, "cursor is not valid: pass back next_cursor from a previous page unchanged"
        ) from exc


def page_params(
    limit: Annotated[int, Query(ge=1, le=100, description="Page size, 1-100")] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
) -> PageParams:
    if cursor is not None and offset:
        raise ApiError(400, "use either offset or cursor, not both")
    return PageParams(
        limit=limit, offset=offset, cursor=decode_cursor(cursor) if cursor is not None else None
    )


PageDep = Annotated[PageParams, Depends(page_params)]


async def offset_page(
    session: AsyncSession, query: Select[T], page: PageParams
) -> tuple[list[T], Pagination]:
    """One limit/offset page of an ORM query, plus whether another page follows."""
    result = await session.execute(query.offset(page.offset).limit(page.limit + 1))
    rows = list(result.scalars())
    more = len(rows) > page.limit
    return rows[: page.limit], Pagination(
        limit=page.limit, offset=page.offset, next_offset=page.offset + page.limit if more else None
    )
