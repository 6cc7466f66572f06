"""Background work of the events app."""

from django.tasks import task
from django.utils import translation

from .feeds import feed_body
from .forms import EventFilters
from .models import EventIndexPage


@task()
def feed_warm(index_id: int) -> None:
    """Build the whole-site feed of an index into the cache, so subscribers never wait."""
    index = EventIndexPage.objects.filter(pk=index_id).select_related("locale").first()
    if index is None:
        return
    with translation.override(index.locale.language_code):
        feed_body(index=index, filters=EventFilters())
