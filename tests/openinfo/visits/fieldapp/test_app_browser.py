"""The field app on a phone: offline filing, reloads, exactly-once sync under faults, returned reports,
expired tokens (Debian's chromium, 360×740, touch)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from openinfo.models import EarlyWarningSignal, VisitPhoto, VisitReport
from openinfo.visits import field_api
from tests.openinfo.visits.fieldapp.conftest import (
    fill_report,
    open_app,
    save_report,
    sign_in,
    wait_state,
    wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_exactly_one_report(officer, photos=2, signals=1):
    reports = list(VisitReport.objects.filter(officer=officer))
    assert len(reports) == 1, reports
    report = reports[0]
    assert report.status == "submitted"
    assert VisitPhoto.objects.filter(report=report).count() == photos
    assert EarlyWarningSignal.objects.filter(report=report).count() == signals
    return report


def test_offline_filing_survives_reload_and_reopen_and_syncs_exactly_once(
    live_server, phone, people, tmp_path
):
    page = phone.new_page()
    sign_in(page, live_server.url, "officer-a")
    phone.set_offline(True)
    fill_report(page)
    page.screenshot(path=str(tmp_path / "form.png"), full_page=True)
    save_report(page)
    wait_state(page, "saved")
    assert "Tersimpan di ponsel" in page.inner_text("#outbox")

    page.reload()  # no network: the service worker serves the shell, IndexedDB the outbox
    page.wait_for_selector("body[data-ready='1']")
    item = page.locator("#outbox .item")
    assert item.count() == 1 and "2 foto · 1 sinyal" in item.inner_text()

    page.close()  # close the app and open it again, still offline
    page = phone.new_page()
    open_app(page, live_server.url)
    assert page.locator("#outbox .item[data-state='saved']").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(tmp_path / "outbox-offline.png"), full_page=True)
    assert not VisitReport.objects.exists()

    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_state(page, "waiting")
    report = assert_exactly_one_report(people["officer_a"])
    assert report.kelurahan == people["k1"] and report.rw == "04" and report.participant_total == 15
    assert report.signals.get().severity == "tinggi"
    for photo in report.photos.all():
        assert max(photo.width, photo.height) == 1600, "downscaled on the phone to at most 1600 px"
    assert "Menunggu persetujuan" in page.inner_text("#outbox")


def test_server_error_and_dropped_connection_still_give_exactly_one_report(
    live_server, phone, people, monkeypatch
):
    original = field_api.FieldReportSerializer.save_report
    failures = {"create": 1}

    def flaky_save(self, report, user):
        if failures["create"]:
            failures["create"] -= 1
            raise RuntimeError("database hiccup")  # a real 500 from the server, nothing committed
        return original(self, report, user)

    monkeypatch.setattr(field_api.FieldReportSerializer, "save_report", flaky_save)
    page = phone.new_page()
    sign_in(page, live_server.url, "officer-a")
    dropped = []

    def drop_after_commit(route):
        # The server gets and commits the request; the phone never sees the answer.
        if not dropped:
            route.fetch()
            dropped.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/v1/field/reports/*/photos/", drop_after_commit)
    page.route("**/api/v1/field/reports/*/submit/", drop_after_commit)
    phone.set_offline(True)
    fill_report(page)
    save_report(page)
    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    for _ in range(8):  # each retry waits out its backoff; "Kirim sekarang" retries at once
        if page.locator("#outbox .item[data-state='waiting']").count():
            break
        page.wait_for_timeout(1500)
        page.click("#sync-now")
    wait_state(page, "waiting")
    assert failures["create"] == 0 and dropped
    assert_exactly_one_report(people["officer_a"])


def test_returned_report_shows_the_comment_and_resubmits(live_server, phone, people):
    page = phone.new_page()
    sign_in(page, live_server.url, "officer-a")
    fill_report(page, photos=1, signal=None)
    save_report(page)
    wait_state(page, "waiting")
    report = VisitReport.objects.get()
    report.return_with_comment(people["supervisor"], "Tambahkan jumlah tokoh agama yang hadir.")

    page.click("#refresh")
    wait_state(page, "returned")
    assert "Tambahkan jumlah tokoh agama yang hadir." in page.inner_text("#outbox")
    page.click("#outbox .item a.button")
    page.wait_for_selector("#report")
    assert "Tambahkan jumlah tokoh agama" in page.inner_text("#report")
    page.fill("#f-p-tokoh_agama", "2")
    save_report(page)
    wait_state(page, "waiting")
    report = VisitReport.objects.get()
    assert report.status == "submitted" and report.participant_total == 17
    assert report.photos.count() == 1
    assert report.transitions.filter(action="submit").count() == 2


def test_expired_token_asks_to_sign_in_again_and_keeps_the_outbox(live_server, phone, people):
    page = phone.new_page()
    sign_in(page, live_server.url, "officer-a")
    phone.set_offline(True)
    fill_report(page, photos=1)
    save_report(page)
    Token.objects.filter(user=people["user_a"]).update(created=timezone.now() - timedelta(days=60))
    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#signin-reason")
    assert "sudah habis" in page.inner_text("#signin-reason")
    assert "1 laporan tersimpan" in page.inner_text("#pending-note")
    assert not VisitReport.objects.exists()

    page.fill("#s-pass", "pw-12345678")  # the username is kept
    page.click("#signin button[type=submit]")
    wait_state(page, "waiting")
    assert_exactly_one_report(people["officer_a"], photos=1)


def test_a_signal_filed_on_its_own_offline_arrives_exactly_once(live_server, phone, people):
    page = phone.new_page()
    sign_in(page, live_server.url, "officer-a")
    phone.set_offline(True)
    page.click("#new-signal")
    page.wait_for_selector("#signal-form")
    page.select_option("#sd-category", "narkoba")
    page.click("label[for=sd-sev-tinggi]")
    page.fill("#sd-description", "Dugaan transaksi narkoba di warung dekat pos kamling.")
    page.click("#sd-save")
    wait_state(page, "saved")
    page.reload()  # offline: the shell from the service worker, the signal from IndexedDB
    page.wait_for_selector("body[data-ready='1']")
    item = page.locator("#outbox .item[data-kind='signal']")
    assert item.count() == 1 and "Sinyal dini" in item.inner_text()
    assert "Tersimpan di ponsel" in item.inner_text()
    assert not EarlyWarningSignal.objects.exists()

    dropped = []

    def drop_after_commit(route):
        # The server files the signal and commits; the phone never sees the answer, and retries.
        if route.request.method == "POST" and not dropped:
            route.fetch()
            dropped.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/v1/field/signals/", drop_after_commit)
    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    for _ in range(8):
        if page.locator("#outbox .item[data-state='filed']").count():
            break
        page.wait_for_timeout(1500)
        page.click("#sync-now")
    wait_state(page, "filed")
    assert dropped
    signal = EarlyWarningSignal.objects.get()  # exactly one
    assert signal.report is None and signal.officer == people["officer_a"]
    assert signal.kelurahan == people["k1"] and signal.severity == "tinggi" and signal.reported
    assert "Terkirim ke pengawas" in page.inner_text("#outbox")

    signal.change_status("monitored", people["supervisor"], "Dipantau bersama Babinsa.")
    assert "Tindak lanjut: Terbuka" in page.inner_text("#outbox")
    page.click("#refresh")
    wait_until(
        page,
        "(document.querySelector('#outbox .follow-up') || {}).textContent === 'Tindak lanjut: Dipantau'",
    )
    assert EarlyWarningSignal.objects.count() == 1
