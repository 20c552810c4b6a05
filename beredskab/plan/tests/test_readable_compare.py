"""The comparison of two versions in words, per section (issue 16): added, removed and changed,
"StraXen: telefon 43 57 75 78 → 43 57 75 79", never YAML or places in the file."""

import datetime

import pytest

from beredskab.plan import services
from beredskab.plan.models import ContactUnit, OpeningHours, Partner, TargetGroup, WarningSign

pytestmark = pytest.mark.django_db


def _texts(sections) -> dict[str, list[str]]:
    return {section.title: [change.text for change in section.changes] for section in sections}


def test_differences_in_words_per_section(ishoj_plan):
    draft = services.plan_draft_new_version(actor=None, from_plan=ishoj_plan, version_label="2028")
    ContactUnit.objects.filter(plan=draft, code="straxen").update(phone="43 57 75 79")
    OpeningHours.objects.filter(unit__plan=draft, unit__code="cvv", weekday=4).update(closes=datetime.time(14, 0))
    TargetGroup.objects.filter(plan=draft, code="voksne").update(name="Voksne fra 18 år")
    sign = WarningSign.objects.filter(target_group__plan=draft, target_group__code="born").order_by("order").first()
    old_sign = sign.text
    sign.text = "Har ikke lov at deltage i fritidsaktiviteter"
    sign.save()
    removed = Partner.objects.filter(plan=draft).order_by("pk").last()
    removed_name = removed.name
    removed.delete()

    texts = _texts(services.plan_compare_sections(ishoj_plan, draft))
    assert "StraXen: telefon 43 57 75 78 → 43 57 75 79" in texts["Kontakter og åbningstider"]
    cvv = [t for t in texts["Kontakter og åbningstider"] if "fredag" in t]
    assert cvv and "08:00-13:30 → 08:00-14:00" in cvv[0] and "åbningstider" in cvv[0]
    groups = texts["Målgrupper"]
    assert "Voksne over 18 år: navn Voksne over 18 år → Voksne fra 18 år" in groups
    assert any(f"bekymringstegn nr. 1: {old_sign} → Har ikke lov" in t for t in groups)
    assert f"Fjernet: {removed_name}" in texts["Samarbejdspartnere"]
    assert "version 2024 → 2028" in texts["Planen"]
    every = [t for ts in texts.values() for t in ts]
    assert not any("units[" in t or "target_groups[" in t or "{" in t for t in every)  # no file places, no YAML


def test_a_version_compared_with_itself_has_no_sections(ishoj_plan):
    assert services.plan_compare_sections(ishoj_plan, ishoj_plan) == []
