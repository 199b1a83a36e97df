"""Staff accounts: lockout per account and per address, two-factor authentication required for the
groups that read personal data and optional for editors, recovery codes (issue 16, finding 5)."""

import time

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def enforce_two_factor(settings):
    settings.TWO_FACTOR_ENFORCED = True


PASSWORD = "benar-sekali-2026"


def make_staff(django_user_model, username, group):
    user = django_user_model.objects.create_user(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


def login(client, username, password, address="198.51.100.1"):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def current_code(device):
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_wrong_passwords_lock_the_account_even_with_the_right_one_after(django_user_model):
    make_staff(django_user_model, "pimpinan1", "Pimpinan")
    client = Client()
    for n in range(30):
        login(client, "pimpinan1", f"salah-{n}", address=f"198.51.100.{n + 1}")
    response = login(client, "pimpinan1", PASSWORD, address="203.0.113.50")
    assert response.status_code == 429 and response["Retry-After"]
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_accounts_is_locked(django_user_model):
    for n in range(8):
        make_staff(django_user_model, f"editor{n}", "Editors")
    client = Client()
    for n in range(6):
        login(client, f"editor{n}", "salah", address="192.0.2.77")
    response = login(client, "editor7", PASSWORD, address="192.0.2.77")
    assert response.status_code == 429
    # The same account from another address still signs in (the lock was on the address).
    assert login(Client(), "editor7", PASSWORD, address="192.0.2.78").status_code == 302


def test_leadership_must_enrol_then_verify_before_any_admin_page(django_user_model):
    make_staff(django_user_model, "pimpinan2", "Pimpinan")
    client = Client()
    assert login(client, "pimpinan2", PASSWORD).status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/2fa/setup/" in response["Location"]
    assert client.get("/admin/kunjungan/dashboard/").status_code == 302
    page = client.get("/admin/2fa/setup/")
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user__username="pimpinan2")
    assert client.post("/admin/2fa/setup/", {"token": "000000"}).status_code == 200
    time.sleep(1.1)  # django-otp throttles the next try after a wrong code
    response = client.post("/admin/2fa/setup/", {"token": current_code(device)})
    codes = response.context["codes"]
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200

    # The next sign-in asks for a code; a recovery code works once.
    client.logout()
    assert login(client, "pimpinan2", PASSWORD).status_code == 302
    assert "/admin/2fa/verify/" in client.get("/admin/")["Location"]
    assert client.post("/admin/2fa/verify/", {"token": "123456"}).status_code == 200
    time.sleep(1.1)
    assert client.post("/admin/2fa/verify/", {"token": codes[0]}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    login(client, "pimpinan2", PASSWORD)
    client.post("/admin/2fa/verify/", {"token": codes[0]})
    assert client.get("/admin/").status_code == 302  # used up


@pytest.mark.parametrize("group", ["PPID", "Kanit Binmas", "Supervisor Satbinmas", "Pimpinan"])
def test_every_group_that_reads_personal_data_needs_the_second_factor(django_user_model, group):
    make_staff(django_user_model, "staf", group)
    client = Client()
    login(client, "staf", PASSWORD)
    assert client.get("/admin/").status_code == 302


def test_two_factor_is_optional_for_editors_until_they_enrol(django_user_model):
    make_staff(django_user_model, "editor", "Editors")
    client = Client()
    login(client, "editor", PASSWORD)
    assert client.get("/admin/").status_code == 200
    client.get("/admin/2fa/setup/")
    device = TOTPDevice.objects.get(user__username="editor")
    client.post("/admin/2fa/setup/", {"token": current_code(device)})
    client.logout()
    login(client, "editor", PASSWORD)
    assert "/admin/2fa/verify/" in client.get("/admin/")["Location"]
