"""Importer cost per line as the index fills up (issue 18): imports N lines (default 5,000) into a
fresh SQLite database and prints, per block of 1,000 lines, the time per line and the time spent
in `free_slug`, plus the ratio of the last block to the first (≈1 means constant cost per line).
Every tenth line is bad and must be reported with its number.

    .venv/bin/python bench/import_articles.py [--lines 5000] [--block 1000]
"""

import argparse
import json
import time

from _django import fresh_sqlite_url, setup


def make_line(n):
    if n % 10 == 0:
        return "{rusak"  # a bad line, reported with its number
    return json.dumps(
        {
            "external_id": f"bench-{n}",
            "title": f"Panduan warga nomor {n % 400}",  # slugs collide
            "summary": "Langkah yang perlu dilakukan warga.",
            "body": f"Paragraf {n}.\n\n- satu\n- dua",
            "topics": ["pencurian-kendaraan-bermotor-curanmor"],
            "audiences": ["umum"],
        }
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--block", type=int, default=1000)
    args = parser.parse_args()
    setup(fresh_sqlite_url("import"))
    from counselling.importer import ArticleImporter
    from counselling.taxonomy import load_audiences, load_topics
    from home import demo
    from tests.counselling.factories import counselling_index

    demo.ensure_wagtail_root()
    demo.ensure_site()
    load_topics()
    load_audiences()
    index = counselling_index()
    importer = ArticleImporter(index)
    slug_time = [0.0]
    real_free_slug = importer.free_slug

    def timed_free_slug(slug):
        started = time.perf_counter()
        try:
            return real_free_slug(slug)
        finally:
            slug_time[0] += time.perf_counter() - started

    importer.free_slug = timed_free_slug
    errors_seen = []
    rows = []
    for start in range(1, args.lines + 1, args.block):
        numbers = range(start, min(args.lines, start + args.block - 1) + 1)
        slug_time[0] = 0.0
        started = time.perf_counter()
        summary = importer.run(
            [make_line(n) for n in numbers],
            # Each run numbers its lines from 1: report them as lines of the whole file.
            on_error=lambda number, message, offset=start - 1: errors_seen.append(offset + number),
        )
        elapsed = time.perf_counter() - started
        rows.append(
            (
                numbers[0],
                numbers[-1],
                elapsed / len(numbers) * 1000,
                slug_time[0] / len(numbers) * 1000,
                summary.created,
                len(summary.errors),
            )
        )
    print(f"{'lines':>13} {'ms/line':>8} {'free_slug ms/line':>18} {'created':>8} {'errors':>7}")
    for first, last, per_line, per_slug, created, errors in rows:
        print(f"{first:>6}-{last:<6} {per_line:8.1f} {per_slug:18.3f} {created:8d} {errors:7d}")
    print(
        f"last/first block time per line: {rows[-1][2] / rows[0][2]:.2f} "
        f"(free_slug: {rows[-1][3] / max(rows[0][3], 1e-9):.2f})"
    )
    expected_bad = [n for n in range(1, args.lines + 1) if n % 10 == 0]
    print(
        f"bad lines reported as they happened: {len(errors_seen)} of {len(expected_bad)}; "
        f"numbers match: {errors_seen == expected_bad}"
    )


if __name__ == "__main__":
    main()
