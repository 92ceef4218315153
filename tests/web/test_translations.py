from pathlib import Path

import polib
from django.conf import settings


def test_every_string_of_the_portal_has_an_indonesian_translation():
    catalog = polib.pofile(Path(settings.LOCALE_PATHS[0]) / "id" / "LC_MESSAGES" / "django.po")

    assert len(catalog) > 0
    assert [entry.msgid for entry in catalog.untranslated_entries()] == []
    assert [entry.msgid for entry in catalog.fuzzy_entries()] == []
