"""Opening cases (at the counter, from the airport), giving them to handlers, transferring
them, referrals, evidence, and who sees what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, CaseAgency, CaseParty, State
from cases.selectors import cases_for
from pmi_portal.access.roles import Role
from pmi_portal.people.services import person_merge
from tests.cases.factories import CaseDocumentFactory, CaseFactory
from tests.documents.samples import pdf
from tests.factories import AgencyFactory, PersonFactory, PlacementFactory, UserFactory, office
from tests.returns.factories import ArrivalFactory, InterceptionFactory


def _codes(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [e.code for errors in error.error_dict.values() for e in errors]
    return [e.code for e in error.error_list]


@pytest.mark.django_db
def test_a_walk_in_complaint_is_routed_to_the_office_of_its_regency_with_its_people(client):
    counter = UserFactory(role=Role.COUNTER_OFFICER)
    agency = AgencyFactory()
    client.force_login(counter)

    response = client.post(
        reverse("cases:new"),
        {
            "case_type": "overcharging",
            "source": "counter",
            "description": "Dimintai biaya penempatan Rp 25 juta.",
            "regency": "6101",
            "agency": agency.pk,
            "victim_name": "Siti Aminah",
            "victim_phone": "081234567890",
            "recruiter_name": "Pak Rudi",
        },
    )

    case = Case.objects.get()
    assert response.status_code == 302
    assert case.reference == f"KSS-{timezone.localdate().year}-{case.pk:06d}"
    assert case.office.code == "upt-pontianak"
    assert sorted(CaseParty.objects.values_list("role", "person__full_name")) == [
        ("recruiter", "Pak Rudi"),
        ("victim", "Siti Aminah"),
    ]
    assert CaseAgency.objects.get().agency == agency


@pytest.mark.django_db
def test_a_victim_known_by_nik_is_linked_to_their_one_record(handler):
    person = PersonFactory()

    case = services.case_open(
        actor=handler,
        fields={"case_type": "abuse", "source": "family", "description": "Dipukul majikan"},
        victim={"nik": person.nik, "full_name": "nama lain"},
    )

    assert case.parties.get().person == person


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("troubles", "placement", "expected"),
    [
        (["trafficking", "abuse"], True, "trafficking"),
        (["deported"], False, "non_procedural"),
        (["abuse"], True, "abuse"),
        (["unpaid_wages"], True, "unpaid_wages"),
        (["sick"], True, "other"),
    ],
)
def test_a_troubled_arrival_opens_a_case_of_the_type_its_facts_say(
    airport, troubles, placement, expected
):
    person = PersonFactory()
    if placement:
        PlacementFactory(worker=person)
    arrival = ArrivalFactory(
        person=person, category="troubled", troubles=troubles, no_placement_on_record=not placement
    )

    case = services.case_open_from_arrival(actor=airport, arrival=arrival)

    assert case.case_type == expected
    assert (case.source, case.arrival, case.office, case.country_id) == (
        "troubled_return",
        arrival,
        arrival.office,
        "MY",
    )
    assert case.parties.get().person == person
    assert "GA821" in case.description


@pytest.mark.django_db
def test_an_arrival_opens_one_case_and_only_if_troubled(airport):
    troubled = ArrivalFactory(category="troubled", troubles=["abuse"])
    services.case_open_from_arrival(actor=airport, arrival=troubled)

    refusals = []
    for arrival in (troubled, ArrivalFactory()):
        with pytest.raises(ValidationError) as refused:
            services.case_open_from_arrival(actor=airport, arrival=arrival)
        refusals.append(_codes(refused.value))

    assert refusals == [["already_open"], ["not_troubled"]]


@pytest.mark.django_db
def test_an_interception_opens_a_non_procedural_case_with_its_agency(airport):
    agency = AgencyFactory()
    interception = InterceptionFactory(agency=agency, recruiter="Bu Yanti")

    case = services.case_open_from_interception(actor=airport, interception=interception)

    assert (case.case_type, case.source, case.interception) == (
        "non_procedural",
        "interception",
        interception,
    )
    assert "Bu Yanti" in case.description
    assert case.agencies.get().agency == agency


@pytest.mark.django_db
def test_an_arrival_out_of_scope_opens_nothing(outsider):
    arrival = ArrivalFactory(category="troubled", troubles=["abuse"])

    with pytest.raises(LookupError):
        services.case_open_from_arrival(actor=outsider, arrival=arrival)


@pytest.mark.django_db
def test_the_arrival_page_button_opens_the_case_and_shows_it(client, airport):
    arrival = ArrivalFactory(category="troubled", troubles=["trafficking"])
    client.force_login(airport)

    page = client.get(reverse("returns:arrival", kwargs={"pk": arrival.pk}))
    response = client.post(reverse("cases:open_from_arrival", kwargs={"pk": arrival.pk}))

    assert reverse("cases:open_from_arrival", kwargs={"pk": arrival.pk}) in page.content.decode()
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:detail", kwargs={"pk": case.pk})


@pytest.mark.django_db
def test_the_head_assigns_a_handler_of_the_office_only(head, handler, outsider):
    case = CaseFactory()

    with pytest.raises(ValidationError) as refused:
        services.case_assign(
            actor=head, case=case, assignee=outsider, expected_version=case.version
        )
    assigned = services.case_assign(
        actor=head, case=case, assignee=handler, expected_version=case.version
    )

    assert _codes(refused.value) == ["not_a_handler_of_office"]
    assert assigned.assigned_to == handler
    assert assigned.version == case.version + 1
    assert list(cases_for(handler, "mine")) == [assigned]


@pytest.mark.django_db
def test_a_handler_may_not_assign_and_a_stale_assignment_is_refused(head, handler):
    case = CaseFactory()
    with pytest.raises(PermissionDenied):
        services.case_assign(
            actor=handler, case=case, assignee=handler, expected_version=case.version
        )
    services.case_transition(
        actor=handler, case=case, to_state=State.VERIFIED, expected_version=case.version
    )

    with pytest.raises(ValidationError) as refused:
        services.case_assign(actor=head, case=case, assignee=handler, expected_version=1)

    assert _codes(refused.value) == ["stale"]


@pytest.mark.django_db
def test_a_case_given_to_a_handler_is_in_their_scope_wherever_it_lies(outsider):
    elsewhere = CaseFactory(assigned_to=outsider)
    not_theirs = CaseFactory()

    visible = set(Case.objects.restrict(outsider))

    assert visible == {elsewhere}
    assert not_theirs not in visible


@pytest.mark.django_db
def test_headquarters_transfers_a_case_with_a_reason_and_no_one_else_may(
    administrator, head, handler
):
    case = CaseFactory(assigned_to=handler)
    with pytest.raises(PermissionDenied):
        services.case_transfer(
            actor=head,
            case=case,
            office=office("upt-pontianak"),
            reason="lokasi",
            expected_version=case.version,
        )
    with pytest.raises(ValidationError) as refused:
        services.case_transfer(
            actor=administrator,
            case=case,
            office=office("upt-pontianak"),
            reason=" ",
            expected_version=case.version,
        )

    moved = services.case_transfer(
        actor=administrator,
        case=case,
        office=office("upt-pontianak"),
        reason="Korban kini tinggal di Sambas",
        expected_version=case.version,
    )

    assert _codes(refused.value) == ["required"]
    assert (moved.office.code, moved.assigned_to) == ("upt-pontianak", None)
    assert moved.history.get().kind == "transfer"


@pytest.mark.django_db
def test_referral_refused_before_verification_then_recorded_and_answered(handler):
    case = CaseFactory()
    today = timezone.localdate()
    with pytest.raises(ValidationError) as early:
        services.referral_add(
            actor=handler,
            case=case,
            institution="police",
            institution_name="Polda Kalbar",
            sent_on=today,
        )
    case.state = State.UNDER_INVESTIGATION
    case.save()
    referral = services.referral_add(
        actor=handler, case=case, institution="police", institution_name="Polda", sent_on=today
    )
    with pytest.raises(ValidationError) as backdated:
        services.referral_answer(
            actor=handler,
            referral=referral,
            answer="LP diterima",
            answered_on=today - datetime.timedelta(days=1),
        )

    answered = services.referral_answer(
        actor=handler, referral=referral, answer="LP diterima", answered_on=today
    )

    assert _codes(early.value) == ["not_referable"]
    assert _codes(backdated.value) == ["before_sent"]
    assert answered.answered_on == today


@pytest.mark.django_db
def test_a_verdict_step_needs_its_verdict(handler):
    case = CaseFactory(state=State.REFERRED)
    with pytest.raises(ValidationError) as refused:
        services.legal_step_add(
            actor=handler, case=case, kind="verdict", happened_on=timezone.localdate()
        )

    step = services.legal_step_add(
        actor=handler,
        case=case,
        kind="verdict",
        happened_on=timezone.localdate(),
        verdict="convicted",
    )

    assert _codes(refused.value) == ["verdict_required"]
    assert step.verdict == "convicted"


@pytest.mark.django_db
def test_evidence_is_served_to_the_office_and_not_to_another(client, handler, outsider):
    case = CaseFactory()
    document = services.case_document_add(
        actor=handler, case=case, kind="evidence", uploaded=SimpleUploadedFile("bukti.pdf", pdf())
    )
    url = reverse("cases:document_download", kwargs={"pk": document.pk})

    client.force_login(handler)
    own = client.get(url)
    client.force_login(outsider)
    other = client.get(url)

    assert own.status_code == 200
    assert own["Content-Disposition"].startswith("attachment")
    assert other.status_code == 404


@pytest.mark.django_db
def test_another_office_can_neither_see_nor_change_a_case(client, outsider):
    case = CaseFactory()
    CaseDocumentFactory(case=case)
    client.force_login(outsider)

    assert client.get(reverse("cases:detail", kwargs={"pk": case.pk})).status_code == 404
    assert (
        client.post(
            reverse("cases:transition", kwargs={"pk": case.pk}),
            {"to_state": "rejected", "reason": "x", "version": case.version},
        ).status_code
        == 404
    )
    with pytest.raises(LookupError):
        services.case_note_add(actor=outsider, case=case, text="bukan urusan saya")
    case.refresh_from_db()
    assert case.state == State.REPORTED


@pytest.mark.django_db
def test_the_handlers_lists_mine_office_and_overdue(client, handler):
    mine = CaseFactory(assigned_to=handler, reference="KSS-2026-100001")
    late = CaseFactory(
        reference="KSS-2026-100002", due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(handler)

    def listed(**query):
        response = client.get(reverse("cases:list"), query)
        return {case.reference for case in response.context["cases"]}

    assert listed() == {mine.reference}
    assert listed(view="office") == {mine.reference, late.reference}
    assert listed(view="overdue") == {late.reference}
    assert listed(view="office", type="trafficking") == set()


@pytest.mark.django_db
def test_the_case_page_shows_its_timeline_in_order(client, handler):
    case = CaseFactory()
    services.case_note_add(actor=handler, case=case, text="Menghubungi keluarga")
    services.case_transition(
        actor=handler, case=case, to_state=State.VERIFIED, expected_version=case.version
    )
    client.force_login(handler)

    response = client.get(reverse("cases:detail", kwargs={"pk": case.pk}))

    assert response.status_code == 200
    assert [entry.kind for entry in response.context["timeline"]] == ["note", "state"]
    assert "<strong>terverifikasi</strong>" in response.content.decode()


@pytest.mark.django_db
def test_a_stale_move_from_the_page_is_refused_with_a_message(client, handler, head):
    case = CaseFactory()
    services.case_transition(
        actor=head, case=case, to_state=State.VERIFIED, expected_version=case.version
    )
    client.force_login(handler)

    response = client.post(
        reverse("cases:transition", kwargs={"pk": case.pk}),
        {"to_state": "rejected", "reason": "tidak berdasar", "version": 1},
        follow=True,
    )

    case.refresh_from_db()
    assert case.state == State.VERIFIED
    assert len(list(response.context["messages"])) == 1


@pytest.mark.django_db
def test_merging_two_records_of_one_victim_of_the_same_case_keeps_both_rows(head, handler):
    keep, merge = PersonFactory(), PersonFactory()
    case = CaseFactory()
    for person in (keep, merge):
        services.case_party_add(
            actor=handler, case=case, role="victim", person_fields={"nik": person.nik}
        )

    person_merge(actor=head, keep=keep, merge=merge, note="KTP sama, nama salah ketik")

    assert set(case.parties.values_list("person", flat=True)) == {keep.pk}


@pytest.mark.django_db
def test_the_case_list_comes_in_pages_of_fifty(client, handler):
    for number in range(60):
        CaseFactory(reference=f"KSS-2026-{500000 + number:06d}")
    client.force_login(handler)

    first = client.get("/cases/", {"view": "all"}).content.decode()
    second = client.get("/cases/", {"view": "all", "page": 2}).content.decode()

    assert first.count("KSS-2026-5000") == 50
    assert second.count("KSS-2026-5000") == 10
    assert "Halaman 2 dari 2" in second
    assert "view=all&amp;page=2" in first


@pytest.mark.django_db
def test_the_public_form_keeps_the_chosen_regency_and_country_when_it_refuses(client):
    page = client.post(
        "/lapor/",
        {"case_type": "trafficking", "description": "", "regency": "6171", "country": "MY"},
    ).content.decode()

    assert '<option value="6171" selected>' in page
    assert '<option value="MY" selected>' in page
    assert page.count("<option") > 700  # every regency and country
