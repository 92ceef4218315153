"""Load the settings before anything else, so a wrong environment ends in one clear line."""

import importlib
import os
import sys

from pmi_portal.settings.env import SettingsError


def load_settings_or_exit() -> None:
    try:
        importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    except SettingsError as exc:
        sys.stderr.write(f"Konfigurasi salah / configuration error: {exc}\n")
        sys.exit(2)
