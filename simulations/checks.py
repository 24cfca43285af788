"""`manage.py check` says which sandbox LAMMPS runs get, and fails when it is not the one asked for."""

from __future__ import annotations

from django.core import checks


@checks.register(checks.Tags.security)
def sandbox_in_force(app_configs=None, **kwargs):
    from .sandbox_policy import sandbox_policy

    policy = sandbox_policy()
    if policy.mode == "bwrap" and not policy.walled:
        return [checks.Error(f"MDWEB_SANDBOX=bwrap, but no bubblewrap sandbox can be made here: {policy.reason}",
                             hint="Install bubblewrap and allow user namespaces.", id="mdweb.E001")]  # fmt: skip
    if policy.mode == "none":
        return [checks.Warning("MDWEB_SANDBOX=none: LAMMPS runs are not sandboxed (rlimits, seccomp and the "
                               "validator only)", hint="Only for one-person local use.", id="mdweb.W001")]  # fmt: skip
    if not policy.walled:
        return [checks.Warning(f"No OS sandbox for LAMMPS runs ({policy.reason}): runs by non-staff users are "
                               "refused.", hint="Install bubblewrap (apt install bubblewrap).", id="mdweb.W002")]  # fmt: skip
    return []
