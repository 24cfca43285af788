"""Fixtures for the assistant: a real embedded model server (SmolLM2 from PyPI) and a scripted
model that is only used to force specific failures in the loop's control flow."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT, wait_for


@pytest.fixture(scope="session")
def model_server():
    """The real embedded server (llama.cpp via xllamacpp) with SmolLM2-135M, on a free port."""
    from assistant.llm import LLM, LLMConfig
    from mdweb.redis_server import free_port

    port = free_port()
    log = open(ROOT / "var" / f"model-server-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "assistant.modelserver", "--model", "smollm2", "--port", str(port),
                             "--threads", "2"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    config = LLMConfig(base_url=f"http://127.0.0.1:{port}/v1", timeout_s=120, retries=1)
    wait_for(lambda: proc.poll() is not None or LLM(config).health()["ok"], 120, interval=0.5, message="model server")
    assert proc.poll() is None, (ROOT / "var" / f"model-server-{port}.log").read_text()[-2000:]
    yield config
    proc.terminate()
    proc.wait(timeout=30)


class ScriptedLLM:
    """Returns prepared replies in order (to force a failure mode); records the prompts."""

    def __init__(self, replies: list[str]) -> None:
        from assistant.llm import LLMConfig

        self.replies = list(replies)
        self.prompts: list[list[dict]] = []
        self.config = LLMConfig()

    def complete(self, messages, *, model, max_tokens=512, temperature=0.2, stop=None, on_token=None):
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
