"""A stage move answers, writes and audits what main did before the move's write was cut down
to its columns: the answer's bytes are pinned as main drew them (tests/placements/markup/
stage_moved_*.html: each move of a placement's road, forward, back, cancelled, refused as
stale, in both languages, with hostile text; the CSRF token and the keys masked), and so are
the placement's row, its history rows and the audit rows each move writes."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.forms.models import model_to_dict
from django.utils import timezone

from placements.models import PlacementDocument, StageChange
from pmi_portal.audit.models import AuditAction, AuditEvent
from tests.factories import AgencyFactory, PlacementFactory
from tests.placements.conftest import pdf

pytestmark = pytest.mark.django_db

MARKUP = Path(__file__).parent / "markup"
HOSTILE = "<script>&\"'"
MOVED_AT = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
# A move a minute after the other: the session, idle for half an hour, stays logged in.
A_MINUTE = datetime.timedelta(minutes=1)
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')

# Each move of the answer's files: (name, to_stage, reason, the version posted or None: the
# placement's). The placement starts in the orientation with its certificate, so the road
# goes on to the departure (which sets `departed_on`), back with a reason, and a stale one.
MOVES = [
    ("forward", "departed", "", None),
    ("back", "orientation", f"back {HOSTILE}", None),
    ("stale", "departed", "", 1),
    ("cancelled", "cancelled", HOSTILE, None),
]


@pytest.fixture
def placement(counter):
    counter.first_name, counter.last_name = "Siti", HOSTILE
    counter.save()
    return PlacementFactory(
        pk=70_001,
        stage="orientation",
        agency=AgencyFactory(name=f"PT {HOSTILE}"),
        employer_name=f"Employer {HOSTILE}",
        job_title=f"job {HOSTILE}",
        created_at=MOVED_AT - datetime.timedelta(days=40),
        stage_changed_at=MOVED_AT - datetime.timedelta(days=3),
        worker__passport_number="C1234567",
        worker__passport_expiry=datetime.date(2030, 1, 1),
    )


def _masked(answer: str, documents) -> str:
    answer = CSRF.sub(r'\1csrf"', answer)
    for document in documents:
        answer = answer.replace(f"/{document.pk}/", "/{document}/")
    return answer


def _moves(client, placement, language: str, monkeypatch):
    """Each move's answer, masked, after the certificate is uploaded at a fixed time."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.post(
        f"/registry/placements/{placement.pk}/documents/",
        {"kind": "opp_certificate", "file": pdf(f"opp {HOSTILE}.pdf")},
    )
    PlacementDocument.objects.update(uploaded_at=MOVED_AT - datetime.timedelta(days=1))
    documents = list(PlacementDocument.objects.all())
    version = placement.version
    for step, (name, to_stage, reason, posted) in enumerate(MOVES):
        monkeypatch.setattr(timezone, "now", lambda step=step: MOVED_AT + step * A_MINUTE)
        response = client.post(
            f"/registry/placements/{placement.pk}/move/",
            {"to_stage": to_stage, "version": posted or version, "reason": reason},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200, name
        if posted is None:
            version += 1
        yield name, _masked(response.content.decode(), documents)


@pytest.mark.parametrize("language", ["id", "en"])
def test_each_move_answers_the_bytes_main_answered(
    counter_client, placement, language, monkeypatch
):
    for name, answer in _moves(counter_client, placement, language, monkeypatch):
        expected = (MARKUP / f"stage_moved_{name}_{language}.html").read_text()
        assert answer == expected, name


def test_each_move_writes_the_rows_main_wrote(counter_client, counter, placement, monkeypatch):
    placement.refresh_from_db()
    before = model_to_dict(placement)
    written = []
    for _name, _answer in _moves(counter_client, placement, "id", monkeypatch):
        placement.refresh_from_db()
        written.append(
            (
                {
                    column: value
                    for column, value in model_to_dict(placement).items()
                    if value != before[column]
                },
                placement.version,
            )
        )
    departed = {"stage": "departed", "departed_on": (MOVED_AT).date()}
    assert written == [
        ({**departed, "stage_changed_at": MOVED_AT}, 2),
        (
            {"departed_on": MOVED_AT.date(), "stage_changed_at": MOVED_AT + A_MINUTE},
            3,
        ),
        (
            {"departed_on": MOVED_AT.date(), "stage_changed_at": MOVED_AT + A_MINUTE},
            3,
        ),
        (
            {
                "stage": "cancelled",
                "departed_on": MOVED_AT.date(),
                "cancel_reason": HOSTILE,
                "stage_changed_at": MOVED_AT + 3 * A_MINUTE,
            },
            4,
        ),
    ]
    history = StageChange.objects.filter(placement=placement).order_by("pk")
    assert [
        (c.from_state, c.to_state, c.kind, c.reason, c.actor, c.office_id, c.changed_at, c.due_at)
        for c in history
    ] == [
        ("orientation", "departed", "forward", "", counter, counter.office_id, MOVED_AT, None),
        (
            "departed",
            "orientation",
            "back",
            f"back {HOSTILE}",
            counter,
            counter.office_id,
            MOVED_AT + A_MINUTE,
            None,
        ),
        (
            "orientation",
            "cancelled",
            "cancel",
            HOSTILE,
            counter,
            counter.office_id,
            MOVED_AT + 3 * A_MINUTE,
            None,
        ),
    ]
    audited = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(placement.pk)
    ).order_by("pk")
    common = (
        counter.pk,
        counter.username,
        counter.office_id,
        "placements.placement",
        str(placement),
        placement.regency_id,
        f"/registry/placements/{placement.pk}/move/",
    )
    assert [
        (
            event.actor_id,
            event.actor_username,
            event.actor_office_id,
            f"{event.content_type.app_label}.{event.content_type.model}",
            event.object_repr,
            event.regency_id,
            event.path,
            event.changes,
        )
        for event in audited
    ] == [
        (*common, {"stage": ["orientation", "departed"]}),
        (*common, {"stage": ["departed", "orientation"], "reason": [None, f"back {HOSTILE}"]}),
        (*common, {"stage": ["orientation", "cancelled"], "reason": [None, HOSTILE]}),
    ]
