"""The case page: a long timeline shows its newest entries with who did what, the earlier ones
on request, in a fixed number of queries; its forms speak the reader's language and start at
today's date."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.template.defaultfilters import date
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from cases import selectors
from cases.forms import (
    DocumentForm,
    LegalStepForm,
    NoteForm,
    PartyForm,
    ReferralAnswerForm,
    ReferralForm,
    TransitionForm,
    act_forms_html,
    transition_form_html,
)
from cases.models import (
    Case,
    CaseAgency,
    CaseNote,
    CaseParty,
    CaseStateChange,
    LegalStep,
    PublicReport,
    State,
)
from cases.states import MACHINE
from cases.templatetags.case_page import case_parties
from cases.templatetags.case_timeline import timeline_entries
from cases.views import TIMELINE_SHOWN
from pmi_portal.access.roles import Role
from pmi_portal.access.scoping import NotFoundOrNotYours, scope_of
from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.offices.models import Country
from pmi_portal.web.rows import month_names, when
from tests.cases.factories import CaseDocumentFactory, CaseFactory, ReferralFactory
from tests.cases.test_case_timeline import AUTHOR
from tests.factories import AgencyFactory, PersonFactory, UserFactory, office
from tests.returns.factories import ArrivalFactory

pytestmark = pytest.mark.django_db

EARLIER = 11


@pytest.fixture
def long_case(handler):
    """A case with TIMELINE_SHOWN + EARLIER entries of every kind, their times interleaved."""
    case = CaseFactory()
    colleague = UserFactory(username="rekan.serang", first_name="Rina", last_name="Wati")
    start = timezone.now() - datetime.timedelta(days=30)
    kinds = ["note", "state", "reporter_note", "referral", "legal_step", "document"]
    for number in range(TIMELINE_SHOWN + EARLIER):
        at = start + datetime.timedelta(hours=number)
        kind = kinds[number // 2 % len(kinds)] if number % 2 else "note"
        if kind in ("note", "reporter_note"):
            CaseNote.objects.create(
                case=case,
                text=f"catatan {number}",
                author=None if kind == "reporter_note" else colleague,
                from_reporter=kind == "reporter_note",
                created_at=at,
            )
        elif kind == "state":
            CaseStateChange.objects.create(
                case=case,
                from_state="reported",
                to_state="verified",
                kind="move",
                reason=f"alasan {number}",
                actor=None if number == 3 else handler,
                office=case.office,
                changed_at=at,
            )
        elif kind == "referral":
            ReferralFactory(case=case, created_by=colleague, created_at=at)
        elif kind == "legal_step":
            LegalStep.objects.create(
                case=case, kind="police_report", happened_on=at.date(), recorded_by=handler,
                recorded_at=at,
            )  # fmt: skip
        else:
            CaseDocumentFactory(case=case, uploaded_by=colleague, uploaded_at=at)
    return case


def _shown(response) -> list[tuple[str, int]]:
    return [(entry.kind, entry.record.pk) for entry in response.context["timeline"]]


def test_a_long_timeline_shows_its_newest_entries_and_the_earlier_ones_on_request(
    client, handler, long_case
):
    whole = [(entry.kind, entry.record.pk) for entry in selectors.timeline(long_case)]
    client.force_login(handler)

    newest = client.get(reverse("cases:detail", kwargs={"pk": long_case.pk}))
    everything = client.get(
        reverse("cases:detail", kwargs={"pk": long_case.pk}), {"timeline": "all"}
    )

    assert len(whole) == TIMELINE_SHOWN + EARLIER
    assert _shown(newest) == whole[EARLIER:]
    assert f"Tampilkan {EARLIER} entri sebelumnya" in newest.content.decode()
    assert _shown(everything) == whole
    assert "entri sebelumnya" not in everything.content.decode()


def test_each_timeline_entry_names_who_did_it(client, handler, long_case):
    client.force_login(handler)

    page = client.get(
        reverse("cases:detail", kwargs={"pk": long_case.pk}), {"timeline": "all"}
    ).content.decode()

    assert "Rina Wati:<br>catatan 0" in page  # a note's author
    assert "alasan 3 · masyarakat\n" in page  # a move without an actor
    assert f"alasan 15 · {handler.get_full_name()} ({long_case.office})\n" in page
    assert page.count("· Rina Wati") >= 2  # a referral's and a document's
    assert page.count(f"· {handler.get_full_name()}\n") >= 2  # the legal steps'


def test_the_case_page_reads_a_long_timeline_in_a_fixed_number_of_queries(
    client, handler, long_case, reference_kept, django_assert_max_num_queries
):
    client.force_login(handler)
    client.get(reverse("cases:detail", kwargs={"pk": long_case.pk}))

    with django_assert_max_num_queries(12):
        client.get(reverse("cases:detail", kwargs={"pk": long_case.pk}), {"timeline": "all"})


def test_the_case_pages_forms_speak_the_language_the_reader_chose(client, handler, settings):
    case = CaseFactory()
    client.force_login(handler)
    page = reverse("cases:detail", kwargs={"pk": case.pk})

    indonesian = client.get(page).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(page).content.decode()

    assert "Dikirim pada" in indonesian and "Sent on" not in indonesian
    assert "Sent on" in english and "Dikirim pada" not in english


def test_the_referral_form_starts_at_today_also_on_the_next_day(client, handler, monkeypatch):
    case = CaseFactory()
    client.force_login(handler)
    page = reverse("cases:detail", kwargs={"pk": case.pk})
    today = timezone.localdate()

    first = client.get(page).content.decode()
    monkeypatch.setattr(
        timezone, "localdate", lambda *args, **kwargs: today + datetime.timedelta(1)
    )
    next_day = client.get(page).content.decode()

    assert f'name="sent_on" value="{today:%Y-%m-%d}"' in first
    assert f'name="sent_on" value="{today + datetime.timedelta(1):%Y-%m-%d}"' in next_day


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_timeline_writes_its_times_as_the_date_filter_does(language):
    # 17:30 UTC is the next day in Jakarta: the local date is written; hours and minutes of
    # one digit are written with two, years before 1000 with four.
    times = [
        datetime.datetime(2026, month, 1 + month, hour, minute, tzinfo=datetime.UTC)
        for month in range(1, 13)
        for hour, minute in ((0, 30), (17, 30), (2, 5), (16, 0), (19, 59))
    ] + [datetime.datetime(987, 3, 4, 5, 6, tzinfo=datetime.UTC)]
    with translation.override(language):
        assert [when(at, month_names()) for at in times] == [
            date(timezone.localtime(at), "j M Y H:i") for at in times
        ]


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_kept_transition_form_is_the_one_crispy_renders_for_the_cases_state_and_version(
    language,
):
    crispy = Template("{% load crispy_forms_tags %}{{ form|crispy }}")
    with translation.override(language):
        for state in State.values:
            moves = [
                (move.target, MACHINE.label(move.target)) for move in MACHINE.moves_from(state)
            ]
            for version in (1, 7, 1234):
                form = TransitionForm(initial={"version": version})
                form.fields["to_state"].choices = moves
                assert transition_form_html(state, version) == crispy.render(
                    Context({"form": form})
                )
        # Another state or version changes what is kept, as the case changes.
        assert transition_form_html("reported", 3) != transition_form_html("verified", 3)
        assert 'value="4"' in transition_form_html("reported", 4)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_kept_act_forms_are_the_empty_forms_crispy_renders_in_the_language_and_day(
    language, monkeypatch
):
    crispy = Template("{% load crispy_forms_tags %}{{ form|crispy }}")
    today = timezone.localdate()
    for day in (today, today + datetime.timedelta(1)):
        monkeypatch.setattr(timezone, "localdate", lambda *args, day=day, **kwargs: day)
        with translation.override(language):
            written = {
                name: crispy.render(Context({"form": form}))
                for name, form in (
                    ("note_form", NoteForm()),
                    ("referral_form", ReferralForm()),
                    ("answer_form", ReferralAnswerForm(initial={"answered_on": day})),
                    ("legal_form", LegalStepForm()),
                    ("party_form", PartyForm()),
                    ("document_form", DocumentForm()),
                )
            }
            assert act_forms_html() == written
        assert f'name="sent_on" value="{day:%Y-%m-%d}"' in written["referral_form"]


def test_the_timeline_and_who_made_each_entry_are_read_in_one_query(
    handler, long_case, django_assert_num_queries
):
    with translation.override("en"), django_assert_num_queries(1):
        newest, length = selectors.timeline_and_length(long_case, newest=TIMELINE_SHOWN)
        written = timeline_entries({}, newest, "<p>answer</p>")

    assert length == TIMELINE_SHOWN + EARLIER
    assert len(newest) == TIMELINE_SHOWN
    assert "Rina Wati" in written and handler.get_full_name() in written


def test_each_timeline_entry_holds_what_its_row_holds(handler, long_case):
    CaseNote.objects.create(case=long_case, text="<script>\"&'", author=handler)
    shown = {
        "state": ("to_state", "kind", "reason", "actor_id", "office_id", "changed_at"),
        "note": ("text", "author_id", "from_reporter", "created_at"),
        "document": ("kind", "original_name", "uploaded_by_id", "uploaded_at"),
        "referral": (
            "institution", "institution_name", "reference_number", "sent_on", "answer",
            "answered_on", "created_by_id", "created_at",
        ),
        "legal_step": (
            "kind", "happened_on", "reference", "detail", "verdict", "recorded_by_id",
            "recorded_at",
        ),
    }  # fmt: skip
    shown["reporter_note"] = shown["note"]

    entries = selectors.timeline(long_case)

    assert {entry.kind for entry in entries} == set(shown)
    for entry in entries:
        row = type(entry.record).objects.select_related("case").get(pk=entry.record.pk)
        assert [getattr(entry.record, name) for name in shown[entry.kind]] == [
            getattr(row, name) for name in shown[entry.kind]
        ]
        assert entry.record.case == row.case
        author, shown_author = (
            getattr(row, AUTHOR[entry.kind]),
            getattr(entry.record, AUTHOR[entry.kind]),
        )
        assert _user(shown_author) == _user(author)
        assert entry.who == (gettext("the public") if author is None else author.get_full_name())
        if entry.kind in ("state", "assign", "transfer"):
            assert (entry.record.office.pk, entry.record.office.name) == (
                row.office.pk,
                row.office.name,
            )
    assert entries[-1].record.text == "<script>\"&'"


def _user(user) -> tuple | None:
    if user is None:
        return None
    return (user.pk, user.username, user.first_name, user.last_name)


def test_the_people_and_agencies_are_read_in_one_query_as_the_orm_reads_them(
    client, handler, django_assert_num_queries
):
    case = CaseFactory()
    other = CaseFactory()
    hostile = "<script>alert('x')</script> & \"Pak De\""
    for role, name in [("witness", "Saksi"), ("recruiter", hostile), ("victim", "Korban"),
                       ("recruiter", "Calo Dua"), ("victim", "Korban Dua")]:  # fmt: skip
        CaseParty.objects.create(
            case=case, person=PersonFactory(nik=None, full_name=name), role=role, note=name[:9]
        )
    CaseParty.objects.create(case=other, person=PersonFactory(nik=None), role="victim")
    for name, status in [("PT <b>Sinar</b>", "revoked"), ("PT Jaya", "active")]:
        CaseAgency.objects.create(case=case, agency=AgencyFactory(name=name, status=status))
    CaseAgency.objects.create(case=other, agency=AgencyFactory())

    with django_assert_num_queries(1):
        parties, agencies = selectors.parties_and_agencies(case)

    assert [
        (party.pk, party.role, party.note, party.person_id, party.person.full_name)
        for party in parties
    ] == [
        (party.pk, party.role, party.note, party.person_id, party.person.full_name)
        for party in CaseParty.objects.filter(case=case).select_related("person")
    ]
    assert [
        (involved.pk, involved.agency_id, str(involved.agency), involved.agency.status)
        for involved in agencies
    ] == [
        (involved.pk, involved.agency_id, str(involved.agency), involved.agency.status)
        for involved in CaseAgency.objects.filter(case=case).select_related("agency").order_by("pk")
    ]
    client.force_login(handler)
    page = client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Pak De&quot;" in page
    assert "<script>alert" not in page
    assert "PT &lt;b&gt;Sinar&lt;/b&gt; (" in page


def _values(record) -> list | None:
    if record is None:
        return None
    return [getattr(record, field.attname) for field in type(record)._meta.concrete_fields]


def test_the_case_is_read_with_its_related_rows_as_select_related_reads_them(
    handler, outsider, reference_kept, django_assert_num_queries
):
    related = ("office", "regency", "country", "assigned_to", "public_report")
    full = CaseFactory(
        assigned_to=handler, country=Country.objects.order_by("code").first(), outcome="<b>"
    )
    PublicReport.objects.create(
        case=full, receipt_prefix="ABC123", receipt_hash="f" * 64, anonymous=False, contact="<i>"
    )
    bare = CaseFactory(regency_id=None, due_at=None)
    scope_of(handler)  # as the request's middleware has it

    for case in (full, bare):
        selectors.case_shown(handler, case.pk)  # the reference rows kept
        with django_assert_num_queries(1):
            shown = selectors.case_shown(handler, case.pk)
            loaded = [getattr(shown, name, None) for name in related]
        orm = Case.objects.select_related(*related).get(pk=case.pk)
        assert _values(shown) == _values(orm)
        assert [_values(record) for record in loaded] == [
            _values(getattr(orm, name, None)) for name in related
        ]
    assert loaded[1:] == [None, None, None, None]
    with pytest.raises(NotFoundOrNotYours):
        selectors.case_shown(outsider, full.pk)
    with pytest.raises(NotFoundOrNotYours):
        selectors.case_shown(handler, bare.pk + 1000)


def test_a_case_out_of_scope_is_a_404_and_audited_a_missing_one_a_404(client, outsider):
    case = CaseFactory()
    client.force_login(outsider)

    assert client.get(reverse("cases:detail", kwargs={"pk": case.pk})).status_code == 404
    assert client.get(reverse("cases:detail", kwargs={"pk": case.pk + 1000})).status_code == 404

    probes = AuditEvent.objects.filter(action=AuditAction.OUT_OF_SCOPE)
    assert [(event.actor, event.object_id) for event in probes] == [(outsider, str(case.pk))]


def test_the_case_page_shows_the_related_rows_read_with_the_case(client, handler):
    case = CaseFactory(assigned_to=handler, country=Country.objects.order_by("code").first())
    PublicReport.objects.create(
        case=case, receipt_prefix="ABC124", receipt_hash="e" * 64, anonymous=False, contact="<i>"
    )
    client.force_login(handler)

    page = client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()

    assert f"{case.country.name_id}</dd>" in page
    assert "Kota Serang</dd>" in page
    assert f"{handler.get_full_name()}</dd>" in page
    assert "&lt;i&gt;</dd>" in page
    assert "UPT BP2MI Serang" in page


# The people and agencies as the case page's loops and its include of the other cases that name
# the same recruiter or agency wrote them before case_parties.
_REPEAT = """<br><span class="badge text-bg-warning" data-testid="repeat">{% blocktranslate count count=repeat.count trimmed %}also in {{ count }} other case{% plural %}also in {{ count }} other cases{% endblocktranslate %}</span>
<span class="small">{% for pk, reference in repeat.cases %}<a href="{% url 'cases:detail' pk %}">{{ reference }}</a>{% if not forloop.last %}, {% endif %}{% endfor %}{% if repeat.more %} {% blocktranslate count more=repeat.more trimmed %}and {{ more }} more{% plural %}and {{ more }} more{% endblocktranslate %}{% endif %}</span>
"""  # noqa: E501
_PARTIES_LOOP = Template(
    "{% load i18n %}"
    """{% for party, repeat in parties %}<li>{{ party.get_role_display }}: {{ party.person.full_name }}{% if party.note %} ({{ party.note }}){% endif %}{% if repeat %}"""  # noqa: E501
    + _REPEAT
    + """{% endif %}</li>{% endfor %}
      {% for involved, repeat in agencies %}<li>{% translate "Agency" %}: {{ involved.agency }} ({{ involved.agency.get_status_display }}){% if repeat %}"""  # noqa: E501
    + _REPEAT
    + "{% endif %}</li>{% endfor %}"
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_people_and_agencies_are_written_as_the_template_loops_wrote_them(language):
    hostile = "<script>alert('x')</script> & \"Pak De\""
    parties = [
        CaseParty(role=role, note=note, person=PersonFactory.build(full_name=name))
        for role, note, name in [
            ("recruiter", "", hostile),
            ("victim", "<b>korban</b>", "Siti"),
            ("witness", "", "Budi"),
            ("unknown-role", "x", "Adi"),
        ]
    ]
    agencies = [
        CaseAgency(agency=AgencyFactory.build(name=name, status=status))
        for name, status in [("PT <b>Sinar</b>", "revoked"), ("PT Jaya", "active")]
    ]
    repeats = [
        selectors.Recurrence(cases=[(7, "KSS-2026-000007")], count=1),
        selectors.Recurrence(cases=[(8, "KSS<&>"), (9, "KSS-2026-000009")], count=2),
        selectors.Recurrence(cases=[(pk, f"KSS-2026-{pk:06d}") for pk in range(10)], count=11),
        selectors.Recurrence(cases=[(pk, f"KSS-2026-{pk:06d}") for pk in range(10)], count=25),
    ]
    with translation.override(language):
        for chosen in ([None] * 4, repeats, [repeats[3], None, repeats[0], repeats[2]]):
            context = {
                "parties": list(zip(parties, chosen, strict=True)),
                "agencies": list(zip(agencies, chosen[1:3], strict=True)),
            }
            assert case_parties(**context) == _PARTIES_LOOP.render(Context(context))
        assert case_parties([], []) == _PARTIES_LOOP.render(
            Context({"parties": [], "agencies": []})
        )
    assert "&lt;script&gt;" in case_parties(context["parties"], [])


# The case page's heading and its column of acts as the template wrote them before case_heading
# and case_acts.
_HEADING_AND_ACTS = Template(
    "{% load i18n crispy_forms_tags %}"
    + """<h1 class="h3 mb-0" data-testid="case-reference">{{ case.reference }} <span class="badge text-bg-secondary">{{ case.get_state_display }}</span>{% if case.is_overdue and not case.is_finished %} <span class="badge text-bg-danger">{% translate "overdue" %}</span>{% endif %}</h1>
<p class="text-muted">{{ case.get_case_type_display }} · {{ case.get_source_display }} · {{ case.office }}{% if case.due_at and not case.is_finished %} · {% blocktranslate with date=case.due_at|date:"j M Y H:i" %}due {{ date }}{% endblocktranslate %}{% endif %}</p>
"""  # noqa: E501
    + """    {% if transition_form %}<section class="card mb-3" aria-labelledby="move-heading"><div class="card-body">
      <h2 class="h5" id="move-heading">{% translate "Move the case" %}</h2>
      <form method="post" action="{% url 'cases:transition' case.pk %}">{% csrf_token %}{{ transition_form }}<button class="btn btn-primary" type="submit">{% translate "Move" %}</button></form>
    </div></section>{% endif %}
    {% if assign_form %}<section class="card mb-3"><div class="card-body">
      <form method="post" action="{% url 'cases:assign' case.pk %}">{% csrf_token %}{{ assign_form|crispy }}<button class="btn btn-outline-primary" type="submit">{% translate "Assign" %}</button></form>
    </div></section>{% endif %}
    {% if note_form %}<section class="card mb-3"><div class="card-body">
      <form method="post" action="{% url 'cases:note' case.pk %}">{% csrf_token %}{{ note_form }}<button class="btn btn-outline-primary" type="submit">{% translate "Add the note" %}</button></form>
    </div></section>{% endif %}
    {% if referral_form %}<section class="card mb-3"><div class="card-body"><details><summary class="h6">{% translate "Refer to an institution" %}</summary>
      <form method="post" action="{% url 'cases:referral' case.pk %}">{% csrf_token %}{{ referral_form }}<button class="btn btn-outline-primary" type="submit">{% translate "Record the referral" %}</button></form>
    </details></div></section>{% endif %}
    {% if legal_form %}<section class="card mb-3"><div class="card-body"><details><summary class="h6">{% translate "Law enforcement" %}</summary>
      <form method="post" action="{% url 'cases:legal_step' case.pk %}">{% csrf_token %}{{ legal_form }}<button class="btn btn-outline-primary" type="submit">{% translate "Record the step" %}</button></form>
    </details></div></section>{% endif %}
    {% if document_form %}<section class="card mb-3"><div class="card-body"><details><summary class="h6">{% translate "Add evidence" %}</summary>
      <form method="post" action="{% url 'cases:document' case.pk %}" enctype="multipart/form-data">{% csrf_token %}{{ document_form }}<button class="btn btn-outline-primary" type="submit">{% translate "Upload" %}</button></form>
    </details></div></section>{% endif %}
    {% if transfer_form %}<section class="card mb-3"><div class="card-body"><details><summary class="h6">{% translate "Transfer to another office" %}</summary>
      <form method="post" action="{% url 'cases:transfer' case.pk %}">{% csrf_token %}{{ transfer_form|crispy }}<button class="btn btn-outline-danger" type="submit">{% translate "Transfer" %}</button></form>
    </details></div></section>{% endif %}"""  # noqa: E501
)
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _token(html: str) -> str:
    """`html` with its CSRF inputs' tokens (a placeholder until the response is sent) alike."""
    return _CSRF_INPUT.sub('name="csrfmiddlewaretoken" value="…"', html)


_WRITTEN = Template("{% load case_page %}{% case_heading case %}\n    {% case_acts case %}")


def _context_of(page) -> dict:
    """All that the page's templates were given, as one dict."""
    context = {}
    for each in page.context:
        context |= each.flatten()
    return context


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_heading_and_the_acts_are_written_as_the_template_wrote_them(
    client, handler, head, administrator, settings, language
):
    now = timezone.now()
    cases = [
        CaseFactory(reference="KSS-2026-<1>", due_at=now - datetime.timedelta(hours=3)),
        CaseFactory(
            state="verified", due_at=datetime.datetime(2026, 1, 31, 17, 30, tzinfo=datetime.UTC)
        ),
        CaseFactory(state="closed", due_at=now - datetime.timedelta(days=2)),
        CaseFactory(state="referred", due_at=None, case_type="trafficking", source="police"),
    ]
    analyst = UserFactory(username="analis.pusat", role=Role.NATIONAL_ANALYST, office=office("hq"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    written = set()
    for reader in (handler, head, administrator, analyst):
        client.force_login(reader)
        for case in cases:
            page = client.get(reverse("cases:detail", kwargs={"pk": case.pk}))
            context = _context_of(page)
            with translation.override(language):
                html = _WRITTEN.render(Context(context))
                assert html == _HEADING_AND_ACTS.render(Context(context))
            heading, acts = html.split("</p>\n", 1)
            assert f"{heading}</p>" in page.content.decode()
            assert _token(acts) in _token(page.content.decode())
            written.add(acts.count("<form"))
    assert len(written) >= 3  # readers who may do more, fewer or no acts


# What happened and the case's facts as the template wrote them before case_facts.
_FACTS = Template(
    "{% load i18n %}"
    + """<p data-testid="case-description">{{ case.description|linebreaksbr }}</p>
      <dl class="row mb-0 small">
        <dt class="col-sm-4">{% translate "Regency or city" %}</dt><dd class="col-sm-8">{{ case.regency|default:"—" }}</dd>
        <dt class="col-sm-4">{% translate "Country abroad" %}</dt><dd class="col-sm-8">{{ case.country|default:"—" }}</dd>
        <dt class="col-sm-4">{% translate "Handler" %}</dt><dd class="col-sm-8">{% if case.assigned_to %}{{ case.assigned_to.get_full_name|default:case.assigned_to.username }}{% else %}{% translate "not assigned" %}{% endif %}</dd>
        {% if case.arrival %}<dt class="col-sm-4">{% translate "Arrival" %}</dt><dd class="col-sm-8"><a href="{% url 'returns:arrival' case.arrival.pk %}">{{ case.arrival }}</a></dd>{% endif %}
        {% if case.merged_into %}<dt class="col-sm-4">{% translate "Duplicate of" %}</dt><dd class="col-sm-8"><a href="{% url 'cases:detail' case.merged_into.pk %}">{{ case.merged_into }}</a></dd>{% endif %}
        {% if case.outcome %}<dt class="col-sm-4">{% translate "Outcome" %}</dt><dd class="col-sm-8">{{ case.outcome|linebreaksbr }}</dd>{% endif %}
        {% if public_report %}<dt class="col-sm-4">{% translate "Reporter" %}</dt><dd class="col-sm-8">{% if public_report.anonymous %}{% translate "anonymous" %}{% else %}{{ public_report.contact }}{% endif %}</dd>{% endif %}
      </dl>"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_facts_are_written_as_the_template_wrote_them(client, handler, settings, language):
    hostile = "<b>Korban</b> & 'ibu'\r\ndipulangkan\rlagi\nselesai"
    nameless = UserFactory(username="<tanpa.nama>", first_name="", last_name="")
    first = CaseFactory(description=hostile, assigned_to=handler)
    cases = [
        first,
        CaseFactory(
            regency_id=None,
            country=Country.objects.order_by("code").first(),
            assigned_to=nameless,
            outcome=hostile,
            state="merged",
            merged_into=first,
            arrival=ArrivalFactory(),
        ),
        CaseFactory(description="satu baris"),
    ]
    PublicReport.objects.create(
        case=cases[0], receipt_prefix="ABC123", receipt_hash="f" * 64, anonymous=True
    )
    PublicReport.objects.create(
        case=cases[2], receipt_prefix="ABD123", receipt_hash="e" * 64, anonymous=False,
        contact="<i>0812</i> & co",
    )  # fmt: skip
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(handler)
    for case in cases:
        page = client.get(reverse("cases:detail", kwargs={"pk": case.pk}))
        with translation.override(language):
            expected = _FACTS.render(Context(_context_of(page)))

        assert f"{expected}\n    </div></section>" in page.content.decode()
    assert "<b>Korban" not in page.content.decode()


# The case page's content as the template wrote it before case_page.
_CONTENT = Template(
    "{% load i18n crispy_forms_tags case_page case_timeline %}"
    + """{% case_heading case %}
<div class="row g-3">
  <div class="col-lg-7">
    <section class="card mb-3" aria-labelledby="facts-heading"><div class="card-body">
      <h2 class="h5" id="facts-heading">{% translate "What happened" %}</h2>
      {% case_facts case public_report %}
    </div></section>
    <section class="card mb-3" aria-labelledby="parties-heading"><div class="card-body">
      <h2 class="h5" id="parties-heading">{% translate "People and agencies" %}</h2>
      <ul class="mb-2" data-testid="parties">{% case_parties parties agencies %}</ul>
      {% if party_form %}<details><summary>{% translate "Add a person" %}</summary>
      <form method="post" action="{% url 'cases:party' case.pk %}" class="mt-2">{% csrf_token %}{{ party_form }}<button class="btn btn-sm btn-outline-primary" type="submit">{% translate "Add" %}</button></form></details>{% endif %}
    </div></section>
    <section class="card mb-3" aria-labelledby="timeline-heading"><div class="card-body">
      <h2 class="h5" id="timeline-heading">{% translate "Timeline" %}</h2>
      {% if timeline_earlier %}<p class="small"><a href="?timeline=all#timeline-heading" data-testid="timeline-earlier">{% blocktranslate count count=timeline_earlier trimmed %}Show the {{ count }} earlier entry{% plural %}Show the {{ count }} earlier entries{% endblocktranslate %}</a></p>{% endif %}
      <ol class="list-unstyled mb-0" data-testid="timeline">
      {% timeline_entries timeline answer_form %}
      </ol>
    </div></section>
  </div>
  <div class="col-lg-5">
    {% case_acts case %}
  </div>
</div>"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_case_pages_content_is_written_as_the_template_wrote_it(
    client, handler, head, long_case, settings, language
):
    one_earlier = CaseFactory(reference="KSS-2026-<2>")
    for number in range(TIMELINE_SHOWN + 1):
        CaseNote.objects.create(case=one_earlier, text=f"<b>{number}</b>", author=handler)
    cases = [long_case, one_earlier, CaseFactory(state="closed"), CaseFactory()]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    seen = set()
    for reader in (handler, head):
        client.force_login(reader)
        for case in cases:
            for query in ({}, {"timeline": "all"}):
                page = client.get(reverse("cases:detail", kwargs={"pk": case.pk}), query)
                context = _context_of(page)
                with translation.override(language):
                    expected = _CONTENT.render(Context(context))
                content = page.content.decode()
                assert _token(f"\n{expected}\n") in _token(content)
                seen.add((bool(context["party_form"]), context["timeline_earlier"]))
    assert {(True, EARLIER), (True, 1), (True, 0), (False, 0)} <= seen
