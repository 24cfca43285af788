"""Accounts: self-signup is closed unless MDWEB_SIGNUP=open; staff invite with one-time links."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from simulations import services
from simulations.models import Invitation

from .factories import user

pytestmark = pytest.mark.django_db
NEW = {"username": "newbie", "password1": "a-long-pass-9876", "password2": "a-long-pass-9876"}


def test_signup_is_closed_by_default(client):
    page = client.get(reverse("signup"))
    assert page.status_code == 200 and b"Sign-up is by invitation" in page.content
    client.post(reverse("signup"), NEW)
    assert not get_user_model().objects.filter(username="newbie").exists()
    assert b"Ask a staff member" in client.get(reverse("login")).content


def test_open_signup_when_configured(client, settings):
    settings.MDWEB_SIGNUP = "open"
    assert client.post(reverse("signup"), NEW).status_code == 302
    assert client.get(reverse("projects")).status_code == 200


def test_staff_invitation_works_once(client):
    staff = user("staff", is_staff=True)
    client.force_login(staff)
    client.post(reverse("invitations"), {"note": "new student"})
    invitation = Invitation.objects.get()
    assert invitation.token in client.get(reverse("invitations")).content.decode()
    client.logout()
    url = reverse("signup") + f"?invite={invitation.token}"
    assert b"Create account" in client.get(url).content
    assert client.post(reverse("signup"), {**NEW, "invite": invitation.token}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.used_by.username == "newbie"
    client.logout()
    again = client.post(reverse("signup"), {**NEW, "username": "second", "invite": invitation.token})
    assert again.status_code == 403 and b"not valid" in again.content
    assert not get_user_model().objects.filter(username="second").exists()


def test_expired_invitation_is_refused(client):
    invitation = services.invite(user("staff", is_staff=True))
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timezone.timedelta(days=1))
    response = client.post(reverse("signup"), {**NEW, "invite": invitation.token})
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_non_staff_cannot_invite(client):
    client.force_login(user("plain"))
    assert client.get(reverse("invitations")).status_code == 403
    assert client.post(reverse("invitations"), {"note": "x"}).status_code == 403
    assert not Invitation.objects.exists()
