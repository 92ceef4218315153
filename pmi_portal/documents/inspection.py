"""What an upload really is, read from its bytes, never from its name or the browser's word.

Only plain PDF, JPEG and PNG files pass: a PDF that can run something (scripts, launch
actions, embedded files, forms that send data), bytes a browser could take for a web page, or
data hidden after an image's end are refused. The file is read once, in chunks.
"""

import hashlib
import re
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCUMENT_TYPES = frozenset({PDF, JPEG, PNG})
PHOTO_TYPES = frozenset({JPEG, PNG})
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
UPLOAD_MAX_BYTES = 5 * 1024 * 1024
CHUNK_BYTES = 64 * 1024

_SIGNATURES = {b"%PDF-": PDF, b"\xff\xd8\xff": JPEG, b"\x89PNG\r\n\x1a\n": PNG}
_LABELS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}
_PADDING = b"\x00\xff"

# A browser sniffing a file as HTML looks at its first bytes; a polyglot may also hide a page
# further in. Short tags are looked for at the start only: deep in compressed data they would
# turn up by chance.
_HEAD_BYTES = 1024
_MARKUP_ANYWHERE = re.compile(rb"<(?:script|html|!doctype|iframe|object|embed)\b", re.I)
_MARKUP_AT_HEAD = re.compile(rb"<(?:svg|body|head|meta|img|style|link|form)\b", re.I)

# PDF names that run something or carry a file. A name may spell any byte as #xx, so each
# name is decoded before it is compared. JS and AA are too short to look for in binary data on
# their own: a script action also names /S /JavaScript, an additional action its /S type.
_PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
_PDF_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_ACTIVE = {
    b"JavaScript",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"RichMedia",
    b"RichMediaExecute",
    b"XFA",
    b"SubmitForm",
    b"ImportData",
    b"GoToE",
    b"GoToR",
    b"Rendition",
}
_PDF_ACTIVE_KEYS = re.compile(
    rb"/(?:(?:J|#4[Aa])(?:S|#53)|(?:A|#41)(?:A|#41))"
    rb"[\x00\t\n\x0c\r ]*(?:[(<]|\d+[\x00\t\n\x0c\r ]+\d+[\x00\t\n\x0c\r ]+R)"
)
# Encodings other than Flate: the check cannot read a stream that uses one, unless it is an image.
_PDF_OPAQUE_FILTERS = {
    b"ASCIIHexDecode",
    b"AHx",
    b"ASCII85Decode",
    b"A85",
    b"LZWDecode",
    b"LZW",
    b"RunLengthDecode",
    b"RL",
    b"Crypt",
}
_PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_PDF_DICT_BYTES = 1024  # how far before `stream` its dictionary is looked for
_PDF_LONGEST_NAME = 64  # the longest dangerous name, every byte written as #xx, and a margin
_PDF_MAX_INFLATED = 256 * 1024 * 1024
_PDF_MAX_OPEN_STREAMS = 64


@dataclass(frozen=True)
class Inspected:
    content_type: str
    size: int
    sha256: str


def inspect_upload(
    uploaded, *, allowed: frozenset[str] = DOCUMENT_TYPES, max_bytes: int = UPLOAD_MAX_BYTES
) -> Inspected:
    """The checked type, size and SHA-256 of `uploaded`; ValidationError with a stable code."""
    declared = getattr(uploaded, "size", None)
    if declared is not None and declared > max_bytes:
        raise _too_big(max_bytes)
    digest = hashlib.sha256()
    size = 0
    head = b""
    check = None
    uploaded.seek(0)
    try:
        while chunk := uploaded.read(CHUNK_BYTES):
            size += len(chunk)
            if size > max_bytes:
                raise _too_big(max_bytes)
            digest.update(chunk)
            if check is None:
                head += chunk
                if len(head) < 8:
                    continue
                check = _check_for(head, allowed)
                chunk = head
            check.feed(chunk)
        if size == 0:
            raise ValidationError(_("The file is empty."), code="empty")
        if check is None:
            check = _check_for(head, allowed)
            check.feed(head)
        check.finish()
    finally:
        uploaded.seek(0)
    return Inspected(content_type=check.content_type, size=size, sha256=digest.hexdigest())


def _too_big(max_bytes: int) -> ValidationError:
    return ValidationError(
        _("The file is larger than %(limit)s MB.") % {"limit": f"{max_bytes / 1048576:g}"},
        code="too_big",
    )


def _check_for(head: bytes, allowed: frozenset[str]) -> "_Check":
    for signature, content_type in _SIGNATURES.items():
        if head.startswith(signature) and content_type in allowed:
            return {PDF: _PdfCheck, JPEG: _JpegCheck, PNG: _PngCheck}[content_type]()
    kinds = ", ".join(_LABELS[content_type] for content_type in sorted(allowed, key=_LABELS.get))
    raise ValidationError(
        _("Only these kinds of file are accepted: %(kinds)s.") % {"kinds": kinds},
        code="file_type",
    )


class _Window:
    """Regex matches across chunks: each chunk is searched with the end of the one before.

    A match may be up to `reach` bytes long; `history` more bytes stay readable behind it.
    """

    def __init__(self, reach: int, history: int = 0):
        self.reach = reach
        self.history = history
        self.buffer = b""
        self.start = 0

    def feed(self, data: bytes, *, final: bool = False) -> tuple[bytes, int, int]:
        """(buffer, start, end): search matches that begin in buffer[start:end]."""
        self.buffer += data
        buffer, start = self.buffer, self.start
        end = len(buffer) if final else max(start, len(buffer) - self.reach)
        cut = max(0, end - self.history)
        self.buffer, self.start = buffer[cut:], end - cut
        return buffer, start, end


def _matches(pattern: re.Pattern, buffer: bytes, start: int, end: int):
    for match in pattern.finditer(buffer, start):
        if match.start() >= end:
            return
        yield match


class _Check:
    """Markup anywhere in the file; subclasses add the rules of their format."""

    content_type = ""

    def __init__(self):
        self.markup = _Window(reach=16)
        self.seen = 0

    def feed(self, data: bytes) -> None:
        self.structure(data)
        if self.seen < _HEAD_BYTES and _MARKUP_AT_HEAD.search(data[: _HEAD_BYTES - self.seen]):
            raise _markup()
        self.seen += len(data)
        if any(_matches(_MARKUP_ANYWHERE, *self.markup.feed(data))):
            raise _markup()

    def finish(self) -> None:
        if any(_matches(_MARKUP_ANYWHERE, *self.markup.feed(b"", final=True))):
            raise _markup()
        self.structure_end()

    def structure(self, data: bytes) -> None:
        pass

    def structure_end(self) -> None:
        pass


def _markup() -> ValidationError:
    return ValidationError(
        _("The file contains web page code (HTML or script) and is not accepted."),
        code="markup",
    )


def _damaged(content_type: str) -> ValidationError:
    return ValidationError(
        _("The file is damaged or is not a real %(kind)s file.") % {"kind": _LABELS[content_type]},
        code="file_type",
    )


def _trailing() -> ValidationError:
    return ValidationError(
        _(
            "The image has extra data after its end (some phones add a video or a second "
            "picture). Save it again as a plain JPEG or PNG, or scan it, and upload that."
        ),
        code="trailing_data",
    )


class _ImageCheck(_Check):
    """Walks the image's structure to its real end; past it only padding may follow."""

    def __init__(self):
        super().__init__()
        self.pending = b""
        self.skip = 0
        self.ended = False

    def structure(self, data: bytes) -> None:
        buffer = self.pending + data
        self.pending = b""
        position = 0
        while position < len(buffer):
            if self.skip:
                step = min(self.skip, len(buffer) - position)
                position += step
                self.skip -= step
                continue
            if self.ended:
                if buffer[position:].strip(_PADDING):
                    raise _trailing()
                return
            consumed = self.step(buffer, position)
            if consumed is None:
                self.pending = buffer[position:]
                return
            position = consumed

    def structure_end(self) -> None:
        if not self.ended:
            raise _damaged(self.content_type)

    def step(self, buffer: bytes, position: int) -> int | None:
        """Read one structural element at `position`: the next position, or None for more bytes."""
        raise NotImplementedError


class _JpegCheck(_ImageCheck):
    """Segments, then scan data (where FF is followed by 00 or a restart), up to the EOI marker."""

    content_type = JPEG

    def __init__(self):
        super().__init__()
        self.skip = 2  # SOI
        self.in_scan = False

    def step(self, buffer: bytes, position: int) -> int | None:
        if self.in_scan:
            marker = buffer.find(b"\xff", position)
            if marker < 0:
                return len(buffer)
            if marker + 1 >= len(buffer):
                return marker if marker > position else None
            code = buffer[marker + 1]
            if code == 0x00 or 0xD0 <= code <= 0xD7:
                return marker + 2
            if code == 0xFF:
                return marker + 1
            self.in_scan = False
            return marker
        if len(buffer) - position < 2:
            return None
        if buffer[position] != 0xFF:
            raise _damaged(JPEG)
        code = buffer[position + 1]
        if code == 0xFF:
            return position + 1
        if code == 0xD9:
            self.ended = True
            return position + 2
        if code == 0x01 or 0xD0 <= code <= 0xD7:
            return position + 2
        if len(buffer) - position < 4:
            return None
        length = int.from_bytes(buffer[position + 2 : position + 4], "big")
        if length < 2:
            raise _damaged(JPEG)
        self.skip = length - 2
        self.in_scan = code == 0xDA
        return position + 4


class _PngCheck(_ImageCheck):
    """Chunks (length, type, data, CRC) up to IEND."""

    content_type = PNG

    def __init__(self):
        super().__init__()
        self.skip = 8  # signature

    def step(self, buffer: bytes, position: int) -> int | None:
        if len(buffer) - position < 8:
            return None
        length = int.from_bytes(buffer[position : position + 4], "big")
        if length > 0x7FFFFFFF:
            raise _damaged(PNG)
        self.skip = length + 4
        self.ended = buffer[position + 4 : position + 8] == b"IEND"
        return position + 8


def _pdf_names(buffer: bytes, start: int, end: int):
    for match in _matches(_PDF_NAME, buffer, start, end):
        yield _PDF_HEX.sub(lambda hex_byte: bytes([int(hex_byte[1], 16)]), match[1])


def _active() -> ValidationError:
    return ValidationError(
        _(
            "The PDF contains scripts, actions or embedded files, which are not accepted. "
            "Print it to a new PDF or scan the paper, and upload that."
        ),
        code="active_content",
    )


def _opaque() -> ValidationError:
    return ValidationError(
        _(
            "The PDF is encrypted or encoded in a way that cannot be checked. "
            "Print it to a new PDF or scan the paper, and upload that."
        ),
        code="active_content",
    )


class _Inflated:
    """One Flate stream of the PDF, unpacked as it arrives and searched like the file itself."""

    def __init__(self, check: "_PdfCheck", position: int):
        self.check = check
        self.position = position  # of the next byte of the file this stream has not read
        self.unpacker = zlib.decompressobj()
        self.window = _Window(reach=_PDF_LONGEST_NAME)
        self.done = False

    def feed(self, data: bytes) -> None:
        try:
            while data and not self.done:
                out = self.unpacker.decompress(data, CHUNK_BYTES)
                data = self.unpacker.unconsumed_tail
                self.check.inflated += len(out)
                if self.check.inflated > _PDF_MAX_INFLATED:
                    raise _opaque()
                self.done = self.unpacker.eof
                _search_pdf(*self.window.feed(out, final=self.done))
        except zlib.error:
            # Not Flate data after all (or damaged): a reader cannot unpack it either.
            self.done = True

    def finish(self) -> None:
        if not self.done:
            self.done = True
            _search_pdf(*self.window.feed(b"", final=True))


def _search_pdf(buffer: bytes, start: int, end: int) -> None:
    for name in _pdf_names(buffer, start, end):
        if name in _PDF_ACTIVE:
            raise _active()
        if name == b"Encrypt":
            raise _opaque()
    if any(_matches(_PDF_ACTIVE_KEYS, buffer, start, end)):
        raise _active()


class _PdfCheck(_Check):
    """Names in the file and in every Flate stream that is not plain image data."""

    content_type = PDF

    def __init__(self):
        super().__init__()
        self.window = _Window(reach=_PDF_LONGEST_NAME, history=_PDF_DICT_BYTES)
        self.offset = 0  # of the window's buffer in the file
        self.streams: list[_Inflated] = []
        self.inflated = 0

    def structure(self, data: bytes, *, final: bool = False) -> None:
        base = self.offset
        buffer, start, end = self.window.feed(data, final=final)
        self.offset = base + len(buffer) - len(self.window.buffer)
        _search_pdf(buffer, start, end)
        for match in _matches(_PDF_STREAM, buffer, start, end):
            if self.stream_needs_unpacking(buffer, match.start()):
                self.streams.append(_Inflated(self, base + match.end()))
        if len(self.streams) > _PDF_MAX_OPEN_STREAMS:
            raise _opaque()
        for stream in self.streams:
            stream.feed(buffer[stream.position - base :])
            stream.position = base + len(buffer)
            if final:
                stream.finish()
        self.streams = [stream for stream in self.streams if not stream.done]

    def structure_end(self) -> None:
        self.structure(b"", final=True)

    def stream_needs_unpacking(self, buffer: bytes, stream_start: int) -> bool:
        """Decide from the stream's dictionary: image data cannot run; anything else is read."""
        before = buffer[max(0, stream_start - _PDF_DICT_BYTES) : stream_start]
        before = before[before.rfind(b"endstream") + 1 :]
        before = before[before.rfind(b"endobj") + 1 :]
        names = set(_pdf_names(before, 0, len(before)))
        if b"Image" in names and b"ObjStm" not in names:
            return False
        if names & _PDF_OPAQUE_FILTERS:
            raise _opaque()
        return True
