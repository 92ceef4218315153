"""The dashboard's tables as CSV and XLSX: figures only, never a person's identity number."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

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
