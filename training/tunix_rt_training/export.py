"""Export a trained model in Hugging Face layout (config.json + model.safetensors + tokenizer).

Tunix 0.1.7 only loads safetensors; the writer here inverts the loader's own key table
(`<family>.params._get_key_and_transform_mapping`): each Tunix parameter path is matched
back to its Hugging Face key and the loader's transpose/reshape is undone. LoRA adapters
are merged into the base weights first, so an export is always a plain full checkpoint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jax
import numpy as np
import safetensors.numpy
from flax import nnx

from tunix_rt_training.hf_config import UnsupportedModelError, hf_config
from tunix_rt_training.models import LoadedModel, loader_module
from tunix_rt_training.tokenizer import save_tokenizer, stop_token_ids

EXPORTABLE_FAMILIES = ("qwen2", "qwen3", "llama3")
METADATA_FILE = "tunix_rt.json"


def _path_key(path: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in path)


def merged_params(model: nnx.Module, lora_scale: float | None = None) -> dict[str, np.ndarray]:
    """Every parameter by Tunix path (`layers.0.attn.q_proj.w`), LoRA deltas merged in.

    A qwix adapter on `w` is `w_lora_a` [..in, r] and `w_lora_b` [r, ..out]; the merged
    weight is w + reshape(a @ b) * alpha / rank.
    """
    params: dict[str, np.ndarray] = {}
    adapters: dict[str, dict[str, np.ndarray]] = {}
    for path, value in nnx.iter_graph(model):
        if not isinstance(value, nnx.Variable):
            continue
        array = np.asarray(jax.device_get(value.value))
        key = _path_key(path)
        if isinstance(value, nnx.LoRAParam):
            base, _, part = key.rpartition("_lora_")
            adapters.setdefault(base, {})[part] = array
        elif isinstance(value, nnx.Param):
            params[key] = array
    for base, pair in adapters.items():
        if lora_scale is None:
            raise ValueError("the model has LoRA adapters: pass lora_scale = alpha / rank")
        a, b = pair["a"], pair["b"]
        rank = a.shape[-1]
        delta = a.reshape(-1, rank) @ b.reshape(rank, -1)
        params[base] = params[base] + (delta * lora_scale).reshape(params[base].shape)
    return params


def _template_regex(template: str) -> re.Pattern[str]:
    """`layers.\\1.attn.q_proj.w` → a regex with one named group per back-reference."""
    pattern, seen, last = "", set(), 0
    for match in re.finditer(r"\\(\d+)", template):
        pattern += re.escape(template[last : match.start()])
        group = f"g{match.group(1)}"
        pattern += f"(?P={group})" if group in seen else f"(?P<{group}>[^.]+)"
        seen.add(group)
        last = match.end()
    pattern += re.escape(template[last:])
    return re.compile(pattern)


def _regex_template(regex: str) -> str:
    """`model\\.layers\\.([0-9]+)\\.mlp` → `model.layers.{1}.mlp` (groups numbered in order)."""
    out, depth, group, i = "", 0, 0, 0
    while i < len(regex):
        char = regex[i]
        if char == "\\" and depth == 0:
            out += regex[i + 1]
            i += 2
            continue
        if char == "(":
            if depth == 0:
                group += 1
                out += f"{{{group}}}"
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            out += char
        i += 1
    return out


def _undo_transform(value: np.ndarray, transform: Any, embed_dim: int) -> np.ndarray:
    """Invert the loader's `v.transpose(permute).reshape(shape)`."""
    if transform is None:
        return value
    permute, reshape = transform
    if reshape is not None:
        if permute is None:
            value = value.reshape(-1)
        else:
            # The transposed HF matrix is 2-D; the side that is the embedding stays whole:
            # q/k/v (D, N, H) came from (D, N*H), o_proj (N, H, D) from (N*H, D).
            shape = value.shape
            if shape[0] == embed_dim:
                value = value.reshape(shape[0], -1)
            elif shape[-1] == embed_dim:
                value = value.reshape(-1, shape[-1])
            else:
                raise UnsupportedModelError(f"cannot invert reshape of a {shape} weight")
    if permute is not None:
        value = np.transpose(value, np.argsort(permute))
    return value


def hf_state_dict(loaded: LoadedModel, params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Tunix parameters → Hugging Face tensors, by inverting the family's loader table."""
    if loaded.family not in EXPORTABLE_FAMILIES or getattr(loaded.config, "num_experts", None):
        raise UnsupportedModelError(
            f"exporting {loaded.family} models is not supported; "
            f"supported: {', '.join(EXPORTABLE_FAMILIES)} (dense)"
        )
    table = loader_module(loaded.family)._get_key_and_transform_mapping(loaded.config)
    rules = [
        (_template_regex(nnx_template), _regex_template(hf_regex), transform)
        for hf_regex, (nnx_template, transform) in table.items()
    ]
    out: dict[str, np.ndarray] = {}
    for key, value in params.items():
        for nnx_regex, hf_template, transform in rules:
            match = nnx_regex.fullmatch(key)
            if match is None:
                continue
            groups = {k.removeprefix("g"): v for k, v in match.groupdict().items()}
            hf_key = hf_template.format(None, *[groups[str(i)] for i in range(1, len(groups) + 1)])
            array = _undo_transform(value, transform, loaded.config.embed_dim)
            out[hf_key] = np.ascontiguousarray(array.astype(np.float32))
            break
        else:
            raise UnsupportedModelError(f"no Hugging Face key for Tunix parameter {key!r}")
    return out


def _iter_files(directory: Path) -> Iterator[Path]:
    return (p for p in sorted(directory.iterdir()) if p.is_file())


def export_model(
    loaded: LoadedModel,
    tokenizer: Any,
    out_dir: Path,
    *,
    lora_scale: float | None,
    metadata: dict[str, Any],
    end_of_turn: str,
) -> list[Path]:
    """Write config.json, model.safetensors, generation_config.json, tokenizer files and
    tunix_rt.json (template, source, step) into `out_dir`; return the files written."""
    tensors = hf_state_dict(loaded, merged_params(loaded.model, lora_scale))
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("*.safetensors"):
        stale.unlink()
    safetensors.numpy.save_file(tensors, str(out_dir / "model.safetensors"), {"format": "pt"})
    stops = stop_token_ids(tokenizer, end_of_turn)
    special = {
        "bos_token_id": tokenizer.bos_token_id,
        "eos_token_id": tokenizer.eos_token_id,
        "pad_token_id": tokenizer.pad_token_id,
    }
    if loaded.hf_config is not None:
        config = {**loaded.hf_config, "torch_dtype": "float32"}
        config.pop("dtype", None)
    else:
        config = hf_config(loaded.family, loaded.config, special)
    (out_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    generation = {**special, "eos_token_id": stops, "do_sample": False}
    (out_dir / "generation_config.json").write_text(json.dumps(generation, indent=2) + "\n")
    save_tokenizer(tokenizer, out_dir)
    meta = {**metadata, "family": loaded.family, "stop_token_ids": stops}
    (out_dir / METADATA_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    return list(_iter_files(out_dir))


def read_metadata(model_dir: Path) -> dict[str, Any]:
    """tunix_rt.json of an export, or {} for a plain Hugging Face directory."""
    path = model_dir / METADATA_FILE
    if not path.exists():
        return {}
    data = json.loads(path.read_text())
    return data if isinstance(data, dict) else {}
