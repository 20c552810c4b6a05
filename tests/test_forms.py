"""Forms across the project (issue 12, item 8; the error pages are in test_error_pages.py).

- A form shows errors only after it was sent: a link (the guide's "report" button and the action
  cards' printed link, a bookmark, any unrelated query) never opens a form on errors.
- "(valgfri)" appears exactly on the fields that may be left empty: every form class of the
  project is found from the code and tried with its conditions (which answers make which other
  field needed); a field that turns out to be needed in some case is declared in
  `required_when` (beredskab.core.forms.DkfdsFormMixin) and never marked optional.
- The error summary lists every error, each field's error as a link to the field.
"""

import datetime
import importlib
import pkgutil
import re
import uuid

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

import beredskab
from beredskab.core.roles import Role

pytestmark = pytest.mark.django_db

OPTIONAL = "(valgfri)"


# --- a GET never shows form errors ---------------------------------------------------------


def _errors_shown(html: str) -> bool:
    return "form-error-message" in html or 'data-module="error-summary"' in html or "påkrævet" in html


def test_the_guides_link_to_the_report_form_opens_without_errors(client, ishoj_plan, org):
    """The guide's "Lav en digital underretning" button and the action cards print this link (offered
    when the receiving unit is linked to a unit of the organisation)."""
    from beredskab.guide import cards, selectors

    link = selectors.intake_url(group_code="born")
    assert "?gruppe=born" in link
    group = ishoj_plan.target_groups.get(code="born")
    card = cards.build_card(ishoj_plan, group, "bekymring")
    assert card.report_url.endswith(link)
    response = client.get(link)
    assert response.status_code == 200
    assert not _errors_shown(response.content.decode())
    # ... and the answer, once sent from the page itself, still goes on to the form with the group
    sent = client.get(link + "&svar=1&danger=no")
    assert sent.status_code == 302 and sent["Location"] == reverse("intake:create") + "?gruppe=born"
    # An empty answer sent from the page is an error next to the question.
    empty = client.get(link + "&svar=1")
    assert empty.status_code == 200 and "form-error-message" in empty.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/underretning/?gruppe=born",
        "/underretning/?utm_source=plakat",
        "/underretning/ny/?gruppe=born&akut=1",
        "/guide/hvem/?gruppe=born&rolle=fagperson",
        "/guide/hvem/?gruppe=ingen",
    ],
)
def test_a_link_to_a_public_form_never_opens_it_on_errors(client, ishoj_plan, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert not _errors_shown(response.content.decode()), url


def test_a_link_to_the_coordinators_preview_opens_it_without_errors(client, ishoj_plan, make_user):
    client.force_login(make_user(Role.PLAN_COORDINATOR))
    response = client.get("/guide/forhaandsvisning/", {"plan": ishoj_plan.pk, "gruppe": "born"})
    assert response.status_code == 200 and not _errors_shown(response.content.decode())
    sent = client.get("/guide/forhaandsvisning/", {"plan": ishoj_plan.pk, "vis": "1"})
    assert sent.status_code == 400 and "Skriv en dato." in sent.content.decode()


def test_a_link_to_the_risk_pdf_form_opens_it_without_errors(client, ishoj_plan, make_user):
    from beredskab.cases.tests.factories import complete_assessment, flagged_case

    worker = make_user(Role.CHILD_CASEWORKER, "straxen")
    case = flagged_case(worker)
    assessment = complete_assessment(case, worker)
    client.force_login(worker)
    url = reverse("risk:export", args=[case.reference, assessment.version])
    response = client.get(url, {"formaal": "case_work"})
    assert response.status_code == 200 and not _errors_shown(response.content.decode())
    assert client.get(url, {"recipient": "anyone"}).status_code == 400  # an answer sent from the form


def test_no_view_binds_a_form_to_any_query():
    """The kind: `Form(request.GET or None)` makes any link a submission. Views bind a GET form
    only when the query holds the form's own answer or its hidden marker."""
    offenders = []
    for info in pkgutil.iter_modules(beredskab.__path__):
        try:
            module = importlib.import_module(f"beredskab.{info.name}.views")
        except ModuleNotFoundError:
            continue
        files = [module.__file__]
        if hasattr(module, "__path__"):  # a package of views by topic: every module of it
            files = [f"{module.__path__[0]}/{m.name}.py" for m in pkgutil.iter_modules(module.__path__)] + files
        source = ""
        for name in files:
            with open(name, encoding="utf-8") as file:
                source += file.read()
        offenders += [f"{info.name}: {m}" for m in re.findall(r"\w+\(request\.GET or None[^)]*\)", source)]
        offenders += [f"{info.name}: {m}" for m in re.findall(r"if request\.GET:", source)]
    assert not offenders


# --- "(valgfri)" exactly on the optional fields ---------------------------------------------


def _project_form_classes() -> list[type]:
    for info in pkgutil.iter_modules(beredskab.__path__):
        try:
            importlib.import_module(f"beredskab.{info.name}.forms")
        except ModuleNotFoundError as error:
            if error.name != f"beredskab.{info.name}.forms":
                raise
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return sorted(
        (c for c in found if c.__module__.startswith("beredskab.") and c.__module__.endswith(".forms")),
        key=lambda c: f"{c.__module__}.{c.__qualname__}",
    )


@pytest.fixture
def world(ishoj_plan, make_user):
    """What the forms are built with on their pages: a case with a parent, a draft assessment."""
    from beredskab.cases.outbound import Secret
    from beredskab.cases.risk.services import risk_assessment_start
    from beredskab.cases.risk.views import _plan_partners
    from beredskab.cases.tests.factories import add_parent, flagged_case

    worker = make_user(Role.CHILD_CASEWORKER, "straxen")
    coordinator = make_user(Role.PLAN_COORDINATOR)
    case = flagged_case(worker)
    parent = add_parent(case, worker)
    people = [parent]
    assessment = risk_assessment_start(actor=worker, case=case)
    request = RequestFactory().post("/konto/login/")
    return {
        "OpenCaseForm": {
            "report_choices": [("U-1", "U-1")],
            "unit_id": case.unit_id,
            "may_assign": True,
            "user": worker,
            "held": True,
        },
        "AddToCaseForm": {"case_choices": [(case.reference, case.reference)]},
        "AssignForm": {"unit_id": case.unit_id},
        "NetworkStepForm": {"people": people},
        "JournalForm": {"people": people},
        "TaskForm": {"unit_id": case.unit_id, "people": people},
        "DecisionForm": {"people": people},
        "ShareForm": {"exclude_unit_id": case.unit_id},
        "RestrictionForm": {"item_choices": [("subject_address", "Adresse")], "people": people},
        "ProtectionForm": {"member_choices": [(worker.pk, "Sara")], "ask_reason": True},
        "OutboundReleaseForm": {"secrets": [Secret(key="address", label="Adresse")]},
        "AssessmentForm": {"assessment": assessment, "people": people},
        "ConsultationForm": {"partners": _plan_partners()},
        "CounsellingForm": {"people": people},
        "ReferralStatusForm": {"choices": ["accepted", "refused"]},
        "WhoForm": {"plan": ishoj_plan},
        "PreviewForm": {"user": coordinator, "default_plan": ishoj_plan},
        "EmailLoginForm": {"request": request},
        "NewPasswordForm": {"user": worker},
        "ScenarioForm": {"scenarios": ["Tvangsægteskab på sommerferie"], "contacts": [("politi", "Politiet")]},
        "ReportForm": {"sign_choices": [("Tegn", [("s1", "Et tegn")])], "family_advice": ""},
    }


# A value each kind of field accepts (for names with their own format, by name).
_BY_NAME = {
    "cpr": "150611-4233",
    "subject_cpr": "150611-4233",
    "code": "123 456",
    "reference": "K-2026-00012",
    "postnummer": "2635",
    "subject_postcode": "2635",
    "reporter_phone": "12345678",
    "new_password1": "Et-langt-kodeord-2026",
    "new_password2": "Et-langt-kodeord-2026",
    "password": "Et-langt-kodeord-2026",
    "birth_year": "1980",
    "subject_approximate_age": "14",
    "tid": "10:00",
}
_TEXT = "En fyldestgørende begrundelse for det, der er gjort, skrevet som en sagsbehandler ville."


def _choices(field) -> list[str]:
    values = []
    for value, label in field.choices:
        if isinstance(label, list | tuple):
            values += [str(v) for v, _l in label]
        elif str(value) != "":
            values.append(str(value))
    return values


def _sample(name, field):
    """A value the field accepts on its own ([] for a list field), or None to leave it empty."""
    if name in _BY_NAME:
        return _BY_NAME[name]
    if isinstance(field, forms.FileField) or name.startswith("mentions_") or name == "gate_token":
        return None
    if isinstance(field, forms.MultipleChoiceField):
        return _choices(field)[:1]
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        choices = _choices(field)
        return choices[0] if choices else None
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.DateField):
        return timezone.localdate().isoformat()
    if isinstance(field, forms.IntegerField):
        return "5"
    if isinstance(field, forms.EmailField):
        return "test@demo.example"
    if isinstance(field, forms.UUIDField):
        return str(uuid.uuid4())
    return _TEXT[: getattr(field, "max_length", None) or len(_TEXT)]


def _variants(form):
    """Answers to try: the required fields filled and the optional empty, then each choice of each
    choice field, then each optional field filled on its own."""
    base = {}
    for name, field in form.fields.items():
        value = _sample(name, field)
        if field.required and value is not None:
            base[name] = value
    yield base
    for name, field in form.fields.items():
        if isinstance(field, forms.BooleanField):
            yield {**base, name: "on"}
            yield {k: v for k, v in base.items() if k != name}
        elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            for value in _choices(field)[:12]:
                yield {**base, name: [value] if isinstance(field, forms.MultipleChoiceField) else value}
        elif not field.required:
            value = _sample(name, field)
            if value is not None:
                yield {**base, name: value}


def _empty(value) -> bool:
    return value in (None, "", [])


def _build(cls, kwargs, data=None):
    form = cls(data=data, **kwargs) if data is not None else cls(**kwargs)
    if hasattr(form, "gate_scope"):
        form.gate_scope = "1:1"
    return form


def test_optional_is_marked_exactly_on_the_fields_that_may_be_left_empty(world):
    classes = _project_form_classes()
    assert len(classes) > 30  # the enumeration really finds the project's forms
    wrongly_optional, wrongly_declared, unbuilt = [], [], []
    for cls in classes:
        kwargs = world.get(cls.__name__, {})
        try:
            form = _build(cls, kwargs)
        except TypeError as error:
            unbuilt.append(f"{cls.__qualname__}: {error}")
            continue
        if not form.fields:
            continue
        needed_sometimes = set()
        for data in _variants(form):
            bound = _build(cls, kwargs, data)
            bound.is_valid()
            for name in bound.errors:
                if name in bound.fields and not bound.fields[name].required and _empty(data.get(name)):
                    needed_sometimes.add(name)
        declared = set(getattr(form, "required_when", {}))
        for name, field in form.fields.items():
            if field.widget.is_hidden or isinstance(field.widget, forms.CheckboxInput):
                continue  # no label of its own to mark (a single box is an answer, not an input)
            html = render_to_string("includes/field.html", {"field": form[name]})
            label = re.search(r"<(label|legend)[^>]*>(.*?)</\1>", html, re.S).group(2)
            marked = OPTIONAL in label
            if name in needed_sometimes and marked:
                wrongly_optional.append(f"{cls.__qualname__}.{name}")
            if field.required and marked:
                wrongly_optional.append(f"{cls.__qualname__}.{name} (required)")
            if not field.required and name not in declared and not marked:
                wrongly_declared.append(f"{cls.__qualname__}.{name} (optional, not marked)")
    assert not unbuilt, f"add the form's page arguments to the `world` fixture: {unbuilt}"
    assert not wrongly_optional, f"marked (valgfri) but needed in some cases: {wrongly_optional}"
    assert not wrongly_declared, wrongly_declared


def test_the_report_forms_conditional_fields_say_when_they_are_needed(client, ishoj_plan):
    html = client.get("/underretning/ny/").content.decode()

    def label(field_id):
        return re.search(rf'<label class="form-label" for="{field_id}">(.*?)</label>', html, re.S).group(1)

    assert OPTIONAL not in label("id_reporter_name") and "medmindre du er anonym" in label("id_reporter_name")
    assert OPTIONAL not in label("id_reporter_organisation") and OPTIONAL not in label("id_reporter_phone")
    for name in ("subject_name", "subject_cpr", "subject_birth_date", "subject_address", "subject_institution"):
        assert OPTIONAL not in label(f"id_{name}"), name
    assert "Skriv mindst ét af disse" in html
    assert OPTIONAL in label("id_subject_approximate_age") and OPTIONAL in label("id_subject_languages")


def test_the_risk_forms_fields_needed_to_complete_are_not_optional(client, ishoj_plan, make_user):
    """Checked against the service: blanking a field marked (valgfri) never stops completion;
    blanking one that is not marked does."""
    from beredskab.cases.risk.services import (
        RatingInput,
        missing_for_completion,
        risk_assessment_save,
        risk_assessment_start,
    )
    from beredskab.cases.tests.factories import flagged_case

    worker = make_user(Role.CHILD_CASEWORKER, "straxen")
    case = flagged_case(worker)
    assessment = risk_assessment_start(actor=worker, case=case)
    client.force_login(worker)
    html = client.get(reverse("risk:edit", args=[case.reference, assessment.version])).content.decode()
    full = {
        "possible_perpetrators": [],
        "likely_victims": [],
        "subject_is_likely_victim": False,
        "protective_factors": "Skolen.",
        "serious_violence_risk": "medium",
        "acute_risk": "low",
        "conclusion": "Kontrol.",
        "scenarios": "Familien opdager det.",
        "safety_measures": "Samtale på skolen.",
        "reassessment_on": timezone.localdate() + datetime.timedelta(days=30),
    }
    ratings = {r.factor_id: RatingInput(now="partly", past="absent", notes="") for r in assessment.ratings.all()}
    first = next(iter(ratings))
    blank = {name: None if name == "reassessment_on" else "" for name in full}
    checks = [(name, {**full, name: blank[name]}, ratings) for name in full if isinstance(full[name], str | None)]
    checks.append(("reassessment_on", {**full, "reassessment_on": None}, ratings))
    checks.append((f"now_{first}", full, {**ratings, first: RatingInput(now="", past="absent", notes="")}))
    checks.append((f"past_{first}", full, {**ratings, first: RatingInput(now="partly", past="", notes="")}))
    checks.append((f"notes_{first}", full, ratings))
    for name, values, rated in checks:
        risk_assessment_save(actor=worker, assessment=assessment, ratings=rated, **values)
        needed = bool(missing_for_completion(type(assessment).objects.get(pk=assessment.pk)))
        assert f'id="id_{name}' in html, name
        before = html[: html.index(f'id="id_{name}')]
        label = before[max(before.rindex("<label"), before.rindex("<legend")) :]
        marked = OPTIONAL in label
        assert marked != needed, f"{name}: needed to complete={needed}, marked (valgfri)={marked}"


# --- the error summary -----------------------------------------------------------------------


def _summary(html: str) -> str:
    match = re.search(r'<div class="alert alert-error beredskab-error-summary"(.*?)</ul>', html, re.S)
    assert match, "no error summary"
    return match.group(0)


def test_the_report_forms_summary_lists_every_error_as_a_link_to_its_field(client, ishoj_plan):
    response = client.get("/underretning/ny/")
    token = re.search(r'name="submission_token" value="([^"]+)"', response.content.decode()).group(1)
    response = client.post(
        "/underretning/ny/",
        {"submission_token": token, "subject_cpr": "320101-1234", "subject_postcode": "12", "is_acute": "no"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    summary = _summary(html)
    assert 'tabindex="-1"' in summary and 'data-module="error-summary"' in summary
    errors = re.findall(r'<span class="form-error-message" id="(id_\w+)_error">', html)
    assert len(errors) >= 4
    links = re.findall(r'<a class="function-link" href="#(id_\w+)">', summary)
    for field_id in errors:
        target = field_id if field_id in links else f"{field_id}_0"
        assert target in links, f"{field_id} has no link in the summary"
        assert f'id="{target}"' in html  # the link lands on an input
    assert "js/error-summary.js" in html and "<script>" not in html  # static script only (CSP)


def test_every_form_page_shows_the_error_summary():
    """Every template that renders form fields includes the summary (itself, through
    includes/form_errors.html, or through the page it extends)."""
    from pathlib import Path

    root = Path(beredskab.__file__).parent / "templates"
    summaries = ('"includes/error_summary.html"', '"includes/form_errors.html"')
    missing = []
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if '"includes/field.html"' not in text or path.name == "field.html":
            continue
        parent = re.search(r'{% extends "([^"]+)" %}', text)
        parent_text = (root / parent.group(1)).read_text(encoding="utf-8") if parent else ""
        if not any(s in text or s in parent_text for s in summaries):
            missing.append(str(path.relative_to(root)))
    assert not missing


def test_non_field_errors_are_listed_too(client, make_user):
    user = make_user(Role.CHILD_CASEWORKER, "straxen")
    response = client.post("/konto/login/", {"username": user.email, "password": "forkert-kodeord"})
    summary = _summary(response.content.decode())
    assert "E-mail eller adgangskode er forkert" in summary
