"""Permission policies of the members' models in the Wagtail admin."""

from django.contrib.auth import get_user_model

from wagtail.permission_policies import ModelPermissionPolicy


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions for reading; adding, changing and deleting for no one.

    For records kept as evidence (consents): superusers, who otherwise hold every
    permission, may not write them either.
    """

    WRITES = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.WRITES and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        reads = [action for action in actions if action not in self.WRITES]
        if not reads:
            return get_user_model().objects.none()
        return super().users_with_any_permission(reads)
