"""Demo content of the core app: pages, footer and topics."""

from .pages import seed_pages
from .taxonomy import seed_topics


def seed(stdout) -> None:
    """Create or update the core demo content."""
    pages = seed_pages()
    topics = seed_topics()
    stdout.write(f"core: {len(pages)} pages, {len(topics)} topics.")
