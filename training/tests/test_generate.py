import orjson
import pytest
from conftest import write_traces

from tunix_rt_training.config import GenerateConfig, config_from_dict
from tunix_rt_training.events import Reporter
from tunix_rt_training.generate import extract_answer, generate

pytestmark = pytest.mark.slow


def test_generates_one_prediction_per_item_in_padded_batches(trained, tmp_path):
    items = write_traces(tmp_path / "items.jsonl", 11, seed=5)
    config = config_from_dict(
        GenerateConfig,
        {"model": str(trained.run_dir / "export"), "max_new_tokens": 40, "batch_size": 4},
    )
    events = []

    class Collect(Reporter):
        def emit(self, event, **fields):
            events.append({"event": event, **fields})

    result = generate(config, items, tmp_path / "preds.jsonl", Collect(show_progress=False))
    lines = [orjson.loads(line) for line in (tmp_path / "preds.jsonl").read_bytes().splitlines()]
    assert len(lines) == result["count"] == 11
    for line in lines:
        assert {"prompt", "completion", "answer", "num_tokens", "finish_reason"} <= line.keys()
        assert line["expected_answer"] and 0 < line["num_tokens"] <= 40
        assert not line["completion"].startswith("<|im_start|>")  # the prompt is not echoed
    assert result["template"] == "chatml" and result["tokens_per_s"] > 0
    assert [e["step"] for e in events if e["event"] == "progress"] == [1, 2, 3]


def test_answer_is_the_text_after_the_last_marker():
    assert extract_answer("Step 1: 2 + 3 = 5\nAnswer: 5") == "5"
    assert extract_answer("Answer: 1\nAnswer:  42 \nmore") == "42"
    assert extract_answer("no marker") is None
    assert extract_answer("Answer:") == ""
