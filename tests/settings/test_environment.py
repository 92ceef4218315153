"""Start-up from the environment: the embedded default, production checks, and bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent.parent
CLEAN_ENV = {
    key: value
    for key, value in os.environ.items()
    if key
    not in {
        "DATABASE_URL",
        "REDIS_URL",
        "SECRET_KEY",
        "DEBUG",
        "HTTPS",
        "DJANGO_SETTINGS_MODULE",
        "TIME_ZONE",
        "EMAIL_URL",
        "ALLOWED_HOSTS",
        "PRIVATE_MEDIA_ROOT",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
}
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k7#pQ2!vZ9@wL4$xR8^mN3&bT6*yH1(cJ5)fG0_dS2+aE9=uK7-iO4~pW8%qX3",
    "ALLOWED_HOSTS": "portal.bp2mi.go.id",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**CLEAN_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_embedded_default_starts_with_no_variable_set():
    result = manage("check")

    assert result.returncode == 0, result.stderr


def test_production_settings_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mysql://root@127.0.0.1/portal"),
        ("DATABASE_URL", "postgres://user@127.0.0.1:5432/"),
        ("REDIS_URL", "127.0.0.1:6379"),
        ("DEBUG", "maybe"),
        ("TIME_ZONE", "Asia/Bandung"),
        ("EMAIL_URL", "pigeon://nowhere"),
        ("PRIVATE_MEDIA_ROOT", "var/private"),
        ("PRIVATE_MEDIA_ROOT", str(ROOT / "staticfiles" / "private")),
        ("PRIVATE_MEDIA_ROOT", str(ROOT / "static")),
    ],
)
def test_a_wrong_variable_stops_start_up_with_one_line_naming_it(variable, value):
    result = manage("check", **{**PRODUCTION_ENV, variable: value})

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Konfigurasi salah / configuration error: " + variable)


def test_a_deployment_without_secret_key_is_refused():
    result = manage("check", DATABASE_URL="postgres://postgres@127.0.0.1:5432/test")

    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _python(probe: str) -> list[int]:
    """What `probe`, run by a new interpreter of the embedded default, prints: numbers."""
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={**CLEAN_ENV, "DJANGO_SETTINGS_MODULE": "pmi_portal.settings.base"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [int(n) for n in result.stdout.split()]


def test_the_wsgi_entry_point_freezes_what_the_process_loaded():
    """pmi_portal.wsgi moves the objects a server process loads (the apps, the URLconf) out of
    the garbage collector's generations: its full collections then walk only what requests
    made since, not ~160,000 objects that live as long as the process."""
    frozen, tracked, urlconf_loaded = _python(
        "import gc, sys; import pmi_portal.wsgi; "
        "loaded = 'pmi_portal.urls' in sys.modules; "
        "print(gc.get_freeze_count(), len(gc.get_objects()), int(loaded))"
    )

    assert urlconf_loaded == 1
    assert frozen > 50_000
    assert tracked < frozen / 10


def test_the_wsgi_entry_point_freezes_again_once_warm():
    """Before its WARM_AFTER_REQUESTS-th request, the application freezes what the first
    requests left for the process's life (compiled templates, kept reference data), once."""
    freezes = _python(
        "import gc\n"
        "freezes = []\n"
        "freeze = gc.freeze\n"
        "gc.freeze = lambda: freezes.append(1) or freeze()\n"
        "import pmi_portal.wsgi as wsgi\n"
        "from django.test import RequestFactory\n"
        "wsgi.application.requests_left = 3\n"
        "environ = RequestFactory(SERVER_NAME='127.0.0.1').get('/healthz').environ\n"
        "counts = [len(freezes)]\n"
        "for _ in range(4):\n"
        "    wsgi.application(dict(environ), lambda status, headers, exc_info=None: None)\n"
        "    counts.append(len(freezes))\n"
        "print(*counts)"
    )

    # Once loaded; then before the third request, and never again.
    assert freezes == [1, 1, 1, 2, 2]
