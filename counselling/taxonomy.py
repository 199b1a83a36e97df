"""Seeding the taxonomy (topics, audiences) from the files shipped in counselling/data, idempotently."""

import csv
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from counselling.models import Audience, Topic

DATA_DIR = Path(__file__).resolve().parent / "data"
TOPICS_FILE = DATA_DIR / "legal_topics.csv"
AUDIENCES_FILE = DATA_DIR / "audiences.csv"


def _short_slug(name):
    # "Pencurian kendaraan bermotor (curanmor)" -> "pencurian-kendaraan-bermotor-curanmor"
    return slugify(name)[:80].strip("-")


@transaction.atomic
def load_topics(path=TOPICS_FILE):
    """Creates missing topics by code; editors' later edits to name/description are kept."""
    created = 0
    with open(path, newline="", encoding="utf-8") as handle:
        for order, row in enumerate(csv.DictReader(handle), start=1):
            _, was_created = Topic.objects.get_or_create(
                code=row["topic_id"].strip(),
                defaults={
                    "name": row["topic_name_id"].strip(),
                    "slug": _short_slug(row["topic_name_id"]),
                    "order": order,
                    "phrasings": row["common_resident_phrasings"].strip(),
                    "legal_basis_note": row["legal_basis"].strip(),
                },
            )
            created += was_created
    return created


@transaction.atomic
def load_audiences(path=AUDIENCES_FILE):
    created = 0
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            _, was_created = Audience.objects.get_or_create(
                slug=row["slug"].strip(),
                defaults={"name": row["name"].strip(), "order": int(row["order"])},
            )
            created += was_created
    return created
