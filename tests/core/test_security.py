"""Login rate limiting (django-axes) and two-factor login (django-otp TOTP)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_five_failed_logins_lock_the_account(users: dict[str, Any]) -> None:
    client = Client()
    for _ in range(5):
        response = client.post("/login/", {"username": "alice", "password": "wrong"})
    response = client.post("/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # another user from the same address is not locked out
    response = Client().post("/login/", {"username": "charlie", "password": PASSWORD})
    assert response.status_code == 302


def test_a_good_login_is_not_limited(users: dict[str, Any]) -> None:
    client = Client()
    client.post("/login/", {"username": "alice", "password": "wrong"})
    response = client.post("/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_two_factor_login(users: dict[str, Any]) -> None:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.post("/login/", {"username": "bahrom", "password": PASSWORD})
    # enrol: the setup page creates a pending device and shows its QR code
    page = client.get("/account/2fa/")
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=users["co_chair"])
    response = client.post("/account/2fa/", {"token": "000000"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.get(user=users["co_chair"]).confirmed
    import time

    time.sleep(1.1)  # django-otp throttles after a wrong code: 1 s, then doubling
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    response = client.post("/account/2fa/", {"token": code})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    # a new session must pass the second factor before any page
    other = Client()
    other.post("/login/", {"username": "bahrom", "password": PASSWORD})
    response = other.get("/governance/members/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/2fa/verify/")
    response = other.post("/account/2fa/verify/", {"token": "abcdef", "next": "/"})
    assert response.status_code == 200
    device.refresh_from_db()
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + 1):06d}"
    response = other.post("/account/2fa/verify/", {"token": code, "next": "/governance/members/"})
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # same time step as enrolment: the code was already used
        import time

        time.sleep(device.step)
        device.refresh_from_db()
        code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
        response = other.post(
            "/account/2fa/verify/", {"token": code, "next": "/governance/members/"}
        )
    assert response.status_code == 302
    assert response["Location"] == "/governance/members/"
    assert other.get("/governance/members/").status_code == 200


def test_deploy_checks_are_clean_with_production_settings() -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = dict(
        os.environ,
        TAILSAFE_PRODUCTION="1",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x7#k2!pQ9vL0@mZ4$wR8^tY6&uI3*oP1(aS5)dF7-gH2_jK9+lZ4=xC8",
        DJANGO_ALLOWED_HOSTS="tailsafe.example.tj",
        PYTHONPATH=str(root / "src"),
    )
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, str(root / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
