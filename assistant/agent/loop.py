"""The assistant's loop, as an explicit state machine (plain Python; the chat job, the CLI and
the benchmark call `run_agent`):

    understand -> ground -> draft -> validate -> smoke -> run -> check -> done
                                         ^                                |
                                         +---- repair | switch <----------+--> stop

- understand: read the request (`request.py`), decide a plan with stated assumptions
  (`plan.py`); stop with questions only where no reasonable default exists.
- ground: the checks the run must pass (`physics.py`, from the request), the nearest verified
  and real LAMMPS examples, the potential's facts (`grounding.py`).
- draft: the deterministic builder writes the first script when it covers the whole request
  (`first="builder"`, the default in loop mode: a verified template is right more often than a
  small model's draft, and costs seconds instead of minutes); MD-Code writes it otherwise
  (`draft.py`), or always with `first="model"` and in one-shot mode, which measure the model.
- validate, smoke (steps capped), run: the engine; check: the physics checks on the run.
- repair: a deterministic fix for a known diagnosis, else the model gets the diagnosis and
  what the checks saw (also for the builder's script). switch: the deterministic builder. A script or an error seen before
  means the loop repeats itself: it switches, and stops with an honest explanation when the
  builder has been tried too.

Every transition is an event (`on_event`); the chat and the benchmark read the same events.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from simulations.engine import Limits, check_script, run_script
from simulations.engine.diagnosis import from_validation

from . import builder, draft, evaluate, grounding, judge, physics, repair
from .draft import extract_script  # noqa: F401 - part of this module's interface
from .plan import Plan, make_plan
from .request import Request, read


@dataclass
class Attempt:
    number: int
    strategy: str  # model | model-repair | fix | template
    script: str
    status: str  # rejected | failed | timeout | succeeded | checks_failed
    error: dict | None = None
    checks: list[dict] = field(default_factory=list)
    note: str = ""
    diff: str = ""
    wall_s: float = 0.0
    run: dict | None = None
    judge: dict | None = None
    origin: str = "model"  # whose draft this attempt descends from: model | builder
    shortened: int = 1  # the run was the script with every `run` divided by this (the full run is too long)
    estimated_full_s: float | None = None  # the full run's wall time, estimated from the smoke run

    def to_dict(self) -> dict:
        d = asdict(self)
        if d["run"]:
            d["run"] = {k: d["run"][k] for k in ("status", "natoms", "wall_s", "workdir", "files") if k in d["run"]}
        return d

    @property
    def ran(self) -> bool:
        return bool(self.run and self.run.get("status") == "succeeded")


AUTHOR = {"model": "the model", "model-repair": "the model (repaired)", "fix": "the model, with a deterministic fix",
          "template": "the deterministic builder"}  # fmt: skip
AUTHOR_FROM_BUILDER = {"model-repair": "the deterministic builder, repaired by the model",
                       "fix": "the deterministic builder, with a deterministic fix"}  # fmt: skip


def author(attempt: Attempt) -> str:
    if attempt.origin == "builder":
        return AUTHOR_FROM_BUILDER.get(attempt.strategy, AUTHOR["template"])
    return AUTHOR.get(attempt.strategy, "")


@dataclass
class AgentResult:
    status: str  # succeeded | failed | needs_input
    final_script: str | None
    attempts: list[Attempt]
    run: dict | None
    spec: dict  # the plan
    questions: list[str] = field(default_factory=list)
    explanation: str = ""
    checks: list[dict] = field(default_factory=list)  # the final attempt's physics checks
    assumptions: list[str] = field(default_factory=list)
    author: str = ""  # who wrote the final script (AUTHOR)
    stop_reason: str = ""
    verified_script: str | None = None  # the script the verification run ran, when shortened (else final_script)
    supplied_files: dict[str, str] = field(default_factory=dict)  # files MDWeb wrote for the script (name -> text)

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "final_script": self.final_script,
            "attempts": [a.to_dict() for a in self.attempts],
            "run": self.run,
            "spec": self.spec,
            "questions": self.questions,
            "explanation": self.explanation,
            "checks": self.checks,
            "assumptions": self.assumptions,
            "supplied_files": self.supplied_files,
            "author": self.author,
            "stop_reason": self.stop_reason,
            "verified_script": self.verified_script,
        }


class EngineRunner:
    """Runs scripts with the engine in fresh directories under `base`."""

    def __init__(self, base: Path | None = None, limits: Limits | None = None, input_files: dict | None = None,
                 sandbox: str = "auto"):  # fmt: skip
        self.base = Path(base or tempfile.mkdtemp(prefix="mdweb-agent-"))
        self.limits = limits or Limits(wall_s=300)
        self.input_files = input_files if input_files is not None else {}
        self.sandbox = sandbox
        self.n = 0

    def __call__(self, script: str, label: str, final_dump: bool = False) -> dict:
        self.n += 1
        workdir = self.base / f"{self.n:02d}-{label}"
        return run_script(script, workdir=workdir, limits=self.limits, input_files=self.input_files,
                          sandbox=self.sandbox, final_dump=final_dump).to_dict()  # fmt: skip


# ---- the state shared by the states -------------------------------------------------------------


@dataclass
class Loop:
    request: str
    llm: object
    runner: Callable[..., dict]
    emit: Callable[[dict], None]
    inputs: dict[str, Path]
    mode: str = "loop"
    first: str = "builder"  # who drafts first in loop mode when the builder covers the request: builder | model
    max_attempts: int = 4
    smoke_steps: int = 200
    run_wall_s: float = 300  # the wall-time limit of one run: longer scripts are verified shortened
    extra_checks: dict = field(default_factory=dict)
    max_tokens: int = 700
    use_judge: bool = False
    req: Request | None = None
    plan: Plan | None = None
    checks: dict = field(default_factory=dict)
    examples: list[tuple[str, str]] = field(default_factory=list)
    drafter: draft.Drafter | None = None
    attempts: list[Attempt] = field(default_factory=list)
    script: str = ""
    strategy: str = "model"
    origin: str = "model"
    note: str = "first draft"
    previous: str = ""
    seen_scripts: set[str] = field(default_factory=set)
    seen_errors: list[tuple] = field(default_factory=list)
    builder_used: bool = False
    result: AgentResult | None = None
    current: Attempt | None = None
    report: object = None

    def finish(self, status: str, explanation: str, stop_reason: str, script: str | None = None,
               attempt: Attempt | None = None) -> None:  # fmt: skip
        best = attempt or self.best_attempt()
        self.result = AgentResult(
            status=status, final_script=script if script is not None else (best.script if best else None),
            attempts=self.attempts, run=best.run if best and best.ran else None,
            spec=self.plan.to_dict() if self.plan else {}, explanation=explanation,
            checks=best.checks if best else [], assumptions=list(self.plan.assumptions) if self.plan else [],
            author=author(best) if best else "", stop_reason=stop_reason,
            verified_script=_shortened(best.script, best.shortened) if best and best.shortened > 1 else None,
            supplied_files=dict(self.plan.extra.get("supplied") or {}) if self.plan else {},
        )  # fmt: skip
        self.emit({"type": "stop", "status": status, "reason": stop_reason})

    def best_attempt(self) -> Attempt | None:
        """The last attempt that ran with the fewest failed checks, else the last attempt."""
        ran = [a for a in self.attempts if a.ran]
        if not ran:
            return self.attempts[-1] if self.attempts else None
        return min(reversed(ran), key=lambda a: sum(not c["passed"] for c in a.checks))


State = Callable[[Loop], "State | None"]


# ---- the states ------------------------------------------------------------------------------------


def understand(loop: Loop) -> State | None:
    loop.req = read(loop.request)
    loop.plan = make_plan(loop.req, loop.inputs)
    loop.emit({"type": "spec", "spec": {**loop.plan.to_dict(), "request_reading": loop.req.to_dict()}})
    if loop.plan.questions:
        loop.result = AgentResult("needs_input", None, [], None, loop.plan.to_dict(), loop.plan.questions,
                                  "I need one thing I cannot choose for you: " + " ".join(loop.plan.questions),
                                  assumptions=loop.plan.assumptions, stop_reason="needs_input")  # fmt: skip
        return None
    return ground


def ground(loop: Loop) -> State:
    req, plan = loop.req, loop.plan
    covered = bool(grounding.potentials_for(req.elements)) if req.elements else False
    expected = physics.expectations(req, covered_by_library=covered)
    loop.checks = {**expected.checks, **loop.extra_checks}
    if loop.llm is not None:
        loop.examples = grounding.nearest_examples(req, plan)
    loop.emit({"type": "checks", "checks": loop.checks, "notes": expected.notes})
    return draft_state


def draft_state(loop: Loop) -> State | None:
    if loop.llm is None:
        return switch(loop, "no model: the deterministic builder writes the script")
    loop.drafter = draft.Drafter(loop.llm, loop.emit, loop.max_tokens)
    prompt = draft.first_prompt(loop.request, loop.plan, loop.examples, loop.inputs)
    if loop.mode == "loop" and loop.first == "builder":
        script = builder.build(loop.plan, loop.inputs)
        supply(loop)
        if script is not None:
            # The model repairs this script in the same conversation, as if it had drafted it.
            loop.drafter.seed(prompt, script)
            loop.builder_used = True
            loop.script, loop.strategy, loop.origin = script, "template", "builder"
            loop.note = "the deterministic builder covers this request: its script first, the model repairs"
            return validate
    loop.script = loop.drafter.first(prompt)
    loop.strategy, loop.origin, loop.note = "model", "model", "first draft"
    return validate


def supply(loop: Loop) -> None:
    """Files the builder writes for its script (a molecule file): into the inputs of every check and run."""
    supplied = loop.plan.extra.get("supplied") or {}
    if not supplied:
        return
    folder = Path(tempfile.mkdtemp(prefix="mdweb-supplied-"))
    for name, text in supplied.items():
        (folder / name).write_text(text)
        loop.inputs[name] = folder / name
        runner_inputs = getattr(loop.runner, "input_files", None)
        if isinstance(runner_inputs, dict):
            runner_inputs[name] = folder / name


def validate(loop: Loop) -> State | None:
    number = len(loop.attempts) + 1
    attempt = Attempt(number, loop.strategy, loop.script, "failed", note=loop.note, origin=loop.origin)
    if loop.previous:
        attempt.diff = "".join(difflib.unified_diff(loop.previous.splitlines(True), loop.script.splitlines(True),
                                                    "previous", f"attempt {number}"))  # fmt: skip
    loop.attempts.append(attempt)
    loop.current = attempt
    loop.seen_scripts.add(_key(loop.script))
    attempt._started = time.monotonic()  # type: ignore[attr-defined]
    loop.emit({"type": "attempt", "number": number, "strategy": loop.strategy, "note": loop.note})
    loop.report = check_script(loop.script, input_files=loop.inputs)
    if not loop.report.ok:
        return attempt_failed(loop, "rejected", from_validation(loop.report).to_dict())
    runs_md = any(s.kind == "run" and (s.steps or 0) > 0 for s in loop.report.segments)
    if runs_md and not any(s.integrators for s in loop.report.segments if s.kind == "run") and \
            loop.plan.ensemble != "minimize":  # fmt: skip
        return attempt_failed(loop, "failed", {"class": "no_integrator", "line": None,
                                               "message": "The script runs without an integrator fix.",
                                               "hint": "Add `fix 1 all nve` (or nvt/npt)."})  # fmt: skip
    return smoke if loop.mode == "loop" and (loop.report.total_steps or 0) > 2 * loop.smoke_steps else run


def smoke(loop: Loop) -> State | None:
    result = loop.runner(_capped(loop.script, smoke_steps(loop.smoke_steps, loop.report.estimated_atoms)), "smoke")
    if result["status"] != "succeeded":
        loop.current.run = result
        return attempt_failed(loop, "timeout" if result["status"] == "timeout" else "failed", result["error"])
    per_step = seconds_per_step(result)
    total = loop.report.total_steps or 0
    if per_step and total:
        attempt = loop.current
        attempt.estimated_full_s = per_step * total
        attempt.shortened = shortening(attempt.estimated_full_s, loop.run_wall_s)
        if attempt.shortened > 1:
            loop.emit({"type": "shortened", "factor": attempt.shortened, "estimated_full_s": attempt.estimated_full_s})
    return run


def run(loop: Loop) -> State | None:
    script = _shortened(loop.script, loop.current.shortened)
    result = loop.runner(script, "full", final_dump=bool(evaluate.STRUCTURE_CHECKS & set(loop.checks)))
    loop.current.run = result
    if result["status"] != "succeeded":
        return attempt_failed(loop, "timeout" if result["status"] == "timeout" else "failed", result["error"])
    return check


def check(loop: Loop) -> State | None:
    attempt = loop.current
    run_script = _shortened(attempt.script, attempt.shortened)
    verdicts = [v.to_dict() for v in evaluate.evaluate(loop.checks, run_script, attempt.run)]
    if attempt.shortened > 1 and "steps" in loop.checks:  # the steps asked for are the full script's
        full = loop.report.total_steps or 0
        verdicts = [v if v["name"] != "steps" else
                    {**v, "passed": full >= loop.checks["steps"], "value": full, "why": "the full script's steps"}
                    for v in verdicts]  # fmt: skip
    attempt.checks = verdicts
    if loop.use_judge and loop.llm is not None:
        verdict = judge.judge(loop.llm, loop.request, attempt.script, verdicts)
        attempt.judge = verdict.to_dict() if verdict else None
    failed = [v for v in verdicts if not v["passed"]]
    if failed:
        message = "; ".join(f"{v['name']}: got {v['value']}, expected {v['expected']}" +
                            (f" ({v['why']})" if v.get("why") else "") for v in failed)  # fmt: skip
        return attempt_failed(loop, "checks_failed", {"class": "checks_failed", "line": None, "message": message,
                                                       "hint": "; ".join(draft.advice(v, loop.plan) for v in failed)})  # fmt: skip
    attempt.status = "succeeded"
    _close(loop, attempt, None)
    who = author(attempt)
    loop.finish("succeeded", f"The script ran and passed its {len(verdicts)} physics checks on attempt "
                             f"{attempt.number} (written by {who}).{shortened_note(attempt)}", "checks_passed",
                attempt=attempt)  # fmt: skip
    return None


def attempt_failed(loop: Loop, status: str, error: dict) -> State | None:
    attempt = loop.current
    attempt.status = status
    _close(loop, attempt, error)
    if loop.mode != "loop" or len(loop.attempts) >= loop.max_attempts:
        return stop(loop, f"No attempt passed within {len(loop.attempts)} attempt(s).", "attempts_exhausted")
    return repair_state


def repair_state(loop: Loop) -> State | None:
    """Choose the next attempt: a deterministic fix, a model repair, or the builder."""
    attempt = loop.current
    error = attempt.error or {}
    loop.previous = attempt.script
    err_key = (error.get("class"), error.get("line"), (error.get("message") or "")[:80])
    repeating = err_key in loop.seen_errors
    loop.seen_errors.append(err_key)
    garbage = attempt.status == "rejected" and loop.report is not None and len(loop.report.errors) >= 5
    last_chance = len(loop.attempts) == loop.max_attempts - 1 and not loop.builder_used
    if garbage:
        return switch(loop, f"switched strategy: the draft was not a LAMMPS script ({len(loop.report.errors)} errors)")
    if last_chance and attempt.strategy != "template":
        return switch(loop, "switched strategy for the last attempt: deterministic builder")
    if not repeating:
        fixed = repair.deterministic_fix(attempt.script, error, loop.plan)
        if fixed and _key(fixed[0]) not in loop.seen_scripts:
            loop.script, loop.note, loop.strategy = fixed[0], fixed[1], "fix"
            return validate
    if not repeating and loop.drafter is not None and (attempt.strategy != "template" or loop.drafter.seeded):
        failed = [c for c in attempt.checks if not c["passed"]]
        usages = grounding.real_usages(error, attempt.script) + grounding.process_usages(failed)
        feedback = draft.repair_prompt(error, failed, usages, loop.plan)
        new = loop.drafter.repair(feedback)
        if _key(new) not in loop.seen_scripts:
            loop.script, loop.strategy = new, "model-repair"
            loop.note = f"model repair after {error.get('class')}"
            return validate
        loop.note = "the model repeated an earlier script"
    reason = "the loop was repeating itself" if repeating or loop.note.startswith("the model repeated") else \
        "the model could not repair it"  # fmt: skip
    return switch(loop, f"switched strategy: {reason}")


def switch(loop: Loop, note: str) -> State | None:
    if loop.builder_used and loop.drafter is None:
        return stop(loop, "Stopped: no deterministic fix applies and no model is configured to repair the builder's "
                          "script.", "no_model")  # fmt: skip
    if loop.builder_used:
        return stop(loop, "Stopped: the loop was repeating itself (same script or same error) and the deterministic "
                          "builder was already tried.", "repeating")  # fmt: skip
    loop.builder_used = True
    script = builder.build(loop.plan, loop.inputs)
    supply(loop)
    if script is None:
        why = loop.plan.declined or "it does not cover this request"
        return stop(loop, f"The deterministic builder cannot write this one ({why}).", "builder_declined")
    if _key(script) in loop.seen_scripts:
        return stop(loop, "Stopped: the deterministic builder produces a script that already failed.", "repeating")
    loop.script, loop.strategy, loop.origin, loop.note = script, "template", "builder", note
    return validate


def stop(loop: Loop, explanation: str, reason: str) -> None:
    best = loop.best_attempt()
    if best and best.ran:
        failed = [c for c in best.checks if not c["passed"]]
        detail = "; ".join(f"{c['name']} ({_measured(c)})" for c in failed)
        explanation += (f" The best script (attempt {best.number}, by {author(best)}) ran, but it does not do "
                        f"what was asked: {detail}.") if failed else ""  # fmt: skip
    elif loop.attempts:
        err = loop.attempts[-1].error or {}
        explanation += f" The last attempt ended with {err.get('class')}: {err.get('message')}"
    loop.finish("failed", explanation, reason)
    return None


def _measured(check_row: dict) -> str:
    return check_row.get("why") or f"got {check_row['value']}, expected {check_row['expected']}"


def _close(loop: Loop, attempt: Attempt, error: dict | None) -> None:
    attempt.error = error
    attempt.wall_s = time.monotonic() - getattr(attempt, "_started", time.monotonic())
    loop.emit({"type": "attempt_done", "number": attempt.number, "status": attempt.status, "error": error,
               "checks": attempt.checks})  # fmt: skip


def _key(script: str) -> str:
    norm = "\n".join(" ".join(line.split("#")[0].split()) for line in script.splitlines() if line.split("#")[0].strip())
    return hashlib.sha256(norm.encode()).hexdigest()


# ---- runs longer than one run's wall-time limit ------------------------------------------------------
# A request for 500 ps of a few thousand EAM atoms is an hours-long run on one core: the script is
# written as asked and verified with every `run` divided by a factor, so that it fits in the limit.
SHORTEN_ABOVE = 0.5  # shorten when the full run would take more than this share of the limit
SHORTEN_TO = 0.35  # ... to about this share
RELAXATION_KEEP = 2000  # steps of a relaxation run kept in a shortened verification
SMOKE_ATOMS = 20_000  # above this many atoms the smoke run gets proportionally fewer steps


def seconds_per_step(result: dict) -> float | None:
    """Wall seconds per MD step, from the loop times LAMMPS reported for the run's blocks."""
    seconds, steps = 0.0, 0
    for block in result.get("thermo") or []:
        if block.get("kind", "run") != "run" or not block.get("loop_time_s"):
            continue
        column = block["columns"].index("Step") if "Step" in block.get("columns", []) else None
        rows = block.get("rows") or []
        if column is None or len(rows) < 2:
            continue
        seconds += block["loop_time_s"]
        steps += int(rows[-1][column] - rows[0][column])
    return seconds / steps if steps else None


def shortening(estimated_s: float, limit_s: float) -> int:
    if estimated_s <= SHORTEN_ABOVE * limit_s:
        return 1
    return math.ceil(estimated_s / (SHORTEN_TO * limit_s))


def smoke_steps(steps: int, natoms: int | None) -> int:
    """Fewer smoke steps for big systems (two million atoms take seconds per step on one core)."""
    return max(10, min(steps, steps * SMOKE_ATOMS // natoms)) if natoms else steps


def _shortened(script: str, factor: int) -> str:
    """Every `run` divided by `factor` (at least 10 steps); a run marked as a relaxation keeps up to
    RELAXATION_KEEP steps, so that the verified run starts from the state the full one would."""
    if factor <= 1:
        return script

    def shorter(m: re.Match) -> str:
        n = int(m.group(2))
        keep = min(n, RELAXATION_KEEP) if builder.RELAXATION in m.group(3) else min(n, 10)
        return f"{m.group(1)}{max(keep, n // factor)}{m.group(3)}"

    return re.sub(r"(?m)^(\s*run\s+)(\d+)(.*)$", shorter, script)


def duration_words(seconds: float) -> str:
    hours = seconds / 3600
    return f"about {hours:.1f} h" if hours >= 1 else f"about {max(1, round(60 * hours))} min"


def shortened_note(attempt: Attempt) -> str:
    if attempt.shortened <= 1:
        return ""
    took = duration_words(attempt.estimated_full_s or 0)
    return (
        f" The full script would take {took} on one core here, longer than one run may take, so it was verified "
        f"with every run {attempt.shortened} times shorter (what depends on the run's length, "
        "a ramp's rate or the strain reached, changes with it); the script you get runs the full length."
    )


def _capped(script: str, steps: int) -> str:
    out = re.sub(r"(?m)^(\s*run\s+)(\d+)", lambda m: f"{m.group(1)}{min(int(m.group(2)), steps)}", script)
    return re.sub(r"(?m)^(\s*minimize\s+\S+\s+\S+\s+)(\d+)", lambda m: f"{m.group(1)}{min(int(m.group(2)), steps)}",
                  out)  # fmt: skip


# ---- the entry point -------------------------------------------------------------------------------


def run_agent(
    request: str,
    *,
    llm=None,
    max_attempts: int = 4,
    mode: str = "loop",
    first: str = "builder",
    run_wall_s: float = 300,
    runner: Callable[..., dict] | None = None,
    on_event: Callable[[dict], None] | None = None,
    smoke_steps: int = 200,
    extra_checks: dict | None = None,
    max_tokens: int = 700,
    input_files: dict[str, Path] | None = None,
    use_judge: bool = False,
) -> AgentResult:
    """`input_files`: files the user supplied (data files, potentials), copied into each run directory.
    `first`: in loop mode, "builder" lets the deterministic builder draft first where it covers the
    request; "model" always starts from the model's draft (to measure the model). `run_wall_s`: the
    wall-time limit of each run (the default runner)."""
    if first not in ("builder", "model"):
        raise ValueError(f"first must be 'builder' or 'model', not {first!r}")
    inputs = dict(input_files or {})
    loop = Loop(request=request, llm=llm, runner=runner or EngineRunner(input_files=inputs, limits=Limits(wall_s=run_wall_s)),
                emit=on_event or (lambda event: None), inputs=inputs, mode=mode, first=first, max_attempts=max_attempts,
                smoke_steps=smoke_steps, run_wall_s=run_wall_s, extra_checks=dict(extra_checks or {}), max_tokens=max_tokens,
                use_judge=use_judge)  # fmt: skip
    state: State | None = understand
    while state is not None:
        loop.emit({"type": "state", "state": state.__name__.removesuffix("_state")})
        state = state(loop)
    return loop.result
