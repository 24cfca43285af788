"""MD-Instruct as a judge of what rules cannot see: is the script physically sound, does it do
what was asked, are its parameters sensible? The verdict is recorded next to the rule-based
checks and shown to the user; it never decides alone whether an attempt succeeded."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass

RUBRIC = (
    "You are MD-Instruct, an expert in molecular dynamics. Judge a LAMMPS script written for a user's request. "
    "Score each criterion from 1 (wrong) to 5 (expert quality): sound (the physics and the protocol are "
    "sound), matches (it does what was asked), parameters (timestep, damping, cutoff, size, duration are "
    'sensible). Reply with JSON only: {"sound": n, "matches": n, "parameters": n, "comment": "one sentence"}'
)


@dataclass
class Judgement:
    sound: int | None
    matches: int | None
    parameters: int | None
    comment: str
    raw: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def concern(self) -> bool:
        scores = [s for s in (self.sound, self.matches, self.parameters) if s is not None]
        return bool(scores) and min(scores) <= 2


def parse(text: str) -> Judgement:
    m = re.search(r"\{.*\}", text, re.S)
    data: dict = {}
    if m:
        try:
            data = json.loads(m.group(0))
        except ValueError:
            data = {}

    def score(key: str) -> int | None:
        value = data.get(key)
        if value is None:
            found = re.search(rf"{key}\D{{0,12}}([1-5])", text, re.I)
            value = found.group(1) if found else None
        try:
            return max(1, min(5, int(value))) if value is not None else None
        except (TypeError, ValueError):
            return None

    return Judgement(
        score("sound"), score("matches"), score("parameters"), str(data.get("comment", ""))[:300], text[:500]
    )


def judge(llm, request: str, script: str, checks: list[dict], max_tokens: int = 120) -> Judgement | None:
    if llm is None:
        return None
    passed = ", ".join(c["name"] for c in checks if c["passed"]) or "none"
    failed = ", ".join(c["name"] for c in checks if not c["passed"]) or "none"
    messages = [{"role": "system", "content": RUBRIC},
                {"role": "user", "content": f"Request: {request}\n\nScript:\n```lammps\n{script[:4000]}\n```\n"
                                            f"Rule-based checks passed: {passed}; failed: {failed}."}]  # fmt: skip
    try:
        completion = llm.complete(messages, model=llm.config.instruct_model, max_tokens=max_tokens, temperature=0.0)
    except Exception as exc:  # a judge that cannot answer is recorded as such, never blocks
        return Judgement(None, None, None, f"the judge could not answer: {exc}")
    return parse(completion.text)
