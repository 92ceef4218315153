"""A head never sees another office's figures, on the page, in the API or in an export; every
export is in the audit trail; staff without the dashboard are refused."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.people.models import Person
from tests.dashboards.data import PERIOD

pytestmark = pytest.mark.django_db


def _xlsx_cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]


def test_pontianak_head_sees_only_pontianak(client, data_set, heads):
    client.force_login(heads.pontianak)

    figures = client.get("/api/v1/dashboard/", PERIOD).json()

    assert figures["placements"]["departed"] == 1
    assert figures["placements"]["by_destination"] == {"MY": 1}
    assert figures["returns"]["arrivals"] == 1
    assert figures["cases"]["opened"] == 1
    assert figures["cases"]["agencies"] == {}
    assert figures["placements"]["target"] is None  # Pontianak has no target set


def test_a_head_cannot_choose_a_province_outside_the_area(client, data_set, heads):
    client.force_login(heads.serang)

    api = client.get("/api/v1/dashboard/", {**PERIOD, "province": "61"})
    page = client.get(reverse("dashboards:page"), {**PERIOD, "province": "61"})
    export = client.get(reverse("dashboards:export", args=["xlsx"]), {**PERIOD, "province": "61"})

    assert api.status_code == 400
    assert api.json()["errors"] == [
        {"code": "invalid_choice", "detail": api.json()["errors"][0]["detail"], "attr": "province"}
    ]
    assert page.status_code == 400
    assert export.status_code == 400
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_xlsx_export_holds_the_heads_own_figures_only(client, data_set, heads):
    client.force_login(heads.serang)

    response = client.get(reverse("dashboards:export", args=["xlsx"]), PERIOD)
    cells = _xlsx_cells(response.content)

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="dasbor-2026-01-2026-03-semua.xlsx"'
    )
    assert "PT Sering Terlibat" in cells
    assert "Budi Calo" in cells
    client.force_login(heads.pontianak)
    other = _xlsx_cells(client.get(reverse("dashboards:export", args=["xlsx"]), PERIOD).content)
    assert "PT Sering Terlibat" not in other
    assert "Budi Calo" not in other


def test_the_csv_export_has_every_figure_and_no_identity_number(client, data_set, heads):
    client.force_login(heads.serang)

    response = client.get(reverse("dashboards:export", args=["csv"]), PERIOD)
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[2:]

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(rows) == len({tuple(row[:3]) for row in rows})
    by_code = {(row[2], row[3]): row[4] for row in rows}
    assert by_code[("departed", "Berangkat dalam periode")] == "3"
    assert ("TW", "Taiwan") in by_code
    niks = Person.objects.exclude(nik="").values_list("nik", flat=True)
    assert niks and not any(nik in text for nik in niks)


def test_every_export_is_written_to_the_audit_trail(client, data_set, heads):
    client.force_login(heads.serang)

    client.get(reverse("dashboards:export", args=["csv"]), PERIOD)
    client.get(reverse("dashboards:export", args=["xlsx"]), {**PERIOD, "province": "36"})

    events = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("pk")
    assert [(e.actor_id, e.object_repr) for e in events] == [
        (heads.serang.pk, "dashboard.csv 202601-202604-all"),
        (heads.serang.pk, "dashboard.xlsx 202601-202604-36"),
    ]


@pytest.mark.parametrize("name", ["page", "export"])
def test_counter_staff_have_no_dashboard(client, heads, name):
    client.force_login(heads.counter)
    kwargs = {"fmt": "csv"} if name == "export" else {}

    assert client.get(reverse(f"dashboards:{name}", kwargs=kwargs)).status_code == 403
    assert client.get("/api/v1/dashboard/").status_code == 403


def test_the_dashboard_is_in_the_menu_of_heads_only(client, heads):
    client.force_login(heads.serang)
    assert 'href="/dashboard/"' in client.get("/").content.decode()
    client.force_login(heads.counter)
    assert 'href="/dashboard/"' not in client.get("/").content.decode()
