from __future__ import annotations

import pytest

from tests.simulations.factories import LJ_SHORT

LJ_REQUEST = "Simulate a Lennard-Jones fcc crystal at reduced density 0.8442 in the NVT ensemble at T*=1.5"
LJ_CHECKS = {"units": "lj", "ensemble": "nvt", "pair_style": "lj/cut", "temperature": {"target": 1.5, "rtol": 0.2}}


@pytest.fixture
def lj_reply():
    """A model reply holding a correct script for LJ_REQUEST."""
    return "Here is the script:\n```lammps\n" + LJ_SHORT.format(steps=2000) + "```\n"


@pytest.fixture
def dataset_of(tmp_path):
    """A one-off dataset version written where the test can see it."""
    from training import datasets as mddata

    def make(name: str, samples: list) -> dict:
        return mddata.write(name, samples, {}, out=tmp_path / "datasets")

    return make
