"""The generate-validate-run-evaluate-repair loop (plain Python; the CLI, the RQ job and the
benchmark call `run_agent`).

1. Understand: the request becomes a Spec; if something essential is missing, ask.
2. Generate: MD-Code writes the script, grounded with the nearest verified example and the
   potential file's metadata.
3. Validate with the engine; 4. smoke run (steps capped), then the full run;
5. evaluate the run against checks derived from the spec;
6. repair: a deterministic fix when the diagnosis has one, otherwise the model gets the
   diagnosis back. A script or an error seen before means the loop is repeating itself: it
   switches to the deterministic builder, and stops with an honest explanation when that
   has been tried too. Every attempt is kept with its diff to the previous one.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from simulations.engine import Limits, PotentialLibrary, check_script, find_installation, run_script
from simulations.engine.diagnosis import from_validation

from . import builder, evaluate, repair
from .spec import Spec, extract

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
SYSTEM = (
    "You are MD-Code, an expert in LAMMPS. Write one complete LAMMPS input script that does exactly what the "
    "user asks. Use only standard LAMMPS commands. Reply with the script in a single ```lammps code block and "
    "nothing else."
)


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

    def to_dict(self) -> dict:
        d = asdict(self)
        if d["run"]:
            d["run"] = {k: d["run"][k] for k in ("status", "natoms", "wall_s", "workdir", "files") if k in d["run"]}
        return d


@dataclass
class AgentResult:
    status: str  # succeeded | failed | needs_input
    final_script: str | None
    attempts: list[Attempt]
    run: dict | None
    spec: dict
    questions: list[str] = field(default_factory=list)
    explanation: str = ""

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "final_script": self.final_script,
            "attempts": [a.to_dict() for a in self.attempts],
            "run": self.run,
            "spec": self.spec,
            "questions": self.questions,
            "explanation": self.explanation,
        }


def potentials_metadata() -> list[dict]:
    return [p.to_dict() for p in PotentialLibrary(find_installation().potentials_dir).all()]


def examples() -> dict[str, str]:
    return {p.stem: p.read_text() for p in sorted(EXAMPLES_DIR.glob("*.lammps"))}


# Techniques: (words in a request that ask for it, what a script that does it contains).
TECHNIQUES = {
    "deform": (r"tensile|tension|compress(ion)?\b|shear (rate|flow|deformation)|simple shear|strain rate|sllod",
               r"(?m)^fix\s+\S+\s+\S+\s+deform"),
    "box_relax": (r"box relax|relax(ing)? the box|minimi[sz]\w*[^.]*zero pressure", r"box/relax"),
    "kspace": (r"coulomb|charged|charges|ewald|pppm|ionic|\bions?\b|salt|nacl|water|electrostatic", r"kspace_style"),
    "granular": (r"granular|grains?\b", r"atom_style\s+sphere"),
    "green_kubo": (r"green[- ]kubo|autocorrelation", r"ave/correlate"),
    "rnemd": (r"m[uü]ller[- ]plathe|reverse non-equilibrium", r"thermal/conductivity|all viscosity"),
    "vacancy": (r"vacanc", r"delete_atoms"),
    "two_d": (r"\b2d\b|two[- ]dimensional", r"(?m)^dimension\s+2"),
    "ramp": (r"\bheat|\bmelt|\bcool|quench|anneal", r"(?m)^unfix"),
}  # fmt: skip


def nearest_example(request: str, spec: Spec) -> tuple[str, str]:
    words = set(re.findall(r"[a-z0-9*]+", request.lower()))
    wanted = {name for name, (ask, _) in TECHNIQUES.items() if re.search(ask, request.lower())}
    best, best_score = "", -1.0
    for name, text in examples().items():
        head = text.splitlines()[0].lower()
        score = len(words & set(re.findall(r"[a-z0-9*]+", head)))
        facts = evaluate.script_facts(text)
        score += 3 * (facts["units"] == spec.units) + 3 * (evaluate.ensemble_of(facts) == spec.ensemble)
        score += 3 * bool(spec.potential_file and spec.potential_file in text)
        has = {t for t, (_, does) in TECHNIQUES.items() if re.search(does, text)}
        score += 6 * len(wanted & has) - 6 * len(has - wanted)  # the technique matters more than the material
        if score > best_score:
            best, best_score = name, score
    return best, examples().get(best, "")


def extract_script(text: str) -> str:
    blocks = re.findall(r"```[a-zA-Z]*\n(.*?)```", text, re.S)
    if blocks:
        return max(blocks, key=len).strip() + "\n"
    m = re.search(r"```[a-zA-Z]*\n(.*)", text, re.S)  # unterminated block (max_tokens)
    return (m.group(1) if m else text).strip() + "\n"


def _key(script: str) -> str:
    norm = "\n".join(" ".join(line.split("#")[0].split()) for line in script.splitlines() if line.split("#")[0].strip())
    return hashlib.sha256(norm.encode()).hexdigest()


def _smoke(script: str, steps: int) -> str:
    def cap(m: re.Match) -> str:
        return f"{m.group(1)}{min(int(m.group(2)), steps)}"

    out = re.sub(r"(?m)^(\s*run\s+)(\d+)", cap, script)
    return re.sub(r"(?m)^(\s*minimize\s+\S+\s+\S+\s+)(\d+)", cap, out)


def describe_input(name: str, path: Path, max_lines: int = 14) -> str:
    """A data file's header (counts, types, box) is what a script writer needs to know about it."""
    try:
        with open(path, errors="replace") as fh:
            head = []
            for line in fh:
                if line.strip() in {"Masses", "Atoms", "Pair Coeffs", "Bond Coeffs"} or line.startswith("Atoms"):
                    break
                if line.strip():
                    head.append(line.rstrip())
                if len(head) >= max_lines:
                    break
    except OSError:
        return f"- {name}"
    return f"- {name}:\n" + "\n".join(f"    {h}" for h in head)


class EngineRunner:
    """Runs scripts with the engine in fresh directories under `base`."""

    def __init__(self, base: Path | None = None, limits: Limits | None = None, input_files: dict | None = None,
                 sandbox: str = "auto"):  # fmt: skip
        self.base = Path(base or tempfile.mkdtemp(prefix="mdweb-agent-"))
        self.limits = limits or Limits(wall_s=300)
        self.input_files = input_files or {}
        self.sandbox = sandbox
        self.n = 0

    def __call__(self, script: str, label: str) -> dict:
        self.n += 1
        workdir = self.base / f"{self.n:02d}-{label}"
        return run_script(script, workdir=workdir, limits=self.limits, input_files=self.input_files,
                          sandbox=self.sandbox).to_dict()  # fmt: skip


def run_agent(
    request: str,
    *,
    llm=None,
    max_attempts: int = 4,
    mode: str = "loop",
    runner: Callable[[str, str], dict] | None = None,
    on_event: Callable[[dict], None] | None = None,
    smoke_steps: int = 200,
    extra_checks: dict | None = None,
    max_tokens: int = 700,
    input_files: dict[str, Path] | None = None,
) -> AgentResult:
    """`input_files`: files the user supplied (data files, potentials), copied into each run directory."""
    emit = on_event or (lambda event: None)
    inputs = dict(input_files or {})
    runner = runner or EngineRunner(input_files=inputs)
    spec = extract(request, potentials_metadata())
    emit({"type": "spec", "spec": spec.to_dict()})
    questions = spec.missing()
    if questions:
        return AgentResult("needs_input", None, [], None, spec.to_dict(), questions,
                           "Some essential information is missing; please answer the questions.")  # fmt: skip
    wanted = {**evaluate.checks_from_spec(spec), **(extra_checks or {})}
    attempts: list[Attempt] = []
    seen_scripts: set[str] = set()
    seen_errors: list[tuple] = []
    template_used = False
    conversation: list[dict] = []

    def model_script(feedback: str | None) -> tuple[str, str]:
        nonlocal conversation
        if llm is None:
            return builder.build(spec, inputs), "template"
        if feedback is None:
            name, example = nearest_example(request, spec)
            pot = ""
            if spec.potential_file:
                meta = [p for p in potentials_metadata() if p["name"] == spec.potential_file]
                if meta:
                    pot = (f"\nPotential file {spec.potential_file}: elements {', '.join(meta[0]['elements']) or '?'}, "
                           f"pair_style {' or '.join(meta[0]['pair_styles'])}, units {meta[0].get('units') or 'metal'}. "
                           f"Refer to it by its bare name.")  # fmt: skip
            user = (f"Request: {request}\n\nKnown facts: {json.dumps({k: v for k, v in spec.to_dict().items() if v not in (None, [], '') and k != 'request'})}"  # noqa: E501
                    f"{pot}\n\nA verified example for a similar task ({name}):\n```lammps\n{example}```\n"
                    "Adapt it to the request and reply with the full script.")  # fmt: skip
            if inputs:
                user += "\n\nFiles in the run directory (read them by their bare names):\n" + "\n".join(
                    describe_input(name, path) for name, path in sorted(inputs.items())
                )
            conversation = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]
        else:
            conversation.append({"role": "user", "content": feedback})
        completion = llm.complete(conversation, model=llm.config.code_model, max_tokens=max_tokens,
                                  on_token=lambda t: emit({"type": "token", "text": t}))  # fmt: skip
        conversation.append({"role": "assistant", "content": completion.text})
        return extract_script(completion.text), "model" if feedback is None else "model-repair"

    script, strategy = model_script(None)
    note = "first draft"
    last_run = None
    previous = ""
    for number in range(1, max_attempts + 1):
        started = time.monotonic()
        attempt = Attempt(number, strategy, script, "failed", note=note)
        attempt.diff = "".join(difflib.unified_diff(previous.splitlines(True), script.splitlines(True),
                                                    "previous", f"attempt {number}")) if previous else ""  # fmt: skip
        emit({"type": "attempt", "number": number, "strategy": strategy, "note": note})
        seen_scripts.add(_key(script))
        report = check_script(script, input_files=inputs)
        error = None
        if not report.ok:
            attempt.status = "rejected"
            error = from_validation(report).to_dict()
        else:
            if not any(s.kind == "run" and s.integrators for s in report.segments) and spec.ensemble != "minimize" and any(
                w.code == "integrator" for w in report.warnings
            ):  # fmt: skip
                error = {"class": "no_integrator", "message": "The script runs without an integrator fix.",
                         "hint": "Add `fix 1 all nve` (or nvt/npt).", "line": None}  # fmt: skip
                attempt.status = "failed"
            else:
                result = runner(_smoke(script, smoke_steps), "smoke") if mode == "loop" else None
                if result and result["status"] != "succeeded":
                    attempt.status = "timeout" if result["status"] == "timeout" else "failed"
                    error = result["error"]
                    attempt.run = result
                else:
                    result = runner(script, "full")
                    attempt.run = result
                    last_run = result
                    if result["status"] != "succeeded":
                        attempt.status = "timeout" if result["status"] == "timeout" else "failed"
                        error = result["error"]
                    else:
                        verdicts = [v.to_dict() for v in evaluate.evaluate(wanted, script, result)]
                        attempt.checks = verdicts
                        failed = [v for v in verdicts if not v["passed"]]
                        if failed:
                            attempt.status = "checks_failed"
                            error = {"class": "checks_failed", "line": None,
                                     "message": "; ".join(f"{v['name']}: got {v['value']}, expected {v['expected']}" for v in failed),
                                     "hint": "Change the script so that it does what was asked."}  # fmt: skip
                        else:
                            attempt.status = "succeeded"
        attempt.error = error
        attempt.wall_s = time.monotonic() - started
        attempts.append(attempt)
        emit({"type": "attempt_done", "number": number, "status": attempt.status, "error": error})
        if attempt.status == "succeeded":
            return AgentResult("succeeded", script, attempts, attempt.run, spec.to_dict(),
                               explanation=f"The script ran and passed its checks on attempt {number}.")  # fmt: skip
        if mode != "loop" or number == max_attempts:
            break
        # --- repair ---
        previous = script
        err_key = (error.get("class"), error.get("line"), (error.get("message") or "")[:80])
        repeating = err_key in seen_errors
        seen_errors.append(err_key)
        garbage = attempt.status == "rejected" and len(report.errors) >= 5  # not a LAMMPS script at all
        last_chance = number == max_attempts - 1 and not template_used
        fixed = repair.deterministic_fix(script, error) if not (repeating or garbage) else None
        if (garbage or last_chance) and not template_used:  # end with the most reliable strategy
            template_used = True
            script, strategy = builder.build(spec, inputs), "template"
            note = (
                "switched strategy: the draft was not a LAMMPS script (" + str(len(report.errors)) + " errors)"
                if garbage
                else "switched strategy for the last attempt: deterministic builder"
            )
            if _key(script) not in seen_scripts:
                continue
        if fixed and _key(fixed[0]) not in seen_scripts:
            script, note = fixed
            strategy = "fix"
            continue
        candidate = None
        if not repeating and llm is not None and strategy != "template":
            feedback = (f"The script failed: [{error.get('class')}] line {error.get('line')}: {error.get('message')}\n"
                        f"Hint: {error.get('hint')}\nReply with the corrected full script.")  # fmt: skip
            new, strat = model_script(feedback)
            if _key(new) not in seen_scripts:
                candidate = (new, strat, f"model repair after {error.get('class')}")
            else:
                note = "the model repeated an earlier script"
        if candidate is None:
            if template_used:
                return AgentResult("failed", script, attempts, last_run, spec.to_dict(),
                                   explanation=("Stopped: the loop was repeating itself (same script or same error "
                                                f"{error.get('class')}) and the deterministic builder was already tried."))  # fmt: skip
            template_used = True
            script, strategy = builder.build(spec, inputs), "template"
            note = (
                "switched strategy: the loop was repeating itself"
                if repeating or llm is None or strategy == "template"
                else "switched strategy"
            )
            if _key(script) in seen_scripts:
                return AgentResult("failed", previous, attempts, last_run, spec.to_dict(),
                                   explanation="Stopped: the deterministic builder produces a script that already failed.")  # fmt: skip
            continue
        script, strategy, note = candidate
    last = attempts[-1]
    return AgentResult("failed", last.script, attempts, last_run, spec.to_dict(),
                       explanation=(f"No attempt passed within {len(attempts)} attempt(s); the last one ended with "
                                    f"{(last.error or {}).get('class')}: {(last.error or {}).get('message')}"))  # fmt: skip
