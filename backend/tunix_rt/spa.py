"""The built dashboard: static files, with client-side routes answered by index.html."""

from pathlib import Path

from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, Response
from starlette.types import Scope

# Paths the dashboard never owns: an unknown API route must stay a JSON 404.
SERVER_PREFIXES = ("api/", "metrics", "docs", "redoc", "openapi.json")


class SinglePageApp(StaticFiles):
    """A deep link such as /runs/abc is a route of the SPA, not a file: serve index.html."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory, html=True)
        self.index = directory / "index.html"

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            response = await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or not self._is_client_route(path):
                raise
            return self._index()
        if response.status_code == 404 and self._is_client_route(path):
            return self._index()
        if path in ("", ".", "index.html"):
            # The shell names hashed bundles; it must never be cached past a deploy.
            response.headers["Cache-Control"] = "no-cache"
        elif path.startswith("assets/"):
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response

    def _index(self) -> Response:
        return FileResponse(self.index, headers={"Cache-Control": "no-cache"})

    @staticmethod
    def _is_client_route(path: str) -> bool:
        """Client routes have no file extension and are not the server's own paths."""
        path = path.lstrip("/")
        if path.startswith(SERVER_PREFIXES):
            return False
        last = path.rsplit("/", 1)[-1]
        return "." not in last
