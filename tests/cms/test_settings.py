import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_ENV = {
    "SECRET_KEY": "k" * 20 + "-production-secret-for-the-check-" + "x" * 20,
    "ALLOWED_HOSTS": "sambang.example.id",
    "DATABASE_URL": "sqlite:////tmp/sambang-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_manage(settings_module, *args, extra_env=None):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update({"DJANGO_SETTINGS_MODULE": settings_module, **(extra_env or {})})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("mode", ["dev", "test"])
def test_settings_load_in_each_mode(mode):
    result = run_manage(f"cms.settings.{mode}", "check")
    assert result.returncode == 0, result.stderr


def test_production_check_deploy_has_no_warnings():
    result = run_manage(
        "cms.settings.production",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        extra_env=DEPLOY_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_missing_secret_key():
    result = run_manage("cms.settings.production", "check", extra_env={"ALLOWED_HOSTS": "x"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_redis():
    env = {k: v for k, v in DEPLOY_ENV.items() if k != "REDIS_URL"}
    result = run_manage("cms.settings.production", "check", extra_env=env)
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_database_url_selects_postgresql():
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/sambang",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.strip() == "django.db.backends.postgresql"
    env.pop("DATABASE_URL")
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.strip() == "django.db.backends.sqlite3"
