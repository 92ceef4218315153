"""The person pages (duplicates, merges) and how each proves its office scoping."""

from pmi_portal.people.models import PersonMerge, PossibleDuplicate
from tests.access.scope_cases import ScopeCase
from tests.factories import PersonFactory, UserFactory


def _duplicate_in_serang():
    return PossibleDuplicate.objects.create(
        worker=PersonFactory(full_name="Penanda Ganda"),
        similar_to=PersonFactory(full_name="Penanda Ganda"),
        reason="name_and_birth_date",
    )


def _merge_in_serang():
    return PersonMerge.objects.create(
        kept=PersonFactory(full_name="Penanda Gabung"),
        merged=PersonFactory(full_name="Penanda Gabung Lama"),
        note="KTP dan KK diperiksa",
        merged_by=UserFactory(),
    )


def _pk(record) -> dict:
    return {"pk": record.pk}


SCOPE_CASES = [
    ScopeCase(
        "people:duplicates",
        "list",
        _duplicate_in_serang,
        lambda flag: flag.worker.full_name,
    ),
    ScopeCase(
        "people:duplicate_resolve",
        "detail",
        _duplicate_in_serang,
        kwargs=_pk,
        method="post",
        data=lambda flag: {"resolution": "different"},
        national_may=False,
    ),
    ScopeCase(
        "people:duplicate_merge",
        "detail",
        _duplicate_in_serang,
        kwargs=_pk,
        method="post",
        data=lambda flag: {"keep": flag.worker_id, "note": "uji"},
        national_may=False,
    ),
    ScopeCase("people:merges", "list", _merge_in_serang, lambda merge: merge.kept.full_name),
    ScopeCase(
        "people:merge_undo",
        "detail",
        _merge_in_serang,
        kwargs=_pk,
        method="post",
        data=lambda merge: {"reason": "uji"},
        national_may=False,
    ),
]
