"""Write the API's OpenAPI schema to a file, from which the frontend generates its types.

Run `python -m tunix_rt.openapi_export [OUT]`; OUT defaults to frontend/openapi.json.
"""

import json
import sys
from pathlib import Path
from typing import Any

from tunix_rt.app import create_app
from tunix_rt.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "frontend" / "openapi.json"


def openapi_schema() -> dict[str, Any]:
    """The schema the app serves at /openapi.json; builds the app without touching a database."""
    # The engine connects lazily and the UI dir does not exist, so nothing is opened or mounted;
    # _env_file=None keeps a developer's .env from reaching the schema.
    settings = Settings(
        _env_file=None,
        database_url="sqlite+aiosqlite:///:memory:",
        tunix_rt_ui_dir=REPO_ROOT / "var" / "no-ui-for-openapi-export",
    )
    app = create_app(settings)
    return app.openapi()


def render(schema: dict[str, Any]) -> str:
    """Pretty, key-sorted JSON with a trailing newline, so regenerating gives stable diffs."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DEFAULT_OUT
    out.write_text(render(openapi_schema()), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
