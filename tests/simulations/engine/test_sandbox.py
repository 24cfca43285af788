"""The OS sandbox is the wall: scripts that get `shell` past the validator on purpose.

Every test here calls the sandbox directly (no validator) with a LAMMPS script whose
`shell sh probe.sh` runs a shell script the test wrote into the run directory, i.e. code of
the attacker's choice. Each test asserts what the probe could not do, that a marker
directory outside the run directory is unchanged (hashes before and after) and that no
process of the run is alive afterwards. These tests need bubblewrap and user namespaces
(`make test` installs bubblewrap); where they are missing, they fail: a machine that cannot
build the wall must not look green.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psutil
import pytest

from simulations.engine import Limits, find_installation
from simulations.engine import sandbox as sb
from simulations.engine.runner import SCRIPT_NAME, lammps_command
from tests.conftest import tree_digest

ROOT = Path(__file__).resolve().parents[3]


class Wall:
    """A run directory, a world-writable marker directory and a secret outside it."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.secret = f"TOPSECRET-{uuid.uuid4().hex}"
        self.outside = base / "outside"
        self.outside.mkdir()
        (self.outside / "keep.txt").write_text("precious\n")
        (self.outside / "secret.txt").write_text(self.secret + "\n")
        (self.outside / "root-only.txt").write_text(self.secret + "\n")
        os.chmod(self.outside / "root-only.txt", 0o600)
        os.chmod(self.outside, 0o777)  # only the sandbox stands between a run and this folder
        self.other_run = base / "runs" / "other"
        self.other_run.mkdir(parents=True)
        (self.other_run / "log.lammps").write_text(self.secret + "\n")
        self.workdir = base / "runs" / "this"
        self.workdir.mkdir()
        self.before = tree_digest(self.outside)

    def run(self, probe: str, *, kind: str = "bwrap", script: str | None = None, **limits) -> sb.Outcome:
        (self.workdir / "probe.sh").write_text(probe.replace("OUT", str(self.outside)))
        (self.workdir / SCRIPT_NAME).write_text(script or "shell sh probe.sh\n")
        lim = Limits().replace(**{"wall_s": 30.0, **limits})
        argv, env, read_only = lammps_command(find_installation(), lim, SCRIPT_NAME)
        return sb.run_limited(argv, workdir=self.workdir, limits=lim, env=env, read_only=read_only,
                              protect=[SCRIPT_NAME], stdout_path=self.workdir / "screen.log",
                              sandbox="none" if kind == "rlimits" else kind)  # fmt: skip

    def results(self) -> dict[str, str]:
        out = {}
        path = self.workdir / "results.txt"
        for line in path.read_text().splitlines() if path.exists() else []:
            key, _, value = line.partition("=")
            out[key] = value
        return out

    def everything_the_run_wrote(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.workdir.rglob("*") if p.is_file())

    def assert_untouched(self, outcome: sb.Outcome) -> None:
        assert tree_digest(self.outside) == self.before, "the marker directory outside the run changed"
        assert self.secret not in self.everything_the_run_wrote(), "a secret reached the run directory"
        assert outcome.survivors == 0
        assert leftover_sleepers() == []


def leftover_sleepers() -> list[int]:
    pids = []
    for p in psutil.process_iter(["cmdline"]):
        cmd = p.info["cmdline"] or []
        if len(cmd) >= 2 and cmd[0].endswith("sleep") and cmd[1].startswith("31"):
            pids.append(p.pid)
    return pids


@pytest.fixture
def wall():
    # Not pytest's tmp_path: its 0700 parents would do the sandbox's work for it.
    base = Path(tempfile.mkdtemp(prefix="mdweb-wall-"))
    os.chmod(base, 0o755)
    try:
        yield Wall(base)
    finally:
        for pid in leftover_sleepers():
            psutil.Process(pid).kill()
        shutil.rmtree(base, ignore_errors=True)


def test_this_machine_builds_the_wall():
    cap = sb.detect()
    assert cap.kind == "bwrap", f"no bubblewrap sandbox here: {cap.reason} (make test installs bubblewrap)"
    assert cap.seccomp


# ---- reading ----------------------------------------------------------------------------------


def test_cannot_read_shadow_settings_secrets_or_other_runs(wall):
    outcome = wall.run(f"""
cat /etc/shadow > shadow.txt 2>&1; echo shadow=$? >> results.txt
cat {ROOT}/mdweb/settings.py > settings.txt 2>&1; echo settings=$? >> results.txt
ls {ROOT} > repo.txt 2>&1; echo repo=$? >> results.txt
cat OUT/secret.txt OUT/root-only.txt > secret.txt 2>&1; echo secret=$? >> results.txt
cat {wall.other_run}/log.lammps > other.txt 2>&1; echo other=$? >> results.txt
ls / > root.txt
""")
    res = wall.results()
    assert all(res[k] != "0" for k in ("shadow", "settings", "secret", "other")), res
    # The repository's folder exists only as the mount point of the wheel's directories.
    assert "manage.py" not in (wall.workdir / "repo.txt").read_text()
    assert "SECRET_KEY" not in (wall.workdir / "settings.txt").read_text()
    top = set((wall.workdir / "root.txt").read_text().split())
    assert "root" not in top and "home" not in top and "var" not in top, top
    wall.assert_untouched(outcome)


def test_lammps_itself_cannot_read_outside_paths(wall):
    # LAMMPS echoes lines of files it fails to parse: include/read_data of outside files.
    outcome = wall.run("", script=f"include {wall.outside}/secret.txt\n")
    assert outcome.returncode != 0
    wall.assert_untouched(outcome)


# ---- writing ----------------------------------------------------------------------------------


def test_cannot_write_outside_the_run_directory(wall):
    name = f"mdweb-pwned-{uuid.uuid4().hex}"
    outcome = wall.run(f"""
touch OUT/pwned; echo out=$? >> results.txt
rm OUT/keep.txt; echo rm=$? >> results.txt
touch /tmp/{name}; echo tmp=$? >> results.txt
touch {ROOT}/{name}; echo repo=$? >> results.txt
touch {wall.other_run}/pwned; echo other=$? >> results.txt
echo x > in.lammps; echo script=$? >> results.txt
mv in.lammps moved; echo mv=$? >> results.txt
""")
    res = wall.results()
    # Its root is read-only and /tmp a private tmpfs that vanishes with it. A checkout under /tmp (a
    # fresh clone in a temp folder) has its path inside that tmpfs, where bubblewrap made the run
    # directory's parents: writable there, gone with it; the host-side checks below still apply.
    refused = ("out", "rm", "other", "script", "mv") + (() if ROOT.is_relative_to("/tmp") else ("repo",))
    assert all(res[k] != "0" for k in refused), res
    assert not Path(f"/tmp/{name}").exists()  # its /tmp is private
    assert not (ROOT / name).exists()
    assert (wall.workdir / SCRIPT_NAME).read_text() == "shell sh probe.sh\n"
    assert sorted(p.name for p in wall.other_run.iterdir()) == ["log.lammps"]
    wall.assert_untouched(outcome)


def test_lammps_output_commands_cannot_write_outside(wall):
    outcome = wall.run("", script=(f'print "x" file {wall.outside}/printed\n'
                                   f"log {wall.outside}/log.txt append\n"))  # fmt: skip
    assert outcome.returncode != 0
    wall.assert_untouched(outcome)


# ---- privileges -------------------------------------------------------------------------------


def test_runs_unprivileged_without_capabilities_or_mounts(wall):
    outcome = wall.run("""
id -u > uid.txt
grep -E '^(CapEff|CapPrm|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status > status.txt
mkdir -p mnt
mount -t tmpfs none mnt 2>/dev/null; echo mount=$? >> results.txt
mount --bind /usr mnt 2>/dev/null; echo bind=$? >> results.txt
unshare -r true 2>/dev/null; echo unshare=$? >> results.txt
unshare -m true 2>/dev/null; echo unshare_mnt=$? >> results.txt
""")
    res = wall.results()
    assert res["mount"] != "0" and res["bind"] != "0" and res["unshare"] != "0" and res["unshare_mnt"] != "0", res
    assert (wall.workdir / "uid.txt").read_text().strip() == "65534"
    status = dict(line.split(":\t") for line in (wall.workdir / "status.txt").read_text().splitlines())
    assert int(status["CapEff"], 16) == 0 and int(status["CapBnd"], 16) == 0
    assert status["NoNewPrivs"].strip() == "1"
    assert status["Seccomp"].strip() == "2"  # filter mode
    if os.geteuid() == 0:
        # Outside its namespace the run is an unprivileged uid too, where that uid can reach the wheel
        # and the run directory by name; in a checkout under a 0700 folder (a clone in `mktemp -d`)
        # bubblewrap starts as root instead, and the result says so.
        _, _, read_only = lammps_command(find_installation(), Limits(), SCRIPT_NAME)
        reachable = all(sb.reachable_by_others(p) for p in [*read_only, wall.workdir])
        expected = sb.sandbox_uid() if reachable else 0
        assert outcome.isolation["uid_outside"] == expected
        assert (wall.workdir / "log.lammps").stat().st_uid == expected
    wall.assert_untouched(outcome)


def test_cannot_see_or_signal_other_processes(wall):
    victim = subprocess.Popen(["sleep", "319"])
    try:
        outcome = wall.run(f"""
ls /proc | grep -E '^[0-9]+$' | wc -l > nprocs.txt
test -e /proc/{victim.pid}/cmdline; echo seen=$? >> results.txt
kill -9 {victim.pid} 2>/dev/null; echo kill=$? >> results.txt
kill -9 1 2>/dev/null; echo init=$? >> results.txt
""")
        time.sleep(0.2)
        assert victim.poll() is None, "the run killed a process outside its sandbox"
        res = wall.results()
        assert res["seen"] != "0" and res["kill"] != "0", res
        assert int((wall.workdir / "nprocs.txt").read_text()) < 10  # its own few processes only
    finally:
        victim.kill()
        victim.wait()
    wall.assert_untouched(outcome)


# ---- network ----------------------------------------------------------------------------------


class Listener:
    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
                self.accepted += 1
                conn.close()
            except OSError:
                continue

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.sock.close()


@pytest.mark.parametrize("kind", ["bwrap", "rlimits"])
def test_cannot_open_a_tcp_connection(wall, kind):
    listener = Listener()
    try:
        outcome = wall.run(
            f"""
bash -c 'exec 3<>/dev/tcp/127.0.0.1/{listener.port}' 2>/dev/null; echo tcp=$? >> results.txt
bash -c 'exec 3<>/dev/udp/127.0.0.1/53' 2>/dev/null; echo udp=$? >> results.txt
""",
            kind=kind,
        )
        time.sleep(0.3)
        assert listener.accepted == 0
        res = wall.results()
        assert res["tcp"] != "0" and res["udp"] != "0", res
    finally:
        listener.close()
    assert outcome.survivors == 0


# ---- processes --------------------------------------------------------------------------------

ESCAPES = """
setsid sleep 311 > /dev/null 2>&1 < /dev/null &
nohup sleep 312 > /dev/null 2>&1 &
(sleep 313 > /dev/null 2>&1 &) &
sh -c 'setsid sh -c "sleep 314 &" &' > /dev/null 2>&1
sleep 0.3
"""


@pytest.mark.parametrize("kind", ["bwrap", "rlimits"])
def test_no_process_outlives_the_run(wall, kind):
    outcome = wall.run(ESCAPES, kind=kind)
    assert outcome.returncode == 0
    assert outcome.survivors == 0
    assert leftover_sleepers() == []


@pytest.mark.parametrize("kind", ["bwrap", "rlimits"])
def test_no_process_outlives_a_run_stopped_by_its_wall_time(wall, kind):
    outcome = wall.run(ESCAPES + "sleep 318\n", kind=kind, wall_s=2.0)
    assert outcome.limit == "wall_time"
    assert outcome.survivors == 0
    assert leftover_sleepers() == []


def test_survivor_count_is_true_when_the_kill_fails(wall, monkeypatch):
    # Fault injection: the kill is made to do nothing, so escaped processes stay alive; the
    # count the result gives must be the number that an independent scan finds.
    monkeypatch.setattr(psutil.Process, "kill", lambda self: None)
    monkeypatch.setattr(sb, "kill_group", lambda pgid: None)
    outcome = wall.run(ESCAPES, kind="rlimits")
    found = leftover_sleepers()
    monkeypatch.undo()
    for pid in found:
        psutil.Process(pid).kill()
    assert outcome.survivors >= len(found) >= 4


# ---- limits -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["bwrap", "rlimits"])
def test_file_count_limit_is_exact(wall, kind):
    outcome = wall.run("mkdir d; i=0; while [ $i -lt 3000 ]; do : > d/f$i; i=$((i+1)); done\n",
                       kind=kind, max_files=500)  # fmt: skip
    assert outcome.limit == "file_count"
    _, files = sb._dir_usage(wall.workdir)
    assert files <= 500
    assert outcome.files_removed >= 0
    assert outcome.survivors == 0
