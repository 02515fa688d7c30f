from transformers import AutoTokenizer

from tunix_rt.core.chat_templates import render_sft
from tunix_rt.generators.registry import get_generator
from tunix_rt_training.tokenizer import (
    SPECIAL_TOKENS,
    load_tokenizer,
    stop_token_ids,
    train_tokenizer,
)


def _texts(n=60):
    traces = get_generator("arithmetic").generate(n, 0, {"digits": 2})
    return [e["prompt"] + e["completion"] for e in (render_sft(t, "chatml") for t in traces)]


def test_trained_tokenizer_loads_with_autotokenizer_offline(tmp_path):
    train_tokenizer(_texts(), 512, tmp_path)
    assert {"tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"} <= {
        p.name for p in tmp_path.iterdir()
    }
    tokenizer = AutoTokenizer.from_pretrained(str(tmp_path), local_files_only=True)
    text = _texts(1)[0]
    assert tokenizer.decode(tokenizer.encode(text, add_special_tokens=False)) == text
    assert len(tokenizer) <= 512


def test_special_tokens_and_template_markers_are_single_tokens(tmp_path):
    tokenizer = train_tokenizer(_texts(), 512, tmp_path)
    assert (tokenizer.pad_token_id, tokenizer.bos_token_id, tokenizer.eos_token_id) == (0, 1, 2)
    for marker in SPECIAL_TOKENS:
        assert len(tokenizer.encode(marker, add_special_tokens=False)) == 1, marker


def test_digits_are_split_one_by_one(tmp_path):
    tokenizer = load_tokenizer(_trained(tmp_path))
    pieces = [tokenizer.decode([i]) for i in tokenizer.encode("1234", add_special_tokens=False)]
    assert pieces == ["1", "2", "3", "4"]


def test_stop_tokens_are_eos_and_the_end_of_turn_marker(tmp_path):
    tokenizer = load_tokenizer(_trained(tmp_path))
    im_end = tokenizer.convert_tokens_to_ids("<|im_end|>")
    assert stop_token_ids(tokenizer, "<|im_end|>") == [tokenizer.eos_token_id, im_end]
    assert stop_token_ids(tokenizer, "\n") == [tokenizer.eos_token_id]


def _trained(path):
    train_tokenizer(_texts(), 512, path)
    return path
