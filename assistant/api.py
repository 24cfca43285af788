"""The assistant as functions, for notebooks and other tools (the CLI and benchmark use these).

    from assistant.api import generate, ask
    result = generate("NVT Lennard-Jones liquid at T*=1.5, 500 atoms, 2000 steps")
    result.status, result.final_script, [a.status for a in result.attempts]
    ask("Which ensemble fixes N, V and T?", ["NVE", "NPT", "NVT"]).choice  # -> 2

The model server comes from MDWEB_LLM_BASE_URL (default: the embedded server on
127.0.0.1:8091); `llm=None` uses the deterministic builder and retrieval only.
"""

from __future__ import annotations

from .agent.loop import AgentResult, run_agent
from .knowledge import Answer
from .knowledge import ask as _ask
from .llm import LLM, LLMConfig, ModelUnavailable

__all__ = ["LLM", "LLMConfig", "ModelUnavailable", "AgentResult", "Answer", "generate", "ask", "default_llm"]


def default_llm() -> LLM:
    return LLM(LLMConfig.from_env())


def generate(
    request: str, *, llm: LLM | None | bool = True, max_attempts: int = 4, mode: str = "loop", **kwargs
) -> AgentResult:
    model = default_llm() if llm is True else (llm or None)
    return run_agent(request, llm=model, max_attempts=max_attempts, mode=mode, **kwargs)


def ask(question: str, choices: list[str] | None = None, *, llm: LLM | None | bool = True) -> Answer:
    model = default_llm() if llm is True else (llm or None)
    return _ask(question, choices, llm=model)
