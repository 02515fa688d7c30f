"""Fast JSON responses for hot endpoints."""

from typing import Any

import orjson
from starlette.responses import Response


def json_response(body: Any, status_code: int = 200) -> Response:
    """A JSON response serialised by orjson, skipping response-model re-validation.

    For hot endpoints whose documented shape (response_model) is built here as plain data.
    """
    # UTC_Z matches how pydantic writes the same timestamps elsewhere in the API.
    content = orjson.dumps(body, option=orjson.OPT_UTC_Z)
    return Response(content, status_code=status_code, media_type="application/json")
