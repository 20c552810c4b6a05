"""The plan editor (issue 16): a draft edited section by section through
`services.plan_draft_edit_section`, checked by the file format's validation, audited; and its
pages (errors next to the field, input kept, stale saves refused)."""

import copy

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.core.roles import Role
from beredskab.plan import editor, services
from beredskab.plan.editor_forms import EditorPage
from beredskab.plan.export import plan_to_document
from beredskab.plan.models import ContactUnit, PlanStatus, WarningSign


@pytest.fixture
def draft(ishoj_plan):
    return services.plan_draft_new_version(actor=None, from_plan=ishoj_plan, version_label="2027")


def _save(actor, plan, slug, change):
    """Save a section with `change(values)` applied to its current values, as the page does."""
    doc = plan_to_document(plan)
    section = editor.SECTIONS[slug]
    values = {p.path: editor.get_path(doc, p.path) for p in section.parts(doc)}
    values = {k: __import__("copy").deepcopy(v) for k, v in values.items()}
    change(values)
    return services.plan_draft_edit_section(
        actor=actor, plan=plan, section=slug, values=values, version=editor.section_version(doc, section)
    )


def _unit_index(doc, code):
    return next(i for i, u in enumerate(doc["units"]) if u["code"] == code)


@pytest.mark.parametrize("slug", list(editor.SECTIONS))
def test_each_section_round_trips_through_its_forms_unchanged(draft, coordinator, slug):
    """The page's forms, posted as shown, give back the section as the file writes it: saving
    an untouched page changes nothing (no audit event)."""
    doc = plan_to_document(draft)
    page = EditorPage(editor.SECTIONS[slug], doc)
    data = _post_data(page)
    bound = EditorPage(editor.SECTIONS[slug], doc, data)
    assert bound.is_valid(), [p.formset.errors for p in bound.parts]
    assert editor.replace_parts(doc, bound.values()) == doc
    before = AuditEvent.objects.count()
    services.plan_draft_edit_section(
        actor=coordinator, plan=draft, section=slug, values=bound.values(), version=data["version"]
    )
    assert AuditEvent.objects.count() == before
    assert plan_to_document(draft) == doc


def _post_data(page) -> dict:
    """What a browser sends for the page as shown (every field's initial value)."""
    data = {"version": page.version_form.initial["version"]}
    for p in page.parts:
        mf = p.formset.management_form
        for name in mf.fields:
            data[mf.add_prefix(name)] = mf.initial.get(name, mf[name].value())
        for form in p.formset.forms:
            for field in form:
                value = form.initial.get(field.name, field.initial)
                if field.name == "ORDER" and value is None:
                    continue
                if value is None or value is False:
                    continue
                data[form.add_prefix(field.name)] = "on" if value is True else value
    return data


def test_change_a_phone_and_a_warning_sign_rebuilds_the_draft_in_place_and_audits(draft, coordinator):
    pk = draft.pk
    doc = plan_to_document(draft)
    i = _unit_index(doc, "straxen")

    def phone(values):
        values[("units",)][i]["phone"] = "43 57 75 79"

    changes = _save(coordinator, draft, "kontakter", phone)
    assert any("43 57 75 79" in str(c.__dict__) for c in changes)
    unit = ContactUnit.objects.get(plan=draft, code="straxen")
    assert unit.phone == "43 57 75 79"
    draft.refresh_from_db()
    assert draft.pk == pk and draft.status == PlanStatus.DRAFT and draft.version_label == "2027"
    assert draft.derived_from is not None
    event = AuditEvent.objects.filter(action="plan.draft_edited").latest("pk")
    assert event.new_values["section"] == "kontakter"
    assert any("43 57 75 79" in c for c in event.new_values["changes"])

    def sign(values):
        key = next(iter(values))
        signs = values[key]
        values[key] = [signs[1], "Et nyt tegn", signs[0], *signs[2:]]

    _save(coordinator, draft, "bekymringstegn", sign)
    group = draft.target_groups.order_by("order").first()
    texts = list(WarningSign.objects.filter(target_group=group).order_by("order").values_list("text", flat=True))
    assert texts[1] == "Et nyt tegn"
    assert plan_to_document(draft)["units"][i]["phone"] == "43 57 75 79"  # the other section kept


def test_invalid_edit_is_refused_with_the_place_and_the_draft_is_unchanged(draft, coordinator):
    doc = plan_to_document(draft)
    i = _unit_index(doc, "straxen")
    events = AuditEvent.objects.count()

    def bad(values):
        values[("units",)][i]["phone"] = "12"
        values[("units",)][i]["hours"] = {"fri": "08-25"}

    with pytest.raises(ValidationError) as refused:
        _save(coordinator, draft, "kontakter", bad)
    assert any(m.startswith(f"units[{i}].phone:") for m in refused.value.messages)
    assert any(m.startswith(f"units[{i}].hours.fri:") for m in refused.value.messages)
    assert plan_to_document(draft) == doc
    assert AuditEvent.objects.count() == events


def test_only_a_draft_can_be_edited(ishoj_plan, coordinator):
    with pytest.raises(ValidationError, match="Kun et udkast"):
        _save(coordinator, ishoj_plan, "akut", lambda v: v[("acute", "steps")].append("Ring 112"))


def test_a_stale_save_is_refused(draft, coordinator):
    doc = plan_to_document(draft)
    section = editor.SECTIONS["akut"]
    version = editor.section_version(doc, section)
    steps = editor.get_path(doc, ("acute", "steps"))
    services.plan_draft_edit_section(
        actor=coordinator, plan=draft, section="akut", values={("acute", "steps"): [*steps, "Først"]}, version=version
    )
    with pytest.raises(services.StaleEdit):
        services.plan_draft_edit_section(
            actor=coordinator,
            plan=draft,
            section="akut",
            values={("acute", "steps"): [*steps, "Andet"]},
            version=version,
        )
    # The same page sent twice saves once and is not refused the second time.
    assert (
        services.plan_draft_edit_section(
            actor=coordinator,
            plan=draft,
            section="akut",
            values={("acute", "steps"): [*steps, "Først"]},
            version=version,
        )
        == []
    )


def test_a_failed_audit_leaves_the_draft_unchanged(draft, coordinator, monkeypatch):
    """The audit event is written in the edit's transaction: when it fails, nothing is saved."""
    from beredskab.plan import services_edit as plan_services

    def fail(**kwargs):
        raise RuntimeError("audit down")

    doc = plan_to_document(draft)
    monkeypatch.setattr(plan_services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        _save(coordinator, draft, "akut", lambda v: v[("acute", "steps")].append("Ring 112"))
    assert plan_to_document(draft) == doc


# --- pages ----------------------------------------------------------------------------------


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_invalid_edit_shows_the_error_next_to_the_field_and_keeps_the_input(coordinator_client, draft):
    url = reverse("plan:edit_section", args=[draft.pk, "kontakter"])
    page = EditorPage(editor.SECTIONS["kontakter"], plan_to_document(draft))
    data = _post_data(page)
    i = _unit_index(plan_to_document(draft), "straxen")
    data[f"del0-{i}-phone"] = "12"
    data[f"del0-{i}-email"] = "straxen@ishoj.dk-typed"
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_del0-{i}-phone_error"' in html
    assert 'value="12"' in html and "straxen@ishoj.dk-typed" in html
    assert ContactUnit.objects.get(plan=draft, code="straxen").phone == "43 57 75 78"


def test_a_valid_edit_saves_and_the_detail_page_links_the_editor(coordinator_client, draft):
    assert reverse("plan:edit", args=[draft.pk]) in coordinator_client.get(draft.get_absolute_url()).content.decode()
    page = EditorPage(editor.SECTIONS["kontakter"], plan_to_document(draft))
    data = _post_data(page)
    i = _unit_index(plan_to_document(draft), "straxen")
    data[f"del0-{i}-phone"] = "43 57 75 79"
    response = coordinator_client.post(reverse("plan:edit_section", args=[draft.pk, "kontakter"]), data)
    assert response.status_code == 302
    assert ContactUnit.objects.get(plan=draft, code="straxen").phone == "43 57 75 79"


def test_a_stale_page_keeps_the_input_and_says_so(coordinator_client, coordinator, draft):
    url = reverse("plan:edit_section", args=[draft.pk, "akut"])
    data = _post_data(EditorPage(editor.SECTIONS["akut"], plan_to_document(draft)))
    _save(coordinator, draft, "akut", lambda v: v[("acute", "steps")].append("Fra en anden fane"))
    data["del0-0-text"] = "Min rettelse"
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "ændret et andet sted" in response.content.decode()
    assert "Min rettelse" in response.content.decode()


def test_the_editor_of_an_adopted_version_is_refused(coordinator_client, ishoj_plan):
    response = coordinator_client.get(reverse("plan:edit_section", args=[ishoj_plan.pk, "kontakter"]))
    assert response.status_code == 302


def test_other_roles_cannot_edit(client, make_user, draft):
    client.force_login(make_user(Role.CHILD_CASEWORKER, "straxen"))
    assert client.get(reverse("plan:edit", args=[draft.pk])).status_code in (403, 404)


def test_the_file_formats_messages_are_said_in_danish_next_to_the_field(draft):
    doc = plan_to_document(draft)
    i = _unit_index(doc, "straxen")
    placed = editor.place_errors(
        editor.SECTIONS["kontakter"],
        doc,
        [
            f'units[{i}].phone: "12" must be a short number (3-4 digits) or 8 digits',
            f'units[{i}].hours.fri: "08-25" is not a valid time range',
            'target_groups[0].receiving_unit: "x" is not the code of a unit in units',
        ],
    )
    assert (placed[0].part, placed[0].index, placed[0].field_name) == (0, i, "phone")
    assert placed[0].message == '"12" skal være et kort nummer (3-4 cifre) eller 8 cifre.'
    assert (placed[1].index, placed[1].field_name) == (i, "hours__fri")
    assert placed[2].part is None and placed[2].text.startswith("target_groups[0].receiving_unit: ")


def test_warning_signs_deleted_and_moved_keep_their_translations_in_step(draft, coordinator):
    """Translations name a warning sign by its index: a deleted sign's translation goes with
    it and a moved sign's follows it (else the plan would be invalid, or the English guide
    would show another sign's translation)."""
    doc = plan_to_document(draft)
    en = doc["translations"]["en"]
    place = "target_groups[born].warning_signs"
    signs = doc["target_groups"][0]["warning_signs"]
    assert doc["target_groups"][0]["code"] == "born" and f"{place}[1]" in en

    def delete_first_and_swap(values):
        values[("target_groups", 0, "warning_signs")] = [signs[2], signs[1], *signs[3:]]

    _save(coordinator, draft, "bekymringstegn", delete_first_and_swap)
    after = plan_to_document(draft)["translations"]["en"]
    assert after[f"{place}[0]"] == en[f"{place}[2]"]
    assert after[f"{place}[1]"] == en[f"{place}[1]"]
    assert f"{place}[{len(signs) - 1}]" not in after


def test_an_edited_sign_loses_its_outdated_translation(draft, coordinator):
    doc = plan_to_document(draft)
    place = "target_groups[born].warning_signs"

    def edit(values):
        values[("target_groups", 0, "warning_signs")][0] = "Et nyt tegn"

    _save(coordinator, draft, "bekymringstegn", edit)
    after = plan_to_document(draft)["translations"]["en"]
    assert f"{place}[0]" not in after and after[f"{place}[1]"] == doc["translations"]["en"][f"{place}[1]"]


@pytest.mark.parametrize(
    "tamper",
    [
        {},  # no management form
        {"del0-TOTAL_FORMS": "x", "del0-INITIAL_FORMS": "0"},
        {"del0-0-src": "99999", "del0-0-text": "Ring 112"},
        {"del0-0-ORDER": "-x", "del0-0-text": "Ring 112"},
        {"version": "", "del0-0-text": "\x00Ring"},
    ],
)
def test_tampered_posts_are_answered_with_the_form_not_a_500(coordinator_client, draft, tamper):
    url = reverse("plan:edit_section", args=[draft.pk, "akut"])
    data = _post_data(EditorPage(editor.SECTIONS["akut"], plan_to_document(draft))) if tamper else {}
    data.update(tamper)
    response = coordinator_client.post(url, data)
    assert response.status_code in (200, 302)


def test_an_unknown_section_is_404(coordinator_client, draft):
    assert coordinator_client.get(reverse("plan:edit_section", args=[draft.pk, "ukendt"])).status_code == 404


def test_a_new_row_and_a_deleted_row(coordinator, draft, coordinator_client):
    url = reverse("plan:edit_section", args=[draft.pk, "akut"])
    page = EditorPage(editor.SECTIONS["akut"], plan_to_document(draft))
    data = _post_data(page)
    total = page.parts[0].formset.initial_form_count()
    data[f"del0-{total}-text"] = "Et nyt sidste skridt"
    data["del0-0-DELETE"] = "on"
    first = data["del0-0-text"]
    assert coordinator_client.post(url, data).status_code == 302
    steps = [s if isinstance(s, str) else s["text"] for s in plan_to_document(draft)["acute"]["steps"]]
    assert steps[-1] == "Et nyt sidste skridt" and first not in steps and len(steps) == total


@pytest.mark.parametrize("example", ["nordby", "aastrand", "lyngmose", "hedeby", "vesterhav", "kystby"])
def test_every_section_of_other_plans_round_trips_unchanged(load_example, coordinator, example):
    """Other municipalities' plans (other shapes: alternatives, districts, readers' procedures,
    unconfirmed facts): each page posted as shown changes nothing."""
    plan = load_example(example)
    draft = services.plan_draft_new_version(actor=None, from_plan=plan, version_label="udkast")
    doc = plan_to_document(draft)
    for slug, section in editor.SECTIONS.items():
        bound = EditorPage(section, doc, _post_data(EditorPage(section, doc)))
        assert bound.is_valid(), (slug, [p.formset.errors for p in bound.parts])
        assert editor.replace_parts(doc, bound.values()) == doc, slug


def test_the_section_page_speaks_danish(coordinator_client, draft):
    html = coordinator_client.get(reverse("plan:edit_section", args=[draft.pk, "bekymringstegn"])).content.decode()
    assert "Nummer i rækkefølgen" in html and ">Slet<" in html and "Ny række" in html
    assert "valgfri" not in html and "Order" not in html and "Delete" not in html


def test_a_stale_page_shows_the_saved_version_and_a_second_save_goes_through(coordinator_client, coordinator, draft):
    """Attack (issue 16): after a refused stale save nothing typed is lost: the input is kept,
    the other tab's saved values are shown, and saving again on purpose stores the input."""
    url = reverse("plan:edit_section", args=[draft.pk, "akut"])
    data = _post_data(EditorPage(editor.SECTIONS["akut"], plan_to_document(draft)))
    _save(coordinator, draft, "akut", lambda v: v[("acute", "steps")].append("Fra en anden fane"))
    data["del0-0-text"] = "Min rettelse"
    response = coordinator_client.post(url, data)
    html = response.content.decode()
    assert "Min rettelse" in html and "Fra en anden fane" in html
    fresh = editor.section_version(plan_to_document(draft), editor.SECTIONS["akut"])
    assert f'value="{fresh}"' in html
    again = {**data, "version": fresh}
    assert coordinator_client.post(url, again).status_code == 302
    steps = editor.get_path(plan_to_document(draft), ("acute", "steps"))
    assert editor.unwrap(steps[0]) == "Min rettelse" or steps[0].get("text") == "Min rettelse"


def test_a_page_saved_after_another_tab_added_a_row_keeps_each_items_hidden_keys(coordinator, draft):
    """A row names the item it was shown from by identity, not by index: after another tab
    put a new unit first, a deliberate second save must not give each unit its neighbour's
    hidden keys (role, centre, ...)."""
    section = editor.SECTIONS["kontakter"]
    doc = plan_to_document(draft)
    data = _post_data(EditorPage(section, doc))
    new_unit = {"code": "ny-enhed", "name": "Ny enhed", "role": "general", "phone": "43 57 70 00"}
    _save(coordinator, draft, "kontakter", lambda v: v[("units",)].insert(0, new_unit))
    now = plan_to_document(draft)
    page = EditorPage(section, now, {**data, "version": editor.section_version(now, section)})
    assert page.is_valid()
    by_code = {u["code"]: u for u in page.values()[("units",)]}
    assert by_code == {u["code"]: u for u in doc["units"]}


def test_a_fact_confirmed_from_a_page_shown_before_an_edit_is_still_found(coordinator_client, coordinator, draft):
    """Attack (issue 16): each save makes the draft's rows again (new ids); a "confirm" form
    opened before an edit must still confirm the same fact, not fail with "Ukendt oplysning"."""
    fact = next(f for f in draft.unconfirmed_facts() if f.place == "units[cvv].hours")
    _save(coordinator, draft, "akut", lambda v: v[("acute", "steps")].append("Et nyt skridt"))
    response = coordinator_client.post(reverse("plan:confirm_fact", args=[draft.pk]), {"fact": fact.key}, follow=True)
    assert "Oplysningen er markeret som bekræftet." in response.content.decode()
    assert "units[cvv].hours" not in {f.place for f in draft.unconfirmed_facts()}


@pytest.mark.parametrize(
    ("slug", "change"),
    [
        ("akut", lambda v: v[("acute", "steps")].append({"text": "Ring 112", "detail": "Fx Ali 010203-1234"})),
        ("bekymringstegn", lambda v: v[("target_groups", 0, "warning_signs")].append("Set hos 0102031234")),
        ("partnere", lambda v: v[("partners",)][0].update(note="Kontakt 311299 1234")),
    ],
)
def test_a_cpr_shaped_number_in_a_public_text_is_refused(draft, coordinator, slug, change):
    """Attack (issue 16): the plan is public (guide, public page, PDF): a text shaped like a CPR
    number is refused by the file format, so by the editor, the import and the admin alike."""
    doc = plan_to_document(draft)
    with pytest.raises(ValidationError) as refused:
        _save(coordinator, draft, slug, change)
    assert any("looks like a CPR number" in m for m in refused.value.messages)
    assert plan_to_document(draft) == doc


def test_phone_numbers_and_case_numbers_are_not_taken_for_cpr_numbers(draft, coordinator):
    _save(
        coordinator,
        draft,
        "akut",
        lambda v: v[("acute", "steps")].append({"text": "Ring 43 57 75 78 eller 1813", "detail": "Sag 27/0815-2026"}),
    )


def test_the_routing_saved_after_another_tab_changed_it_keeps_its_hidden_keys(coordinator, draft):
    """The routing is one mapping: after another tab changed it, a deliberate second save keeps
    the keys the page does not show (unknown_age_goes_to, ...) from the routing there is."""
    section = editor.SECTIONS["uden-for-aabningstid"]
    doc = plan_to_document(draft)
    data = _post_data(EditorPage(section, doc))
    routing = doc["routing"]
    assert set(routing) - {"out_of_hours"}, "the example routing has keys the page does not show"
    now = copy.deepcopy(doc)  # as another tab saved it (the page reads only the document)
    now["routing"]["out_of_hours"] = ["doegnvagt", "ny-vagt"]
    page = EditorPage(section, now, {**data, "version": editor.section_version(now, section)})
    assert page.is_valid()
    saved = page.values()[("routing",)]
    assert {k: v for k, v in saved.items() if k != "out_of_hours"} == {
        k: v for k, v in routing.items() if k != "out_of_hours"
    }


def test_a_cpr_number_as_the_new_drafts_name_is_refused(coordinator, ishoj_plan):
    """The version's name is shown on the public pages (the plan is public)."""
    with pytest.raises(ValidationError) as refused:
        services.plan_draft_new_version(actor=coordinator, from_plan=ishoj_plan, version_label="010203-1234")
    assert "version_label" in refused.value.message_dict


def _flagged_step(doc):
    """The place of the first procedure step the file marks before_involving_family."""
    for g, group in enumerate(doc["target_groups"]):
        for s, step in enumerate(editor.unwrap(group.get("procedure", {})).get("steps", [])):
            if isinstance(step, dict) and step.get("before_involving_family"):
                return g, s
    raise AssertionError("no flagged step")


def test_a_procedure_steps_gate_flags_survive_a_second_save_after_another_tabs_edit(
    coordinator_client, coordinator, draft
):
    """Attack (issue 16): a step's before_involving_family (read by the risk gate) was hidden on
    the page; after another tab edited the step's text, a deliberate second save could not match
    the row to its step and dropped the flag. The flags are shown as checkboxes and kept."""
    section = editor.SECTIONS["procedurer"]
    doc = plan_to_document(draft)
    g, s = _flagged_step(doc)
    page = EditorPage(section, doc)
    data = _post_data(page)
    form_index = next(i for i, p in enumerate(page.parts) if p.part.path == ("target_groups", g, "procedure", "steps"))
    assert data[f"del{form_index}-{s}-before_involving_family"] == "on"  # shown, not hidden

    def other_tab(values):
        step = values[("target_groups", g, "procedure", "steps")][s]
        step["text"] = step["text"] + " (rettet i en anden fane)"

    _save(coordinator, draft, "procedurer", other_tab)
    url = reverse("plan:edit_section", args=[draft.pk, "procedurer"])
    coordinator_client.post(url, data)  # refused: stale
    fresh = editor.section_version(plan_to_document(draft), section)
    assert coordinator_client.post(url, {**data, "version": fresh}).status_code == 302
    step = editor.unwrap(plan_to_document(draft)["target_groups"][g]["procedure"]["steps"][s])
    assert step.get("before_involving_family") is True


def test_a_gate_flag_can_be_set_and_cleared_in_the_editor(coordinator_client, draft):
    section = editor.SECTIONS["procedurer"]
    doc = plan_to_document(draft)
    g, s = _flagged_step(doc)
    page = EditorPage(section, doc)
    data = _post_data(page)
    form_index = next(i for i, p in enumerate(page.parts) if p.part.path == ("target_groups", g, "procedure", "steps"))
    data.pop(f"del{form_index}-{s}-before_involving_family")
    url = reverse("plan:edit_section", args=[draft.pk, "procedurer"])
    assert coordinator_client.post(url, data).status_code == 302
    step = editor.unwrap(plan_to_document(draft)["target_groups"][g]["procedure"]["steps"][s])
    assert not (isinstance(step, dict) and step.get("before_involving_family"))
