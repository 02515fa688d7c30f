"""SFT data: trace JSONL → rendered examples → fixed-shape token batches.

Shapes: B = batch size, L = max_seq_length. A batch holds
  input_tokens [B, L] int32   prompt + completion + EOS, right-padded with the pad id
  input_mask   [B, L] int32   the LOSS mask: 1 on completion (and EOS) tokens only
  padding_mask [B, L] bool    1 on every real token; positions and attention come from it
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from tunix_rt_training.sft_data import sft_examples

Batch = dict[str, np.ndarray]


@dataclasses.dataclass(frozen=True)
class Example:
    prompt: str
    completion: str


@dataclasses.dataclass(frozen=True)
class EncodedSet:
    """Every example of a split, tokenized and padded to L."""

    tokens: np.ndarray  # [N, L] int32
    loss_mask: np.ndarray  # [N, L] int32
    padding_mask: np.ndarray  # [N, L] bool
    pad_id: int
    truncated: int  # examples cut at L
    without_loss: int  # examples whose completion did not fit at all

    def __len__(self) -> int:
        return int(self.tokens.shape[0])

    def real_tokens(self, rows: np.ndarray) -> int:
        return int(self.padding_mask[rows].sum())


def read_examples(path: Path, template: str, system: str | None = None) -> list[Example]:
    """Render every trace line of `path` with the chat template; errors name file and line."""
    try:
        with path.open("rb") as handle:
            rendered = list(sft_examples(handle, template, system))
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
    return [Example(e["prompt"], e["completion"]) for e in rendered]


def encode_example(
    tokenizer: Any, example: Example, max_len: int
) -> tuple[list[int], list[int], bool]:
    """Token ids and loss mask for one example, cut to `max_len`; True if it was cut.

    Prompt and completion are encoded separately, so the boundary is exact and the prompt
    tokens match what generation feeds the model. BOS leads when the tokenizer has one
    (unless the rendered prompt already starts with it), as Tunix's sampler does.
    """
    prompt = tokenizer.encode(example.prompt, add_special_tokens=False)
    completion = tokenizer.encode(example.completion, add_special_tokens=False)
    bos = tokenizer.bos_token_id
    if bos and (not prompt or prompt[0] != bos):
        prompt = [bos, *prompt]
    eos = tokenizer.eos_token_id
    if eos is not None and (not completion or completion[-1] != eos):
        completion = [*completion, eos]
    ids = prompt + completion
    mask = [0] * len(prompt) + [1] * len(completion)
    cut = len(ids) > max_len
    return ids[:max_len], mask[:max_len], cut


def encode_set(tokenizer: Any, examples: Sequence[Example], max_len: int) -> EncodedSet:
    """Encode and right-pad a split to [N, max_len]."""
    n = len(examples)
    pad = tokenizer.pad_token_id
    tokens = np.full((n, max_len), pad, dtype=np.int32)
    loss_mask = np.zeros((n, max_len), dtype=np.int32)
    padding_mask = np.zeros((n, max_len), dtype=bool)
    truncated = without_loss = 0
    for row, example in enumerate(examples):
        ids, mask, cut = encode_example(tokenizer, example, max_len)
        tokens[row, : len(ids)] = ids
        loss_mask[row, : len(mask)] = mask
        padding_mask[row, : len(ids)] = True
        truncated += cut
        # The loss at position t predicts token t+1, so the first token never counts.
        without_loss += not any(mask[1:])
    return EncodedSet(tokens, loss_mask, padding_mask, pad, truncated, without_loss)


def _batch(data: EncodedSet, rows: np.ndarray) -> Batch:
    return {
        "input_tokens": data.tokens[rows],
        "input_mask": data.loss_mask[rows],
        "padding_mask": data.padding_mask[rows],
    }


@dataclasses.dataclass
class TrainStream:
    """Deterministic micro-batches: epoch e is permutation(seed, e) of the examples, and
    batches are cut from the concatenated epochs, so every batch has the same shape.

    `should_stop` is checked at update boundaries (every `accumulation` micro-batches); when
    it returns True the stream ends early, which makes the Tunix trainer close and save.
    """

    data: EncodedSet
    batch_size: int
    accumulation: int
    total_steps: int
    seed: int
    should_stop: Callable[[], bool] = lambda: False

    @property
    def micro_batches(self) -> int:
        return self.total_steps * self.accumulation

    def rows(self, micro_batch: int) -> np.ndarray:
        """Example indices of micro-batch `micro_batch` (0-based)."""
        n = len(self.data)
        start = micro_batch * self.batch_size
        positions = np.arange(start, start + self.batch_size)
        epochs, offsets = np.divmod(positions, n)
        rows = np.empty(self.batch_size, dtype=np.int64)
        for epoch in np.unique(epochs):
            order = np.random.default_rng([self.seed, int(epoch)]).permutation(n)
            picked = epochs == epoch
            rows[picked] = order[offsets[picked]]
        return rows

    def epoch_at(self, step: int) -> float:
        """Epochs of data consumed after `step` optimizer updates."""
        return step * self.accumulation * self.batch_size / len(self.data)

    def tokens_at(self, step: int) -> int:
        """Real (non-padding) tokens in the micro-batches of update `step` (1-based)."""
        first = (step - 1) * self.accumulation
        return sum(
            self.data.real_tokens(self.rows(m)) for m in range(first, first + self.accumulation)
        )

    def __iter__(self) -> Iterator[Batch]:
        for micro_batch in range(self.micro_batches):
            if micro_batch % self.accumulation == 0 and self.should_stop():
                return
            yield _batch(self.data, self.rows(micro_batch))


def eval_batches(data: EncodedSet, batch_size: int) -> list[Batch]:
    """The eval split in order; the last batch is filled with rows that carry no loss."""
    if len(data) == 0:
        return []
    batches = []
    for start in range(0, len(data), batch_size):
        rows = np.arange(start, min(start + batch_size, len(data)))
        batch = _batch(data, rows)
        missing = batch_size - len(rows)
        if missing:
            batch = {
                "input_tokens": np.pad(
                    batch["input_tokens"], ((0, missing), (0, 0)), constant_values=data.pad_id
                ),
                "input_mask": np.pad(batch["input_mask"], ((0, missing), (0, 0))),
                "padding_mask": np.pad(batch["padding_mask"], ((0, missing), (0, 0))),
            }
        batches.append(batch)
    return batches
