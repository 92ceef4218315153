"""Uploads are judged by their bytes: plain PDF, JPEG and PNG pass, anything that could run or
pass for a web page is refused with a stable code."""

import hashlib
import io
import os
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pmi_portal.documents.inspection import (
    CHUNK_BYTES,
    PHOTO_TYPES,
    inspect_upload,
)
from tests.documents.samples import jpeg, pdf, png, stream


def upload(content: bytes, name: str = "scan.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal_code(content: bytes, **options) -> str:
    with pytest.raises(ValidationError) as refused:
        inspect_upload(upload(content), **options)
    return refused.value.code


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(pdf(), "application/pdf"), (jpeg(), "image/jpeg"), (png(), "image/png")],
)
def test_a_clean_pdf_jpeg_or_png_is_accepted_with_its_size_and_digest(content, content_type):
    inspected = inspect_upload(upload(content, name="whatever.bin", content_type="text/html"))

    assert inspected.content_type == content_type
    assert inspected.size == len(content)
    assert inspected.sha256 == hashlib.sha256(content).hexdigest()


def test_the_upload_is_rewound_for_whoever_saves_it():
    uploaded = upload(pdf())

    inspect_upload(uploaded)

    assert uploaded.read(5) == b"%PDF-"


def test_a_photo_padded_with_zeros_after_its_end_is_accepted():
    assert inspect_upload(upload(jpeg() + b"\x00" * 300)).content_type == "image/jpeg"


def test_a_jpeg_comment_holding_ff_bytes_does_not_end_the_image_early():
    assert inspect_upload(upload(jpeg(comment=b"\xff\xd9 not the end"))).size > 0


def test_a_file_declared_larger_than_the_limit_is_refused_before_it_is_read():
    class Huge:
        size = 6 * 1024 * 1024

        def read(self, *args):
            raise AssertionError("read")

        seek = read

    with pytest.raises(ValidationError) as refused:
        inspect_upload(Huge())

    assert refused.value.code == "too_big"


def test_a_file_that_grows_past_the_limit_while_read_is_refused():
    content = pdf(after_header=b"%" + b"x" * 3000 + b"\n")

    with pytest.raises(ValidationError) as refused:
        inspect_upload(io.BytesIO(content), max_bytes=2000)

    assert refused.value.code == "too_big"


def test_an_empty_file_is_refused():
    assert refusal_code(b"") == "empty"


@pytest.mark.parametrize(
    "content",
    [
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        b"<html><body>scan</body></html>",
        b"PK\x03\x04" + b"\x00" * 40,
        b"%PD",
    ],
    ids=["gif", "html", "zip", "too short"],
)
def test_a_file_of_another_type_is_refused_whatever_its_name(content):
    assert refusal_code(content) == "file_type"


def test_a_pdf_is_refused_where_only_photos_are_allowed():
    assert refusal_code(pdf(), allowed=PHOTO_TYPES) == "file_type"


def test_a_jpeg_without_its_end_is_refused_as_damaged():
    assert refusal_code(jpeg()[:-2]) == "file_type"


@pytest.mark.parametrize(
    "catalog",
    [
        b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
        b"/Names << /J#61vaScript 5 0 R >>",
        b"/Names << /J#61#76#61#53#63#72#69#70#74 5 0 R >>",
        b"/OpenAction << /S /Launch /F (cmd.exe) >>",
        b"/OpenAction << /JS 5 0 R >>",
        b"/AA << /O 5 0 R >>",
        b"/Names << /EmbeddedFiles 5 0 R >>",
        b"/AcroForm << /XFA 5 0 R >>",
        b"/OpenAction << /S /RichMediaExecute >>",
    ],
    ids=[
        "javascript",
        "hex-escaped javascript",
        "fully hex-escaped name",
        "launch",
        "js key",
        "additional actions",
        "embedded files",
        "xfa form",
        "rich media",
    ],
)
def test_a_pdf_that_can_run_something_is_refused(catalog):
    assert refusal_code(pdf(catalog=catalog, objects=(b"<< >>",))) == "active_content"


def test_a_script_hidden_in_a_compressed_object_stream_is_refused():
    hidden = zlib.compress(b"5 0 << /S /JavaScript /JS (app.alert(1)) >>")
    content = pdf(objects=(stream(hidden, b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode"),))

    assert refusal_code(content) == "active_content"


def test_a_stream_in_an_encoding_the_check_cannot_read_is_refused():
    content = pdf(objects=(stream(b"2F4A53", b"/Type /ObjStm /Filter /ASCIIHexDecode"),))

    assert refusal_code(content) == "active_content"


def test_an_encrypted_pdf_is_refused():
    assert refusal_code(pdf(catalog=b"/Encrypt << /Filter /Standard >>")) == "active_content"


def test_image_data_in_a_pdf_is_not_read_as_pdf_syntax():
    pixels = zlib.compress(b"/JS (" * 50)
    image = stream(pixels, b"/Type /XObject /Subtype /Image /Filter /FlateDecode")

    assert inspect_upload(upload(pdf(objects=(image,)))).content_type == "application/pdf"


@pytest.mark.parametrize("cut", [1, 4, 10])
def test_a_name_cut_by_a_chunk_boundary_is_still_found(cut):
    catalog = b"/OpenAction << /S /JavaScript >>"
    at = pdf(after_header=b"%\n", catalog=catalog).index(b"/JavaScript")
    comment = b"%" + b"x" * (CHUNK_BYTES - at - cut) + b"\n"
    content = pdf(after_header=comment, catalog=catalog)

    assert content.index(b"/JavaScript") == CHUNK_BYTES - cut
    assert refusal_code(content) == "active_content"


@pytest.mark.parametrize(
    "after_header",
    [
        b"<html><script>alert(1)</script></html>\n",
        b"%<!DOCTYPE html>\n",
        b"%<svg onload=alert(1)>\n",
        b"%" + b"x" * (CHUNK_BYTES - 20) + b"<ScRiPt>alert(1)</script>\n",
    ],
    ids=["html", "doctype", "svg at the start", "script past the first chunk"],
)
def test_a_pdf_that_is_also_a_web_page_is_refused(after_header):
    assert refusal_code(pdf(after_header=after_header)) == "markup"


def test_a_jpeg_followed_by_a_web_page_is_refused():
    assert refusal_code(jpeg() + b"<html><script>alert(1)</script></html>") == "trailing_data"


def test_a_png_followed_by_other_data_is_refused():
    assert refusal_code(png() + b"PK\x03\x04" + os.urandom(64)) == "trailing_data"


def test_html_in_a_png_text_chunk_is_refused():
    text = b"Comment\x00<script>alert(1)</script>"
    chunk = struct.pack(">I", len(text)) + b"tEXt" + text + b"\x00\x00\x00\x00"

    assert refusal_code(png(extra_chunks=chunk)) == "markup"
