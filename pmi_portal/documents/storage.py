"""Where private documents live: a folder with no URL, under names that say nothing."""

import os
import unicodedata
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from pmi_portal.documents.inspection import EXTENSIONS

ORIGINAL_NAME_MAX = 200
_SEPARATING = {"Cc", "Zs", "Zl", "Zp"}
_KNOWN_EXTENSIONS = {*EXTENSIONS.values(), ".jpeg", ".jpe"}


class PrivateStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT, read at each use; `url()` always refuses."""

    def __init__(self):
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(settings.PRIVATE_MEDIA_ROOT)

    @property
    def base_url(self):
        return None


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The storage of every private document (a callable, so migrations name it, not its path)."""
    return _storage


def private_upload_to(instance, filename: str) -> str:
    """A random name under the owning model's folder; the user's file name never reaches disk."""
    meta = instance._meta
    extension = EXTENSIONS.get(instance.content_type, "")
    return (
        f"{meta.app_label}/{meta.model_name}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"
    )


def clean_original_name(name: str, content_type: str) -> str:
    """The user's file name, fit to show and to offer on download.

    No folders, no control or invisible characters, at most 200 characters, and always the
    extension of the type the bytes were found to be.
    """
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    # Line breaks and tabs part words; invisible ones (a right-to-left override that disguises
    # an extension) go.
    name = "".join(
        " " if unicodedata.category(char) in _SEPARATING else char
        for char in name
        if unicodedata.category(char) in _SEPARATING or unicodedata.category(char)[0] != "C"
    )
    name = " ".join(name.split())
    stem, dot, suffix = name.rpartition(".")
    if dot and f".{suffix.lower()}" in _KNOWN_EXTENSIONS:
        name = stem
    extension = EXTENSIONS.get(content_type, "")
    name = name.strip(". ")[: ORIGINAL_NAME_MAX - len(extension)].rstrip(". ")
    return (name or "document") + extension
