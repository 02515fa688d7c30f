"""`python -m tunix_rt_training`: standalone commands that need no server."""

import argparse
import sys
from pathlib import Path

import orjson

from tunix_rt.core.chat_templates import TEMPLATE_NAMES
from tunix_rt_training.sft_data import sft_examples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tunix_rt_training")
    sub = parser.add_subparsers(dest="command", required=True)
    render = sub.add_parser("render", help="render a trace JSONL file as SFT examples")
    render.add_argument("data", type=Path, help="JSONL of traces (a dataset export, format=trace)")
    render.add_argument("--template", choices=TEMPLATE_NAMES, default="chatml")
    render.add_argument("--system", default=None)
    args = parser.parse_args(argv)

    try:
        with args.data.open("rb") as handle:
            for example in sft_examples(handle, args.template, args.system):
                sys.stdout.buffer.write(orjson.dumps(example, option=orjson.OPT_APPEND_NEWLINE))
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
