"""The layout of a run directory (docs/training.md). Paths in events are relative to it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

TOKENIZER = "tokenizer"
CHECKPOINTS = "checkpoints"
EXPORT = "export"
RESOLVED_CONFIG = "config.resolved.json"
RESULT = "result.json"
PREDICTIONS = "predictions.jsonl"


class RunDirConflictError(ValueError):
    """The run directory holds checkpoints of a run with a different configuration."""


@dataclasses.dataclass(frozen=True)
class RunDir:
    root: Path

    @property
    def train_data(self) -> Path:
        return self.root / "data" / "train.jsonl"

    @property
    def eval_data(self) -> Path:
        return self.root / "data" / "eval.jsonl"

    @property
    def items_data(self) -> Path:
        return self.root / "data" / "items.jsonl"

    @property
    def tokenizer(self) -> Path:
        return self.root / TOKENIZER

    @property
    def checkpoints(self) -> Path:
        return self.root / CHECKPOINTS

    @property
    def export(self) -> Path:
        return self.root / EXPORT

    @property
    def result(self) -> Path:
        return self.root / RESULT

    @property
    def predictions(self) -> Path:
        return self.root / PREDICTIONS

    def has_checkpoints(self) -> bool:
        return self.checkpoints.is_dir() and any(
            p.name.isdigit() for p in self.checkpoints.iterdir()
        )

    def claim(self, resolved_config: dict[str, Any]) -> None:
        """Record the config; refuse to resume checkpoints made with a different one."""
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / RESOLVED_CONFIG
        if path.exists() and self.has_checkpoints():
            previous = json.loads(path.read_text())
            changed = sorted(
                k
                for k in previous.keys() | resolved_config.keys()
                if previous.get(k) != resolved_config.get(k)
            )
            if changed:
                raise RunDirConflictError(
                    f"{self.root} holds checkpoints of a run with a different config "
                    f"(changed: {', '.join(changed)}); use a new output directory"
                )
        path.write_text(json.dumps(resolved_config, indent=2, sort_keys=True) + "\n")

    def write_json(self, path: Path, value: Any) -> None:
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(json.dumps(value, indent=2, sort_keys=True, default=str) + "\n")
        tmp.replace(path)
