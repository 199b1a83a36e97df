"""Headers and request limits (issue 16, finding 8): CSP without inline scripts on public pages,
Permissions-Policy, Referrer-Policy, secure language cookie in production, admin idle timeout, body
caps checked before the body is read, and a Retry-After on every 429."""

import re
import time

import pytest
from django.test import Client

from cms.security_middleware import IDLE_KEY
from tests.openinfo.visits.conftest import build_report, token_client

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/cari/?q=narkoba",
    "/informasi-publik/",
    "/informasi-publik/daftar/",
    "/informasi-publik/permohonan/",
    "/temukan-bhabinkamtibmas/",
    "/kegiatan/",
]


def test_public_pages_send_a_strict_csp_and_run_no_inline_script(home_page):
    client = Client()
    for url in PUBLIC_PAGES:
        response = client.get(url)
        if response.status_code == 404:
            continue
        csp = response["Content-Security-Policy"]
        assert (
            "script-src 'self'" in csp
            and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        )
        assert "object-src 'none'" in csp and "frame-ancestors 'self'" in csp
        assert response["Permissions-Policy"].startswith("accelerometer=()")
        assert response["Referrer-Policy"] == "same-origin"
        html = response.content.decode()
        inline = [
            m
            for m in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
            if "application/json" not in m and "application/ld+json" not in m
        ]
        assert inline == [], (url, inline)
        assert not re.search(r"\son(click|load|change|submit)=", html), url


def test_admin_keeps_working_without_the_public_csp(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_production_marks_the_language_cookie_secure():
    import subprocess
    import sys

    from tests.cms.test_settings import DEPLOY_ENV, ROOT

    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.LANGUAGE_COOKIE_SECURE, settings.SESSION_COOKIE_SECURE)"
    )
    env = {
        **DEPLOY_ENV,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.split() == ["True", "True"], out.stderr


def test_admin_session_ends_after_idle_time(admin_client, settings):
    settings.ADMIN_IDLE_TIMEOUT = 60
    assert admin_client.get("/admin/").status_code == 200
    session = admin_client.session
    session[IDLE_KEY] = int(time.time()) - 61
    session.save()
    response = admin_client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert admin_client.get("/admin/").status_code == 302  # signed out, not just redirected once


def test_a_40_mb_upload_is_refused_before_it_is_read(people, monkeypatch):
    from openinfo.visits import field_api

    report = build_report(people["officer_a"], people["k1"])
    called = []
    monkeypatch.setattr(field_api, "store_photo", lambda *a, **k: called.append(a))
    client = token_client(people["user_a"])
    response = client.generic(
        "POST",
        f"/api/v1/field/reports/{report.pk}/photos/",
        b"x" * 1024,
        content_type="multipart/form-data; boundary=BoUnDaRy",
        CONTENT_LENGTH=str(40 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"
    assert called == []


def test_public_form_body_cap():
    response = Client().generic(
        "POST",
        "/cari/",
        b"q=x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(5 * 1024 * 1024),
    )
    assert response.status_code == 413


def test_public_templates_carry_no_inline_script_the_policy_would_block():
    """script-src is 'self' plus a per-request nonce: an inline <script> without the nonce or an
    on*= handler in a public template would silently not run (the Lapor form's contact toggle did)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>", re.I)
    handler = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
    offenders = []
    for path in root.glob("**/templates/**/*.html"):
        rel = path.relative_to(root).as_posix()
        if (
            rel.startswith((".venv/", "static_collected/"))
            or "/admin/" in rel
            or "wagtailadmin" in rel
        ):
            continue
        text = path.read_text()
        if inline.search(text) or handler.search(text):
            offenders.append(rel)
    assert offenders == []


def test_only_the_field_app_may_ask_for_the_camera_and_location(client, db):
    public = client.get("/")["Permissions-Policy"]
    assert "geolocation=()" in public and "camera=()" in public
    field = client.get("/lapangan/")["Permissions-Policy"]
    assert "geolocation=(self)" in field and "camera=(self)" in field
    assert "microphone=()" in field
