import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from tests.documents import samples

PDF = samples.pdf()
PNG = samples.png()


def pdf(name="dokumen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def reference_kept(settings):
    """Reference data kept as on a server with Redis, from a fresh version."""
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    cache.delete(REFERENCE_GENERATION_KEY)  # nothing another test cached is read
