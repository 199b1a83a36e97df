import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from counselling.demo import DEMO_FILE
from counselling.models import CounsellingArticlePage, LegalReference, Topic
from tests.counselling.factories import counselling_index


@pytest.fixture
def index(db):
    return counselling_index()


def line(**fields):
    data = {
        "external_id": "uji-1",
        "title": "Motor hilang",
        "summary": "Apa yang dilakukan.",
        "body": "Paragraf **satu**.\n\n## Bagian\n\n- a\n- b",
        "topics": ["pencurian-kendaraan-bermotor-curanmor"],
        "audiences": ["umum"],
        "steps": ["Lapor"],
        "faq": [{"question": "Gratis?", "answer": "Ya."}],
        "legal_references": ["UU 1/2023 tentang KUHP Pasal 476"],
    }
    data.update(fields)
    return json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)


def run(tmp_path, lines, *args):
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_articles", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_demo_file_imports_idempotently_with_unverified_references_flagged(tmp_path, index):
    lines = DEMO_FILE.read_text(encoding="utf-8").splitlines()
    out, err = run(tmp_path, lines, "--publish")
    assert f"created {len(lines)}" in out and "errors 0" in out, (out, err)
    articles = CounsellingArticlePage.objects.live()
    assert articles.count() >= 24
    assert Topic.objects.filter(articles__in=articles).distinct().count() >= 10
    assert (
        LegalReference.objects.get(
            instrument="UU 1/2023 tentang KUHP", article="Pasal 479"
        ).verified
        is False
    )
    assert (
        LegalReference.objects.get(
            instrument="UU 1/2023 tentang KUHP", article="Pasal 476"
        ).verified
        is True
    )
    assert all(a.steps() for a in articles)
    out, err = run(tmp_path, lines, "--publish")
    assert f"created 0, updated 0, skipped {len(lines)} (unchanged {len(lines)}, errors 0)" in out
    assert CounsellingArticlePage.objects.count() == len(lines)
    assert "1/" in err and "#" in err  # the progress bar


def test_bad_lines_are_reported_by_number_and_skipped_while_good_lines_import(tmp_path, index):
    lines = [
        line(external_id="baik-1", title="Baik satu"),
        "{rusak",
        line(external_id="x-2", warna="merah"),
        line(external_id="x-3", title=None),
        line(external_id="x-4", summary="x" * 301),
        line(external_id="x-5", audiences=["alien"]),
        line(external_id="x-6", topics=["topik-baru-dari-baris-gagal"], target_kelurahan="99.99"),
        line(external_id="baik-2", title="Baik dua"),
    ]
    out, err = run(tmp_path, lines, "--publish")
    assert "created 2" in out and "errors 6" in out
    assert "line 2: malformed JSON" in err
    assert "line 3: unknown field(s): warna" in err
    assert "line 4: missing title" in err
    assert "line 5: summary is 301 characters" in err
    assert "line 6: unknown audience(s): alien" in err
    assert "line 7: unknown kelurahan code" in err
    # Nothing of a failed line is left behind, not even the topic it would have created.
    assert not Topic.objects.filter(slug="topik-baru-dari-baris-gagal").exists()
    assert set(CounsellingArticlePage.objects.values_list("external_id", flat=True)) == {
        "baik-1",
        "baik-2",
    }


def test_dry_run_saves_nothing(tmp_path, index):
    out, _ = run(tmp_path, [line()], "--dry-run", "--publish")
    assert "dry run" in out and "created 1" in out
    assert not CounsellingArticlePage.objects.exists()
    assert not LegalReference.objects.filter(article="Pasal 476", articles__isnull=False).exists()


def test_changed_line_updates_the_same_article_as_a_draft_until_published(tmp_path, index):
    run(tmp_path, [line()], "--publish")
    page = CounsellingArticlePage.objects.get(external_id="uji-1")
    out, _ = run(tmp_path, [line(summary="Ringkasan baru.")])
    assert "updated 1" in out
    page.refresh_from_db()
    assert page.summary == "Apa yang dilakukan." and page.has_unpublished_changes
    run(tmp_path, [line(summary="Ringkasan baru.")], "--publish")
    page.refresh_from_db()
    assert page.summary == "Ringkasan baru."
    assert CounsellingArticlePage.objects.count() == 1


def test_future_published_at_schedules_the_article(tmp_path, index, api_client):
    later = (timezone.now() + timedelta(days=3)).isoformat()
    run(tmp_path, [line(published_at=later)], "--publish")
    page = CounsellingArticlePage.objects.get(external_id="uji-1")
    assert not page.live and page.go_live_at is not None
    assert api_client.get("/api/v1/articles/").json()["results"] == []


def test_imported_body_has_steps_faq_and_legal_basis_blocks(tmp_path, index):
    run(tmp_path, [line()], "--publish")
    page = CounsellingArticlePage.objects.get(external_id="uji-1")
    types = [b.block_type for b in page.body]
    assert types[:3] == ["paragraph", "heading", "paragraph"]
    assert {"steps", "legal_excerpt", "faq"} <= set(types)
    assert "<b>satu</b>" in page.body[0].value.source
