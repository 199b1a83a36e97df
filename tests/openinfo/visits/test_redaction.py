"""The redaction guard blocks approval and names what it found."""

import pytest

from core.redaction import find_personal_data
from openinfo.models import TransitionError
from tests.openinfo.visits.conftest import build_report


@pytest.mark.parametrize(
    "text,kind",
    [
        ("NIK 3671012345670001 hadir", "nik"),
        ("NIK 3671 0123 4567 0001 hadir", "nik"),
        ("NIK 3671.0123.4567.0001", "nik"),
        ("hubungi 081234567890", "phone"),
        ("hubungi 0812-3456-7890", "phone"),
        ("hubungi 0812 3456 7890", "phone"),
        ("hubungi +62 812-3456-7890", "phone"),
        ("hubungi +6281234567890", "phone"),
        ("kantor (021) 5551234", "phone"),
        ("kirim ke budi.santoso@example.co.id ya", "email"),
    ],
)
def test_finds_personal_data(text, kind):
    assert kind in [k for k, _found in find_personal_data(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Sambang ke pos kamling RW 03 RT 07 pada 12-03-2026 pukul 19.30, 25 warga hadir.",
        "Penyuluhan tentang UU 1/2023 Pasal 476 kepada 40 pelajar.",
        "Patroli dialogis 2 jam, 3 pilar, 110 adalah nomor darurat.",
    ],
)
def test_clean_text_passes(text):
    assert find_personal_data(text) == []


def test_participant_names_are_found_case_insensitively():
    found = find_personal_data(
        "Bertemu dengan pak SITI  aminah di balai warga", ["Siti Aminah", "Jo"]
    )
    assert found == [("name", "SITI  aminah")]


@pytest.mark.django_db
def test_approval_blocked_with_message_naming_findings(people):
    report = build_report(
        people["officer_a"],
        people["k1"],
        status="submitted",
        summary="Bertemu Siti Aminah (0812-3456-7890, siti@contoh.id).",
        participant_names="Siti Aminah\nRahmat",
    )
    with pytest.raises(TransitionError) as error:
        report.approve(people["supervisor"])
    message = str(error.value.message)
    assert "Siti Aminah" in message and "0812-3456-7890" in message and "siti@contoh.id" in message
    report.refresh_from_db()
    assert report.status == "submitted"
