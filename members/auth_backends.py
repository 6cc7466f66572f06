"""Django's and allauth's backends with each user's row and permission set in the cache.

Every page a member sees asks ``has_perm`` (Wagtail's user bar, the review link),
which costs Django two queries per request. The set is cached per user together
with a *permissions generation*; any change to a user's groups or permissions, a
group's permissions, or the deletion of a group or permission bumps it at once and
again when the transaction commits (a set read in between is of the old data), and
a set with an older number is read again. Saving a user whose active, staff or
superuser flag may have changed drops that user's set, now and at the commit.
Entries also expire after ``TIMEOUT`` seconds, a bound for changes made without
signals (bulk inserts into the through tables).

The user row, which authenticating every request of a member reads, is kept the same
way (``get_user``) and dropped whenever the user is saved or deleted: a new password,
a sign-in, a deactivation.
"""

from functools import partial

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from allauth.account.auth_backends import AuthenticationBackend

from core import read_ahead
from core.generations import Generation

GENERATION_KEY = "auth:permissions:generation"
PERMISSIONS = Generation(GENERATION_KEY)
TIMEOUT = 300
# A user's fields that decide their permissions besides groups and permissions; a
# save that names none of them (a sign-in's last_login) keeps the cached set.
AUTHORITY_FIELDS = {"is_active", "is_staff", "is_superuser"}


def permissions_key(user_id: object) -> str:
    """Cache key of the user's permission set."""
    return f"auth:permissions:user:{user_id}"


def user_key(user_id: object) -> str:
    """Cache key of the user's row."""
    return f"auth:user:{user_id}"


class CachedUserMixin:
    """``get_user`` from the cache, per permissions generation (None for an inactive user)."""

    def get_user(self, user_id):
        return PERMISSIONS.cached(user_key(user_id), partial(super().get_user, user_id), TIMEOUT)


class CachedPermissionsBackend(CachedUserMixin, ModelBackend):
    """``ModelBackend`` whose ``get_all_permissions`` and ``get_user`` come from the cache."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = PERMISSIONS.cached(
                permissions_key(user_obj.pk),
                partial(super().get_all_permissions, user_obj),
                TIMEOUT,
            )
        return user_obj._perm_cache


class AccountBackend(CachedUserMixin, AuthenticationBackend):
    """allauth's backend (sign-in by e-mail address), its ``get_user`` from the cache."""


def _permissions_changed(**kwargs) -> None:
    PERMISSIONS.bump_now_and_on_commit()


def _forget(*keys: str) -> None:
    """Drop cached entries now and again at the commit (one read in between is old)."""

    def forget() -> None:
        for key in keys:
            read_ahead.forget(key)
        cache.delete_many(list(keys))

    forget()
    transaction.on_commit(forget, robust=True)


def _user_saved(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is None or AUTHORITY_FIELDS & set(update_fields):
        _forget(user_key(instance.pk), permissions_key(instance.pk))
    else:
        _forget(user_key(instance.pk))


def _user_deleted(sender, instance, **kwargs) -> None:
    _forget(user_key(instance.pk), permissions_key(instance.pk))


def connect_signals(user_model) -> None:
    """Retire every cached set when permissions change; called from ``MembersConfig.ready``."""
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(_permissions_changed, sender=through, dispatch_uid=f"perms-{through}")
    post_save.connect(_user_saved, sender=user_model, dispatch_uid="perms-user-saved")
    post_delete.connect(_user_deleted, sender=user_model, dispatch_uid="perms-user-deleted")
    for model in (Group, Permission):
        post_save.connect(_permissions_changed, sender=model, dispatch_uid=f"perms-save-{model}")
        post_delete.connect(_permissions_changed, sender=model, dispatch_uid=f"perms-del-{model}")
