"""The dashboard's tables as CSV and XLSX (figures only, never a person's identity number),
and the records behind a figure as the lists export them (identity numbers masked)."""

import csv
import io
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record
from pmi_portal.dashboards.selectors import Figures

# A cell starting with one of these is read as a formula by spreadsheets: a name typed into a
# case (a recruiter's) must stay text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def export_rows(figures: Figures):
    """(section, table, code, label, value) for every figure and every table row."""
    for section in figures.sections:
        for figure in section.figures:
            yield section.title, _("Figures"), figure.key, figure.label, figure.value
        for table in section.tables:
            for row in table.rows:
                yield section.title, table.title, row.code, row.label, row.value


def _header() -> list[str]:
    return [_("Section"), _("Table"), _("Code"), _("Label"), _("Count")]


def as_csv(figures: Figures, heading: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([heading])
    writer.writerow(_header())
    for section, table, code, label, value in export_rows(figures):
        writer.writerow([_text(section), _text(table), _text(code), _text(label), value])
    # With a byte order mark, spreadsheets open Indonesian names in UTF-8.
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(figures: Figures, heading: str) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for section in figures.sections:
        sheet = book.create_sheet(title=section.title[:31])
        sheet.append([heading])
        sheet["A1"].font = Font(bold=True)
        sheet.append([])
        sheet.append([_("Figures")])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for figure in section.figures:
            sheet.append([_text(figure.label), figure.value, figure.key])
        for table in section.tables:
            sheet.append([])
            sheet.append([_text(table.title)])
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
            for row in table.rows:
                sheet.append([_text(row.label), row.value, _text(row.code)])
        sheet.column_dimensions["A"].width = 48
        sheet.column_dimensions["C"].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# A records export holds at most this many rows: what a head carries into a report, not a
# copy of the register. The file says when it was cut.
RECORDS_CAP = 50_000
_CSV_CHUNK = 500


class _Line:
    """A file-like object whose write returns what was written: csv.writer into a stream."""

    def write(self, value: str) -> str:
        return value


def _capped(rows: Iterator[list], cap: int) -> Iterator[list]:
    for count, row in enumerate(rows):
        if count == cap:
            yield [_("Cut at %(cap)d rows: narrow the filters.") % {"cap": cap}]
            return
        yield [_text(value) if isinstance(value, str) else value for value in row]


def _csv_stream(header: list[str], rows: Iterator[list]) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield "\ufeff".encode()  # with a byte order mark, spreadsheets read UTF-8
    chunk = [writer.writerow(header)]
    for row in rows:
        chunk.append(writer.writerow(row))
        if len(chunk) >= _CSV_CHUNK:
            yield "".join(chunk).encode()
            chunk = []
    yield "".join(chunk).encode()


def _xlsx(title: str, header: list[str], rows: Iterator[list]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def records_response(request, *, fmt: str, what: str, header: list[str], rows: Iterator[list]):
    """The records behind a figure (a list's rows, identity numbers already masked) as a
    streamed CSV or an XLSX, at most RECORDS_CAP rows, written to the audit trail first."""
    audit_record(
        action=AuditAction.EXPORT,
        actor=request.user,
        object_repr=f"{what}.{fmt} {request.GET.urlencode()}"[:200],
    )
    rows = _capped(rows, RECORDS_CAP)
    name = f"{what}-{timezone.localtime():%Y%m%d-%H%M}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_stream(header, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            _xlsx(what, header, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
