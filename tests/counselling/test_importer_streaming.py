"""Importer (issue 18): each bad line is printed as soon as it fails, so an interrupted import
has already told which lines were bad; slugs are found without reading every sibling's slug."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from counselling.importer import ArticleImporter
from tests.counselling.factories import counselling_index
from tests.counselling.test_importer import line


@pytest.fixture
def index(db):
    return counselling_index()


def test_errors_are_printed_before_an_interrupt(tmp_path, index, monkeypatch):
    lines = [
        line(external_id="baik-1", title="Baik satu"),
        "{rusak",
        line(external_id="x-3", audiences=["alien"]),
        line(external_id="baik-4", title="Baik empat"),
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    real = ArticleImporter.import_line

    def interrupted_on_line_4(self, raw):
        if "baik-4" in raw:
            raise KeyboardInterrupt  # Ctrl-C (or a killed terminal) half-way through the file
        return real(self, raw)

    monkeypatch.setattr(ArticleImporter, "import_line", interrupted_on_line_4)
    err = StringIO()
    with pytest.raises(KeyboardInterrupt):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    printed = err.getvalue()
    assert "line 2: malformed JSON" in printed
    assert "line 3: unknown audience(s): alien" in printed


def test_free_slug_reads_only_the_slugs_that_could_collide(index):
    importer = ArticleImporter(index)
    for n in range(30):
        importer.run([line(external_id=f"lain-{n}", title=f"Topik lain {n}")])
    importer.run([line(external_id="motor-1", title="Motor hilang")])
    with CaptureQueriesContext(connection) as queries:
        slug = importer.free_slug("motor-hilang")
    assert slug == "motor-hilang-2"
    (query,) = queries.captured_queries
    assert (
        "motor-hilang" in query["sql"]
    )  # filtered in the database, not 31 slugs read and compared
