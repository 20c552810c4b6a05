"""Plausible dates (issue 12, item 11): every date field of every form has a range, enforced
next to the field in Danish, and the services refuse the same dates from writers that are not
forms. A date picker left at year 0001 once stopped every deadline reminder."""

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

import beredskab
from beredskab.cases.errors import CaseError
from beredskab.core import dates
from beredskab.core.dates import DateRange, PlausibleDateField, date_range_of
from beredskab.core.roles import Role

YEAR_ONE = datetime.date(1, 1, 1)


def _import_form_modules() -> None:
    """Every `forms` and `admin` module of the project, so every form class is defined."""
    for info in pkgutil.iter_modules(beredskab.__path__):
        for name in ("forms", "admin"):
            try:
                importlib.import_module(f"beredskab.{info.name}.{name}")
            except ModuleNotFoundError as error:
                if error.name != f"beredskab.{info.name}.{name}":
                    raise


def _project_form_classes() -> list[type]:
    _import_form_modules()
    found, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return sorted((c for c in found if c.__module__.startswith("beredskab.")), key=lambda c: c.__qualname__)


def _is_date_field(field) -> bool:
    return isinstance(field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField)


def test_every_date_field_of_every_form_class_has_a_plausible_range():
    """Found from the code: a new form's date field cannot skip its range."""
    classes = _project_form_classes()
    assert len(classes) > 30  # the enumeration really finds the project's forms
    date_fields = [(c, n, f) for c in classes for n, f in c.base_fields.items() if _is_date_field(f)]
    assert len(date_fields) >= 15
    missing = [f"{c.__module__}.{c.__qualname__}.{name}" for c, name, field in date_fields if not date_range_of(field)]
    assert not missing, f"date fields without a plausible range (beredskab.core.dates): {missing}"


@pytest.mark.django_db
def test_every_date_field_the_admin_builds_has_a_plausible_range(make_user):
    """The admin's model forms (and their inlines) are built at run time: build each."""
    superuser = make_user(Role.SYSADMIN, is_staff=True, is_superuser=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    missing, checked = [], 0
    for model, model_admin in admin.site._registry.items():
        form_classes = []
        if model_admin.has_add_permission(request) or model_admin.has_change_permission(request, None):
            form_classes.append(model_admin.get_form(request, None))
        for inline in model_admin.get_inline_instances(request):
            if inline.has_add_permission(request, None) or inline.has_change_permission(request, None):
                form_classes.append(inline.get_formset(request, None).form)
        for form_class in form_classes:
            for name, field in form_class.base_fields.items():
                if _is_date_field(field):
                    checked += 1
                    if not date_range_of(field):
                        missing.append(f"{model._meta.label}: {form_class.__name__}.{name}")
    assert checked >= 3  # plan dates, closure and special days, network steps
    assert not missing, f"admin date fields without a plausible range: {missing}"


# --- the ranges ----------------------------------------------------------------------------


def test_a_range_refuses_dates_outside_it_with_a_danish_message():
    on = datetime.date(2026, 11, 23)
    assert dates.TASK_DUE.problem(on, on=on) is None
    assert dates.TASK_DUE.problem(datetime.date(2025, 11, 24), on=on) is None
    assert "for langt tilbage" in dates.TASK_DUE.problem(datetime.date(2025, 11, 22), on=on)
    assert "22. november 2031" in dates.TASK_DUE.problem(datetime.date(2031, 11, 23), on=on)  # 5 × 365 days
    assert dates.TASK_DUE.problem(YEAR_ONE, on=on)
    assert dates.PAST_EVENT.problem(on + datetime.timedelta(days=1), on=on) == "Datoen ligger i fremtiden."
    assert dates.PAST_EVENT.problem(YEAR_ONE, on=on) == "Kontrollér årstallet."
    assert dates.PAST_EVENT.problem(datetime.date(1900, 1, 1), on=on) is None
    assert dates.BIRTH_DATE.problem(datetime.date(9999, 12, 31), on=on)
    assert dates.PAST_EVENT.problem(None) is None


def test_a_range_never_crashes_on_the_extreme_dates_and_moments():
    for value in (
        datetime.date.min,
        datetime.date.max,
        datetime.datetime.min.replace(tzinfo=datetime.UTC),
        datetime.datetime.max.replace(tzinfo=datetime.UTC),
    ):
        for date_range in (dates.PAST_EVENT, dates.TASK_DUE, dates.REASSESSMENT, dates.RECORDS_PERIOD):
            assert date_range.problem(value)


def test_a_bound_read_from_a_setting_follows_the_setting(settings):
    settings.RISK_REASSESSMENT_MAX_DAYS = 10
    later = dates.today() + datetime.timedelta(days=11)
    assert dates.REASSESSMENT.problem(later) == "Risikoen skal revurderes inden for 10 dage."


def test_the_field_refuses_next_to_itself_and_the_picker_offers_only_the_range():
    class Form(forms.Form):
        day = PlausibleDateField(
            plausible=DateRange(earliest=-1, latest=1), widget=forms.DateInput(attrs={"type": "date"})
        )

    form = Form({"day": "0001-01-01"})
    assert not form.is_valid()
    assert "for langt tilbage" in form.errors["day"][0]
    html = str(Form()["day"])
    assert f'min="{(dates.today() - datetime.timedelta(days=1)).isoformat()}"' in html
    assert f'max="{(dates.today() + datetime.timedelta(days=1)).isoformat()}"' in html
    assert Form({"day": dates.today().isoformat()}).is_valid()


# --- the pages and services ----------------------------------------------------------------

FAR = {"past": "0001-01-01", "future": "9999-12-31"}


@pytest.fixture
def case_worker(make_user):
    return make_user(Role.CHILD_CASEWORKER, "straxen", full_name="Sara Sagsbehandler")


@pytest.fixture
def a_case(ishoj_plan, case_worker):
    from beredskab.cases.tests.factories import open_case

    return open_case(case_worker)


@pytest.mark.parametrize("when", ["past", "future"])
@pytest.mark.parametrize(
    ("name", "field", "data"),
    [
        ("task_add", "due_on", {"title": "Ring til skolen", "details": "Mit udkast"}),
        ("journal_add", "occurred_on", {"kind": "note", "body": "Mit udkast", "no_family": "on"}),
        (
            "decision_add",
            "decided_on",
            {"kind": "professional", "title": "Mit udkast", "text": "Tekst", "no_family": "on"},
        ),
        ("intervention_add", "starts_on", {"kind": "counselling", "prevention_level": "secondary", "status": "active"}),
    ],
)
def test_the_case_pages_refuse_an_implausible_date_next_to_the_field_and_keep_the_input(
    client, a_case, case_worker, name, field, data, when
):
    client.force_login(case_worker)
    data = {**data, field: FAR[when]}
    if name == "task_add":
        data["owner"] = case_worker.pk
    response = client.post(reverse(f"cases:{name}", args=[a_case.reference]), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert f'id="id_{field}_error"' in content or f"id_{field}_error" in content
    assert FAR[when] in content  # what was typed is shown again
    if "title" in data or "body" in data:
        assert "Mit udkast" in content or "Ring til skolen" in content


def test_the_services_refuse_implausible_dates_from_writers_that_are_not_forms(a_case, case_worker):
    from beredskab.cases import services
    from beredskab.cases.models import Decision, JournalEntry, Task

    with pytest.raises(CaseError, match="for langt tilbage"):
        services.task_add(actor=case_worker, case=a_case, owner=case_worker, title="Opgave", due_on=YEAR_ONE)
    with pytest.raises(CaseError, match="årstallet"):
        services.journal_entry_add(actor=case_worker, case=a_case, kind="note", occurred_on=YEAR_ONE, body="x")
    with pytest.raises(CaseError, match="fremtiden"):
        services.decision_record(
            actor=case_worker,
            case=a_case,
            kind="professional",
            decided_on=datetime.date(9999, 12, 31),
            title="x",
            text="x",
            no_family=True,
        )
    with pytest.raises(CaseError):
        services.intervention_add(
            actor=case_worker, case=a_case, kind="counselling", prevention_level="secondary", starts_on=YEAR_ONE
        )
    assert not (Task.objects.exists() or JournalEntry.objects.exists() or Decision.objects.exists())


def test_the_risk_services_refuse_implausible_dates(a_case, case_worker):
    from beredskab.cases.risk import services

    with pytest.raises(CaseError, match="fremtiden"):
        services.consultation_record(
            actor=case_worker,
            case=a_case,
            partner_kind="police",
            partner_name="",
            consulted_on=datetime.date(9999, 12, 31),
            identification="anonymised",
            question="Spørgsmål",
            advice="Råd",
        )
    assessment = services.risk_assessment_start(actor=case_worker, case=a_case)
    with pytest.raises(CaseError, match="passeret"):
        services.risk_assessment_save(actor=case_worker, assessment=assessment, ratings={}, reassessment_on=YEAR_ONE)


def test_the_plan_refuses_an_implausible_adoption_date(ishoj_plan, make_user):
    from django.core.exceptions import ValidationError

    from beredskab.plan import services

    coordinator = make_user(Role.PLAN_COORDINATOR)
    draft = services.plan_draft_new_version(actor=coordinator, from_plan=ishoj_plan)
    with pytest.raises(ValidationError) as refused:
        services.plan_adopt(actor=coordinator, plan=draft, adopted_by="Byrådet", adopted_on=datetime.date(9999, 1, 1))
    assert "adopted_on" in refused.value.message_dict


def test_the_audit_search_refuses_year_one_instead_of_crashing(client, make_user):
    auditor = make_user(Role.AUDITOR)
    client.force_login(auditor)
    for date_from, date_to in (("0001-01-01", ""), ("", "9999-12-31")):
        response = client.post(
            reverse("audit:search"), {"date_from": date_from, "date_to": date_to, "purpose": "audit"}
        )
        content = response.content.decode()
        assert 'id="id_date_from_error"' in content or 'id="id_date_to_error"' in content
        assert "for langt" in content
