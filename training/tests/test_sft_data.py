import subprocess
import sys

import orjson
import pytest

from tunix_rt_training.sft_data import sft_examples

TRACE = {
    "trace_version": "1",
    "prompt": "What is 2 + 3?",
    "final_answer": "5",
    "steps": [
        {"i": 1, "type": "add", "content": "2 + 3 = 5"},
        {"i": 0, "type": "read", "content": "Read 2 and 3."},
    ],
    "split": "eval",
    "id": "t1",
}


def test_renders_with_the_shared_template_and_keeps_split():
    [example] = sft_examples([orjson.dumps(TRACE)], "chatml")
    assert (
        example["prompt"] == "<|im_start|>user\nWhat is 2 + 3?<|im_end|>\n<|im_start|>assistant\n"
    )
    assert example["completion"] == "Step 1: Read 2 and 3.\nStep 2: 2 + 3 = 5\nAnswer: 5<|im_end|>"
    assert example["split"] == "eval" and example["id"] == "t1"


def test_bad_line_names_its_number():
    with pytest.raises(ValueError, match="line 2"):
        list(sft_examples([orjson.dumps(TRACE), b'{"prompt": ""}'], "plain"))


def test_cli_renders_a_file_and_never_imports_the_web_stack(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_bytes(orjson.dumps(TRACE) + b"\n")
    code = (
        f"import sys, runpy; sys.argv=['x','render',{str(path)!r},'--template','gemma']"
        "\ntry: runpy.run_module('tunix_rt_training', run_name='__main__')"
        "\nexcept SystemExit: pass"
        "\nweb = {'fastapi', 'sqlalchemy'} & set(sys.modules)"
        "\nassert not web, f'web stack imported: {web}'"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    line = orjson.loads(out.stdout.splitlines()[0])
    assert line["prompt"].startswith("<start_of_turn>user\n")
