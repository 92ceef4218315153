"""The records behind a figure, exported from the list its link opens: scoped like the list,
identity numbers masked, written to the audit trail, capped, the CSV streamed."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.dashboards import exports
from returns.models import Arrival
from tests.dashboards.data import PERIOD
from tests.returns.factories import ArrivalFactory

pytestmark = pytest.mark.django_db
TROUBLED = {**PERIOD, "view": "all", "category": "troubled"}


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_troubled_returns_export_as_csv_with_identity_numbers_masked(client, data_set, heads):
    client.force_login(heads.serang)
    niks = set(Arrival.objects.filter(category="troubled").values_list("person__nik", flat=True))

    response = client.get(reverse("returns:arrivals_export", args=["csv"]), TROUBLED)
    rows = _csv(response)

    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert len(rows) == 1 + 2  # the header and the two troubled arrivals of Serang's area
    text = "\n".join(",".join(row) for row in rows)
    assert not any(nik and nik in text for nik in niks)
    assert all("*" in row[2] for row in rows[1:])


def test_a_records_export_is_written_to_the_audit_trail(client, data_set, heads):
    client.force_login(heads.serang)

    _csv(client.get(reverse("returns:arrivals_export", args=["csv"]), TROUBLED))
    client.get(reverse("cases:export", args=["xlsx"]), {**PERIOD, "view": "all"})

    exported = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=heads.serang)
    reprs = sorted(exported.values_list("object_repr", flat=True))
    assert [r.split(" ")[0] for r in reprs] == ["kasus.xlsx", "kedatangan.csv"]
    assert "category=troubled" in reprs[1]


def test_the_cases_export_as_xlsx_holds_the_cases_the_figure_counts(client, data_set, heads):
    client.force_login(heads.serang)

    response = client.get(reverse("cases:export", args=["xlsx"]), {**PERIOD, "view": "all"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    references = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]

    assert response.status_code == 200
    assert len(references) == 3  # Serang's cases opened January to March
    assert all(reference.startswith("KSS-") for reference in references)


def test_a_records_export_is_cut_at_its_cap_and_says_so(client, heads, monkeypatch):
    monkeypatch.setattr(exports, "RECORDS_CAP", 2)
    for _ in range(3):
        ArrivalFactory()
    client.force_login(heads.serang)

    rows = _csv(client.get(reverse("returns:arrivals_export", args=["csv"]), {"view": "all"}))

    assert len(rows) == 1 + 2 + 1
    assert len(rows[-1]) == 1  # the line that says it was cut


def test_a_records_export_with_a_bad_filter_answers_400_and_no_file(client, data_set, heads):
    client.force_login(heads.serang)

    response = client.get(
        reverse("returns:arrivals_export", args=["csv"]), {"view": "all", "province": "61"}
    )

    assert response.status_code == 400
    assert not response.streaming
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
