"""The chat messages a training sample becomes: the same system prompts and request framing the
app uses at inference (assistant/agent/draft.py, assistant/knowledge.py), so what the adapter
learns is what the loop asks of it."""

from __future__ import annotations


def codegen_prompt(request: str) -> list[dict]:
    """MD-Code's first-draft prompt for a request: the plan's choices, without retrieved examples
    (a sample's own script could be its nearest example)."""
    from assistant.agent import draft
    from assistant.agent.plan import make_plan
    from assistant.agent.request import read

    try:
        user = draft.first_prompt(request, make_plan(read(request)), [], {})
    except Exception:  # a request the planner cannot read still trains on its words
        user = f"Request: {request.strip()}\n\nReply with the full script."
    return [{"role": "system", "content": draft.SYSTEM}, {"role": "user", "content": user}]


def script_reply(script: str) -> list[dict]:
    return [{"role": "assistant", "content": f"```lammps\n{script.strip()}\n```"}]


def instruct_prompt(question: str, passage: str = "", source: str = "") -> list[dict]:
    """MD-Instruct's open-question prompt, with the source passage as note [1] (as retrieval gives it)."""
    from assistant.knowledge import SYSTEM_INSTRUCT, open_prompt, passage_context

    context = passage_context([(source or "notes", passage)]) if passage else ""
    return [
        {"role": "system", "content": SYSTEM_INSTRUCT},
        {"role": "user", "content": open_prompt(context, question.strip())},
    ]


def answer_reply(answer: str) -> list[dict]:
    return [{"role": "assistant", "content": answer.strip()}]


def conversational(sample: dict, adapter: str) -> dict:
    """A dataset row (prompt/completion or text) in TRL's conversational prompt-completion form."""
    if sample.get("text") and not sample.get("prompt"):
        return {"text": sample["text"]}
    if adapter == "md-instruct":
        meta = sample.get("meta", {})
        return {"prompt": instruct_prompt(sample["prompt"], meta.get("passage", ""), meta.get("source", "")),
                "completion": answer_reply(sample["completion"])}  # fmt: skip
    return {"prompt": codegen_prompt(sample["prompt"]), "completion": script_reply(sample["completion"])}
