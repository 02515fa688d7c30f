"""`python -m tunix_rt_training`: render, train, generate and run-job (the worker's entry).

Exit codes: 0 success, 1 unexpected failure, 2 bad config/spec/arguments, 3 bad data,
4 requested device or mesh unavailable, 5 unsupported model, 143 stopped by SIGTERM/SIGINT
(after saving a checkpoint). JAX and Tunix are imported only by the commands that need them.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson

from tunix_rt.core.chat_templates import TEMPLATE_NAMES
from tunix_rt_training.events import Reporter
from tunix_rt_training.sft_data import sft_examples

EXIT_OK, EXIT_FAILURE, EXIT_CONFIG, EXIT_DATA, EXIT_DEVICE, EXIT_MODEL = 0, 1, 2, 3, 4, 5


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tunix_rt_training")
    sub = parser.add_subparsers(dest="command", required=True)

    render = sub.add_parser("render", help="render a trace JSONL file as SFT examples")
    render.add_argument("data", type=Path, help="JSONL of traces (a dataset export, format=trace)")
    render.add_argument("--template", choices=TEMPLATE_NAMES, default="chatml")
    render.add_argument("--system", default=None)

    train = sub.add_parser("train", help="fine-tune a model on trace JSONL (SFT)")
    train.add_argument("--config", type=Path, help="YAML or JSON TrainConfig (defaults if omitted)")
    train.add_argument("--data", type=Path, required=True, help="training traces (JSONL)")
    train.add_argument("--eval", type=Path, default=None, help="eval traces (JSONL)")
    train.add_argument("--out", type=Path, required=True, help="run directory (resumable)")

    gen = sub.add_parser("generate", help="answer prompts with an exported model")
    gen.add_argument(
        "--model", required=True, help="exported model directory, or registry://name@version"
    )
    gen.add_argument("--data", type=Path, required=True, help="JSONL items with a 'prompt'")
    gen.add_argument("--out", type=Path, required=True, help="predictions JSONL to write")
    gen.add_argument("--max-new-tokens", type=int, default=128)
    gen.add_argument("--temperature", type=float, default=0.0, help="0 = greedy")
    gen.add_argument("--top-p", type=float, default=None)
    gen.add_argument("--top-k", type=int, default=None)
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--batch-size", type=int, default=16)
    gen.add_argument("--template", default=None, help="chat template; default: the model's")
    gen.add_argument("--system", default=None)
    gen.add_argument("--device", default="auto", choices=("auto", "cpu", "gpu", "tpu"))

    bench = sub.add_parser("bench", help="this machine's training and generation throughput")
    bench.add_argument("--preset", default="tiny", choices=("tiny", "small"))
    bench.add_argument("--steps", type=int, default=20)
    bench.add_argument("--batch-size", type=int, default=32)
    bench.add_argument("--max-seq-length", type=int, default=128)
    bench.add_argument("--generate-batches", default="1,8,32", help="comma-separated sizes")
    bench.add_argument("--max-new-tokens", type=int, default=64)

    job = sub.add_parser("run-job", help="run a worker job spec (docs/jobs.md)")
    job.add_argument("spec", type=Path, help="SPEC.json written by the worker")
    return parser


def _render(args: argparse.Namespace) -> int:
    try:
        with args.data.open("rb") as handle:
            for example in sft_examples(handle, args.template, args.system):
                sys.stdout.buffer.write(orjson.dumps(example, option=orjson.OPT_APPEND_NEWLINE))
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DATA
    return EXIT_OK


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Events own stdout: stray prints from libraries go to stderr (kept as log lines)."""
    real = sys.stdout
    sys.stdout = sys.stderr
    try:
        yield
    finally:
        sys.stdout = real


def _exit_code(exc: BaseException) -> int:
    from tunix_rt_training.config import ConfigError
    from tunix_rt_training.devices import DeviceUnavailableError
    from tunix_rt_training.hf_config import UnsupportedModelError
    from tunix_rt_training.run_dir import RunDirConflictError

    if isinstance(exc, ConfigError | RunDirConflictError):
        return EXIT_CONFIG
    if isinstance(exc, DeviceUnavailableError):
        return EXIT_DEVICE
    if isinstance(exc, UnsupportedModelError):
        return EXIT_MODEL
    if isinstance(exc, ValueError | OSError):
        return EXIT_DATA
    return EXIT_FAILURE


def _run_with_events(command: Callable[..., int], args: argparse.Namespace) -> int:
    reporter = Reporter(sys.stdout.buffer)
    with _quiet_stdout():
        try:
            return command(args, reporter)
        except Exception as exc:  # every failure leaves an error event and a stderr line
            code = _exit_code(exc)
            if code == EXIT_FAILURE:
                traceback.print_exc(file=sys.stderr)
            message = str(exc) or type(exc).__name__
            reporter.log(message, level="error")
            print(f"error: {message}", file=sys.stderr, flush=True)
            return code


def _train(args: argparse.Namespace, reporter: Reporter) -> int:
    from tunix_rt_training.config import TrainConfig, config_from_dict, read_config_file
    from tunix_rt_training.run_dir import RunDir
    from tunix_rt_training.signals import EXIT_INTERRUPTED, StopRequest
    from tunix_rt_training.train import run_training

    data = read_config_file(args.config) if args.config else {}
    config = config_from_dict(TrainConfig, data)
    for flag, path in (("--data", args.data), ("--eval", args.eval)):
        if path is not None and not path.exists():
            raise ValueError(f"{flag} {path}: no such file")
    with StopRequest() as stop:
        outcome = run_training(config, args.data, args.eval, RunDir(args.out), reporter, stop)
    if outcome.result is None:
        return EXIT_INTERRUPTED
    reporter.result(outcome.result)
    return EXIT_OK


def _generate(args: argparse.Namespace, reporter: Reporter) -> int:
    from tunix_rt_training.config import GenerateConfig, config_from_dict
    from tunix_rt_training.generate import generate
    from tunix_rt_training.signals import EXIT_INTERRUPTED, StopRequest

    config = config_from_dict(
        GenerateConfig,
        {
            "model": str(args.model),
            "template": args.template,
            "system": args.system,
            "max_new_tokens": args.max_new_tokens,
            "temperature": args.temperature,
            "top_p": args.top_p,
            "top_k": args.top_k,
            "seed": args.seed,
            "batch_size": args.batch_size,
            "device": args.device,
        },
    )
    with StopRequest() as stop:
        result = generate(config, args.data, args.out, reporter, stop)
    if stop.requested:
        return EXIT_INTERRUPTED
    reporter.result(result)
    return EXIT_OK


def _bench(args: argparse.Namespace, reporter: Reporter) -> int:
    from tunix_rt_training.benchmark import run_benchmark

    result = run_benchmark(
        args.preset,
        args.steps,
        args.batch_size,
        args.max_seq_length,
        [int(b) for b in args.generate_batches.split(",") if b],
        args.max_new_tokens,
        reporter,
    )
    reporter.result(result)
    return EXIT_OK


def _run_job(args: argparse.Namespace, reporter: Reporter) -> int:
    from tunix_rt_training.jobs import run_job

    return run_job(args.spec, reporter)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "render":
        return _render(args)
    # Library chatter that is noise in a job log (torch-less transformers, deprecations).
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    commands = {"train": _train, "generate": _generate, "bench": _bench, "run-job": _run_job}
    return _run_with_events(commands[args.command], args)


if __name__ == "__main__":
    raise SystemExit(main())
