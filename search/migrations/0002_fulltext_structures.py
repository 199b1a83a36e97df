"""Full-text structures Django's model state does not describe: an FTS5 table on SQLite, a tsvector
column with a GIN index on PostgreSQL. Both hold text analysed in Python (search/analysis.py)."""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, summary, body, tokenize='unicode61 remove_diacritics 0')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS search_fts"
POSTGRES_CREATE = [
    "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "CREATE INDEX IF NOT EXISTS search_entry_vector_gin ON search_searchentry USING GIN (search_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = [SQLITE_CREATE] if vendor == "sqlite" else POSTGRES_CREATE if vendor == "postgresql" else []
    for sql in statements:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = [SQLITE_DROP] if vendor == "sqlite" else POSTGRES_DROP if vendor == "postgresql" else []
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index_tables")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
