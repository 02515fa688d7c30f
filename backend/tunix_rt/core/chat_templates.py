"""Chat-template rendering of traces for SFT; training imports this same module.

A rendered example is a `prompt` (everything the model is given, ending where the model
starts to speak) and a `completion` (what the loss is computed on: the reasoning steps,
then `Answer: <final answer>`, then the template's end-of-turn marker).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ANSWER_MARKER = "Answer:"


@dataclass(frozen=True)
class ChatTemplate:
    name: str
    system: str  # format with {system}; empty when the template has no system turn
    user: str  # format with {prompt}
    assistant_start: str
    end_of_turn: str


TEMPLATES: dict[str, ChatTemplate] = {
    "chatml": ChatTemplate(
        name="chatml",
        system="<|im_start|>system\n{system}<|im_end|>\n",
        user="<|im_start|>user\n{prompt}<|im_end|>\n",
        assistant_start="<|im_start|>assistant\n",
        end_of_turn="<|im_end|>",
    ),
    "gemma": ChatTemplate(
        name="gemma",
        # Gemma has no system role: the system text is prefixed to the user turn.
        system="",
        user="<start_of_turn>user\n{prompt}<end_of_turn>\n",
        assistant_start="<start_of_turn>model\n",
        end_of_turn="<end_of_turn>",
    ),
    "llama3": ChatTemplate(
        name="llama3",
        system="<|start_header_id|>system<|end_header_id|>\n\n{system}<|eot_id|>",
        user="<|start_header_id|>user<|end_header_id|>\n\n{prompt}<|eot_id|>",
        assistant_start="<|start_header_id|>assistant<|end_header_id|>\n\n",
        end_of_turn="<|eot_id|>",
    ),
    "plain": ChatTemplate(
        name="plain",
        system="{system}\n\n",
        user="Question: {prompt}\n",
        assistant_start="Reasoning:\n",
        end_of_turn="\n",
    ),
}
TEMPLATE_NAMES = tuple(TEMPLATES)


def get_template(name: str) -> ChatTemplate:
    try:
        return TEMPLATES[name]
    except KeyError:
        raise ValueError(
            f"unknown chat template {name!r}; choose one of {', '.join(TEMPLATE_NAMES)}"
        ) from None


def render_prompt(prompt: str, template: str, system: str | None = None) -> str:
    """What the model sees before it answers (also used at generation time)."""
    t = get_template(template)
    head = "<|begin_of_text|>" if t.name == "llama3" else ""
    if system and t.system:
        head += t.system.format(system=system)
    elif system:
        prompt = f"{system}\n\n{prompt}"
    return head + t.user.format(prompt=prompt) + t.assistant_start


def render_reasoning(steps: Sequence[Mapping[str, Any]], final_answer: str) -> str:
    """Template-free body: one line per step in index order, then the answer line."""
    ordered = sorted(steps, key=lambda s: int(s["i"]))
    lines = [f"Step {n}: {s['content']}" for n, s in enumerate(ordered, start=1)]
    lines.append(f"{ANSWER_MARKER} {final_answer}")
    return "\n".join(lines)


def render_completion(steps: Sequence[Mapping[str, Any]], final_answer: str, template: str) -> str:
    return render_reasoning(steps, final_answer) + get_template(template).end_of_turn


def render_sft(
    trace: Mapping[str, Any], template: str, system: str | None = None
) -> dict[str, str]:
    """A trace payload as one SFT example: {prompt, completion}."""
    return {
        "prompt": render_prompt(trace["prompt"], template, system),
        "completion": render_completion(trace["steps"], trace["final_answer"], template),
    }
