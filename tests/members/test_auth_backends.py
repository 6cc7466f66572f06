"""The cached permission sets: read once, retired by every kind of change."""

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client

import pytest

from members import auth_backends
from members.models import User
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db

PERMISSION = "members.change_membership"


def fresh(user) -> User:
    """The user as the next request loads it: no permissions remembered on the object."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def editors():
    return Group.objects.get(name="Editors")


@pytest.fixture
def change_membership():
    return Permission.objects.get(codename="change_membership", content_type__app_label="members")


def test_the_set_is_read_once_then_served_from_the_cache(editors, django_assert_num_queries):
    user = UserFactory()
    user.groups.add(editors)
    assert fresh(user).has_perm(PERMISSION)

    again = fresh(user)
    with django_assert_num_queries(0):
        assert again.has_perm(PERMISSION)
        assert again.has_perm("wagtailadmin.access_admin")
        assert not again.has_perm("auth.delete_group")


def test_joining_and_leaving_a_group_take_effect_on_the_next_request(editors):
    user = UserFactory()
    assert not fresh(user).has_perm(PERMISSION)

    user.groups.add(editors)
    assert fresh(user).has_perm(PERMISSION)

    user.groups.remove(editors)
    assert not fresh(user).has_perm(PERMISSION)


def test_a_groups_permissions_changing_takes_effect(editors, change_membership):
    user = UserFactory()
    user.groups.add(editors)
    assert fresh(user).has_perm(PERMISSION)

    editors.permissions.remove(change_membership)
    assert not fresh(user).has_perm(PERMISSION)
    editors.permissions.add(change_membership)
    assert fresh(user).has_perm(PERMISSION)


def test_deleting_a_group_takes_effect(editors):
    user = UserFactory()
    user.groups.add(editors)
    assert fresh(user).has_perm(PERMISSION)

    editors.delete()  # its members' rows go by cascade, without m2m signals
    assert not fresh(user).has_perm(PERMISSION)


def test_a_users_own_permissions_take_effect(change_membership):
    user = UserFactory()
    assert not fresh(user).has_perm(PERMISSION)

    user.user_permissions.add(change_membership)
    assert fresh(user).has_perm(PERMISSION)
    user.user_permissions.clear()
    assert not fresh(user).has_perm(PERMISSION)


def test_inactive_users_have_none_even_when_cached(editors):
    user = UserFactory()
    user.groups.add(editors)
    assert fresh(user).has_perm(PERMISSION)

    User.objects.filter(pk=user.pk).update(is_active=False)
    assert not fresh(user).has_perm(PERMISSION)


def test_a_set_cached_before_the_commit_is_retired_by_it(
    editors, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        user.groups.add(editors)
        # Another server, which cannot see the change before it commits, caches
        # the old set under the generation the change has just bumped.
        generation = cache.get(auth_backends.GENERATION_KEY)
        cache.set(f"auth:permissions:user:{user.pk}", (generation, set()), 300)
        assert not fresh(user).has_perm(PERMISSION)

    assert fresh(user).has_perm(PERMISSION)


def test_clearing_superuser_takes_effect_on_the_next_request():
    user = UserFactory(is_superuser=True)
    assert PERMISSION in fresh(user).get_all_permissions()  # cached: every permission

    user.is_superuser = False
    user.save()
    assert not fresh(user).has_perm(PERMISSION)
    assert fresh(user).get_all_permissions() == set()


def test_a_set_read_before_the_flag_change_commits_is_dropped_by_the_commit(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        user.is_superuser = False
        user.save(update_fields=["is_superuser"])
        # Another server, which cannot see the change yet, caches the old set.
        generation = cache.get(auth_backends.GENERATION_KEY)
        cache.set(auth_backends.permissions_key(user.pk), (generation, {PERMISSION}), 300)
    assert not fresh(user).has_perm(PERMISSION)


def test_a_sign_in_keeps_the_cached_set(editors, django_assert_num_queries):
    user = UserFactory()
    user.groups.add(editors)
    assert fresh(user).has_perm(PERMISSION)
    user.save(update_fields=["last_login"])
    again = fresh(user)
    with django_assert_num_queries(0):
        assert again.has_perm(PERMISSION)


def signed_in_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_user_row_is_read_once_per_change(django_assert_num_queries):
    user = UserFactory(first_name="Rut")
    backend = auth_backends.CachedPermissionsBackend()
    assert backend.get_user(user.pk).first_name == "Rut"
    with django_assert_num_queries(0):
        assert backend.get_user(user.pk).first_name == "Rut"
    user.first_name = "Ruth"
    user.save()
    assert backend.get_user(user.pk).first_name == "Ruth"
    user.delete()
    assert backend.get_user(user.pk) is None


def test_a_new_password_or_a_deactivation_signs_the_other_sessions_out():
    user = UserFactory()
    elsewhere = signed_in_client(user)
    assert elsewhere.get("/mina-sidor/").status_code == 200
    user.set_password("nytt-lösenord-2")
    user.save()
    assert elsewhere.get("/mina-sidor/").status_code == 302
    again = signed_in_client(user)
    assert again.get("/mina-sidor/").status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert again.get("/mina-sidor/").status_code == 302


def test_every_way_of_signing_in_gets_the_cached_row(client, settings):
    # allauth records its own kind of backend for a sign-in without a password (after
    # the e-mail address is confirmed): that one is ours too.
    assert all(path.startswith("members.") for path in settings.AUTHENTICATION_BACKENDS)
    user = UserFactory(email="rut@kommun.se")
    response = client.post("/konto/login/", {"login": user.email, "password": "losenord-123"})
    assert response.status_code == 302
    assert client.get("/mina-sidor/").status_code == 200
    assert cache.get(auth_backends.user_key(user.pk))[1].pk == user.pk
