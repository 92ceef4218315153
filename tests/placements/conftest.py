import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pmi_portal.access.roles import Role
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name="dokumen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def counter(db):
    return UserFactory(username="loket.serang", role=Role.COUNTER_OFFICER)


@pytest.fixture
def counter_client(client, counter):
    client.force_login(counter)
    return client


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
