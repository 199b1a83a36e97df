"""Importing counselling articles from JSON Lines, idempotently by `external_id`.

One line = one article, each in its own transaction: a bad line is reported with its number and
reason and nothing of it is saved; the other lines still import. Format: docs/importing-articles.md.
"""

import hashlib
import html
import json
import re
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify

from counselling.models import Audience, CounsellingArticlePage, LegalReference, Topic
from home.models import Kecamatan, Kelurahan

REQUIRED_FIELDS = {"external_id", "title", "summary", "body", "topics"}
OPTIONAL_FIELDS = {
    "slug",
    "steps",
    "faq",
    "callouts",
    "legal_references",
    "audiences",
    "published_at",
    "target_kelurahan",
    "target_kecamatan",
}
KNOWN_FIELDS = REQUIRED_FIELDS | OPTIONAL_FIELDS
SUMMARY_MAX = CounsellingArticlePage._meta.get_field("summary").max_length
TITLE_MAX = 255
UNVERIFIED_MARKERS = ("[belum diverifikasi]", "[unverified]")
CALLOUT_KINDS = {"info", "warning", "emergency"}

# Headings the importer gives the generated sections (Indonesian: the articles are for residents).
STEPS_HEADING = "Apa yang harus dilakukan sekarang?"
LEGAL_HEADING = "Dasar hukum"
FAQ_HEADING = "Pertanyaan yang sering diajukan"


class LineError(Exception):
    """A problem with one line; the message is shown to the person importing."""


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (line number, message)

    @property
    def skipped(self):
        return self.unchanged + len(self.errors)


# --- Markdown-lite: paragraphs, "## headings", "- " and "1. " lists, **bold**, *italic*, [links](url)

_INLINE = [
    (re.compile(r"\*\*(.+?)\*\*"), r"<b>\1</b>"),
    (re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])"), r"<i>\1</i>"),
    (
        re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+|/[^)\s]*|tel:[0-9+]+)\)"),
        r'<a href="\2">\1</a>',
    ),
]


BULLET = re.compile(r"^\s*[-*]\s+")
NUMBERED = re.compile(r"^\s*\d+[.)]\s+")


def _inline(text):
    out = html.escape(text, quote=False)
    for pattern, replacement in _INLINE:
        out = pattern.sub(replacement, out)
    return out


def markdown_blocks(text):
    """Plain text or simple Markdown -> body blocks (heading and paragraph)."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.rstrip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and lines[0].startswith("#"):
            blocks.append(("heading", lines[0].lstrip("#").strip()))
        elif all(BULLET.match(line) for line in lines):
            items = "".join(f"<li>{_inline(BULLET.sub('', line))}</li>" for line in lines)
            blocks.append(("paragraph", f"<ul>{items}</ul>"))
        elif all(NUMBERED.match(line) for line in lines):
            items = "".join(f"<li>{_inline(NUMBERED.sub('', line))}</li>" for line in lines)
            blocks.append(("paragraph", f"<ol>{items}</ol>"))
        else:
            blocks.append(("paragraph", f"<p>{_inline(' '.join(lines))}</p>"))
    return blocks


def parse_legal_reference(value):
    """'UU 1/2023 tentang KUHP Pasal 476 [belum diverifikasi]' -> (instrument, article, verified)."""
    text = value.strip()
    verified = True
    for marker in UNVERIFIED_MARKERS:
        if marker in text.lower():
            verified = False
            text = re.sub(re.escape(marker), "", text, flags=re.IGNORECASE).strip()
    text = re.sub(r"\bPs\.\s*", "Pasal ", text)
    match = re.search(r"\s(Pasal\s.+)$", text)
    if match:
        instrument, article = text[: match.start()].strip(), match.group(1).strip()
    else:
        instrument, article = text, ""
    if not instrument:
        raise LineError(f"legal reference {value!r} names no instrument")
    return instrument, article, verified


class ArticleImporter:
    def __init__(self, index_page, publish=False, user=None):
        self.index_page = index_page
        self.publish = publish
        self.user = user
        self.audiences = {a.slug: a for a in Audience.objects.all()}

    # -- validation -------------------------------------------------------------------------

    def parse_line(self, raw):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise LineError(f"malformed JSON: {exc.msg} (column {exc.colno})") from exc
        if not isinstance(data, dict):
            raise LineError("a line must be a JSON object")
        unknown = sorted(set(data) - KNOWN_FIELDS)
        if unknown:
            raise LineError(f"unknown field(s): {', '.join(unknown)}")
        for name in sorted(REQUIRED_FIELDS):
            if data.get(name) in (None, "", []):
                raise LineError(f"missing {name}")
        for name in ("external_id", "title", "summary"):
            if not isinstance(data[name], str):
                raise LineError(f"{name} must be a string")
        data["title"] = data["title"].strip()
        data["summary"] = data["summary"].strip()
        if len(data["title"]) > TITLE_MAX:
            raise LineError(f"title is longer than {TITLE_MAX} characters")
        if len(data["summary"]) > SUMMARY_MAX:
            raise LineError(
                f"summary is {len(data['summary'])} characters; at most {SUMMARY_MAX} allowed"
            )
        if len(data["external_id"]) > 100:
            raise LineError("external_id is longer than 100 characters")
        unknown_audiences = [
            slug for slug in data.get("audiences", []) if slug not in self.audiences
        ]
        if unknown_audiences:
            raise LineError(f"unknown audience(s): {', '.join(unknown_audiences)}")
        if data.get("published_at"):
            published_at = parse_datetime(str(data["published_at"]))
            if published_at is None:
                raise LineError(
                    f"published_at {data['published_at']!r} is not an ISO 8601 date-time"
                )
            if timezone.is_naive(published_at):
                published_at = timezone.make_aware(published_at)
            data["published_at"] = published_at
        for kind in (c.get("kind", "info") for c in data.get("callouts", [])):
            if kind not in CALLOUT_KINDS:
                raise LineError(f"unknown callout kind {kind!r} (use info, warning or emergency)")
        return data

    # -- building ---------------------------------------------------------------------------

    def topics(self, slugs):
        topics = []
        for slug in slugs:
            clean = slugify(slug)
            if not clean:
                raise LineError(f"topic {slug!r} is not a valid slug")
            topic, _ = Topic.objects.get_or_create(
                slug=clean, defaults={"name": clean.replace("-", " ").capitalize()}
            )
            topics.append(topic)
        return topics

    def legal_references(self, values):
        references = []
        for value in values:
            extra = {}
            if isinstance(value, dict):
                extra = {k: value[k] for k in ("explanation", "source_url") if value.get(k)}
                citation = value.get("citation", "")
                if value.get("verified") is False:
                    citation += " [belum diverifikasi]"
            else:
                citation = str(value)
            instrument, article, verified = parse_legal_reference(citation)
            reference, created = LegalReference.objects.get_or_create(
                instrument=instrument, article=article, defaults={"verified": verified, **extra}
            )
            # The importer never upgrades a reference to verified: that is an editor's decision.
            changed = {k: v for k, v in extra.items() if not getattr(reference, k)}
            if not verified and reference.verified:
                changed["verified"] = False
            if changed and not created:
                for key, val in changed.items():
                    setattr(reference, key, val)
                reference.save()
            references.append(reference)
        return references

    def region(self, data):
        kelurahan = kecamatan = None
        if data.get("target_kelurahan"):
            kelurahan = Kelurahan.objects.filter(code=data["target_kelurahan"]).first()
            if kelurahan is None:
                raise LineError(f"unknown kelurahan code {data['target_kelurahan']!r}")
        if data.get("target_kecamatan"):
            kecamatan = Kecamatan.objects.filter(code=data["target_kecamatan"]).first()
            if kecamatan is None:
                raise LineError(f"unknown kecamatan code {data['target_kecamatan']!r}")
        if kelurahan and kecamatan and kelurahan.kecamatan_id != kecamatan.pk:
            raise LineError("target_kelurahan is not in target_kecamatan")
        return kelurahan, kecamatan

    def body(self, data, references):
        def block(kind, value):
            return {"type": kind, "value": value, "id": str(uuid.uuid4())}

        body_text = data["body"]
        if isinstance(body_text, list):
            body_text = "\n\n".join(str(part) for part in body_text)
        blocks = [block(kind, value) for kind, value in markdown_blocks(str(body_text))]
        for callout in data.get("callouts", []):
            blocks.append(
                block(
                    "callout",
                    {
                        "kind": callout.get("kind", "info"),
                        "title": callout.get("title", ""),
                        "text": "".join(
                            f"<p>{_inline(p)}</p>"
                            for p in str(callout.get("text", "")).split("\n\n")
                        ),
                    },
                )
            )
        if data.get("steps"):
            steps = []
            for step in data["steps"]:
                if isinstance(step, dict):
                    steps.append({"title": step.get("title", ""), "text": step.get("text", "")})
                else:
                    steps.append({"title": str(step), "text": ""})
            blocks.append(block("heading", STEPS_HEADING))
            blocks.append(block("steps", [block("item", s) for s in steps]))
        if references:
            blocks.append(block("heading", LEGAL_HEADING))
            for reference in references:
                blocks.append(block("legal_excerpt", {"reference": reference.pk, "quote": ""}))
        if data.get("faq"):
            items = []
            for item in data["faq"]:
                if not isinstance(item, dict) or not item.get("question") or not item.get("answer"):
                    raise LineError("each faq item needs a question and an answer")
                answer = "".join(f"<p>{_inline(p)}</p>" for p in str(item["answer"]).split("\n\n"))
                items.append(block("item", {"question": item["question"], "answer": answer}))
            blocks.append(block("heading", FAQ_HEADING))
            blocks.append(block("faq", items))
        return blocks

    # -- one line ---------------------------------------------------------------------------

    def import_line(self, raw):
        """Returns 'created', 'updated' or 'unchanged'; raises LineError for a bad line."""
        data = self.parse_line(raw)
        checksum = hashlib.sha256(
            json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()
        ).hexdigest()
        page = CounsellingArticlePage.objects.filter(external_id=data["external_id"]).first()
        if page is not None and page.import_checksum == checksum:
            settled = (page.live and not page.has_unpublished_changes) or page.go_live_at
            if settled or not self.publish:
                return "unchanged"
        topics = self.topics(data["topics"])
        references = self.legal_references(data.get("legal_references", []))
        audiences = [self.audiences[slug] for slug in data.get("audiences", [])]
        kelurahan, kecamatan = self.region(data)
        body = self.body(data, references)

        created = page is None
        if created:
            page = CounsellingArticlePage(external_id=data["external_id"], live=False)
        elif page.get_parent().pk != self.index_page.pk:
            raise LineError("an article with this external_id lives outside the counselling index")
        page.title = data["title"]
        page.summary = data["summary"]
        page.body = body
        page.target_kelurahan = kelurahan
        page.target_kecamatan = kecamatan or (kelurahan.kecamatan if kelurahan else None)
        page.import_checksum = checksum
        published_at = data.get("published_at")
        if created:
            page.slug = self.free_slug(data.get("slug") or slugify(data["title"])[:80].strip("-"))
            if published_at and published_at <= timezone.now():
                page.first_published_at = published_at
        page.topics.set(topics)
        page.audiences.set(audiences)
        page.legal_references.set(references)
        if published_at and published_at > timezone.now():
            page.go_live_at = published_at  # scheduled: publish_scheduled makes it live then
        if created:
            self.index_page.add_child(instance=page)  # validates the page (full_clean) first
        else:
            page.full_clean()
            # Only the checksum on the page row; the content goes into a revision, so a live
            # article does not change until that revision is published.
            CounsellingArticlePage.objects.filter(pk=page.pk).update(import_checksum=checksum)
        revision = page.save_revision(user=self.user, log_action=True)
        if self.publish:
            revision.publish(user=self.user)
        return "created" if created else "updated"

    def free_slug(self, slug):
        # Only the siblings whose slug starts like this one: the cost per line stays the same
        # however many articles the index holds.
        slug = slug or "artikel"
        taken = set(
            self.index_page.get_children()
            .filter(slug__startswith=slug)
            .values_list("slug", flat=True)
        )
        candidate, n = slug, 2
        while candidate in taken:
            candidate, n = f"{slug}-{n}", n + 1
        return candidate

    def run(self, lines, dry_run=False, progress=None, on_error=None):
        """Imports every line; one transaction per line; dry_run rolls each back after checking it.
        `on_error(number, message)` is called as soon as a line fails (an interrupt loses nothing)."""
        summary = ImportSummary()
        for number, raw in enumerate(lines, start=1):
            if progress:
                progress(number)
            if not raw.strip():
                continue
            try:
                with transaction.atomic():
                    outcome = self.import_line(raw)
                    if dry_run:
                        transaction.set_rollback(True)
            except LineError as exc:
                error = (number, str(exc))
            except Exception as exc:  # validation errors of the page model, integrity errors
                error = (number, _describe(exc))
            else:
                setattr(summary, outcome, getattr(summary, outcome) + 1)
                continue
            summary.errors.append(error)
            if on_error:
                on_error(*error)
        return summary


def _describe(exc):
    messages = getattr(exc, "message_dict", None)
    if messages:
        return "; ".join(f"{key}: {' '.join(map(str, value))}" for key, value in messages.items())
    return f"{type(exc).__name__}: {exc}"
