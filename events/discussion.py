"""Who is told of new comments on a meeting (members.discussion): its contact person."""

from members.discussion.registry import Watcher


def meeting_watchers(event):
    return [Watcher(event.contact_email)] if event.contact_email else []
