"""MD-InstructQA: question -> answer pairs made by the model from the knowledge base, kept only
when they are consistent and supported.

For each passage (our notes, the GROMACS manual's sections, the LAMMPS examples' READMEs):
1. the model writes one question the passage answers (temperature 0.7);
2. it answers that question from the passage `samples` times (temperature 0.7);
3. the pair is kept when the answers agree with each other (the numbers they state are the same
   and their words overlap) and the passage supports them (each number an answer states occurs in
   the passage, and most of its content words do).
Plain Python: the model is any `assistant.llm.LLM`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

STOP = set(
    """a an and are as at be by can do does for from has have how if in into is it its of on or so
that the their then there these this to was what when which while who why will with you your use used
using one more most than not also should would""".split()
)
AGREE = 0.5  # mean pairwise content-word Jaccard between the sampled answers
SUPPORT = 0.6  # share of an answer's content words found in the passage


@dataclass
class Candidate:
    question: str
    answers: list[str]
    passage: str
    source: str
    kept: bool = False
    why: str = ""


def numbers(text: str) -> set[str]:
    return {n.rstrip(".").lstrip("0") or "0" for n in re.findall(r"\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", text)}


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z0-9_/-]{2,}", text.lower()) if w not in STOP}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def judge(answers: list[str], passage: str) -> tuple[bool, str]:
    """Keep a question when its sampled answers agree and the passage supports them."""
    answers = [a.strip() for a in answers if a.strip()]
    if len(answers) < 2:
        return False, "fewer than two answers"
    nums = [numbers(a) for a in answers]
    if any(n != nums[0] for n in nums[1:]):
        return False, "the answers state different numbers"
    words = [content_words(a) for a in answers]
    pairs = [(i, j) for i in range(len(words)) for j in range(i + 1, len(words))]
    agreement = sum(_jaccard(words[i], words[j]) for i, j in pairs) / len(pairs)
    if agreement < AGREE:
        return False, f"the answers disagree (overlap {agreement:.2f})"
    in_passage = numbers(passage)
    if nums[0] - in_passage:
        return False, f"numbers not in the source: {', '.join(sorted(nums[0] - in_passage))}"
    source_words = content_words(passage)
    support = min(len(w & source_words) / len(w) if w else 0.0 for w in words)
    if support < SUPPORT:
        return False, f"the source does not support the answer (support {support:.2f})"
    return True, f"agreement {agreement:.2f}, support {support:.2f}"


def _question_messages(passage: str) -> list[dict]:
    # The worked example keeps small models asking rather than answering (SmolLM2-135M answered the
    # passage in most replies without it).
    return [{"role": "system", "content": "You write exam questions for molecular dynamics students."},
            {"role": "user", "content": "Write one specific question that the passage answers. Reply with the "
                                        "question only, starting with What, Which, Why or How.\n\n"
                                        "Example passage: The Lennard-Jones cutoff is usually 2.5 sigma.\n"
                                        "Example question: What cutoff is usually used for the Lennard-Jones "
                                        "potential?\n\n"
                                        f"Passage: {passage[:1500]}\nQuestion:"}]  # fmt: skip


QUESTION_TRIES = 3
# Sampling seeds: the same passages give the same candidates on every run (a data set that can be rebuilt,
# a test that does not pass or fail by chance).
SEED = 20261129
WH = re.compile(r"^(what|which|why|how|when|where|who|is|are|does|do|can|should)\b", re.I)


def question_in(text: str) -> str:
    """The first question in a model's reply: a sentence ending in '?', or a line that starts like one."""
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:[-*\d.)]+\s*)?(?:question\s*\d*\s*:\s*)?", "", line, flags=re.I).strip().strip('"*')
        asked = [s for s in re.split(r"(?<=[.!?])\s+", line) if s.endswith("?") and len(s.split()) >= 3]
        if asked:
            return asked[0]
        if WH.match(line) and len(line.split()) >= 4:
            return line.rstrip(".:") + "?"
    return ""


def _ask_question(llm, passage: str) -> str:
    """One question the passage answers; sampled again (temperature 0.7) when a reply holds none."""
    for attempt in range(QUESTION_TRIES):
        reply = llm.complete(_question_messages(passage), model=llm.config.instruct_model, max_tokens=80,
                             temperature=0.7, seed=SEED + attempt).text  # fmt: skip
        question = question_in(reply)
        if question and about_the_passage(question, passage):
            return question
    return ""


def about_the_passage(question: str, passage: str) -> bool:
    """The question names something the passage talks about ("Which, Which, Why, or How?" does not)."""
    from assistant.knowledge import tokens

    words = {t for t in tokens(question) if len(t) > 3 and t not in {"what", "which", "why", "how", "when"}}
    return bool(words & set(tokens(passage)))


def generate(passages: Iterable[tuple[str, str]], llm, *, samples: int = 3, limit: int | None = None,
             on_candidate: Callable[[Candidate], None] | None = None) -> list[Candidate]:  # fmt: skip
    """Candidates (kept or not) from (source, passage) pairs."""
    from assistant.knowledge import SYSTEM_INSTRUCT, open_prompt, passage_context

    out: list[Candidate] = []
    for source, passage in passages:
        if limit is not None and len(out) >= limit:
            break
        question = _ask_question(llm, passage)
        if not question:
            continue
        messages = [{"role": "system", "content": SYSTEM_INSTRUCT},
                    {"role": "user", "content": open_prompt(passage_context([(source, passage)]), question)}]  # fmt: skip
        answers = [llm.complete(messages, model=llm.config.instruct_model, max_tokens=160, temperature=0.7,
                                seed=SEED + 100 + i).text for i in range(samples)]  # fmt: skip
        kept, why = judge(answers, passage)
        cand = Candidate(question, answers, passage, source, kept, why)
        out.append(cand)
        if on_candidate:
            on_candidate(cand)
    return out


def knowledge_passages(max_chars: int = 1500) -> list[tuple[str, str]]:
    """(source, passage) from the knowledge base, long enough to ask about."""
    from assistant.knowledge import knowledge_base

    return [(p.source, p.text[:max_chars]) for p in knowledge_base().passages if len(p.text) > 200]
