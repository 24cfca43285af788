"""MD-GRPO's reward: each completion goes through the engine, with partial credit

    0.0 no script   0.1 parses   0.3 validates   0.6 runs (steps capped, sandboxed)
    0.8 the engine's own checks pass   1.0 the physics checks of the request pass

and a failed completion's diagnosis becomes a repair prompt (request + failed script + diagnosis
-> corrected script) for the pool: low-reward attempts are recycled, as MD-GRPO does. Rewards
are computed in worker processes under the run limits. Plain Python (no Django)."""

from __future__ import annotations

import re
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

CAP_STEPS = 300
LEVELS = {"none": 0.0, "parses": 0.1, "validates": 0.3, "runs": 0.6, "engine_checks": 0.8, "physics": 1.0}


@dataclass
class Scored:
    reward: float
    level: str
    diagnosis: str = ""
    failed_checks: list[str] | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def extract(completion: str) -> str:
    blocks = re.findall(r"```[a-zA-Z]*\n(.*?)```", completion, re.S)
    if blocks:
        return max(blocks, key=len).strip() + "\n"
    m = re.search(r"```[a-zA-Z]*\n(.*)", completion, re.S)
    return (m.group(1) if m else completion).strip() + "\n"


def _capped(script: str) -> str:
    out = re.sub(r"(?m)^(\s*run\s+)(\d+)", lambda m: f"{m.group(1)}{min(int(m.group(2)), CAP_STEPS)}", script)
    return re.sub(r"(?m)^(\s*minimize\s+\S+\s+\S+\s+)(\d+)", lambda m: f"{m.group(1)}{min(int(m.group(2)), CAP_STEPS)}",
                  out)  # fmt: skip


# A capped run is too short to judge equilibration: the engine's own temperature/pressure checks
# (means over the last rows) are left to the request's checks, which are wider.
ENGINE_SKIPPED_WHEN_CAPPED = {"temperature", "pressure"}
SKIPPED_WHEN_CAPPED = {"steps", "temp_final_min", "temp_rise", "temp_drop", "strain_any", "grows", "disordered"}


def score(request: str, completion: str, wall_s: float = 60.0, *, checks: dict | None = None,
          input_files: dict[str, Path] | None = None, cap: bool = True) -> Scored:  # fmt: skip
    """The reward of one completion for one request (runs LAMMPS). `checks` are the task's own
    physics checks (a benchmark task's); by default they come from reading the request. With
    `cap`, runs are cut to CAP_STEPS steps and the checks that need the whole run are skipped."""
    from assistant.agent.evaluate import evaluate
    from assistant.agent.grounding import potentials_for
    from assistant.agent.physics import expectations
    from assistant.agent.request import read
    from simulations.engine import Limits, check_script, run_script
    from simulations.engine.scriptparse import ScriptSyntaxError, parse

    script = extract(completion)
    if not script.strip():
        return Scored(0.0, "none", "no script in the reply")
    try:
        commands = parse(script)
    except (ScriptSyntaxError, ValueError) as exc:
        return Scored(0.0, "none", f"not parseable: {exc}")
    if not commands:
        return Scored(0.0, "none", "no commands")
    report = check_script(script, input_files=input_files)
    if not report.ok:
        first = report.errors[0]
        return Scored(LEVELS["parses"], "parses", f"line {first.line}: {first.message}")
    workdir = Path(tempfile.mkdtemp(prefix="mdweb-reward-")) / "run"
    result = run_script(_capped(script) if cap else script, workdir=workdir, input_files=input_files,
                        limits=Limits(wall_s=wall_s), final_dump=False).to_dict()  # fmt: skip
    if result["status"] != "succeeded":
        err = result["error"] or {}
        return Scored(
            LEVELS["validates"], "validates", f"[{err.get('class')}] line {err.get('line')}: {err.get('message')}"
        )
    failed = [c["name"] for c in result["checks"] if not c["passed"]
              and not (cap and c["name"] in ENGINE_SKIPPED_WHEN_CAPPED)]  # fmt: skip
    if failed:
        return Scored(LEVELS["runs"], "runs", "engine checks failed: " + ", ".join(failed), failed)
    if checks is None:
        req = read(request)
        checks = expectations(req, covered_by_library=bool(potentials_for(req.elements))).checks
    if cap:
        checks = {k: v for k, v in checks.items() if k not in SKIPPED_WHEN_CAPPED}
    verdicts = list(evaluate(checks, script, result)) if checks else []
    failed = [v.name for v in verdicts if not v.passed]
    if failed:
        return Scored(LEVELS["engine_checks"], "engine_checks", "physics checks failed: " + ", ".join(failed), failed)
    return Scored(LEVELS["physics"], "physics")


def _score_pair(args: tuple) -> dict:
    request, completion, *rest = args
    try:
        return score(request, completion, **(rest[0] if rest else {})).to_dict()
    except Exception as exc:  # a reward must never stop training
        return Scored(0.0, "none", f"reward error: {exc}").to_dict()


def score_many(pairs: list[tuple], workers: int = 2) -> list[Scored]:
    """Rewards for (request, completion[, score kwargs]) tuples, in parallel worker processes."""
    if workers <= 1 or len(pairs) <= 1:
        return [Scored(**_score_pair(p)) for p in pairs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [Scored(**d) for d in pool.map(_score_pair, pairs)]


def repair_prompt(request: str, completion: str, scored: Scored) -> str:
    """A low-reward completion, recycled: what the model should learn to fix."""
    return (f"Request: {request}\n\nThis LAMMPS script does not do it ({scored.level}: {scored.diagnosis}):\n"
            f"```lammps\n{extract(completion)}```\nReply with the corrected full script.")  # fmt: skip
