#!/usr/bin/env python
"""Throughput of the non-model judges on synthetic arithmetic outputs, next to a peer.

Pairs come from the `arithmetic` generator (1-6 digits, +, - and ×), rendered with
`render_reasoning` plus a chat end-of-turn token, as a fine-tuned model writes them. Half
are left correct; the rest get one corruption each, in equal shares: a wrong final answer,
one wrong stated result in a step, or no Answer line. Generation is not timed.

The peer is the obvious way to write the same check by hand, once per item:
- answer_correctness: `re.findall(r"Answer:\\s*(.*)")`, then `fractions.Fraction` on both
  sides (commas dropped), falling back to case-insensitive string equality;
- arithmetic_consistency: per line, drop "carry"/"borrow" and "(tens)"-style words, find
  `expr = number` with a regex and evaluate `expr` by walking its `ast` (never eval()).
The peers check less than ours (no other answer markers, no written digits or carries, no
shifted partial products); the table shows how often they agree with ours on pass/fail.

    .venv/bin/python bench/judges.py --n 100000     # writes bench/results/judges.json
    .venv/bin/python bench/judges.py --n 10000      # writes bench/results/judges-quick.json
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from machine import machine_info  # noqa: E402

from tunix_rt.core.chat_templates import render_reasoning  # noqa: E402
from tunix_rt.core.judges import JudgeItem, Verdict, make_judge  # noqa: E402
from tunix_rt.generators.registry import get_generator  # noqa: E402

JUDGES = ("answer_correctness", "exact_match", "trace_format", "arithmetic_consistency")
KINDS = ("correct", "wrong_answer", "wrong_step", "missing_answer")
END_OF_TURN = ("<|im_end|>", "<end_of_turn>", "<|eot_id|>", "")
_STATED = re.compile(r"= (-?\d+)")
CHUNK = 1000  # traces per generator call; each call has its own digits (1-6) and sign rule


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- pairs


def _off_by(rng: random.Random, value: int) -> int:
    return value + rng.choice((-1, 1)) * rng.randint(1, 9)


def _corrupt_a_step(rng: random.Random, steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The steps with one stated result (`= N`) changed; generator steps always have one."""
    candidates = [k for k, s in enumerate(steps) if _STATED.search(s["content"])]
    k = rng.choice(candidates)
    content = steps[k]["content"]
    matches = list(_STATED.finditer(content))
    m = rng.choice(matches)
    wrong = f"= {_off_by(rng, int(m.group(1)))}"
    changed = dict(steps[k], content=content[: m.start()] + wrong + content[m.end() :])
    return [*steps[:k], changed, *steps[k + 1 :]]


def make_pairs(n: int, seed: int = 0) -> tuple[list[JudgeItem], list[str]]:
    """`n` (item, output) pairs and the corruption each got (see KINDS)."""
    arithmetic = get_generator("arithmetic")
    rng = random.Random(seed)
    items: list[JudgeItem] = []
    kinds: list[str] = []
    chunk = 0
    while len(items) < n:
        count = min(CHUNK, n - len(items))
        params = {"digits": 1 + chunk % 6, "allow_negative": chunk % 2 == 1}
        for trace in arithmetic.generate(count, seed=seed * 1000 + chunk, params=params):
            kind = "correct" if rng.random() < 0.5 else rng.choice(KINDS[1:])
            steps, answer = trace["steps"], trace["final_answer"]
            if kind == "wrong_answer":
                answer = str(_off_by(rng, int(answer)))
            elif kind == "wrong_step":
                steps = _corrupt_a_step(rng, steps)
            output = render_reasoning(steps, answer)
            if kind == "missing_answer":
                output = output.rsplit("\n", 1)[0]
            output += rng.choice(END_OF_TURN)
            items.append(JudgeItem(trace["prompt"], trace["final_answer"], output, trace["meta"]))
            kinds.append(kind)
        chunk += 1
    return items, kinds


# --------------------------------------------------------------------------- peers


def peer_answer_correct(output: str, expected: str) -> bool:
    """answer_correctness written the obvious way."""
    found: list[str] = re.findall(r"Answer:\s*(.*)", output)
    if not found:
        return False
    got = found[-1]
    for token in ("<|im_end|>", "<end_of_turn>", "<|eot_id|>"):
        got = got.replace(token, "")
    got = got.strip()
    try:
        return bool(Fraction(got.replace(",", "")) == Fraction(expected.replace(",", "")))
    except (ValueError, ZeroDivisionError):
        return got.lower() == expected.strip().lower()


_AST_OPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: lambda x, y: x + y,
    ast.Sub: lambda x, y: x - y,
    ast.Mult: lambda x, y: x * y,
    ast.Div: lambda x, y: Fraction(x) / y,
}


def _ast_value(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_ast_value(node.operand)
    if isinstance(node, ast.BinOp) and type(node.op) in _AST_OPS:
        return _AST_OPS[type(node.op)](_ast_value(node.left), _ast_value(node.right))
    raise ValueError("not arithmetic")


def peer_arithmetic_consistent(output: str) -> bool:
    """arithmetic_consistency written the obvious way: regex per line, then `ast`."""
    checked = wrong = 0
    for line in output.splitlines():
        line = re.sub(r"\b(carry|borrow) ", "", line)
        line = re.sub(r"\([a-z ]+\)", "", line).replace("×", "*")
        for expr, stated in re.findall(r"(-?\d+(?:\s*[-+*/]\s*-?\d+)+)\s*=\s*(-?\d+)", line):
            try:
                value = _ast_value(ast.parse(expr, mode="eval").body)
            except (ValueError, SyntaxError, ZeroDivisionError):
                continue
            checked += 1
            wrong += value != int(stated)
    return checked > 0 and wrong == 0


# --------------------------------------------------------------------------- timing


def _time(label: str, score: Callable[[], list[bool]], n: int) -> tuple[dict[str, Any], list[bool]]:
    """Wall and CPU time of `score()`; on a shared machine the CPU figure is the stable one."""
    started, cpu_started = time.perf_counter(), time.process_time()
    passed = score()
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    log(f"  {label}: {n / seconds:,.0f} items/s, {n / cpu_seconds:,.0f} items per CPU second")
    figures = {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "items_per_s": round(n / seconds, 1),
        "items_per_cpu_s": round(n / cpu_seconds, 1),
    }
    return figures, passed


def _pass_rates(passed: Sequence[bool], kinds: Sequence[str]) -> dict[str, float]:
    totals = Counter(kinds)
    hits = Counter(k for k, p in zip(kinds, passed, strict=True) if p)
    return {kind: round(hits[kind] / totals[kind], 4) for kind in KINDS if totals[kind]}


def run(n: int, seed: int = 0) -> dict[str, Any]:
    """Score `n` synthetic pairs with each non-model judge and the peers; return figures."""
    log(f"judges: making {n:,} pairs")
    items, kinds = make_pairs(n, seed)
    result: dict[str, Any] = {"n": n, "seed": seed, "kinds": dict(Counter(kinds)), "judges": {}}
    passes: dict[str, list[bool]] = {}
    for name in JUDGES:
        judge = make_judge(name, None)
        score = judge.score  # type: ignore[union-attr]

        def scored(score: Callable[[JudgeItem], Verdict] = score) -> list[bool]:
            return [score(item).outcome == "pass" for item in items]

        figures, passed = _time(name, scored, n)
        figures["pass_rate_by_kind"] = _pass_rates(passed, kinds)
        result["judges"][name] = figures
        passes[name] = passed
    peers = {
        "answer_correctness": lambda: [
            peer_answer_correct(i.output, str(i.expected_answer)) for i in items
        ],
        "arithmetic_consistency": lambda: [peer_arithmetic_consistent(i.output) for i in items],
    }
    result["peers"] = {}
    for name, peer in peers.items():
        figures, passed = _time(f"peer {name}", peer, n)
        agree = sum(a == b for a, b in zip(passed, passes[name], strict=True))
        figures["agreement_with_ours"] = round(agree / n, 4)
        # CPU-time ratio: both ran in this process, but other load moves wall time.
        figures["ours_over_peer"] = round(
            result["judges"][name]["items_per_cpu_s"] / figures["items_per_cpu_s"], 2
        )
        result["peers"][name] = figures
    return result


def render_table(result: dict[str, Any]) -> str:
    """Markdown: items/s per judge, the peer beside it, pass rates per kind of pair."""
    lines = [
        f"{result['n']:,} synthetic arithmetic pairs (half correct; the rest a wrong answer, a "
        "wrong step or no Answer line), one process, one core. Rates per CPU second are the "
        "stable figure on a shared machine; wall-clock items/s moves with other load.",
        "",
        "| judge | items/s | items per CPU-s | peer, per CPU-s | ours / peer | agreement | "
        + " | ".join(f"pass: {k}" for k in KINDS)
        + " |",
        "|---|---:|---:|---:|---:|---:|" + "---:|" * len(KINDS),
    ]
    for name, figures in result["judges"].items():
        peer = result["peers"].get(name)
        rates = figures["pass_rate_by_kind"]
        peer_cells = (
            f"{peer['items_per_cpu_s']:,.0f} | {peer['ours_over_peer']:.2f}× | "
            f"{peer['agreement_with_ours']:.2%}"
            if peer
            else "– | – | –"
        )
        lines.append(
            f"| {name} | {figures['items_per_s']:,.0f} | {figures['items_per_cpu_s']:,.0f} | "
            f"{peer_cells} | " + " | ".join(f"{rates.get(k, 0):.0%}" for k in KINDS) + " |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    result = run(args.n, args.seed)
    result["machine"] = machine_info(["numpy"])
    result["finished_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    name = "judges" if args.n >= 100_000 else "judges-quick"
    out = HERE / "results" / f"{name}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(render_table(result))
    log(f"wrote {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
