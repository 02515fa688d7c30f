"""Hugging Face `config.json` ⇄ Tunix `ModelConfig` for the supported decoder families.

Tunix has no config.json parser, so the mapping lives here. Families: qwen2, qwen3,
llama3 (Llama 3.x, without rope_scaling), gemma (Gemma 1 and 2) and gemma3 (text only).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import jax.numpy as jnp

FAMILY_BY_ARCHITECTURE = {
    "Qwen2ForCausalLM": "qwen2",
    "Qwen3ForCausalLM": "qwen3",
    "LlamaForCausalLM": "llama3",
    "GemmaForCausalLM": "gemma",
    "Gemma2ForCausalLM": "gemma",
    "Gemma3ForCausalLM": "gemma3",
}
FAMILIES = ("qwen2", "qwen3", "llama3", "gemma", "gemma3")
ARCHITECTURE_BY_FAMILY = {
    "qwen2": ("Qwen2ForCausalLM", "qwen2"),
    "qwen3": ("Qwen3ForCausalLM", "qwen3"),
    "llama3": ("LlamaForCausalLM", "llama"),
}


class UnsupportedModelError(ValueError):
    """A checkpoint's architecture or settings are not supported."""


def family_of(hf: dict[str, Any]) -> str:
    """The Tunix family for a config.json, from `architectures` (or `model_type`)."""
    architectures = hf.get("architectures") or []
    for architecture in architectures:
        if architecture in FAMILY_BY_ARCHITECTURE:
            return FAMILY_BY_ARCHITECTURE[architecture]
    by_type = {"qwen2": "qwen2", "qwen3": "qwen3", "llama": "llama3", "gemma": "gemma"}
    by_type |= {"gemma2": "gemma", "gemma3_text": "gemma3"}
    model_type = hf.get("model_type")
    if not architectures and model_type in by_type:
        return by_type[model_type]
    supported = ", ".join(sorted(FAMILY_BY_ARCHITECTURE))
    raise UnsupportedModelError(
        f"unsupported architecture {architectures or model_type!r}; supported: {supported}"
    )


def _require(hf: dict[str, Any], key: str) -> Any:
    if hf.get(key) is None:
        raise UnsupportedModelError(f"config.json lacks {key!r}, which this loader needs")
    return hf[key]


def _rope_theta(hf: dict[str, Any], default: float) -> float:
    # transformers 5 moved rope settings into `rope_parameters`.
    params = hf.get("rope_parameters") or {}
    return float(hf.get("rope_theta") or params.get("rope_theta") or default)


def _common(hf: dict[str, Any]) -> dict[str, Any]:
    heads = int(_require(hf, "num_attention_heads"))
    embed = int(_require(hf, "hidden_size"))
    return {
        "num_layers": int(_require(hf, "num_hidden_layers")),
        "embed_dim": embed,
        "hidden_dim": int(_require(hf, "intermediate_size")),
        "num_heads": heads,
        "head_dim": int(hf.get("head_dim") or embed // heads),
        "num_kv_heads": int(hf.get("num_key_value_heads") or heads),
    }


# Tunix 0.1.7's qwen3 and llama3 attention never passes rope_theta to apply_rope: both
# always rotate with this base, whatever the config says.
FIXED_ROPE_THETA = {"qwen3": 1_000_000, "llama3": 1_000_000}


def loading_warnings(family: str, hf: dict[str, Any]) -> list[str]:
    """Ways the Tunix model will compute differently from the checkpoint's own config."""
    notes: list[str] = []
    fixed = FIXED_ROPE_THETA.get(family)
    if fixed is not None and _rope_theta(hf, fixed) != fixed:
        notes.append(
            f"config.json has rope_theta={_rope_theta(hf, fixed):g} but Tunix's {family} "
            f"model always uses {fixed:g}; logits will differ from Hugging Face's"
        )
    scaling = hf.get("rope_scaling") or (hf.get("rope_parameters") or {}).get("rope_type")
    if family == "llama3" and scaling and scaling != "default":
        notes.append("Tunix's llama3 model ignores rope_scaling; long-context logits differ")
    return notes


def tunix_config(family: str, hf: dict[str, Any]) -> Any:
    """Build the family's Tunix ModelConfig from a config.json dict (float32 params)."""
    if hf.get("num_experts") or hf.get("num_local_experts"):
        raise UnsupportedModelError("mixture-of-experts checkpoints are not supported")
    common = _common(hf)
    vocab = int(_require(hf, "vocab_size"))
    if family in ("qwen2", "qwen3"):
        module = _model_module(family)
        return module.ModelConfig(
            **common,
            vocab_size=vocab,
            rope_theta=int(_rope_theta(hf, 1_000_000)),
            norm_eps=float(hf.get("rms_norm_eps", 1e-6)),
            use_tied_embedding=bool(hf.get("tie_word_embeddings", False)),
        )
    if family == "llama3":
        from tunix.models.llama3 import model as llama3

        return llama3.ModelConfig(
            **common,
            vocab_size=vocab,
            rope_theta=int(_rope_theta(hf, 500_000)),
            norm_eps=float(hf.get("rms_norm_eps", 1e-5)),
            weight_tying=bool(hf.get("tie_word_embeddings", False)),
        )
    if family == "gemma":
        return _gemma_config(hf, common, vocab)
    if family == "gemma3":
        return _gemma3_config(hf, common, vocab)
    raise UnsupportedModelError(f"unknown family {family!r}; supported: {', '.join(FAMILIES)}")


def _gemma_config(hf: dict[str, Any], common: dict[str, Any], vocab: int) -> Any:
    from tunix.models.gemma import model as gemma

    gemma2 = hf.get("model_type") == "gemma2" or "Gemma2ForCausalLM" in (
        hf.get("architectures") or []
    )
    layers = common["num_layers"]
    if gemma2:
        kinds = (gemma.AttentionType.LOCAL_SLIDING, gemma.AttentionType.GLOBAL)
        attention_types = tuple(kinds[i % 2] for i in range(layers))
    else:
        attention_types = (gemma.AttentionType.GLOBAL,) * layers
    return gemma.ModelConfig(
        **common,
        num_embed=vocab,
        final_logit_softcap=hf.get("final_logit_softcapping") if gemma2 else None,
        attn_logits_soft_cap=hf.get("attn_logit_softcapping") if gemma2 else None,
        use_post_attn_norm=gemma2,
        use_post_ffw_norm=gemma2,
        attention_types=attention_types,
        sliding_window_size=hf.get("sliding_window") if gemma2 else None,
    )


def _gemma3_config(hf: dict[str, Any], common: dict[str, Any], vocab: int) -> Any:
    from tunix.models.gemma3 import model as gemma3

    norm = gemma3.QueryPreAttentionNormalisation
    scalar = hf.get("query_pre_attn_scalar", common["head_dim"])
    if scalar == common["head_dim"]:
        query_norm = norm.BY_ONE_OVER_SQRT_HEAD_DIM
    elif scalar == common["embed_dim"] // common["num_heads"]:
        query_norm = norm.BY_ONE_OVER_SQRT_EMBED_DIM_DIV_NUM_HEADS
    else:
        raise UnsupportedModelError(f"gemma3 query_pre_attn_scalar={scalar} is not supported")
    scaling = hf.get("rope_scaling") or {}
    return gemma3.ModelConfig(
        **common,
        num_embed=vocab,
        sliding_window_size=hf.get("sliding_window"),
        local_base_frequency=int(hf.get("rope_local_base_freq", 10_000)),
        global_base_frequency=int(_rope_theta(hf, 1_000_000)),
        global_scale_factor=float(scaling.get("factor", 1.0)),
        query_pre_attn_norm=query_norm,
        param_dtype=jnp.float32,  # Gemma3 defaults to bf16; float32 keeps CPU runs exact
    )


def _model_module(family: str) -> Any:
    if family == "qwen2":
        from tunix.models.qwen2 import model as qwen2

        return qwen2
    from tunix.models.qwen3 import model as qwen3

    return qwen3


def hf_config(family: str, config: Any, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A config.json dict for a Tunix model of family qwen2, qwen3 or llama3."""
    if family not in ARCHITECTURE_BY_FAMILY:
        raise UnsupportedModelError(
            f"writing config.json for {family!r} models is not supported; "
            f"supported: {', '.join(ARCHITECTURE_BY_FAMILY)}"
        )
    architecture, model_type = ARCHITECTURE_BY_FAMILY[family]
    fields = (
        dataclasses.asdict(config)
        if dataclasses.is_dataclass(config) and not isinstance(config, type)
        else {}
    )
    tied = fields.get("use_tied_embedding", fields.get("weight_tying", False))
    out: dict[str, Any] = {
        "architectures": [architecture],
        "model_type": model_type,
        "vocab_size": config.vocab_size,
        "hidden_size": config.embed_dim,
        "intermediate_size": config.hidden_dim,
        "num_hidden_layers": config.num_layers,
        "num_attention_heads": config.num_heads,
        "num_key_value_heads": config.num_kv_heads,
        "head_dim": config.head_dim,
        "hidden_act": "silu",
        "rms_norm_eps": config.norm_eps,
        "rope_theta": FIXED_ROPE_THETA.get(family, config.rope_theta),
        "rope_scaling": None,
        "tie_word_embeddings": bool(tied),
        "attention_bias": family == "qwen2",
        "attention_dropout": 0.0,
        "max_position_embeddings": 32768,
        "torch_dtype": "float32",
        "use_cache": True,
    }
    out.update(extra or {})
    return out
