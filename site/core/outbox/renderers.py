"""Messages composed when they are sent, by the app that knows what they say.

Some mail must say what is true when it leaves, not when it was queued: a
registration e-mail names the seat or waiting-list place, shows a meeting's digital
details only near its start and carries an invitation with the meeting's current
sequence. Such a message is stored with ``params`` (what to render, as JSON) and no
text (``services.enqueue_lazy``); delivery asks the renderer registered for its kind's
prefix to compose it at each attempt. ``core`` never imports the apps: they register
here in their ``AppConfig.ready``.
"""

from collections.abc import Callable

from django.core.mail import EmailMessage

# build(message) -> the message to send, or None when nothing is owed any more
# (the registration or its member is gone).
Renderer = Callable[["Message"], EmailMessage | None]  # noqa: F821 (models imports nothing here)
_renderers: dict[str, Renderer] = {}


def register(prefix: str, build: Renderer) -> Renderer:
    """Compose the messages whose kind is ``prefix`` or starts with ``prefix + "."``."""
    _renderers[prefix] = build
    return build


def renderer_for(kind: str) -> Renderer | None:
    """The renderer of ``kind``: the one registered for its longest dotted prefix."""
    parts = kind.split(".")
    for end in range(len(parts), 0, -1):
        if build := _renderers.get(".".join(parts[:end])):
            return build
    return None
