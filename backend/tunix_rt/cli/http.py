"""A small client for the tunix-rt API that turns failures into readable messages and exit codes.

Exit codes: 1 when the server answered with an error, 2 when it could not be reached.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn

import httpx
import typer

from tunix_rt.cli.output import err

DEFAULT_URL = "http://127.0.0.1:8000"
EXIT_HTTP_ERROR = 1
EXIT_UNREACHABLE = 2
MAX_LISTED_ERRORS = 20
TIMEOUT = httpx.Timeout(60.0, connect=5.0)
# Imports and exports last as long as the data takes; only connecting is bounded.
STREAM_TIMEOUT = httpx.Timeout(None, connect=5.0)

UrlOption = Annotated[
    str,
    typer.Option(
        "--url",
        envvar="TUNIX_RT_URL",
        show_envvar=True,
        help="Base URL of the tunix-rt server.",
    ),
]


class Api:
    """One base URL; every method exits the CLI with a message instead of raising."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self._client = httpx.Client(base_url=self.url, timeout=TIMEOUT)

    def __enter__(self) -> "Api":
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    def request(
        self, method: str, path: str, *, check: bool = True, **kwargs: Any
    ) -> httpx.Response:
        """Send one request; with check, an error status prints the server's detail and exits 1."""
        with self._transport_errors():
            response = self._client.request(method, path, **kwargs)
        if check and response.is_error:
            fail(response)
        return response

    def get_json(self, path: str, params: Any = None) -> Any:
        return self.request("GET", path, params=params).json()

    def post_json(self, path: str, body: Any) -> Any:
        return self.request("POST", path, json=body).json()

    @contextmanager
    def stream(self, path: str, params: Any = None) -> Iterator[httpx.Response]:
        """GET a streamed body; an error status is reported before any byte reaches the caller."""
        with (
            self._transport_errors(),
            self._client.stream("GET", path, params=params, timeout=STREAM_TIMEOUT) as response,
        ):
            if response.is_error:
                response.read()
                fail(response)
            yield response

    @contextmanager
    def _transport_errors(self) -> Iterator[None]:
        try:
            yield
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            err.print(
                f"cannot reach tunix-rt at {self.url}: {exc} (is `tunix-rt serve` running?)",
                style="red",
            )
            raise typer.Exit(EXIT_UNREACHABLE) from None
        except httpx.TransportError as exc:
            err.print(
                f"request to tunix-rt at {self.url} failed: {type(exc).__name__}: {exc}",
                style="red",
            )
            raise typer.Exit(EXIT_UNREACHABLE) from None


def fail(response: httpx.Response, hint: str | None = None) -> NoReturn:
    """Print the status and the server's detail/message, then exit 1."""
    request = response.request
    err.print(
        f"error: {request.method} {request.url.path} returned HTTP {response.status_code} "
        f"{response.reason_phrase}",
        style="red",
    )
    for line in error_lines(response):
        err.print(f"  {line}")
    if hint:
        err.print(hint)
    raise typer.Exit(EXIT_HTTP_ERROR)


def error_lines(response: httpx.Response) -> list[str]:
    """The `message` and `detail` of an error body as lines; one line per listed problem."""
    try:
        body = response.json()
    except ValueError:
        text = response.text.strip()
        return [text[:500]] if text else []
    if not isinstance(body, dict):
        return [json.dumps(body)[:500]]
    lines: list[str] = []
    message, detail = body.get("message"), body.get("detail")
    if message:
        lines.append(str(message))
    if isinstance(detail, list):
        # Validation messages already summarise the first few problems; do not repeat them.
        problems = [describe_problem(item) for item in detail]
        problems = [p for p in problems if p not in str(message or "")]
        lines.extend(f"- {problem}" for problem in problems[:MAX_LISTED_ERRORS])
        if len(problems) > MAX_LISTED_ERRORS:
            lines.append(f"... and {len(problems) - MAX_LISTED_ERRORS} more")
    elif isinstance(detail, str) and detail != message:
        lines.append(detail)
    elif detail is not None:
        lines.append(json.dumps(detail))
    return lines


def describe_problem(item: Any) -> str:
    """One entry of an error list: a bad import line, batch item or request field."""
    if not isinstance(item, dict):
        return str(item)
    field = item.get("field")
    text = str(item.get("message") or item.get("msg") or json.dumps(item))
    where = f"{field}: " if field else ""
    if item.get("line") is not None:
        return f"line {item['line']}: {where}{text}"
    if item.get("index") is not None:
        return f"item {item['index']}: {where}{text}"
    return f"{where}{text}"
