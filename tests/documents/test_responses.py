"""A private file goes to the browser as a download that is never rendered, sniffed or cached."""

from types import SimpleNamespace

from csp.middleware import CSPMiddleware
from django.core.files.base import ContentFile

from pmi_portal.documents.responses import private_file_response
from tests.documents.samples import pdf


def document(original_name: str = "Surat kematian Siti.pdf"):
    return SimpleNamespace(
        file=ContentFile(pdf(), name="cases/evidence/0f3a.pdf"),
        content_type="application/pdf",
        original_name=original_name,
    )


def test_a_private_file_is_a_download_with_its_checked_type_and_original_name():
    response = private_file_response(document())

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Surat kematian Siti.pdf"'
    assert b"".join(response.streaming_content) == pdf()


def test_a_private_file_is_never_sniffed_cached_or_run():
    response = private_file_response(document())

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store, private"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_portal_wide_policy_does_not_replace_the_download_policy(rf):
    middleware = CSPMiddleware(lambda request: private_file_response(document()))

    response = middleware(rf.get("/"))

    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_name_outside_ascii_is_offered_in_the_encoded_form():
    response = private_file_response(document("Akta kematian — Siti.pdf"))

    assert (
        "filename*=utf-8''Akta%20kematian%20%E2%80%94%20Siti.pdf"
        in (response["Content-Disposition"])
    )
