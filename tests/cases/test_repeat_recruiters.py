"""A recruiter (calo) or agency named in several cases is shown on each of them, within the
reader's scope only: another office's cases are neither named nor counted."""

import re

import pytest
from django.urls import reverse

from cases import selectors
from cases.models import Case, CaseAgency, CaseParty
from pmi_portal.access.roles import Role
from tests.cases.factories import CaseFactory
from tests.factories import AgencyFactory, PersonFactory, UserFactory, office

pytestmark = pytest.mark.django_db


def _serang_case(**kwargs):
    return CaseFactory(**kwargs)


def _pontianak_case(**kwargs):
    return CaseFactory(office=office("upt-pontianak"), regency_id="6171", **kwargs)


def _with_recruiter(case, person, role="recruiter"):
    CaseParty.objects.create(case=case, person=person, role=role)
    return case


def _repeats(client, case) -> list[str]:
    page = client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    return re.findall(r'data-testid="repeat">([^<]*)<', page)


@pytest.fixture
def calo():
    return PersonFactory(nik=None, full_name="Darto alias Pak De", phone="+6281256780011")


@pytest.fixture
def spread(calo):
    """The same calo in two Serang cases, one Pontianak case, and as a witness elsewhere."""
    here = _with_recruiter(_serang_case(reference="KSS-2026-100001"), calo)
    again = _with_recruiter(_serang_case(reference="KSS-2026-100002"), calo)
    far = _with_recruiter(_pontianak_case(reference="KSS-2026-100003"), calo)
    _with_recruiter(_serang_case(reference="KSS-2026-100004"), calo, role="witness")
    return here, again, far


def test_a_recruiter_in_another_case_of_the_office_is_shown_with_its_reference(
    client, handler, spread
):
    here, again, _far = spread
    client.force_login(handler)

    page = client.get(reverse("cases:detail", kwargs={"pk": here.pk})).content.decode()

    assert _repeats(client, here) == ["juga ada di 1 kasus lain"]
    assert reverse("cases:detail", kwargs={"pk": again.pk}) in page
    assert "KSS-2026-100002" in page
    # Another office's case is neither named nor counted; a witness role is no repeat.
    assert "KSS-2026-100003" not in page
    assert "KSS-2026-100004" not in page


def test_the_other_office_sees_only_its_own_case_of_the_same_recruiter(client, outsider, spread):
    far = spread[2]
    client.force_login(outsider)

    page = client.get(reverse("cases:detail", kwargs={"pk": far.pk})).content.decode()

    assert _repeats(client, far) == []
    assert "KSS-2026-10000" not in page.replace("KSS-2026-100003", "")


def test_a_national_analyst_sees_every_case_of_the_recruiter(client, spread):
    here = spread[0]
    analyst = UserFactory(username="analis.pusat", role=Role.NATIONAL_ANALYST, office=office("hq"))
    client.force_login(analyst)

    page = client.get(reverse("cases:detail", kwargs={"pk": here.pk})).content.decode()

    assert _repeats(client, here) == ["juga ada di 2 kasus lain"]
    assert "KSS-2026-100002" in page and "KSS-2026-100003" in page


def test_an_agency_in_several_cases_is_shown_and_a_merged_duplicate_is_not_counted(client, handler):
    agency = AgencyFactory(name="PT Sinar Jaya Abadi")
    cases = [_serang_case() for _ in range(3)]
    duplicate = _serang_case(state="merged", merged_into=cases[1])
    for case in [*cases, duplicate]:
        CaseAgency.objects.create(case=case, agency=agency)
    CaseAgency.objects.create(case=_pontianak_case(), agency=agency)
    client.force_login(handler)

    assert _repeats(client, cases[0]) == ["juga ada di 2 kasus lain"]


def test_only_the_newest_cases_are_named_and_the_rest_counted(client, handler, calo):
    here = _with_recruiter(_serang_case(), calo)
    for _ in range(12):
        _with_recruiter(_serang_case(), calo)
    client.force_login(handler)

    page = client.get(reverse("cases:detail", kwargs={"pk": here.pk})).content.decode()

    assert _repeats(client, here) == ["juga ada di 12 kasus lain"]
    assert "dan 2 lainnya" in page


def test_a_case_where_the_recruiter_is_only_a_witness_beside_another_recruiter_is_not_counted(
    handler, calo
):
    here = _with_recruiter(_serang_case(), calo)
    beside = _with_recruiter(_with_recruiter(_serang_case(), calo, role="witness"), PersonFactory())
    twice = _with_recruiter(_with_recruiter(_serang_case(), calo), calo)  # records not yet merged

    recruiters, agencies = selectors.repeat_recruiters_and_agencies(
        here, handler, recruiters={calo.pk}, agencies=set()
    )

    assert list(recruiters) == [calo.pk] and agencies == {}
    assert recruiters[calo.pk].count == 1
    assert recruiters[calo.pk].cases == [(twice.pk, twice.reference)]
    assert beside.pk not in {pk for pk, _reference in recruiters[calo.pk].cases}


def test_each_reader_gets_the_cases_of_their_own_scope_one_after_another(handler, outsider, calo):
    """The scope's condition is compiled once per scope and kept: each reader, read in turn,
    gets what the ORM's scoped query gives them; a case given to a handler counts for them."""
    agency = AgencyFactory()
    here = _with_recruiter(_serang_case(), calo)
    for case in (
        _with_recruiter(_serang_case(), calo),
        _with_recruiter(_pontianak_case(), calo),
        _with_recruiter(_pontianak_case(assigned_to=handler), calo),
        _with_recruiter(_serang_case(state="merged"), calo),
        here,
    ):
        CaseAgency.objects.create(case=case, agency=agency)
    analyst = UserFactory(username="analis.pusat", role=Role.NATIONAL_ANALYST, office=office("hq"))
    nobody = UserFactory(username="tanpa.peran", role="")

    for reader in (handler, outsider, analyst, nobody, handler, outsider, analyst):
        expected = [
            (case.pk, case.reference)
            for case in Case.objects.restrict(reader)
            .exclude(pk=here.pk)
            .exclude(state="merged")
            .filter(parties__person=calo, parties__role="recruiter")
            .order_by("-created_at", "-pk")
        ]
        recruiters, agencies = selectors.repeat_recruiters_and_agencies(
            here, reader, recruiters={calo.pk}, agencies={agency.pk}
        )
        found = recruiters.get(calo.pk)
        assert (found.cases if found else []) == expected
        assert (agencies[agency.pk].cases if agencies else []) == expected
    assert len(expected) == 3  # the analyst's: all but the merged one
