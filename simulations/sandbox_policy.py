"""Who may run scripts on this server, given the sandbox it can build.

With bubblewrap (the wall) everyone with the editor role may run. Without it (`auto` on a
machine where bubblewrap or user namespaces are missing) runs fail closed: only staff may
run, and everyone else is told why. `MDWEB_SANDBOX=none` is the explicit, logged opt-in for
one-person local use: everyone may run, with rlimits, seccomp and the validator only.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from django.conf import settings

from simulations.engine.sandbox import detect

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SandboxPolicy:
    mode: str  # MDWEB_SANDBOX: auto | bwrap | none
    kind: str  # what runs get: bwrap | rlimits
    reason: str

    @property
    def walled(self) -> bool:
        return self.kind == "bwrap"

    def may_run(self, user) -> bool:
        return self.walled or self.mode == "none" or bool(getattr(user, "is_staff", False))

    def refusal(self) -> str:
        return (
            f"This server cannot sandbox LAMMPS runs ({self.reason}), so only staff may run scripts. "
            "An administrator can install bubblewrap, or set MDWEB_SANDBOX=none for one-person local use."
        )

    def describe(self) -> str:
        if self.walled:
            return "bubblewrap (user/pid/net namespaces, uid 65534, no capabilities, seccomp)"
        if self.mode == "none":
            return f"NONE (MDWEB_SANDBOX=none: rlimits, seccomp and the validator only; {self.reason})"
        return f"none available ({self.reason}): runs by non-staff users are refused"


@functools.lru_cache(maxsize=1)
def _policy(mode: str) -> SandboxPolicy:
    cap = detect()
    if mode == "none":
        policy = SandboxPolicy("none", "rlimits", "explicit opt-in")
        log.warning("MDWEB_SANDBOX=none: LAMMPS runs are NOT sandboxed (rlimits, seccomp and the validator only). "
                    "Use this only for one-person local use.")  # fmt: skip
        return policy
    policy = SandboxPolicy(mode, cap.kind, cap.reason)
    if not policy.walled:
        log.warning("no OS sandbox for LAMMPS runs (%s): only staff may run scripts", cap.reason)
    return policy


def sandbox_policy() -> SandboxPolicy:
    return _policy(settings.MDWEB_SANDBOX)
