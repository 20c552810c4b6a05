"""Unicode direction controls never get into what users type (issue 12, item 13e): a name with
a right-to-left override was shown reversed in the receipt letter.

They are removed in one place, as every form of ours is bound (beredskab.core.forms.
CleanInputMixin, part of DkfdsFormMixin; the admin's forms through beredskab.core.admin_site).
The tests enumerate every form class of the project and every admin form, and send direction
controls through the public report form and the admin."""

import importlib
import pkgutil
import re
import uuid

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory

import beredskab
from beredskab.core.forms import CleanInputMixin, clean_data
from beredskab.core.text import BIDI_CONTROLS, strip_bidi_controls

RLO, PDF_, LRM, RLM, RLI, PDI, ALM = "\u202e", "\u202c", "\u200e", "\u200f", "\u2067", "\u2069", "\u061c"


def test_every_direction_control_is_removed_and_nothing_else():
    assert strip_bidi_controls("Amira " + RLO + "nesetseT" + PDF_) == "Amira nesetseT"
    for char in [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), LRM, RLM, ALM]:
        assert char in BIDI_CONTROLS and strip_bidi_controls(f"a{char}b") == "ab"
    # Right-to-left text itself, and the joiners Farsi spelling needs, are kept.
    for kept in ("أميرة", "מרים", "می\u200cخواهم", "Æbleø-Åse", "\u200d"):
        assert strip_bidi_controls(kept) == kept


def _project_form_classes():
    for module in pkgutil.walk_packages(beredskab.__path__, "beredskab."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {c for c in subclasses(forms.BaseForm) if c.__module__.startswith("beredskab.")}


def test_every_form_of_the_project_cleans_its_input():
    found = _project_form_classes()
    assert len(found) > 30  # the enumeration finds the forms
    # Forms of admin modules are shown by the admin, which makes them clean (next test).
    missing = sorted(
        f"{c.__module__}.{c.__name__}"
        for c in found
        if not issubclass(c, CleanInputMixin) and not c.__module__.endswith(".admin")
    )
    assert not missing, "forms that do not clean their input (base them on DkfdsFormMixin): " + ", ".join(missing)


@pytest.mark.django_db
def test_every_admin_form_cleans_its_input(make_user):
    request = RequestFactory().get("/admin/")
    request.user = make_user(is_staff=True, is_superuser=True)
    wrong = []
    for model, model_admin in admin.site._registry.items():
        name = model.__name__
        if not issubclass(model_admin.get_form(request), CleanInputMixin):
            wrong.append(f"{name} add form")
        if not issubclass(model_admin.get_form(request, change=True), CleanInputMixin):
            wrong.append(f"{name} change form")
        for formset, inline in model_admin.get_formsets_with_inlines(request):
            if not issubclass(formset.form, CleanInputMixin):
                wrong.append(f"{name} inline {type(inline).__name__}")
        if model_admin.list_editable and not issubclass(
            model_admin.get_changelist_formset(request).form, CleanInputMixin
        ):
            wrong.append(f"{name} list")
    assert not wrong, wrong


def test_cleaning_keeps_passwords_and_lists():
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.setlist("names", [f"A{RLO}b", f"C{LRM}d"])
    data["password"] = f"hemmelig{RLO}"
    cleaned = clean_data(data, keep={"password"})
    assert cleaned.getlist("names") == ["Ab", "Cd"] and cleaned["password"] == f"hemmelig{RLO}"
    assert clean_data({"x": [f"a{RLI}b{PDI}"], "n": 3}) == {"x": ["ab"], "n": 3}


@pytest.mark.django_db
def test_the_public_report_form_stores_no_direction_controls(client, ishoj_plan, org):
    from beredskab.intake.models import Report

    data = {
        "submission_token": str(uuid.uuid4()),
        "reporter_kind": "professional",
        "reporter_name": f"Lærer {RLO}siL{PDF_}",
        "reporter_organisation": f"Demo{RLM}skolen",
        "reporter_role": f"{LRM}Lærer",
        "reporter_phone": f"{RLO}87654321",
        "subject_name": f"Amira {RLO}nesetseT{PDF_}",
        "subject_cpr": f"150611{RLM}-4233",
        "subject_address": f"Testvej {RLI}1{PDI}",
        "subject_knows": "no",
        "family_knows": "no",
        "is_acute": "no",
        "narrative": f"Hun {ALM}må ikke deltage{LRM} i lejrskolen.",
    }
    response = client.post("/underretning/ny/", data)
    assert response.status_code == 302, re.findall(r"nobullet-list\">(.*?)</ul>", response.content.decode(), re.S)
    report = Report.objects.get()
    stored = [report.reporter_name, report.reporter_organisation, report.reporter_phone, report.subject_name]
    stored += [report.reporter_role]
    stored += [report.subject_address, report.narrative]
    assert not [value for value in stored if set(value) & set(BIDI_CONTROLS)]
    assert report.subject_name == "Amira nesetseT" and report.reporter_phone == "87654321"


@pytest.mark.django_db
def test_a_form_shown_again_shows_the_cleaned_text(client, ishoj_plan, org):
    response = client.post(
        "/underretning/ny/", {"submission_token": str(uuid.uuid4()), "subject_name": f"Amira {RLO}nesetseT"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="Amira nesetseT"' in body and RLO not in body


@pytest.mark.django_db
def test_the_admin_stores_no_direction_controls(client, make_user, org):
    from beredskab.accounts.models import Unit

    admin_user = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    unit = Unit.objects.get(code="straxen")
    url = f"/admin/accounts/unit/{unit.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form.initial.get(name, "") for name in form.fields}
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items() if v is not None}
    data["name"] = f"StraX{RLO}ne"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    unit.refresh_from_db()
    assert unit.name == "StraXne"
