"""Redaction guard: personal data that must not reach public text (DESIGN §5): visit summaries,
Tanya Jawab entries.

Finds NIK-like 16-digit numbers (also written with spaces, dots or dashes), Indonesian phone
numbers (08…, +62…, 62…, (021) …, with separators), e-mail addresses and the names recorded as
participants. Approval is blocked while anything is found.
"""

import re

from django.utils.translation import gettext as _

_SEP = r"[\s.\-]?"
NIK_RE = re.compile(r"(?<![\d+])\d(?:" + _SEP + r"\d){15}(?![\d])")
PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+62|62|\(0\d{1,3}\)|0)[\s.\-]*\(?\d{1,4}\)?(?:[\s.\-]?\d){5,11}(?!\d)"
)
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")


def _digits(text):
    return re.sub(r"\D", "", text)


def find_personal_data(text, participant_names=()):
    """A list of (kind, found text) in order of appearance; empty when the text is clean."""
    text = text or ""
    findings = []
    taken = []

    def overlaps(span):
        return any(span[0] < end and start < span[1] for start, end in taken)

    for match in EMAIL_RE.finditer(text):
        findings.append((match.start(), "email", match.group()))
        taken.append(match.span())
    for match in NIK_RE.finditer(text):
        if len(_digits(match.group())) == 16 and not overlaps(match.span()):
            findings.append((match.start(), "nik", match.group()))
            taken.append(match.span())
    for match in PHONE_RE.finditer(text):
        digits = _digits(match.group())
        if 9 <= len(digits) <= 15 and not overlaps(match.span()):
            findings.append((match.start(), "phone", match.group().strip()))
            taken.append(match.span())
    for name in participant_names:
        name = name.strip()
        if len(name) < 3:
            continue
        pattern = re.compile(
            r"(?<!\w)" + r"\s+".join(map(re.escape, name.split())) + r"(?!\w)", re.IGNORECASE
        )
        for match in pattern.finditer(text):
            findings.append((match.start(), "name", match.group()))
    return [(kind, found) for _, kind, found in sorted(findings)]


def findings_message(findings):
    labels = {
        "nik": _("NIK-like number"),
        "phone": _("phone number"),
        "email": _("e-mail address"),
        "name": _("participant name"),
    }
    parts = [f"{labels[kind]} “{found}”" for kind, found in findings]
    return _("The public summary contains personal data: %(found)s. Remove it before approval.") % {
        "found": "; ".join(parts)
    }
