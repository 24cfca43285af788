"""Fixtures for the assistant: a real embedded model server (SmolLM2 from PyPI) and a scripted
model that is only used to force specific failures in the loop's control flow."""

from __future__ import annotations

import pytest


class ScriptedLLM:
    """Returns prepared replies in order (to force a failure mode); records the prompts."""

    def __init__(self, replies: list[str]) -> None:
        from assistant.llm import LLMConfig

        self.replies = list(replies)
        self.prompts: list[list[dict]] = []
        self.config = LLMConfig()

    def complete(self, messages, *, model, max_tokens=512, temperature=0.2, stop=None, on_token=None, seed=None):
        from assistant.llm import Completion

        self.prompts.append([dict(m) for m in messages])
        text = self.replies.pop(0) if self.replies else "no more replies"
        for piece in text.split(" "):
            if on_token:
                on_token(piece + " ")
        return Completion(text=text, model=model, tokens=len(text.split()))


@pytest.fixture
def scripted():
    return ScriptedLLM
