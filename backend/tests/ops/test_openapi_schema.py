"""The committed OpenAPI schema, from which the frontend generates its API types, is current."""

import difflib

from tunix_rt.openapi_export import DEFAULT_OUT, openapi_schema, render


def test_committed_openapi_schema_matches_the_app():
    committed = DEFAULT_OUT.read_text(encoding="utf-8") if DEFAULT_OUT.is_file() else ""
    current = render(openapi_schema())
    diff = difflib.unified_diff(
        committed.splitlines(), current.splitlines(), "committed", "current", lineterm="", n=1
    )
    excerpt = "\n".join(list(diff)[:60])
    assert committed == current, (
        f"{DEFAULT_OUT} is out of date with the backend's routes and schemas: run "
        f"`make api-types` and commit frontend/openapi.json and frontend/src/api/schema.d.ts.\n"
        f"{excerpt}"
    )
