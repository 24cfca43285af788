"""A run as one zip: script, inputs with hashes, log, outputs and a manifest; `manage.py
lammps_run BUNDLE.zip` runs it again and compares the first thermo row."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

from simulations import bundle
from simulations.engine import find_installation
from tests.conftest import ROOT

EAM = """units metal
atom_style atomic
lattice fcc 3.615
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
mass 1 63.546
pair_style eam
pair_coeff 1 1 Cu_u3.eam
velocity all create 600 77123 mom yes rot yes
fix 1 all nvt temp 300 300 0.1
fix 2 all langevin 300 300 0.5 42 zero yes
dump d all custom 50 dump.lammpstrj id type x y z
thermo 50
run 200
"""


def make_bundle(run, tmp_path):
    result = run(EAM).to_dict()
    assert result["status"] == "succeeded"
    data = bundle.make(script=EAM, workdir=tmp_path / "run0", files=result["files"],
                       reproducibility=result["reproducibility"], info={"id": 7}, thermo=result["thermo"],
                       potentials_dir=find_installation().potentials_dir)  # fmt: skip
    path = tmp_path / "run-7.zip"
    path.write_bytes(data)
    return path, result


def lammps_run(path, tmp_path):
    return subprocess.run([sys.executable, "manage.py", "lammps_run", str(path), "--json",
                           "--workdir", str(tmp_path / "again")], cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip


def test_bundle_holds_what_a_reader_needs(run, tmp_path):
    path, result = make_bundle(run, tmp_path)
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("manifest.json"))
    assert {"in.lammps", "manifest.json", "inputs/Cu_u3.eam", "outputs/log.lammps", "outputs/dump.lammpstrj"} <= names
    assert "outputs/in.mdweb" not in names and "outputs/screen.log" not in names
    assert manifest["lammps_version"] and manifest["script_sha256"] == result["reproducibility"]["script_sha256"]
    assert {s["seed"] for s in manifest["seeds"]} == {77123, 42}
    assert manifest["inputs"][0]["name"] == "Cu_u3.eam" and len(manifest["inputs"][0]["sha256"]) == 64
    assert manifest["sandbox"]["kind"] in {"bwrap", "rlimits"} and manifest["first_thermo_row"]["Step"] == 0


def test_the_bundle_reproduces_its_first_thermo_row(run, tmp_path):
    path, result = make_bundle(run, tmp_path)
    proc = lammps_run(path, tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    assert out["reproduction"]["same_first_thermo_row"] and out["reproduction"]["original_run"] == 7


def test_a_changed_bundle_is_reported_as_not_reproduced(run, tmp_path):
    path, _ = make_bundle(run, tmp_path)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["first_thermo_row"]["Temp"] = 1.0
                data = json.dumps(manifest).encode()
            dst.writestr(item, data)
    proc = lammps_run(tampered, tmp_path)
    assert proc.returncode == 1
    assert "Temp" in " ".join(json.loads(proc.stdout)["reproduction"]["differences"])
