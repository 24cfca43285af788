"""The model calls of the loop, with their prompts in one place: MD-Code's first draft (grounded
in the plan's choices, the potential file's facts, the nearest verified example and the nearest
real LAMMPS example) and its repairs (the diagnosis, what the physics checks saw, real usages of
the failing command)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from .grounding import describe_input, library_files
from .plan import Plan

SYSTEM = (
    "You are MD-Code, an expert in LAMMPS. Write one complete LAMMPS input script that does exactly what the "
    "user asks. Use only standard LAMMPS commands. Reply with the script in a single ```lammps code block and "
    "nothing else."
)
EXAMPLE_LINES = 45

# What to change when a physics check fails (shown to the model and to the user).
ADVICE = {
    "pair_covers": "use a potential file that covers every element named ({expected}), e.g. {candidates}, mapped "
    "type by type in pair_coeff (pair_coeff * * FILE El1 El2 ...)",
    "not_lj_for": "use the real interatomic potential for {expected} ({candidates}), not a generic Lennard-Jones model",
    "masses_match": "set the mass of each atom type to its element's mass ({expected})",
    "lj_cut_over_sigma": "use a Lennard-Jones cutoff of at least 2.5 sigma (a cutoff of sigma keeps only repulsion)",
    "temperature": "thermostat the system to the requested temperature ({expected})",
    "velocity_temperature": "create the initial velocities at the requested temperature ({expected})",
    "pressure_max": "the density is wrong for this phase: use the right lattice constant/density, or relax the box "
    "with fix npt",
    "pressure_bar": "control the pressure with fix npt at the requested value ({expected} bar)",
    "number_density": "start from the right density for this phase (about {expected} atoms per volume unit)",
    "temp_final_min": "heat above the melting point (to at least {expected}), e.g. a ramp with fix npt temp T0 T1",
    "temp_peak_min": "melt first: heat above the melting point (to at least {expected}) before cooling",
    "temp_final_max": "cool below the melting point ({expected}) at the end, e.g. a ramp down with fix npt temp T1 T0",
    "disordered": "the structure did not change phase: heat higher or longer (or cool for solidification)",
    "density_contrast": "keep a liquid slab with empty space beside it along z (a box about three times the slab), "
    "at a temperature below the critical point",
    "landed": "integrate the added atoms (fix nve on the group fix deposit adds them to; static groups never gain "
    "them) so they fly down and stick",
    "grows": "add atoms during the run (fix deposit or fix pour)",
    "strain_any": "deform the box during the run (fix deform ... erate RATE)",
    "temp_rise": "heat the system with a temperature ramp (fix nvt/npt temp T0 T1 damp)",
    "temp_drop": "cool the system with a temperature ramp from the hot state",
    "ensemble": "use the requested ensemble ({expected})",
    "steps": "run at least {expected} steps in total",
    "natoms": "use the requested number of atoms ({expected})",
    "has": "the script lacks what the process needs: {why}",
    "process": "{why}: add it",
}


def advice(verdict: dict, plan: Plan | None = None) -> str:
    name = verdict["name"]
    expected = verdict.get("expected")
    candidates = ""
    if name in {"pair_covers", "not_lj_for"} and isinstance(expected, list):
        from .grounding import potentials_for

        candidates = ", ".join(p["name"] for p in potentials_for(expected)[:3]) or "none in the library"
    template = ADVICE.get(name, "change the script so that {name} holds (expected {expected})")
    return template.format(expected=expected, candidates=candidates, why=verdict.get("why") or "", name=name)


def _potential_facts(plan: Plan) -> str:
    if not plan.potential_file:
        if plan.lj:
            return (f"Interactions: pair_style lj/cut {plan.lj['cutoff']:g} with pair_coeff * * {plan.lj['epsilon']:g} "
                    f"{plan.lj['sigma']:g} (epsilon, sigma).")  # fmt: skip
        return ""
    meta = next((p for p in library_files() if p["name"] == plan.potential_file), None)
    if plan.pair_style == "eam":
        line = " / ".join(f"pair_coeff {t} {t} {plan.potential_file}" for t in range(1, len(plan.elements) + 1))
    else:
        line = f"pair_coeff * * {plan.potential_file} {' '.join(plan.elements)}"
    facts = f"Potential file {plan.potential_file} (pair_style {plan.pair_style}"
    if meta:
        facts += f"; covers {', '.join(meta['elements'])}; units {meta.get('units') or 'metal'}"
    return facts + f"). Use it by its bare name: {line}."


def plan_summary(plan: Plan) -> dict:
    out = {"units": plan.units, "process": plan.template, "temperature": plan.temperature}
    if plan.elements:
        out["atom types"] = {i + 1: el for i, el in enumerate(plan.elements)}
        out["masses"] = {el: m for el, m in zip(plan.elements, plan.masses, strict=False)}
    if plan.temperature_end is not None:
        out["final temperature"] = plan.temperature_end
    if plan.pressure is not None:
        out["pressure"] = plan.pressure
    out.update({"lattice": f"{plan.lattice} {plan.a:g}", "cells": list(plan.cells), "ensemble": plan.ensemble,
                "timestep": plan.timestep, "steps": plan.steps})  # fmt: skip
    if plan.dimension == 2:
        out["dimension"] = 2
    return out


def first_prompt(request: str, plan: Plan, examples: list[tuple[str, str]], inputs: dict[str, Path]) -> str:
    parts = [f"Request: {request.strip()}", "",
             "Choices already made (keep them unless the request says otherwise): " + json.dumps(plan_summary(plan))]  # fmt: skip
    if plan.assumptions:
        parts.append("Assumptions: " + "; ".join(plan.assumptions))
    pot = _potential_facts(plan)
    if pot:
        parts.append(pot)
    for title, text in examples:
        lines = text.strip().splitlines()
        body = "\n".join(lines[:EXAMPLE_LINES]) + ("\n# ..." if len(lines) > EXAMPLE_LINES else "")
        parts += ["", f"{title}:", f"```lammps\n{body}\n```"]
    if inputs:
        parts += ["", "Files in the run directory (read them by their bare names):"]
        parts += [describe_input(name, path) for name, path in sorted(inputs.items())]
    parts += ["", "Adapt the example to the request and reply with the full script."]
    return "\n".join(parts)


def repair_prompt(error: dict, failed_checks: list[dict], usages: list[str], plan: Plan | None = None) -> str:
    if failed_checks:
        lines = ["The script ran, but it does not do what was asked:"]
        for v in failed_checks:
            lines.append(f"- {v['name']}: got {v['value']}, expected {v['expected']}. Change: {advice(v, plan)}.")
    else:
        lines = [f"The script failed: [{error.get('class')}] line {error.get('line')}: {error.get('message')}",
                 f"Hint: {error.get('hint')}"]  # fmt: skip
    if usages:
        lines += ["Real usages in the LAMMPS examples:"] + [f"  {u}" for u in usages]
    lines.append("Reply with the corrected full script.")
    return "\n".join(lines)


def extract_script(text: str) -> str:
    blocks = re.findall(r"```[a-zA-Z]*\n(.*?)```", text, re.S)
    if blocks:
        return max(blocks, key=len).strip() + "\n"
    m = re.search(r"```[a-zA-Z]*\n(.*)", text, re.S)  # unterminated block (max_tokens)
    return (m.group(1) if m else text).strip() + "\n"


class Drafter:
    """One conversation with MD-Code: the first draft, then repairs in the same thread."""

    def __init__(self, llm, emit: Callable[[dict], None], max_tokens: int = 700) -> None:
        self.llm = llm
        self.emit = emit
        self.max_tokens = max_tokens
        self.conversation: list[dict] = []
        self.seeded = False  # the conversation's draft came from the builder (`seed`), not from the model

    def _ask(self) -> str:
        completion = self.llm.complete(self.conversation, model=self.llm.config.code_model, max_tokens=self.max_tokens,
                                       on_token=lambda t: self.emit({"type": "token", "text": t}))  # fmt: skip
        self.conversation.append({"role": "assistant", "content": completion.text})
        return extract_script(completion.text)

    def first(self, prompt: str) -> str:
        self.conversation = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}]
        return self._ask()

    def seed(self, prompt: str, script: str) -> None:
        """Start the conversation with someone else's draft (the builder's), for the model to repair."""
        self.conversation = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt},
                             {"role": "assistant", "content": f"```lammps\n{script.rstrip()}\n```"}]  # fmt: skip
        self.seeded = True

    def repair(self, feedback: str) -> str:
        self.conversation.append({"role": "user", "content": feedback})
        return self._ask()
