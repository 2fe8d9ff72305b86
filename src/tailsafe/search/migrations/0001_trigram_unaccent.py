"""pg_trgm and unaccent for search (issue 18, item 4): created on PostgreSQL only; the
operations do nothing on SQLite."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies: list[tuple[str, str]] = []

    operations = [TrigramExtension(), UnaccentExtension()]
