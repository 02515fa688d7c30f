"""`tunix-rt models create|list|promote|versions|alias|gate|download`: the model registry."""

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import httpx
import typer
from rich.progress import (
    DownloadColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from tunix_rt.cli.http import DEFAULT_URL, Api, UrlOption, fail
from tunix_rt.cli.output import err, out
from tunix_rt.cli.regression import check_lines
from tunix_rt.cli.render import (
    JsonOption,
    NewestLimit,
    more_hint,
    print_fields,
    print_json,
    print_table,
)

app = typer.Typer(
    help="Register models, promote runs into versions, move aliases.", no_args_is_help=True
)

NameArg = Annotated[str, typer.Argument(help="Model name, e.g. arith.")]
FILENAME = re.compile(r'filename="([^"/\\]+)"')


def _model_path(name: str) -> str:
    return f"/api/models/{quote(name, safe='')}"


@app.command("create")
def create(
    name: NameArg,
    description: Annotated[str, typer.Option(help="Free text about the model.")] = "",
    tag: Annotated[list[str] | None, typer.Option(help="Tag the model; repeatable.")] = None,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Create a model that runs can be promoted into."""
    with Api(url) as api:
        model = api.post_json(
            "/api/models", {"name": name, "description": description, "tags": tag or []}
        )
    tags = f" (tags {', '.join(model['tags'])})" if model["tags"] else ""
    out.print(f"created model {model['name']}{tags}")


@app.command("list")
def list_models(
    tag: Annotated[str | None, typer.Option(help="Only models with this tag.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100, help="At most this many, by name.")] = 50,
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Registered models by name, with their versions and aliases."""
    params: dict[str, Any] = {"limit": limit}
    if tag is not None:
        params["tag"] = tag
    with Api(url) as api:
        page = api.get_json("/api/models", params=params)
    if as_json:
        print_json(page["data"])
        return
    if not page["data"]:
        out.print("no models yet; create one with `tunix-rt models create NAME`")
        return
    table = Table("name", "versions", "latest", "aliases", "tags", "description", box=None)
    for m in page["data"]:
        table.add_row(
            m["name"],
            str(m["version_count"]),
            "-" if m["latest_version"] is None else str(m["latest_version"]),
            _aliases(m["aliases"]),
            ", ".join(m["tags"]) or "-",
            m["description"] or "-",
        )
    print_table(table)
    more_hint(page, limit, "models")


def _aliases(aliases: dict[str, int]) -> str:
    return ", ".join(f"{alias}->{version}" for alias, version in sorted(aliases.items())) or "-"


@app.command("promote")
def promote(
    name: NameArg,
    run_id: Annotated[str, typer.Option("--run", help="A succeeded training run.")],
    label: Annotated[str | None, typer.Option(help="Free text, e.g. 'lr 3e-3'.")] = None,
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Copy a succeeded run's exported model into a new version of NAME."""
    body: dict[str, Any] = {"run_id": run_id}
    if label is not None:
        body["label"] = label
    with Api(url) as api:
        version = api.post_json(f"{_model_path(name)}/versions", body)
    if as_json:
        print_json(version)
        return
    out.print(f"promoted run {run_id} to {version['model_name']} version {version['version']}")
    print_fields(
        [
            ("  ref", version["ref"]),
            ("  files", f"{len(version['files'])} ({_size(version['size_bytes'])})"),
            ("  hash", version["content_hash"]),
        ]
    )


@app.command("versions")
def versions(
    name: NameArg,
    limit: NewestLimit = 50,
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """A model's versions, newest first, with their aliases and where they came from."""
    with Api(url) as api:
        page = api.get_json(f"{_model_path(name)}/versions", params={"limit": limit})
    if as_json:
        print_json(page["data"])
        return
    if not page["data"]:
        out.print(f"{name} has no versions yet; add one with `tunix-rt models promote {name}`")
        return
    table = Table("version", "label", "aliases", "size", "source run", "hash", "created", box=None)
    for v in page["data"]:
        table.add_row(
            str(v["version"]),
            v["label"] or "-",
            ", ".join(v["aliases"]) or "-",
            _size(v["size_bytes"]),
            v["source_run_id"] or "-",
            v["content_hash"][:12],
            v["created_at"],
        )
    print_table(table)
    more_hint(page, limit, "versions")


@app.command("alias")
def alias(
    name: NameArg,
    alias_name: Annotated[str, typer.Argument(metavar="ALIAS", help="e.g. production.")],
    version: Annotated[int, typer.Argument(min=1, help="Version number to point at.")],
    require_baseline: Annotated[
        str | None,
        typer.Option(help="Move only if the version passes this regression baseline."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Move even if the check fails (recorded as forced).")
    ] = False,
    reason: Annotated[str | None, typer.Option(help="Why; kept in the alias history.")] = None,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Point ALIAS at a version; a failed --require-baseline check refuses the move (exit 1)."""
    body: dict[str, Any] = {"version": version, "force": force}
    if require_baseline is not None:
        body["require_baseline"] = require_baseline
    if reason is not None:
        body["reason"] = reason
    path = f"{_model_path(name)}/aliases/{quote(alias_name, safe='')}"
    with Api(url) as api:
        response = api.request("PUT", path, json=body, check=False)
    if response.is_error:
        check = _body(response).get("check")
        lines = check_lines(check) if isinstance(check, dict) else []
        fail(response, hint="\n".join(f"  {line}" for line in lines) or None)
    moved = response.json()
    event = moved["event"]
    was = "" if event["from_version"] is None else f" (was {event['from_version']})"
    out.print(f"{name}#{moved['alias']} -> version {moved['version']}{was}")
    if event["check"] is not None:
        for line in check_lines(event["check"]):
            out.print(f"  {line}")
    if event["forced"]:
        out.print("  moved despite the failing check (--force); recorded in the alias history")


@app.command("gate")
def gate(
    name: NameArg,
    alias_name: Annotated[str, typer.Argument(metavar="ALIAS", help="e.g. production.")],
    baseline: Annotated[
        str | None,
        typer.Argument(help="The regression baseline every move of ALIAS must pass."),
    ] = None,
    remove: Annotated[bool, typer.Option("--remove", help="Ungate ALIAS.")] = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Gate ALIAS on a baseline: from now on every move of it is checked, asked or not."""
    if (baseline is None) != remove:
        raise typer.BadParameter("give BASELINE, or --remove", param_hint="BASELINE")
    with Api(url) as api:
        gates = dict(api.get_json(_model_path(name))["alias_gates"])
        if remove and gates.pop(alias_name, None) is None:
            err.print(f"{name}#{alias_name} is not gated; nothing to remove", style="red")
            raise typer.Exit(1)
        if baseline is not None:
            gates[alias_name] = baseline
        api.request("PATCH", _model_path(name), json={"alias_gates": gates})
    if remove:
        out.print(f"{name}#{alias_name} is no longer gated")
    else:
        out.print(f"{name}#{alias_name} is gated: every move must pass baseline {baseline}")


def _body(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


@app.command("download")
def download(
    name: NameArg,
    version: Annotated[str, typer.Argument(help="Version number or alias.")],
    out_file: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Zip file to write (default: NAME-vN.zip here)."),
    ] = None,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Download a version's files as a zip, streamed to disk."""
    path = f"{_model_path(name)}/versions/{quote(version, safe='')}/download"
    with Api(url) as api, api.stream(path) as response:
        found = FILENAME.search(response.headers.get("content-disposition", ""))
        target = out_file or Path(found.group(1) if found else f"{name}-{version}.zip")
        written = _save(response.iter_bytes(), target, f"downloading {name} {version}")
    err.print(f"wrote {target} ({_size(written)})")


def _save(chunks: Iterable[bytes], target: Path, label: str) -> int:
    """Write to `target.part`, renamed into place only once the whole body arrived."""
    partial = target.with_name(target.name + ".part")
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    written = 0
    try:
        with progress, partial.open("wb") as fh:
            task = progress.add_task(label, total=None)
            for chunk in chunks:
                fh.write(chunk)
                written += len(chunk)
                progress.update(task, completed=written)
        os.replace(partial, target)
    except OSError as exc:
        err.print(f"cannot write {target}: {exc.strerror or exc}", style="red")
        raise typer.Exit(1) from None
    finally:
        partial.unlink(missing_ok=True)
    return written


def _size(size: float) -> str:
    """1843200 -> "1.8 MiB"."""
    if size < 1024:
        return f"{size:.0f} B"
    for unit in ("KiB", "MiB"):
        size /= 1024
        if size < 1024:
            return f"{size:.1f} {unit}"
    return f"{size / 1024:.1f} GiB"
