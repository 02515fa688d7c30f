"""Byte-level BPE tokenizers trained on a run's own texts, saved in Hugging Face layout.

The saved directory (tokenizer.json, tokenizer_config.json, special_tokens_map.json) loads
with `AutoTokenizer.from_pretrained(dir, local_files_only=True)`; nothing is downloaded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import AutoTokenizer, PreTrainedTokenizerBase, PreTrainedTokenizerFast

from tunix_rt.core.chat_templates import TEMPLATES

PAD, BOS, EOS = "<|pad|>", "<|bos|>", "<|endoftext|>"


def template_markers() -> list[str]:
    """Every chat template's special markers (`<|im_start|>`, `<end_of_turn>`, ...)."""
    markers = ["<|begin_of_text|>"]
    for template in TEMPLATES.values():
        for part in (
            template.system,
            template.user,
            template.assistant_start,
            template.end_of_turn,
        ):
            for piece in _marker_pieces(part):
                if piece not in markers:
                    markers.append(piece)
    return markers


def _marker_pieces(text: str) -> list[str]:
    """`<|...|>` and `<..._of_turn>`-style markers inside a template string."""
    pieces: list[str] = []
    start = text.find("<")
    while start != -1:
        end = text.find(">", start)
        if end == -1:
            break
        piece = text[start : end + 1]
        if piece.startswith("<|") or piece.endswith("_of_turn>"):
            pieces.append(piece)
        start = text.find("<", end)
    return pieces


SPECIAL_TOKENS = [PAD, BOS, EOS, *template_markers()]


def train_tokenizer(
    texts: Iterable[str], vocab_size: int, out_dir: Path
) -> PreTrainedTokenizerBase:
    """Train a byte-level BPE of at most `vocab_size` tokens on `texts`; save it to `out_dir`."""
    tokenizer = Tokenizer(models.BPE())
    # Digits split one by one (as Qwen does): numbers stay composable for arithmetic.
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Digits(individual_digits=True),
            pre_tokenizers.ByteLevel(add_prefix_space=False),
        ]
    )
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=2,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(texts, trainer=trainer)
    wrapped = PreTrainedTokenizerFast(  # type: ignore[no-untyped-call]
        tokenizer_object=tokenizer,
        pad_token=PAD,
        bos_token=BOS,
        eos_token=EOS,
        additional_special_tokens=template_markers(),
        clean_up_tokenization_spaces=False,
    )
    save_tokenizer(wrapped, out_dir)
    return wrapped


def save_tokenizer(tokenizer: PreTrainedTokenizerBase, out_dir: Path) -> None:
    """Save in Hugging Face layout, always including special_tokens_map.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tokenizer.save_pretrained(str(out_dir))
    config_path = out_dir / "tokenizer_config.json"
    config = json.loads(config_path.read_text())
    if config.get("tokenizer_class") == "TokenizersBackend":
        # The class name every transformers release knows for a tokenizer.json tokenizer.
        config["tokenizer_class"] = "PreTrainedTokenizerFast"
        config_path.write_text(json.dumps(config, indent=2) + "\n")
    special_map = out_dir / "special_tokens_map.json"
    if not special_map.exists():
        special: dict[str, Any] = {
            name: getattr(tokenizer, name)
            for name in ("bos_token", "eos_token", "pad_token", "unk_token")
            if getattr(tokenizer, name, None) is not None
        }
        extra = [t for t in tokenizer.all_special_tokens if t not in special.values()]
        if extra:
            special["additional_special_tokens"] = extra
        special_map.write_text(json.dumps(special, indent=2) + "\n")


def load_tokenizer(directory: Path) -> PreTrainedTokenizerBase:
    """Load a tokenizer saved in Hugging Face layout, strictly from local files."""
    if (
        not (directory / "tokenizer.json").exists()
        and not (directory / "tokenizer_config.json").exists()
    ):
        raise FileNotFoundError(f"{directory} holds no tokenizer (tokenizer.json missing)")
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(directory), local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot load the tokenizer in {directory}: {exc}") from None
    if tokenizer.pad_token_id is None:
        # Llama-style tokenizers have no pad token; reuse EOS (pad positions are masked).
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def stop_token_ids(tokenizer: PreTrainedTokenizerBase, end_of_turn: str) -> list[int]:
    """EOS plus the chat template's end-of-turn marker when it is a single known token."""
    ids: list[int] = []
    if tokenizer.eos_token_id is not None:
        ids.append(int(tokenizer.eos_token_id))
    encoded = tokenizer.encode(end_of_turn, add_special_tokens=False)
    if len(encoded) == 1 and end_of_turn.strip() and encoded[0] not in ids:
        ids.append(int(encoded[0]))
    return ids
