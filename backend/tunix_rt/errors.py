"""One error shape for the whole API: {"detail": ..., "message"?: ...}, always JSON."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error a client can act on; `detail` says what was wrong, where and what is allowed."""

    def __init__(self, status_code: int, detail: Any, **extra: Any) -> None:
        super().__init__(detail if isinstance(detail, str) else repr(detail))
        self.status_code = status_code
        self.detail = detail
        self.extra = extra


def not_found(kind: str, key: object) -> ApiError:
    return ApiError(404, f"{kind} {key!s} not found")


def field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """('body', 'steps', 0, 'content') -> 'steps[0].content' (the request part is dropped)."""
    parts = list(loc)
    if parts and parts[0] in {"body", "query", "path", "header"}:
        parts = parts[1:]
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def clean_errors(errors: list[Any]) -> list[dict[str, Any]]:
    """Pydantic errors without echoed input and unserialisable context."""
    return [
        {"loc": list(e["loc"]), "field": field_path(e["loc"]), "msg": e["msg"], "type": e["type"]}
        for e in errors
    ]


async def _api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return JSONResponse({"detail": exc.detail, **exc.extra}, status_code=exc.status_code)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = clean_errors(list(exc.errors()))
    summary = "; ".join(f"{e['field']}: {e['msg']}" for e in errors[:5])
    return JSONResponse(
        {"detail": errors, "message": f"Request validation failed: {summary}"}, status_code=422
    )


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


async def _unexpected_error(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return JSONResponse({"detail": "Internal server error; see the server log"}, status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
