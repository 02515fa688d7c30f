"""Hugging Face export: round trips through Tunix's own safetensors loaders."""

import json

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from conftest import losses, train_in_process
from flax import nnx
from tunix.models.llama3 import model as llama3
from tunix.models.qwen2 import model as qwen2

from tunix_rt_training.config import MeshConfig
from tunix_rt_training.devices import make_mesh, select_devices
from tunix_rt_training.export import export_model, hf_state_dict, merged_params
from tunix_rt_training.hf_config import UnsupportedModelError, family_of, tunix_config
from tunix_rt_training.models import LoadedModel, create_model, model_class
from tunix_rt_training.steps import model_inputs
from tunix_rt_training.tokenizer import load_tokenizer

pytestmark = pytest.mark.slow

TOKENS = np.array([[1, 4, 30, 31, 7, 40, 5, 2, 0, 0], [1, 9, 8, 7, 6, 5, 4, 3, 2, 0]], np.int32)


@nnx.jit
def _forward(model, batch):
    inputs = model_inputs(batch)
    out, _ = model(inputs["input_tokens"], inputs["positions"], None, inputs["attention_mask"])
    return out


def logits(model):
    batch = {"input_tokens": TOKENS, "input_mask": TOKENS * 0, "padding_mask": TOKENS != 0}
    return np.asarray(_forward(model, batch))


def mesh():
    return make_mesh(MeshConfig(), select_devices("cpu"))


def test_export_has_the_hugging_face_layout(trained):
    files = {p.name for p in (trained.run_dir / "export").iterdir()}
    assert {
        "config.json",
        "model.safetensors",
        "generation_config.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
        "tunix_rt.json",
    } <= files
    config = json.loads((trained.run_dir / "export" / "config.json").read_text())
    assert config["architectures"] == ["Qwen3ForCausalLM"] and config["num_hidden_layers"] == 2
    assert config["vocab_size"] == 512 and config["tie_word_embeddings"] is False
    meta = json.loads((trained.run_dir / "export" / "tunix_rt.json").read_text())
    assert meta["template"] == "chatml" and meta["step"] == 24


def test_export_reloads_through_tunix_with_identical_logits(trained):
    reloaded = create_model(str(trained.run_dir / "export"), 0, mesh())
    assert reloaded.family == "qwen3"
    np.testing.assert_allclose(
        logits(reloaded.model), logits(trained.outcome.model.model), atol=1e-6
    )


@pytest.mark.parametrize("family", ["qwen2", "llama3"])
@pytest.mark.parametrize("tied", [False, True])
def test_other_dense_families_round_trip(family, tied, trained, tmp_path):
    dims = dict(
        num_layers=2,
        vocab_size=512,
        embed_dim=64,
        hidden_dim=96,
        num_heads=4,
        head_dim=16,
        num_kv_heads=2,
        rope_theta=1_000_000,
        norm_eps=1e-6,
    )
    if family == "qwen2":
        config = qwen2.ModelConfig(**dims, use_tied_embedding=tied)
    else:
        config = llama3.ModelConfig(**dims, weight_tying=tied)
    # Shapes from the real constructor, values from host noise: every weight is distinct
    # (so a swapped or mis-transposed tensor shows) and no eager XLA op is compiled.
    abstract = nnx.eval_shape(lambda: model_class(family)(config, rngs=nnx.Rngs(params=3)))
    graphdef, state = nnx.split(abstract)
    rng = np.random.default_rng(0)
    model = nnx.merge(
        graphdef,
        jax.tree.map(lambda x: jnp.asarray(rng.normal(0, 0.3, x.shape), jnp.float32), state),
    )
    loaded = LoadedModel(model=model, family=family, config=config, preset=None)
    tokenizer = load_tokenizer(trained.run_dir / "export")
    export_model(
        loaded, tokenizer, tmp_path, lora_scale=None, metadata={}, end_of_turn="<|im_end|>"
    )
    hf = json.loads((tmp_path / "config.json").read_text())
    assert (
        hf["tie_word_embeddings"] is tied
        and ("lm_head.weight" in hf_state_dict(loaded, merged_params(model))) is not tied
    )
    reloaded = create_model(str(tmp_path), 0, mesh())
    assert reloaded.family == family
    np.testing.assert_array_equal(logits(reloaded.model), logits(model))


def test_lora_export_merges_adapters_into_the_base_weights(lora_trained):
    reloaded = create_model(str(lora_trained.run_dir / "export"), 0, mesh())
    assert not any(isinstance(v, nnx.LoRAParam) for _, v in nnx.iter_graph(reloaded.model))
    np.testing.assert_allclose(
        logits(reloaded.model), logits(lora_trained.outcome.model.model), atol=1e-4, rtol=1e-4
    )


def test_a_local_checkpoint_directory_is_a_model_source(trained, traces, tmp_path):
    """Fine-tune the exported tiny checkpoint as a 'Hugging Face' model: its tokenizer is
    reused and its step-0 eval loss is the trained run's final one."""
    run = train_in_process(
        tmp_path / "from_export", traces, model=str(trained.run_dir / "export"), max_steps=2
    )
    first_eval = next(e for e in run.events if "eval_loss" in e.get("values", {}))
    assert first_eval["step"] == 0
    assert first_eval["values"]["eval_loss"] == pytest.approx(
        trained.outcome.result["metrics"]["eval_loss"], abs=1e-5
    )
    assert sorted(losses(run.events)) == [1, 2]
    assert not (tmp_path / "from_export" / "tokenizer").exists()
    exported = json.loads((tmp_path / "from_export" / "export" / "config.json").read_text())
    assert exported["architectures"] == ["Qwen3ForCausalLM"]


def test_unsupported_checkpoints_fail_with_a_clear_message(tmp_path):
    with pytest.raises(UnsupportedModelError, match="neither a preset"):
        create_model(str(tmp_path / "nope"), 0, mesh())
    (tmp_path / "config.json").write_text(json.dumps({"architectures": ["MistralForCausalLM"]}))
    (tmp_path / "model.safetensors").write_bytes(b"")
    with pytest.raises(UnsupportedModelError, match=r"unsupported architecture.*Mistral"):
        create_model(str(tmp_path), 0, mesh())


def test_gemma_configs_map_onto_tunix_fields():
    gemma2 = {
        "architectures": ["Gemma2ForCausalLM"],
        "model_type": "gemma2",
        "vocab_size": 1000,
        "hidden_size": 64,
        "intermediate_size": 128,
        "num_hidden_layers": 4,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "head_dim": 16,
        "final_logit_softcapping": 30.0,
        "attn_logit_softcapping": 50.0,
        "sliding_window": 32,
    }
    config = tunix_config(family_of(gemma2), gemma2)
    assert (
        config.num_embed == 1000 and config.use_post_ffw_norm and config.final_logit_softcap == 30.0
    )
    assert [t.name for t in config.attention_types] == ["LOCAL_SLIDING", "GLOBAL"] * 2
    gemma3 = {
        "architectures": ["Gemma3ForCausalLM"],
        "vocab_size": 1000,
        "hidden_size": 64,
        "intermediate_size": 128,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 1,
        "head_dim": 16,
        "query_pre_attn_scalar": 16,
        "sliding_window": 32,
        "rope_theta": 1_000_000,
        "rope_local_base_freq": 10_000,
    }
    config3 = tunix_config(family_of(gemma3), gemma3)
    assert config3.global_base_frequency == 1_000_000 and config3.param_dtype == np.float32
    model = nnx.eval_shape(lambda: model_class("gemma")(config, rngs=nnx.Rngs(params=0)))
    with pytest.raises(UnsupportedModelError, match="exporting gemma models is not supported"):
        hf_state_dict(LoadedModel(model, "gemma", config, None), {})
