"""Strict reading of the environment: a wrong value stops start-up naming the variable."""

import os
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class SettingsError(ImproperlyConfigured):
    """A variable of the environment is missing or wrong; the message names it."""

    def __init__(self, name: str, problem_id: str, problem_en: str):
        super().__init__(f"{name}: {problem_id} / {problem_en}")


def get_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def get_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingsError(
        name,
        f"nilai {raw!r} bukan ya/tidak (pakai 1 atau 0)",
        f"value {raw!r} is not a boolean (use 1 or 0)",
    )


def get_int(name: str, default: int) -> int:
    raw = get_str(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(
            name, f"nilai {raw!r} bukan bilangan bulat", f"value {raw!r} is not an integer"
        ) from None


def get_list(name: str, default: list[str]) -> list[str]:
    raw = get_str(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def get_path(name: str, default: Path) -> Path:
    raw = get_str(name)
    if raw is None:
        return default
    path = Path(raw)
    if not path.is_absolute():
        raise SettingsError(name, f"{raw!r} bukan path absolut", f"{raw!r} is not an absolute path")
    return path


def get_database(name: str, default_sqlite_path: str) -> dict:
    raw = get_str(name)
    if raw is None:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": default_sqlite_path}
    scheme = urlsplit(raw).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise SettingsError(
            name,
            f"skema {scheme!r} tidak didukung; pakai postgres://user@host:5432/nama",
            f"scheme {scheme!r} is not supported; use postgres://user@host:5432/name",
        )
    try:
        config = environ.Env.db_url_config(raw)
    except (ValueError, ImproperlyConfigured) as exc:
        raise SettingsError(name, f"URL tidak valid ({exc})", f"invalid URL ({exc})") from None
    if not config.get("NAME"):
        raise SettingsError(name, "nama basis data tidak ada", "the database name is missing")
    return config


def get_redis_url(name: str) -> str | None:
    raw = get_str(name)
    if raw is None:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise SettingsError(
            name,
            f"{raw!r} bukan URL Redis (redis://host:6379/0)",
            f"{raw!r} is not a Redis URL (redis://host:6379/0)",
        )
    return raw


def get_email(name: str) -> dict | None:
    raw = get_str(name)
    if raw is None:
        return None
    try:
        return environ.Env.email_url_config(raw)
    except (ValueError, KeyError, ImproperlyConfigured) as exc:
        raise SettingsError(
            name, f"URL e-mail tidak valid ({exc})", f"invalid e-mail URL ({exc})"
        ) from None


def get_timezone(name: str, default: str) -> str:
    value = get_str(name, default)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            name, f"zona waktu {value!r} tidak dikenal", f"unknown time zone {value!r}"
        ) from None
    return value
