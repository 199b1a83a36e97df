"""Search speed on 50,000 generated documents: index build time and p50/p95 query latency over
200 varied queries (informal, abbreviations, typos, filters, pages), on SQLite and on PostgreSQL.

    .venv/bin/python bench/search_latency.py [--docs 50000] [--postgres-url postgres://...]

Each database runs in its own process on a throw-away database (SQLite file in /tmp; the
PostgreSQL database given, which is migrated and whose search index is replaced).
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _django  # noqa: E402

QUERY_COUNT = 200
GENERAL_WORDS = (
    "warga kelurahan kecamatan rumah jalan malam pagi anak orang tua sekolah pasar kantor polisi "
    "laporan bukti saksi foto uang transfer rekening telepon pesan grup keluarga tetangga motor "
    "mobil parkiran kunci dompet tas kartu surat kerja pabrik gang lingkungan ronda pos keamanan "
    "bantuan layanan gratis petugas bhabinkamtibmas babinsa lurah camat sambang kunjungan "
    "penyuluhan hukum pasal undang pidana penjara denda korban pelaku ancaman kerugian segera "
    "catat simpan hubungi datang minta jelaskan tindak lanjut mediasi damai musyawarah"
).split()


def vocabulary():
    import csv

    words = list(GENERAL_WORDS)
    with open(_django.ROOT / "counselling" / "data" / "legal_topics.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            words += [
                w
                for w in (row["topic_name_id"] + " " + row["legal_basis"])
                .lower()
                .replace("(", " ")
                .replace(")", " ")
                .replace(",", " ")
                .replace(";", " ")
                .split()
                if w.isalpha() and len(w) > 2
            ]
    return words


SYLLABLES = (
    "ba be bi bo bu da de di do du ga gi gu ka ke ki ko ku la le li lo lu ma me mi mo mu "
    "na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu ja ju wa ya ng an".split()
)


def zipf_vocabulary(rng, size=20_000):
    """Natural text is Zipfian: a few words are everywhere, most are rare. The project's own words
    (topics, legal bases, everyday terms) are mixed at random ranks among Indonesian-like fillers."""
    words = list(dict.fromkeys(vocabulary()))
    while len(words) < size:
        words.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    words = list(dict.fromkeys(words))
    rng.shuffle(words)
    weights = [1 / (rank**1.07) for rank in range(1, len(words) + 1)]
    return words, weights


def generate(count, seed=7):
    from datetime import date, timedelta

    from search.documents import SearchDocument

    rng = random.Random(seed)
    vocab, weights = zipf_vocabulary(rng)
    pool = rng.choices(vocab, weights=weights, k=400_000)
    topics = [f"topik-{n:02d}" for n in range(1, 24)]
    kecamatan = [f"36.71.{n:02d}" for n in range(1, 14)]
    types = ["article", "legal_reference", "disclosure", "visit"]
    start = date(2022, 1, 1)
    for n in range(count):

        def text(length):
            start = rng.randrange(0, len(pool) - length)
            return " ".join(pool[start : start + length])

        kind = types[n % 4]
        yield SearchDocument(
            key=f"{kind}:{n}",
            type=kind,
            id=n,
            title=text(rng.randint(4, 9)).capitalize(),
            summary=text(rng.randint(15, 30)),
            body=text(rng.randint(120, 260)),
            url=f"/x/{n}/",
            date=start + timedelta(days=rng.randint(0, 1500)),
            topics=tuple(rng.sample(topics, rng.randint(1, 2))),
            topic_names=(),
            kecamatan=(rng.choice(kecamatan),) if kind == "visit" else (),
        )


def queries(seed=11):
    rng = random.Random(seed)
    with open(_django.ROOT / "search" / "data" / "eval_queries.jsonl", encoding="utf-8") as f:
        informal = [json.loads(line)["query"] for line in f if line.strip()]
    words = vocabulary()
    result = []
    for n in range(QUERY_COUNT):
        choice = n % 5
        if choice == 0:
            q, filters = rng.choice(informal), {}
        elif choice == 1:
            q, filters = " ".join(rng.sample(words, rng.randint(1, 3))), {}
        elif choice == 2:  # typo: drop a letter
            word = rng.choice([w for w in words if len(w) > 5])
            cut = rng.randrange(1, len(word))
            q, filters = word[:cut] + word[cut + 1 :], {}
        elif choice == 3:
            q, filters = rng.choice(informal), {"type": [rng.choice(["article", "visit"])]}
        else:
            q, filters = " ".join(rng.sample(words, 2)), {"year": [str(rng.randint(2022, 2026))]}
        result.append((q, filters, 1 + (n % 7 == 0)))
    return result


def worker(database_url, count, batch_size):
    _django.setup(database_url)
    from search.engines.database import DatabaseEngine

    engine = DatabaseEngine()
    engine.clear()
    started = time.perf_counter()
    batch, total = [], 0
    for document in generate(count):
        batch.append(document)
        if len(batch) == batch_size:
            total += engine.bulk_index(batch)
            batch = []
    total += engine.bulk_index(batch)
    build = time.perf_counter() - started
    if engine.vendor == "postgresql":  # what autovacuum does after a bulk load, done now
        from django.db import connection

        with connection.cursor() as cursor:
            for table in ("search_searchentry", "search_searchterm"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    for q, filters, page in queries()[:10]:  # warm caches (stemmer, synonyms, pages)
        engine.query(q, filters=filters, page=page)
    timings, hits = [], 0
    for q, filters, page in queries():
        t0 = time.perf_counter()
        results = engine.query(q, filters=filters, page=page, page_size=10)
        timings.append((time.perf_counter() - t0) * 1000)
        hits += results.total > 0
    print(
        json.dumps(
            {
                "vendor": engine.vendor,
                "docs": total,
                "build_s": build,
                "p50_ms": statistics.median(timings),
                "p95_ms": _django.percentile(timings, 0.95),
                "max_ms": max(timings),
                "queries": len(timings),
                "with_results": hits,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/sambang_search_bench"
        ),
    )
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args.docs, args.batch_size)

    targets = [("SQLite (FTS5)", _django.fresh_sqlite_url("latency"))]
    if not args.skip_postgres:
        targets.append(("PostgreSQL (tsvector + GIN)", args.postgres_url))
    print(
        f"Search latency — {args.docs} generated documents, {QUERY_COUNT} varied queries "
        "(facets on, 10 per page); target p95 < 50 ms; PostgreSQL is VACUUM ANALYZEd after the load"
    )
    print(f"{'database':<28} {'build':>9} {'p50':>8} {'p95':>8} {'max':>8} {'with results':>13}")
    for label, url in targets:
        output = subprocess.run(
            [
                sys.executable,
                __file__,
                "--worker",
                url,
                "--docs",
                str(args.docs),
                "--batch-size",
                str(args.batch_size),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if output.returncode != 0:
            print(f"{label:<28} failed: {output.stderr.strip().splitlines()[-1:]}")
            continue
        data = json.loads(output.stdout.strip().splitlines()[-1])
        print(
            f"{label:<28} {data['build_s']:>8.1f}s {data['p50_ms']:>6.1f}ms {data['p95_ms']:>6.1f}ms "
            f"{data['max_ms']:>6.1f}ms {data['with_results']:>8}/{data['queries']}"
        )


if __name__ == "__main__":
    main()
