"""Entry point of the `tunix-rt` command: wires the command groups together."""

from typing import Annotated

import typer

from tunix_rt import __version__
from tunix_rt.cli import (
    datasets,
    evaluations,
    generate,
    leaderboard,
    models,
    regression,
    server,
    traces,
    tuning,
)

app = typer.Typer(
    name="tunix-rt",
    help="Reasoning traces, datasets and the models fine-tuned on them.",
    no_args_is_help=True,
    add_completion=False,
    # Locals in tracebacks could print database passwords.
    pretty_exceptions_show_locals=False,
)
app.command()(server.serve)
app.command()(server.migrate)
app.command()(server.worker)
app.command()(generate.generate)
app.add_typer(traces.app, name="traces")
app.add_typer(datasets.app, name="datasets")
app.add_typer(evaluations.app, name="eval")
app.command()(evaluations.judges)
app.command()(leaderboard.leaderboard)
app.add_typer(regression.app, name="regression")
app.add_typer(models.app, name="models")
app.add_typer(tuning.app, name="tune")


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"tunix-rt {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """Reasoning traces, datasets and the models fine-tuned on them."""


if __name__ == "__main__":
    app()
