import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from openinfo.models import Objection, ResponseDocument, Status
from tests.openinfo.factories import REQUESTER, at, file_request

TRACK = "/informasi-publik/lacak/"


def track(client, code, secret, **extra):
    return client.post(TRACK, {"code": code, "secret": secret}, **extra)


def test_right_code_and_secret_show_status_due_date_and_timeline_without_identity(client, db):
    req, secret = file_request()
    req.start_processing()
    response = track(client, req.tracking_code.lower(), secret)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert req.registration_number in html and "Sedang diproses" in html
    assert req.effective_due_date.strftime("%d-%m-%Y") in html
    assert "Permohonan diterima" in html and "Mulai diproses" in html
    for value in REQUESTER.values():
        assert value not in html


def test_wrong_secret_and_unknown_code_answer_identically(client, db):
    req, secret = file_request()
    wrong = track(client, req.tracking_code, "A" * 12)
    unknown = track(client, "ZZZZZZZZZZ", secret)
    assert wrong.status_code == unknown.status_code == 200
    strip = lambda r: r.content.decode().replace(req.tracking_code, "").replace("ZZZZZZZZZZ", "")  # noqa: E731
    import re

    def without_csrf(text):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)

    assert without_csrf(strip(wrong)) == without_csrf(strip(unknown))
    assert "Kode lacak atau kode rahasia tidak benar." in wrong.content.decode()


def test_garbage_lookup_gets_a_field_message(client, db):
    response = track(client, "<script>alert(1)</script>", "'; drop table")
    html = response.content.decode()
    assert "Kode lacak terdiri dari 10 huruf dan angka" in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_tracking_is_rate_limited(client, db, settings):
    settings.PPID_RATE_LIMITS = {"track": (3, 600)}
    req, secret = file_request()
    for _ in range(3):
        track(client, req.tracking_code, "B" * 12)
    response = track(client, req.tracking_code, secret)
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()


def test_detail_page_needs_a_successful_lookup_in_this_browser(client, db):
    req, _secret = file_request()
    response = client.get(f"{TRACK}{req.tracking_code}/")
    assert response.status_code == 302 and response["Location"] == TRACK


def test_response_documents_are_shown_only_when_fulfilled_and_only_to_the_tracker(client, db):
    req, secret = file_request()
    doc = ResponseDocument(request=req, title="Jadwal patroli")
    doc.file.save("jadwal.pdf", ContentFile(b"%PDF-1.4 jadwal"), save=True)
    track(client, req.tracking_code, secret)
    url = f"{TRACK}{req.tracking_code}/dokumen/{doc.pk}/"
    assert "Jadwal patroli" not in client.get(f"{TRACK}{req.tracking_code}/").content.decode()
    assert client.get(url).status_code == 404
    req.fulfil("Terlampir")
    assert "Jadwal patroli" in client.get(f"{TRACK}{req.tracking_code}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    from django.test import Client

    assert Client().get(url).status_code == 404


def test_objection_window_before_answer_during_and_after(db):
    req, _ = file_request(received_at=at(2026, 3, 2))  # due Mon 16 Mar 2026
    _g, _l, closed = req.objection_window(today=datetime.date(2026, 3, 10))
    assert closed and "16-03-2026" in closed
    # Deadline passed unanswered: the ground arises on Tue 17 Mar, window ends 30 working days later.
    ground, last, closed = req.objection_window(today=datetime.date(2026, 3, 18))
    assert closed is None and ground == datetime.date(2026, 3, 17)
    # 17 Mar + 30 working days, skipping Nyepi/Idul Fitri (18-24 Mar), Good Friday (3 Apr) and
    # 1 May: 25-27 Mar (3), 30 Mar-2 Apr (7), April (26), 4-7 May (30).
    assert last == datetime.date(2026, 5, 7)
    assert req.objection_window(today=last)[2] is None
    _g, _l, closed = req.objection_window(today=datetime.date(2026, 5, 8))
    assert closed and "07-05-2026" in closed


def test_objection_counts_from_the_answer(db):
    req, _ = file_request(received_at=at(2026, 7, 1))
    req.reject("h", "Data pribadi")
    answered = timezone.localtime(req.responded_at).date()
    ground, last, closed = req.objection_window(today=answered)
    assert ground == answered and closed is None
    objection = req.file_objection("a", "Informasi ini seharusnya terbuka", today=answered)
    assert objection.due_date > answered
    _g, _l, closed = req.objection_window(today=answered)
    assert closed  # one open objection at a time


def test_objection_form_files_and_staff_answer_appears_on_the_timeline(client, db):
    req, secret = file_request()
    req.reject("a", "Dalam penyidikan")
    track(client, req.tracking_code, secret)
    url = f"{TRACK}{req.tracking_code}/keberatan/"
    html = client.get(url).content.decode()
    assert "Pasal 35 ayat (1)" in html and "tidak dipenuhinya permohonan" in html
    response = client.post(url, {"ground": "a", "reasons": "Perkara sudah diputus pengadilan"})
    assert response.status_code == 302
    objection = Objection.objects.get(request=req)
    assert objection.status == Objection.Status.FILED
    objection.record_answer("Keberatan diterima; informasi akan diberikan")
    html = client.get(f"{TRACK}{req.tracking_code}/").content.decode()
    assert "Keberatan diajukan" in html and "Keberatan dijawab" in html
    assert "Keberatan diterima; informasi akan diberikan" in html


def test_objection_outside_the_window_says_why_and_files_nothing(client, db):
    req, secret = file_request()  # received today, not answered, deadline in the future
    track(client, req.tracking_code, secret)
    url = f"{TRACK}{req.tracking_code}/keberatan/"
    html = client.get(url).content.decode()
    assert 'id="objection-closed"' in html and "batas waktunya" in html
    client.post(url, {"ground": "c", "reasons": "Belum dijawab"})
    assert Objection.objects.count() == 0
    assert req.status == Status.RECEIVED


def test_only_grounds_that_fit_the_request_are_offered_and_accepted(client, db):
    import pytest

    from openinfo.ppid.models.requests import TransitionError

    # Unanswered past its deadline: "not answered" fits; "refused under Pasal 17" does not.
    late, _ = file_request(received_at=at(2026, 3, 2))
    assert late.objection_grounds() == ["b", "c", "e"]
    with pytest.raises(TransitionError) as refused:
        late.file_objection("a", "Ditolak", today=datetime.date(2026, 3, 18))
    assert refused.value.code == "ground_does_not_fit"
    assert late.objections.count() == 0
    assert late.file_objection("c", "Belum dijawab", today=datetime.date(2026, 3, 18))

    # Refused under Pasal 17: (a) fits, (c) "not answered" does not.
    req, secret = file_request()
    req.reject("a", "Dalam penyidikan")
    assert req.objection_grounds() == ["a", "b", "d", "e", "f"]
    track(client, req.tracking_code, secret)
    url = f"{TRACK}{req.tracking_code}/keberatan/"
    html = client.get(url).content.decode()
    assert 'value="a"' in html and 'value="c"' not in html and 'value="g"' not in html
    client.post(url, {"ground": "c", "reasons": "Belum dijawab"})
    assert req.objections.count() == 0
    assert client.post(url, {"ground": "a", "reasons": "Perkara sudah diputus"}).status_code == 302
    assert req.objections.get().ground == "a"


def test_an_answer_after_the_deadline_is_a_ground_for_objection(db):
    req, _ = file_request(received_at=at(2026, 3, 2))  # due Mon 16 Mar 2026
    req.fulfil("Terlampir")
    req.responded_at = at(2026, 3, 20)
    req.save(update_fields=["responded_at"])
    assert "g" in req.objection_grounds() and "c" not in req.objection_grounds()
