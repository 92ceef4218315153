"""Private files have no URL, live under PRIVATE_MEDIA_ROOT under random names, and keep the
user's file name only, cleaned, in their row."""

import re
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile

from pmi_portal.documents.storage import clean_original_name, private_storage, private_upload_to


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def evidence(content_type: str = "application/pdf"):
    return SimpleNamespace(
        _meta=SimpleNamespace(app_label="cases", model_name="evidence"), content_type=content_type
    )


def test_a_private_file_is_stored_under_the_private_root_with_a_random_name(private_root):
    name = private_storage().save(
        private_upload_to(evidence(), "KTP Siti Aminah.pdf"), ContentFile(b"%PDF-1.7")
    )

    assert re.fullmatch(r"cases/evidence/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", name)
    assert (private_root / name).read_bytes() == b"%PDF-1.7"
    assert (private_root / name).stat().st_mode & 0o077 == 0


def test_two_uploads_of_the_same_name_get_different_files(private_root):
    first = private_upload_to(evidence("image/jpeg"), "foto.jpg")
    second = private_upload_to(evidence("image/jpeg"), "foto.jpg")

    assert first != second
    assert first.endswith(".jpg")


def test_a_private_file_has_no_url(private_root):
    name = private_storage().save("cases/x.pdf", ContentFile(b"%PDF-1.7"))

    with pytest.raises(ValueError):
        private_storage().url(name)


@pytest.mark.parametrize(
    ("name", "content_type", "kept"),
    [
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ("C:\\Users\\siti\\KTP.JPEG", "image/jpeg", "KTP.jpg"),
        ("surat\x00 kematian\u202egpj.pdf", "application/pdf", "surat kematiangpj.pdf"),
        ("laporan\r\nSet-Cookie: x.png", "image/png", "laporan Set-Cookie: x.png"),
        ("halaman.html", "application/pdf", "halaman.html.pdf"),
        ("scan.pdf", "image/png", "scan.png"),
        ("", "image/png", "document.png"),
        ("...", "application/pdf", "document.pdf"),
    ],
)
def test_the_original_name_is_kept_without_folders_or_control_characters(name, content_type, kept):
    assert clean_original_name(name, content_type) == kept


def test_a_long_original_name_is_cut_to_200_characters_keeping_its_extension():
    kept = clean_original_name("paspor " * 100 + ".pdf", "application/pdf")

    assert 190 < len(kept) <= 200
    assert kept.startswith("paspor paspor")
    assert kept.endswith(".pdf")
