"""Access changes reach open WebSockets at once: a removed member (by the owner or in the
admin) or a user who leaves a project's group gets their sockets on that project closed."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete
from django.dispatch import receiver

from . import live
from .models import Membership, Project


@receiver(post_delete, sender=Membership)
def membership_removed(sender, instance: Membership, **kwargs) -> None:
    live.access_changed(instance.user_id, instance.project_id)


@receiver(m2m_changed, sender=get_user_model().groups.through)
def groups_changed(sender, instance, action: str, pk_set, reverse: bool, **kwargs) -> None:
    if action not in {"post_remove", "post_clear"}:
        return
    if reverse:  # group.user_set.remove(users): instance is the group
        pairs = [(uid, instance.pk) for uid in (pk_set or [])]
    else:  # user.groups.remove(groups): instance is the user
        pairs = [(instance.pk, gid) for gid in (pk_set or [])]
    for user_id, group_id in pairs:
        for project_id in Project.objects.filter(group_id=group_id).values_list("pk", flat=True):
            live.access_changed(user_id, project_id)
