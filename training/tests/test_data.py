import numpy as np
import pytest

from tunix_rt_training.data import (
    Example,
    TrainStream,
    encode_example,
    encode_set,
    eval_batches,
    read_examples,
)
from tunix_rt_training.tokenizer import train_tokenizer


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory, traces):
    examples = read_examples(traces[0], "chatml")
    texts = [e.prompt + e.completion for e in examples]
    return train_tokenizer(texts, 512, tmp_path_factory.mktemp("tok"))


def test_loss_mask_covers_the_completion_and_eos_only(tokenizer):
    example = Example(
        "<|im_start|>user\nWhat is 1 + 2?<|im_end|>\n<|im_start|>assistant\n", "Answer: 3<|im_end|>"
    )
    ids, mask, cut = encode_example(tokenizer, example, 64)
    prompt = tokenizer.encode(example.prompt, add_special_tokens=False)
    completion = tokenizer.encode(example.completion, add_special_tokens=False)
    assert ids == [tokenizer.bos_token_id, *prompt, *completion, tokenizer.eos_token_id]
    assert mask == [0] * (len(prompt) + 1) + [1] * (len(completion) + 1)
    assert not cut


def test_long_examples_are_cut_and_counted(tokenizer, traces):
    examples = read_examples(traces[0], "chatml")
    shortest_prompt = min(len(tokenizer.encode(e.prompt)) for e in examples) + 1  # + BOS
    data = encode_set(tokenizer, examples, shortest_prompt)
    assert data.tokens.shape == (48, shortest_prompt)
    assert data.truncated == 48 and data.without_loss == 48
    full = encode_set(tokenizer, examples, 96)
    assert full.truncated == 0 and full.without_loss == 0
    assert (full.tokens[~full.padding_mask] == tokenizer.pad_token_id).all()
    assert not (full.loss_mask.astype(bool) & ~full.padding_mask).any()


def test_bad_trace_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"prompt": "x"}\n')
    with pytest.raises(ValueError, match=r"bad.jsonl: line 1"):
        read_examples(path, "chatml")


def test_stream_is_deterministic_and_reshuffles_each_epoch(tokenizer, traces):
    data = encode_set(tokenizer, read_examples(traces[0], "chatml"), 96)
    a = TrainStream(data, 8, 1, total_steps=12, seed=7)
    b = TrainStream(data, 8, 1, total_steps=12, seed=7)
    assert all((x["input_tokens"] == y["input_tokens"]).all() for x, y in zip(a, b, strict=True))
    epoch0 = np.concatenate([a.rows(m) for m in range(6)])
    epoch1 = np.concatenate([a.rows(m) for m in range(6, 12)])
    assert sorted(epoch0) == sorted(epoch1) == list(range(48))
    assert list(epoch0) != list(epoch1)
    assert a.epoch_at(6) == 1.0


def test_stream_stops_at_update_boundaries_when_asked(tokenizer, traces):
    data = encode_set(tokenizer, read_examples(traces[0], "chatml"), 96)
    calls = iter([False, False, True])
    stream = TrainStream(data, 4, 2, total_steps=10, seed=0, should_stop=lambda: next(calls))
    assert len(list(stream)) == 4  # two whole updates of two micro-batches


def test_eval_batches_pad_the_last_batch_with_loss_free_rows(tokenizer, traces):
    data = encode_set(tokenizer, read_examples(traces[1], "chatml"), 96)
    batches = eval_batches(data, 12)
    assert [b["input_tokens"].shape for b in batches] == [(12, 96), (12, 96)]
    assert batches[1]["input_mask"][4:].sum() == 0 and not batches[1]["padding_mask"][4:].any()
