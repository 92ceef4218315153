"""Each row of the cases list: its type, source and state in the reader's language, a page of
fifty read in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cases import selectors
from cases.models import CaseType, State
from cases.templatetags.case_rows import VIEW_LABELS, case_rows, choice_options
from pmi_portal.access.roles import Role
from pmi_portal.offices.models import Office, Regency
from tests.cases.factories import CaseFactory
from tests.factories import UserFactory, office

pytestmark = pytest.mark.django_db


def test_each_row_names_type_source_and_state_in_the_readers_language(client, handler, settings):
    CaseFactory(case_type="trafficking", source="police", state="under_investigation")
    client.force_login(handler)

    indonesian = client.get(reverse("cases:list"), {"view": "all"}).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("cases:list"), {"view": "all"}).content.decode()

    for label in ("tindak pidana perdagangan orang (TPPO)", "kepolisian", "dalam penyelidikan"):
        assert f">{label}<" in indonesian
    for label in ("trafficking in persons (TPPO)", "police", "under investigation"):
        assert f">{label}<" in english


def test_a_page_of_fifty_cases_is_read_in_a_fixed_number_of_queries(
    client, handler, django_assert_max_num_queries
):
    for _ in range(55):
        CaseFactory(assigned_to=handler)
    client.force_login(handler)
    client.get(reverse("cases:list"))

    with django_assert_max_num_queries(12):
        page = client.get(reverse("cases:list"), {"view": "all"})

    assert len(page.context["cases"]) == 50


def test_the_list_counts_its_pages_without_joining_offices_or_regencies(client, handler):
    for _ in range(55):
        CaseFactory(assigned_to=handler)
    client.force_login(handler)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("cases:list"), {"view": "all"})

    counted = 'SELECT COUNT(*) AS "func1" FROM "cases_case"'  # the count kept by cases_counted
    counts = [query["sql"] for query in queries if query["sql"].startswith(counted)]
    assert len(counts) == 1
    assert "offices_office" not in counts[0]
    assert "offices_regency" not in counts[0]
    assert page.context["page_obj"].paginator.num_pages == 2
    assert "Halaman 1 dari 2" in page.content.decode()


@pytest.mark.parametrize("view", ["mine", "office", "overdue", "all"])
def test_each_page_lists_the_scoped_cases_in_order_in_two_queries_of_cases(client, handler, view):
    now = timezone.now()
    for number in range(60):
        CaseFactory(
            assigned_to=handler if number % 3 else None,
            created_at=now - datetime.timedelta(hours=number % 7),  # ties broken by the key
            due_at=now + datetime.timedelta(hours=number - 30),
        )
    elsewhere = CaseFactory(
        regency_id="6171", office=office("upt-pontianak"), due_at=now - datetime.timedelta(1)
    )
    expected = [case.pk for case in selectors.cases_for(handler, view)]
    client.force_login(handler)

    shown = []
    for number in range(1, len(expected) // 50 + 2):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("cases:list"), {"view": view, "page": number})
        shown += [case.pk for case in page.context["cases"]]
        of_cases = [query for query in queries if '"cases_case"' in query["sql"]]
        assert len(of_cases) == 2  # the count, and the page's keys with its rows

    assert shown == expected
    assert len(expected) > 0 and elsewhere.pk not in shown


def test_the_kept_list_queries_read_each_change_and_each_readers_own_cases(client, handler):
    """The lists' SQL is kept per scope, view, filters and page: the rows and counts are read
    anew, a colleague's queue is theirs, another office's cases never show."""
    colleague = UserFactory(username="kasus.serang2", role=handler.role)
    outsider = UserFactory(
        username="kasus.pontianak", role=handler.role, office=office("upt-pontianak")
    )
    mine = CaseFactory(assigned_to=handler)
    theirs = CaseFactory(assigned_to=colleague)
    pontianak = CaseFactory(regency_id="6171", office=office("upt-pontianak"))
    pages = {}

    def listed(user, **query):
        client.force_login(user)
        page = client.get(reverse("cases:list"), query)
        pages[user.username, tuple(query.items())] = page
        return [case.pk for case in page.context["cases"]]

    for _ in range(2):  # the second time from the kept SQL
        assert listed(handler, view="mine") == [mine.pk]
        assert listed(colleague, view="mine") == [theirs.pk]
        assert set(listed(handler, view="all")) == {mine.pk, theirs.pk}
        assert listed(outsider, view="all") == [pontianak.pk]
    added = CaseFactory(assigned_to=handler)
    CaseFactory(assigned_to=handler, state="closed")

    assert listed(handler, view="mine") == [mine.pk, added.pk]
    assert set(listed(handler, view="all")) == {mine.pk, theirs.pk, added.pk, added.pk + 1}
    assert pages["kasus.serang", (("view", "all"),)].context["page_obj"].paginator.count == 4
    assert listed(outsider, view="all") == [pontianak.pk]
    assert listed(handler, view="all", page=2) == listed(handler, view="all")  # the last page


def test_the_kept_list_queries_follow_the_dashboards_filters(client, handler):
    now = timezone.now()
    this_year = CaseFactory(created_at=now)
    long_ago = CaseFactory(created_at=now - datetime.timedelta(days=800))
    client.force_login(handler)
    month = f"{timezone.localdate(now):%Y-%m}"

    for _ in range(2):
        period = client.get(reverse("cases:list"), {"view": "all", "from": month, "to": month})
        everything = client.get(reverse("cases:list"), {"view": "all"})
        refused = client.get(reverse("cases:list"), {"view": "all", "from": "bad"})

        assert [case.pk for case in period.context["cases"]] == [this_year.pk]
        assert [case.pk for case in everything.context["cases"]] == [this_year.pk, long_ago.pk]
        assert refused.status_code == 400 and refused.context["cases"] == []


# The rows as the list's template loop wrote them before case_rows wrote them in one pass.
_LOOP = Template(
    """{% load i18n %}{% for case in cases %}
    <tr>
      <td><a href="{% url 'cases:detail' case.pk %}">{{ case.reference }}</a><br><span class="small text-muted">{{ case.description|truncatechars:80 }}</span></td>
      <td>{{ case.get_case_type_display }}<br><span class="small">{{ case.get_source_display }}</span></td>
      <td>{{ case.get_state_display }}</td>
      <td>{{ case.office }}{% if case.regency %}<br><span class="small">{{ case.regency }}</span>{% endif %}</td>
      <td>{% if case.assigned_to %}{{ case.assigned_to.get_full_name|default:case.assigned_to.username }}{% else %}<span class="text-muted">{% translate "not assigned" %}</span>{% endif %}</td>
      <td>{% if case.due_at and not case.is_finished %}{{ case.due_at|date:"j M Y H:i" }}{% if case.is_overdue %} <span class="badge text-bg-danger">{% translate "overdue" %}</span>{% endif %}{% else %}—{% endif %}</td>
    </tr>
    {% empty %}
    <tr><td colspan="6" class="text-muted">{% translate "No case here." %}</td></tr>
    {% endfor %}"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_rows_are_written_as_the_template_loop_wrote_them(handler, language):
    now = timezone.now()
    named = UserFactory(username="kasus.lain", first_name="Siti <b>", last_name="Aminah")
    CaseFactory(
        description="<script>alert(1)</script> " + "Calo & sponsor " * 10,
        assigned_to=named,
        due_at=now - datetime.timedelta(hours=5),
    )
    CaseFactory(regency=None, assigned_to=handler, due_at=now + datetime.timedelta(days=40))
    CaseFactory(state="closed", due_at=now - datetime.timedelta(days=2))
    CaseFactory(assigned_to=UserFactory(username="tanpa.nama", first_name="", last_name=""))
    CaseFactory(assigned_to=UserFactory(username="satu.nama", first_name="", last_name="<Adi>"))
    CaseFactory(case_type="trafficking", source="public_report", state="referred", due_at=None)
    CaseFactory(due_at=datetime.datetime(2026, 1, 31, 17, 30, tzinfo=datetime.UTC))
    # Descriptions at and around the cut, and with combining accents (not counted as letters).
    for description in (
        "x" * 80,
        "y" * 81,
        "Pe\u0301kerja <migran> & \"agen\" 'calo' " * 4,
        "Pe\u0301kerja " * 6 + "e\u0301" * 10,
        "Tokyo 東京 " * 12,
        "singkat é",
    ):
        CaseFactory(description=description)
    # A due day in every month, in both languages' month names.
    for month in range(1, 13):
        CaseFactory(due_at=datetime.datetime(2027, month, 9, 3, 5, tzinfo=datetime.UTC))
    # Names read as values are escaped as the instances' were.
    Regency.objects.filter(code="3673").update(name="Kota <Serang> & 'x\"")
    Office.objects.filter(code="upt-serang").update(name="UPT <b>Serang</b> & 'y\"")
    listed = selectors.cases_for(handler, "all")
    cases = list(selectors.cases_listed(listed))
    # The page's rows as the list reads them (named tuples), the loop's from Case instances.
    page = selectors.cases_on_page(handler, "all", start=0, size=50)

    with translation.override(language), timezone.override("Asia/Makassar"):
        loop = _LOOP.render(Context({"cases": cases}))
        rows = case_rows(page)
        empty_loop = _LOOP.render(Context({"cases": []}))
        empty_rows = case_rows([])

    assert len(cases) == 25
    assert [row.pk for row in page] == [case.pk for case in cases]
    assert rows == loop
    assert empty_rows == empty_loop
    assert "&lt;script&gt;" in rows
    assert "Siti &lt;b&gt; Aminah" in rows
    assert "<td>tanpa.nama</td>" in rows and "<td>&lt;Adi&gt;</td>" in rows
    assert "UPT &lt;b&gt;Serang&lt;/b&gt; &amp; &#x27;y&quot;<br>" in rows


# The filter form's options as the list's template loop wrote them before choice_options.
_OPTIONS_LOOP = Template(
    """{% for code, label in choices %}<option value="{{ code }}"{% if code == chosen %} selected{% endif %}>{{ label }}</option>{% endfor %}"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_filter_options_are_written_as_the_template_loop_wrote_them(language):
    hostile = [("<script>&\"'", "<script>alert('&\"')</script>"), ("a&b", "Calo & sponsor")]
    with translation.override(language):
        for choices in (CaseType.choices, State.choices, hostile):
            for chosen in ["", "<script>&\"'", "a&b", *(value for value, _label in choices)]:
                context = Context({"choices": choices, "chosen": chosen})
                assert choice_options(choices, chosen) == _OPTIONS_LOOP.render(context)


def test_the_export_names_each_cases_office_and_regency_in_a_fixed_number_of_queries(
    client, handler, django_assert_max_num_queries
):
    for _ in range(30):
        CaseFactory(assigned_to=handler)
    CaseFactory(regency_id=None)
    client.force_login(handler)
    client.get(reverse("cases:export", args=["csv"]), {"view": "all"})

    with django_assert_max_num_queries(14):
        response = client.get(reverse("cases:export", args=["csv"]), {"view": "all"})
        lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()

    assert len(lines) == 1 + 31
    assert sum(",Kota Serang,UPT BP2MI Serang," in line for line in lines) == 30
    assert sum(",,UPT BP2MI Serang," in line for line in lines) == 1


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_kept_filter_options_are_the_fresh_ones_with_the_chosen_type_and_state(
    client, handler, settings, language
):
    client.force_login(handler)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    asked = [("trafficking", "referred"), ("", ""), ("<script>", "closed"), ("other", "<b>")]

    for case_type, state in asked + asked:  # the second time from what is kept
        page = client.get(reverse("cases:list"), {"type": case_type, "state": state})
        html = page.content.decode()
        with translation.override(language):
            kept_type = case_type if case_type in CaseType.values else ""
            kept_state = state if state in State.values else ""
            assert choice_options(CaseType.choices, kept_type) in html
            assert choice_options(State.choices, kept_state) in html
        assert html.count(" selected>") == bool(kept_type) + bool(kept_state)


def test_the_list_names_offices_and_regencies_as_they_are_now(
    client, handler, reference_kept, django_capture_on_commit_callbacks
):
    """The names come from the kept reference data, renewed when an office or regency is
    saved."""
    CaseFactory()
    client.force_login(handler)
    before = client.get(reverse("cases:list"), {"view": "all"}).content.decode()
    serang = Office.objects.get(code="upt-serang")
    city = Regency.objects.get(code="3673")

    with django_capture_on_commit_callbacks(execute=True):
        serang.name, city.name = "UPT BP2MI Serang Baru", "Kota Serang Baru"
        serang.save()
        city.save()
    after = client.get(reverse("cases:list"), {"view": "all"}).content.decode()

    assert '<td>UPT BP2MI Serang<br><span class="small">Kota Serang</span></td>' in before
    assert '<td>UPT BP2MI Serang Baru<br><span class="small">Kota Serang Baru</span>' in after


# The list's content as its template wrote it before its heading, views and filter form were
# kept (cases.templatetags.case_rows.case_list_part): the reference the page must still equal.
_LIST_AS_WRITTEN = """{% load case_rows i18n %}
<div class="d-flex justify-content-between align-items-start flex-wrap gap-2">
  <h1 class="h3">{% translate "Cases" %}</h1>
  {% if perms.cases.add_case %}<a class="btn btn-primary d-print-none" href="{% url 'cases:new' %}">{% translate "Open a case" %}</a>{% endif %}
</div>
<nav class="nav nav-pills mb-2 d-print-none" aria-label="{% translate 'Which cases' %}">
  {% for code, label in views %}<a class="nav-link{% if view == code %} active{% endif %}" href="?view={{ code }}">{{ label }}</a>{% endfor %}
</nav>
{% include "dashboards/_records_filters.html" %}
<form method="get" class="row g-2 mb-3 d-print-none">
  <input type="hidden" name="view" value="{{ view }}">
  <div class="col-sm-4"><label class="form-label small" for="filter-type">{% translate "Type" %}</label>
    <select class="form-select form-select-sm" id="filter-type" name="type"><option value="">{% translate "All types" %}</option>
    {% type_options case_type %}</select></div>
  <div class="col-sm-4"><label class="form-label small" for="filter-state">{% translate "State" %}</label>
    <select class="form-select form-select-sm" id="filter-state" name="state"><option value="">{% translate "All states" %}</option>
    {% state_options state %}</select></div>
  <div class="col-sm-2 align-self-end"><button class="btn btn-sm btn-outline-primary" type="submit">{% translate "Filter" %}</button></div>
</form>
<div class="table-responsive" tabindex="0" role="region" aria-label="{% translate 'Cases' %}">
<table class="table table-sm table-hover align-middle">
  <thead><tr>
    <th scope="col">{% translate "Reference" %}</th>
    <th scope="col">{% translate "Type" %}</th>
    <th scope="col">{% translate "State" %}</th>
    <th scope="col">{% translate "Office" %}</th>
    <th scope="col">{% translate "Handler" %}</th>
    <th scope="col">{% translate "Due by" %}</th>
  </tr></thead>
  <tbody>{{ cases|case_rows }}</tbody>
</table>
</div>
{% include "web/pagination.html" %}
"""  # noqa: E501


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_list_is_written_as_its_template_wrote_it(client, handler, settings, language):
    regional_head = UserFactory(username="kepala.banten", role=Role.REGIONAL_HEAD)
    for number in range(55):
        CaseFactory(
            assigned_to=handler if number % 2 else None,
            case_type="trafficking" if number % 3 else "abuse",
            state="reported" if number % 4 else "verified",
        )
    as_written = Template(_LIST_AS_WRITTEN)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    queries = [
        {}, {"view": "all"}, {"view": "all", "page": "2"}, {"view": "office", "type": "abuse"},
        {"view": "overdue"}, {"view": "all", "state": "verified", "type": "trafficking"},
        {"view": "all", "type": "bogus"}, {"view": "office", "from": "2020-01-01"},
        {"view": "all", "from": "bogus"},
    ]  # fmt: skip
    for reader in (handler, regional_head):  # one opens cases, the other does not
        client.force_login(reader)
        for query in queries:
            response = client.get(reverse("cases:list"), query)
            with translation.override(language):
                context = response.context[0].flatten() | {
                    "views": [(code, str(label)) for code, label in VIEW_LABELS]
                }
                expected = as_written.render(Context(context))

            assert response.status_code in (200, 400)
            main = '<main id="main" class="container-fluid py-3">\n    \n    '
            assert f"{main}{expected}\n  </main>" in response.content.decode(), query
