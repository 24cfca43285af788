"""A real one-node Slurm cluster for the tests: munged, slurmctld and slurmd from Debian's
`slurm-wlm`, started in a private directory with their own key, ports and state (nothing
system-wide is touched). Needs root (slurmd runs jobs as the submitting user) and the binaries."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

BINARIES = ("munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "scancel")


def missing() -> list[str]:
    return [b for b in BINARIES if not shutil.which(b) and not Path("/usr/sbin", b).exists()]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bin(name: str) -> str:
    return shutil.which(name) or str(Path("/usr/sbin") / name)


class SlurmCluster:
    def __init__(self, root: Path, cpus: int = 2, slurmd_timeout: int = 6) -> None:
        self.root = root
        self.host = socket.gethostname().split(".")[0]
        self.cpus = cpus
        self.slurmd_timeout = slurmd_timeout
        self.conf = root / "slurm.conf"
        self.procs: dict[str, int] = {}

    @property
    def env(self) -> dict:
        return {"SLURM_CONF": str(self.conf)}

    def write_config(self) -> None:
        r = self.root
        (r / "state").mkdir(parents=True, exist_ok=True)
        (r / "spool").mkdir(exist_ok=True)
        key = r / "munge.key"
        key.write_bytes(os.urandom(1024))
        key.chmod(0o600)
        self.conf.write_text(f"""ClusterName=mdwebtest
SlurmctldHost={self.host}
SlurmUser=root
SlurmdUser=root
SlurmctldPort={_free_port()}
SlurmdPort={_free_port()}
AuthType=auth/munge
AuthInfo=socket={r}/munge.sock
CredType=cred/munge
StateSaveLocation={r}/state
SlurmdSpoolDir={r}/spool
SlurmctldPidFile={r}/slurmctld.pid
SlurmdPidFile={r}/slurmd.pid
SlurmctldLogFile={r}/slurmctld.log
SlurmdLogFile={r}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmdTimeout={self.slurmd_timeout}
MinJobAge=600
JobRequeue=0
KillWait=5
MpiDefault=none
NodeName={self.host} CPUs={self.cpus} State=UNKNOWN
PartitionName=debug Nodes={self.host} Default=YES MaxTime=INFINITE State=UP
""")

    def _daemon(self, name: str, argv: list[str], pidfile: Path) -> None:
        subprocess.run(argv, check=True, env={**os.environ, **self.env}, timeout=30)
        for _ in range(100):
            if pidfile.exists() and pidfile.read_text().strip():
                self.procs[name] = int(pidfile.read_text())
                return
            time.sleep(0.1)
        raise RuntimeError(f"{name} did not start: {self.log(name)}")

    def start(self) -> SlurmCluster:
        self.write_config()
        r = self.root
        self._daemon("munged", [_bin("munged"), "--force", f"--key-file={r}/munge.key", f"--socket={r}/munge.sock",
                                f"--pid-file={r}/munged.pid", f"--log-file={r}/munged.log",
                                f"--seed-file={r}/munge.seed"], r / "munged.pid")  # fmt: skip
        self._daemon("slurmctld", [_bin("slurmctld"), "-f", str(self.conf)], r / "slurmctld.pid")
        self.start_slurmd()
        self.wait_idle()
        return self

    def start_slurmd(self) -> None:
        (self.root / "slurmd.pid").unlink(missing_ok=True)
        self._daemon("slurmd", [_bin("slurmd"), "-f", str(self.conf)], self.root / "slurmd.pid")

    def kill_slurmd(self) -> None:
        """A node failure: the node's daemon dies (SIGKILL), its jobs' steps are orphaned."""
        os.kill(self.procs.pop("slurmd"), signal.SIGKILL)

    def sinfo_state(self) -> str:
        out = subprocess.run([_bin("sinfo"), "-h", "-o", "%T"], capture_output=True, text=True,
                             env={**os.environ, **self.env})  # fmt: skip
        return out.stdout.strip()

    def wait_idle(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.sinfo_state().startswith("idle"):
                return
            subprocess.run([_bin("scontrol"), "update", f"NodeName={self.host}", "State=RESUME"], capture_output=True,
                           env={**os.environ, **self.env})  # fmt: skip
            time.sleep(0.5)
        raise RuntimeError(f"the node did not become idle ({self.sinfo_state()}): {self.log('slurmctld')}")

    def log(self, name: str) -> str:
        path = self.root / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> None:
        for name in ("slurmd", "slurmctld", "munged"):
            pid = self.procs.pop(name, None)
            if pid:
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        self.kill_orphaned_steps()

    def kill_orphaned_steps(self) -> None:
        """Job steps left by a killed slurmd (ours only: by their SLURM_CONF), with everything they
        started: a step's batch script and its LAMMPS outlive the step when only the step is killed."""
        import psutil

        for pid in self.stepds():
            try:
                step = psutil.Process(pid)
                tree = [step, *step.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
            for proc in tree:
                try:
                    proc.kill()
                except psutil.NoSuchProcess:
                    pass
            psutil.wait_procs(tree, timeout=10)

    def stepds(self) -> list[int]:
        out = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                comm = Path(f"/proc/{entry}/comm").read_text().strip()
                environ = Path(f"/proc/{entry}/environ").read_bytes()
            except OSError:
                continue
            if comm == "slurmstepd" and f"SLURM_CONF={self.conf}".encode() in environ:
                out.append(int(entry))
        return out
