"""Real objects for the web-app tests (no fakes): users, projects with roles, runs."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from simulations.engine.samples import lj_fcc
from simulations.models import Membership, Project, Role

LJ_SHORT = lj_fcc(4, "{steps}")  # LJ_SHORT.format(steps=N)


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
