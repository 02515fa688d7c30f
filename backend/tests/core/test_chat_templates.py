"""Chat-template rendering of a trace into one SFT example {prompt, completion}."""

import pytest

from tunix_rt.core.chat_templates import (
    ANSWER_MARKER,
    TEMPLATE_NAMES,
    get_template,
    render_completion,
    render_prompt,
    render_reasoning,
    render_sft,
)

TRACE = {
    "prompt": "What is 2 + 3?",
    "steps": [
        {"i": 0, "type": "read", "content": "Read 2 and 3."},
        {"i": 1, "type": "add", "content": "2 + 3 = 5"},
    ],
    "final_answer": "5",
}
BODY = "Step 1: Read 2 and 3.\nStep 2: 2 + 3 = 5\nAnswer: 5"


def test_the_four_templates_are_offered():
    assert set(TEMPLATE_NAMES) == {"chatml", "gemma", "llama3", "plain"}


@pytest.mark.parametrize(
    ("template", "prompt", "completion"),
    [
        (
            "chatml",
            "<|im_start|>user\nWhat is 2 + 3?<|im_end|>\n<|im_start|>assistant\n",
            BODY + "<|im_end|>",
        ),
        (
            "gemma",
            "<start_of_turn>user\nWhat is 2 + 3?<end_of_turn>\n<start_of_turn>model\n",
            BODY + "<end_of_turn>",
        ),
        (
            "llama3",
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nWhat is 2 + 3?<|eot_id|>"
            "<|start_header_id|>assistant<|end_header_id|>\n\n",
            BODY + "<|eot_id|>",
        ),
        ("plain", "Question: What is 2 + 3?\nReasoning:\n", BODY + "\n"),
    ],
)
def test_render_sft_without_system(template, prompt, completion):
    assert render_sft(TRACE, template) == {"prompt": prompt, "completion": completion}


@pytest.mark.parametrize(
    ("template", "prompt"),
    [
        (
            "chatml",
            "<|im_start|>system\nBe brief.<|im_end|>\n"
            "<|im_start|>user\nWhat is 2 + 3?<|im_end|>\n<|im_start|>assistant\n",
        ),
        (
            # Gemma has no system role: the system text is prefixed to the user turn.
            "gemma",
            "<start_of_turn>user\nBe brief.\n\nWhat is 2 + 3?<end_of_turn>\n<start_of_turn>model\n",
        ),
        (
            "llama3",
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
            "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2 + 3?<|eot_id|>"
            "<|start_header_id|>assistant<|end_header_id|>\n\n",
        ),
        ("plain", "Be brief.\n\nQuestion: What is 2 + 3?\nReasoning:\n"),
    ],
)
def test_render_prompt_with_system(template, prompt):
    assert render_prompt(TRACE["prompt"], template, system="Be brief.") == prompt


def test_empty_system_is_the_same_as_no_system():
    for name in TEMPLATE_NAMES:
        assert render_prompt("Hi?", name, system="") == render_prompt("Hi?", name)


def test_prompt_braces_are_kept_verbatim():
    out = render_prompt("Format {x} and {}", "chatml", system="Use {braces}")
    assert "Format {x} and {}" in out
    assert "Use {braces}" in out


def test_steps_render_in_index_order_even_when_sent_out_of_order():
    steps = [
        {"i": 10, "type": "c", "content": "third"},
        {"i": 2, "type": "a", "content": "first"},
        {"i": 5, "type": "b", "content": "second"},
    ]
    assert render_reasoning(steps, "x") == "Step 1: first\nStep 2: second\nStep 3: third\nAnswer: x"


def test_completion_ends_with_the_answer_line_then_end_of_turn():
    for name in TEMPLATE_NAMES:
        completion = render_completion(TRACE["steps"], "5", name)
        end = get_template(name).end_of_turn
        assert completion.endswith(end)
        last_line = completion.removesuffix(end).split("\n")[-1]
        assert last_line == f"{ANSWER_MARKER} 5"
    assert ANSWER_MARKER == "Answer:"


def test_multiline_answer_stays_after_the_marker():
    body = render_reasoning(TRACE["steps"], "line one\nline two")
    assert body.endswith("Answer: line one\nline two")


@pytest.mark.parametrize(
    "render", [lambda: render_sft(TRACE, "vicuna"), lambda: get_template("vicuna")]
)
def test_unknown_template_is_rejected_with_the_choices(render):
    with pytest.raises(ValueError, match="unknown chat template 'vicuna'") as info:
        render()
    for name in TEMPLATE_NAMES:
        assert name in str(info.value)
