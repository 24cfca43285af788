"""The one way the app talks to models: an OpenAI-compatible HTTP API (vLLM in production, the
embedded llama.cpp server by default, anything else that speaks the API).

Configured by environment (see mdweb/settings.py): MDWEB_LLM_BASE_URL, MDWEB_LLM_API_KEY,
MDWEB_CODE_MODEL (MD-Code), MDWEB_INSTRUCT_MODEL (MD-Instruct), MDWEB_LLM_TIMEOUT_S,
MDWEB_LLM_RETRIES. Plain Python: no Django import.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path


class ModelUnavailable(RuntimeError):
    """The model server did not answer (down, overloaded or too slow); the message says which."""


@dataclass
class LLMConfig:
    base_url: str = "http://127.0.0.1:8091/v1"
    api_key: str = "not-needed"
    code_model: str = "md-code"
    instruct_model: str = "md-instruct"
    timeout_s: float = 120.0
    retries: int = 2
    backoff_s: float = 1.0

    @classmethod
    def from_env(cls) -> LLMConfig:
        return cls(
            base_url=os.environ.get("MDWEB_LLM_BASE_URL", cls.base_url),
            api_key=os.environ.get("MDWEB_LLM_API_KEY", cls.api_key),
            code_model=os.environ.get("MDWEB_CODE_MODEL", cls.code_model),
            instruct_model=os.environ.get("MDWEB_INSTRUCT_MODEL", cls.instruct_model),
            timeout_s=float(os.environ.get("MDWEB_LLM_TIMEOUT_S", cls.timeout_s)),
            retries=int(os.environ.get("MDWEB_LLM_RETRIES", cls.retries)),
        )


@dataclass
class Completion:
    text: str
    model: str
    first_token_s: float | None = None
    tokens: int = 0
    wall_s: float = 0.0
    finish_reason: str | None = None
    stats: dict = field(default_factory=dict)

    @property
    def tokens_per_s(self) -> float | None:
        gen = self.wall_s - (self.first_token_s or 0.0)
        return self.tokens / gen if self.tokens and gen > 0 else None


class LLM:
    def __init__(self, config: LLMConfig | None = None) -> None:
        from openai import OpenAI

        self.config = config or LLMConfig.from_env()
        self.client = OpenAI(base_url=self.config.base_url, api_key=self.config.api_key,
                             timeout=self.config.timeout_s, max_retries=0)  # fmt: skip
        self._adapters: dict[str, int] | None = None

    def adapters(self) -> dict[str, int]:
        """LoRA adapters of a llama.cpp server ({name: id}, name = the GGUF file's stem), read once
        from its /lora-adapters; {} for servers without it (vLLM serves adapters as model names)."""
        if self._adapters is None:
            root = self.config.base_url.rstrip("/").removesuffix("/v1")
            request = urllib.request.Request(f"{root}/lora-adapters",
                                             headers={"Authorization": f"Bearer {self.config.api_key}"})  # fmt: skip
            try:
                with urllib.request.urlopen(request, timeout=3) as response:
                    items = json.loads(response.read())
            except urllib.error.HTTPError:
                items = []  # no such endpoint: not llama.cpp
            except Exception:
                return {}  # not cached: the server may not be up yet
            self._adapters = {Path(a["path"]).stem: int(a["id"]) for a in items if isinstance(a, dict) and "path" in a}
        return self._adapters

    def _select(self, model: str) -> dict | None:
        """llama.cpp's per-request adapter choice: the adapter named like the model at scale 1, the
        others at 0 (the base model alone when none is named so)."""
        adapters = self.adapters()
        if not adapters:
            return None
        return {"lora": [{"id": i, "scale": 1.0 if name == model else 0.0} for name, i in adapters.items()]}

    def health(self) -> dict:
        try:
            listed = self.client.with_options(timeout=3).models.list().data
            models = [m.id for m in listed]
            # llama.cpp: /lora-adapters; vLLM: LoRA modules are listed as models with a parent
            self._adapters = None
            adapters = sorted(self.adapters()) or [m.id for m in listed if getattr(m, "parent", None)]
            return {"ok": True, "models": models, "adapters": adapters, "base_url": self.config.base_url}
        except Exception as exc:
            return {"ok": False, "error": _explain(exc, self.config), "base_url": self.config.base_url}

    def stream(self, messages: list[dict], *, model: str, max_tokens: int = 512, temperature: float = 0.2,
               stop: list[str] | None = None, should_stop: Callable[[], bool] | None = None,
               seed: int | None = None) -> Iterator[str]:  # fmt: skip
        """Yield text pieces as they are generated. Retries (with backoff) only before the first piece.
        `seed` makes a sampled reply repeatable (llama.cpp and vLLM honour it)."""
        attempt = 0
        while True:
            try:
                response = self.client.chat.completions.create(model=model, messages=messages, stream=True,
                                                               max_tokens=max_tokens, temperature=temperature,
                                                               stop=stop, extra_body=self._select(model),
                                                               **({"seed": seed} if seed is not None else {}))  # fmt: skip
                break
            except Exception as exc:
                attempt += 1
                if attempt > self.config.retries or not _retryable(exc):
                    raise ModelUnavailable(_explain(exc, self.config)) from exc
                time.sleep(self.config.backoff_s * 2 ** (attempt - 1))
        try:
            for chunk in response:
                if should_stop and should_stop():
                    response.close()
                    return
                if chunk.choices and chunk.choices[0].delta and chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content
        except Exception as exc:
            raise ModelUnavailable(
                f"The model server stopped in the middle of the answer: {_explain(exc, self.config)}"
            ) from exc

    def complete(self, messages: list[dict], *, model: str, max_tokens: int = 512, temperature: float = 0.2,
                 stop: list[str] | None = None, on_token: Callable[[str], None] | None = None,
                 seed: int | None = None) -> Completion:  # fmt: skip
        started = time.monotonic()
        first = None
        parts: list[str] = []
        for piece in self.stream(
            messages, model=model, max_tokens=max_tokens, temperature=temperature, stop=stop, seed=seed
        ):
            if first is None:
                first = time.monotonic() - started
            parts.append(piece)
            if on_token:
                on_token(piece)
        return Completion(text="".join(parts), model=model, first_token_s=first, tokens=len(parts),
                          wall_s=time.monotonic() - started)  # fmt: skip

    def next_token_logprobs(self, messages: list[dict], *, model: str, top: int = 20) -> dict[str, float] | None:
        """Log-probabilities of the most likely first tokens of the reply (None when the server does
        not report them). Multiple-choice answers are read from these instead of sampled text."""
        try:
            response = self.client.chat.completions.create(model=model, messages=messages, max_tokens=1,
                                                           temperature=0.0, logprobs=True, top_logprobs=top,
                                                           extra_body=self._select(model))  # fmt: skip
        except Exception as exc:
            if _retryable(exc):
                raise ModelUnavailable(_explain(exc, self.config)) from exc
            return None  # the server does not do logprobs
        choice = response.choices[0] if response.choices else None
        content = getattr(getattr(choice, "logprobs", None), "content", None)
        if not content:
            return None
        out: dict[str, float] = {}
        for item in content[0].top_logprobs or []:
            key = item.token.strip()
            out[key] = max(out.get(key, float("-inf")), item.logprob)
        return out or None


def _retryable(exc: Exception) -> bool:
    import openai

    return isinstance(
        exc, openai.APIConnectionError | openai.APITimeoutError | openai.RateLimitError | openai.InternalServerError
    )


def _explain(exc: Exception, config: LLMConfig) -> str:
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return f"The model server at {config.base_url} did not answer within {config.timeout_s:g} s (overloaded or too slow)."
    if isinstance(exc, openai.APIConnectionError):
        return f"The model server at {config.base_url} is not reachable (is it running?)."
    if isinstance(exc, openai.NotFoundError):
        return f"The model server at {config.base_url} does not serve the requested model ({exc})."
    if isinstance(exc, openai.APIStatusError):
        return f"The model server answered with an error (HTTP {exc.status_code}): {str(exc)[:200]}"
    return f"Model call failed: {exc}"
