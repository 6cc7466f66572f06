from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    """Accounts, organisations and membership."""

    name = "members"
    verbose_name = _("Medlemmar")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from core import page_cache, read_ahead
        from core.outbox.services import register_unsubscribe_provider

        from . import gdpr, signals  # noqa: F401
        from .auth_backends import PERMISSIONS, connect_signals, permissions_key, user_key
        from .discussion import digest as discussion_digest
        from .discussion import gdpr as discussion_gdpr
        from .discussion import signals as discussion_signals
        from .discussion.models import Comment
        from .discussion.selectors import COMMENTS
        from .emails import profile_unsubscribe_link
        from .follows.digest import register_remark_source
        from .follows.models import Follow
        from .follows.selectors import FOLLOWS, follows_key, retire_follows
        from .follows.unsubscribe import one_click_link
        from .permissions import ReadOnlyPermissionPolicy
        from .selectors import MEMBERSHIPS, membership_key

        connect_signals(self.get_model("User"))
        user = self.get_model("User")
        post_save.connect(retire_follows, sender=Follow, dispatch_uid="follows_saved")
        post_delete.connect(retire_follows, sender=Follow, dispatch_uid="follows_deleted")
        m2m_changed.connect(
            retire_follows, sender=user.interests.through, dispatch_uid="interests_changed"
        )
        # A comment retires its page's cached copies and the listings showing counts.
        discussion_signals.connect()
        page_cache.invalidate_on_change(Comment, COMMENTS)
        page_cache.invalidate_on_change(self.get_model("DiscussionSettings"))
        gdpr.register_exporter(discussion_gdpr.export_comments)
        gdpr.register_eraser(discussion_gdpr.erase_comments)
        register_remark_source(discussion_digest.new_comments)
        register_unsubscribe_provider(profile_unsubscribe_link)
        # Asked first: following's mail and registration changes unsubscribe with one click.
        register_unsubscribe_provider(one_click_link)
        # Consents are evidence: the admin lists and shows them, no one writes them.
        # Registered here, before anything asks Wagtail for the model's policy.
        consent = self.get_model("Consent")
        register_permission_policy(consent, ReadOnlyPermissionPolicy(consent))
        # Every page shows the user bar (permissions); Mina sidor and the registration
        # box the membership; pages with "Bevaka" buttons what the member follows.
        read_ahead.register(
            lambda user_id: [
                PERMISSIONS.key,
                permissions_key(user_id),
                user_key(user_id),
                MEMBERSHIPS.key,
                membership_key(user_id),
                FOLLOWS.key,
                follows_key(user_id),
            ]
        )
