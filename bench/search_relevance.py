"""Relevance of search on informal resident queries: nDCG@10 and recall@5 for our engine and, in
the same run on the same documents, for Wagtail's built-in database search backend.

    .venv/bin/python bench/search_relevance.py [--database-url URL] [--verbose]

Corpus: counselling/data/demo_articles.jsonl when present, otherwise one realistic article per
topic generated from counselling/data/legal_topics.csv (name and legal basis; never the residents'
phrasings, which would leak the answers). Topic phrasings are blanked in the benchmark database for
the same reason, so neither engine sees them. Relevance is labelled by topic
(search/data/eval_queries.jsonl), so either corpus works.
"""

import argparse
import csv
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _django  # noqa: E402

ROOT = _django.ROOT
EVAL_FILE = ROOT / "search" / "data" / "eval_queries.jsonl"
DEMO_ARTICLES = ROOT / "counselling" / "data" / "demo_articles.jsonl"
TOPICS_FILE = ROOT / "counselling" / "data" / "legal_topics.csv"


def generated_corpus():
    """One article per topic from its name and legal basis, with the text a guide would have."""
    from django.utils.text import slugify

    docs = []
    with open(TOPICS_FILE, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["topic_name_id"].strip()
            basis = row["legal_basis"].replace("[", "(").replace("]", ")")
            lowered = name[0].lower() + name[1:]
            docs.append(
                {
                    "external_id": f"gen-{row['topic_id']}",
                    "title": f"{name}: apa yang harus dilakukan warga",
                    "summary": f"Panduan singkat bila Anda mengalami atau mengetahui {lowered}, "
                    "cara melapor, dan dasar hukumnya.",
                    "body": (
                        f"{name}. Bila Anda mengalami atau menyaksikan {lowered}, tetap tenang dan "
                        "utamakan keselamatan. Catat waktu dan tempat kejadian, simpan bukti seperti foto, "
                        "tangkapan layar, atau nama saksi. Laporkan ke SPKT Polsek terdekat atau hubungi "
                        "Bhabinkamtibmas di kelurahan Anda; dalam keadaan darurat hubungi 110. "
                        f"Dasar hukum: {basis}. Layanan kepolisian tidak dipungut biaya."
                    ),
                    "topics": [slugify(name)[:80].strip("-")],
                }
            )
    return docs


def load_corpus():
    if DEMO_ARTICLES.exists():
        with open(DEMO_ARTICLES, encoding="utf-8") as handle:
            return "demo_articles.jsonl", [json.loads(line) for line in handle if line.strip()]
    return "generated from legal_topics.csv", generated_corpus()


def build_pages(docs):
    from counselling.models import CounsellingArticlePage, CounsellingIndexPage, Topic
    from home.models import HomePage

    home = HomePage.objects.get()
    index = CounsellingIndexPage.objects.first()
    if index is None:
        index = CounsellingIndexPage(title="Penyuluhan Hukum", slug="penyuluhan")
        home.add_child(instance=index)
        index.save_revision().publish()
    topics = {t.slug: t for t in Topic.objects.all()}
    pages = {}
    for number, doc in enumerate(docs, start=1):
        page = CounsellingArticlePage(
            title=doc["title"],
            slug=f"artikel-{number}",
            summary=doc.get("summary", "")[:300],
            body=[
                ("paragraph", f"<p>{p}</p>") for p in str(doc.get("body", "")).split("\n\n") if p
            ],
        )
        index.add_child(instance=page)
        page.topics.set([topics[s] for s in doc.get("topics", []) if s in topics])
        page.save_revision().publish()  # our engine indexes on publish (immediate task)
        pages[page.pk] = {t for t in doc.get("topics", [])}
    return pages


def ndcg_at(ranked_grades, ideal_grades, k=10):
    if not ideal_grades:
        return 1.0 if not ranked_grades else 0.0  # a no-answer query is right only when empty
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ranked_grades[:k]))
    ideal = sorted(ideal_grades, reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    _django.setup(args.database_url or _django.fresh_sqlite_url("relevance"))

    from counselling.models import CounsellingArticlePage, Topic
    from counselling.taxonomy import load_audiences, load_topics
    from home import demo
    from search.demo import ensure_synonym_groups
    from search.service import get_service

    load_topics()
    load_audiences()
    demo.ensure_site()
    Topic.objects.update(phrasings="")  # neither engine may see the residents' phrasings
    ensure_synonym_groups()
    source, docs = load_corpus()
    service = get_service()
    service.engine.clear()
    pages = build_pages(docs)
    code_to_slug = dict(Topic.objects.values_list("code", "slug"))

    with open(EVAL_FILE, encoding="utf-8") as handle:
        queries = [json.loads(line) for line in handle if line.strip()]

    def grades_for(page_ids, relevant):
        slugs = {code_to_slug[c]: g for c, g in relevant.items()}
        return [max((slugs.get(t, 0) for t in pages.get(pk, ())), default=0) for pk in page_ids]

    def ours(text):
        results = service.search(text, filters={"type": ["article"]}, page_size=10)
        return [hit.id for hit in results.hits]

    def wagtails(text):
        try:
            return [p.pk for p in CounsellingArticlePage.objects.live().search(text)[:10]]
        except Exception:  # Wagtail's backend may reject odd syntax; that is a miss, not a crash
            return []

    scores = {"ours": defaultdict(list), "wagtail": defaultdict(list)}
    for item in queries:
        relevant = item["relevant"]
        slugs = {code_to_slug[c]: g for c, g in relevant.items()}
        ideal = [max((slugs.get(t, 0) for t in topics), default=0) for topics in pages.values()]
        ideal = [g for g in ideal if g > 0]
        for name, run in (("ours", ours), ("wagtail", wagtails)):
            ranked = run(item["query"])
            grades = grades_for(ranked, relevant)
            scores[name]["ndcg"].append(
                ndcg_at([g for g in grades], ideal) if ideal else ndcg_at(ranked, [])
            )
            if ideal:
                found = sum(1 for g in grades[:5] if g > 0)
                scores[name]["recall"].append(found / min(5, len(ideal)))
            scores[name][f"kind:{item['kind']}"].append(scores[name]["ndcg"][-1])
            if args.verbose:
                print(f"  {name:8} {scores[name]['ndcg'][-1]:.2f}  {item['query']!r}")

    def mean(values):
        return sum(values) / len(values) if values else float("nan")

    print(
        f"Search relevance — corpus: {len(pages)} articles ({source}); "
        f"{len(queries)} labelled queries; database: {service.engine.vendor}"
    )
    print(f"{'engine':<40} {'nDCG@10':>8} {'recall@5':>9}")
    for name, label in (
        ("ours", "ours (DatabaseEngine, Indonesian analysis)"),
        ("wagtail", "Wagtail database search backend"),
    ):
        print(
            f"{label:<40} {mean(scores[name]['ndcg']):>8.3f} {mean(scores[name]['recall']):>9.3f}"
        )
    kinds = sorted(k for k in scores["ours"] if k.startswith("kind:"))
    print(
        "nDCG@10 by kind of query: "
        + ", ".join(
            f"{k[5:]} {mean(scores['ours'][k]):.2f}/{mean(scores['wagtail'][k]):.2f}" for k in kinds
        )
        + "  (ours/wagtail)"
    )
    gap = mean(scores["ours"]["ndcg"]) - mean(scores["wagtail"]["ndcg"])
    print(f"difference: {gap:+.3f} (target: ours >= 0.80 and >= 0.15 above Wagtail)")


if __name__ == "__main__":
    main()
