"""A comment changed: retire the cached copies of its page (and the listings' counts)."""

from django.db.models.signals import post_delete, post_save

from core.page_cache import invalidate, page_generation

from .models import Comment


def _retire_page(sender, instance: Comment, **kwargs) -> None:
    invalidate(page_generation(instance.page_id))


def connect() -> None:
    post_save.connect(_retire_page, sender=Comment, dispatch_uid="discussion_comment_saved")
    post_delete.connect(_retire_page, sender=Comment, dispatch_uid="discussion_comment_deleted")
