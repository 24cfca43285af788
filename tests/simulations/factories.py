"""Real objects for the web-app tests (no fakes): users, projects with roles, runs."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from simulations.models import Membership, Project, Role

LJ_SHORT = """units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 1 box
create_atoms 1 box
mass 1 1.0
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0
velocity all create 1.5 87287 loop geom
fix 1 all nvt temp 1.5 1.5 0.5
thermo 100
run {steps}
"""


def user(name: str, **extra):
    return get_user_model().objects.create_user(name, f"{name}@example.org", "pw-" + name, **extra)


def project_with_roles(owner=None, **roles):
    """A project owned by `owner` (created if None) with extra members {username: role}."""
    owner = owner or user("owner")
    project = Project.objects.create(name="Copper melting", created_by=owner)
    Membership.objects.create(project=project, user=owner, role=Role.OWNER)
    members = {"owner": owner}
    for name, role in roles.items():
        u = user(name)
        Membership.objects.create(project=project, user=u, role=role)
        members[name] = u
    return project, members
