"""The plan in force, published (issue 16): a public page made from the plan's data, with the
acute card one step away, and the same as a PDF."""

import pytest

from beredskab.plan import services
from beredskab.plan.models import ContactUnit

from .test_cards import pdf_text

pytestmark = pytest.mark.django_db


def test_the_plan_in_force_as_a_public_page(client, ishoj_guide_plan):
    response = client.get("/guide/planen/")
    html = response.content.decode()
    assert response.status_code == 200
    assert ishoj_guide_plan.title in html and "version 2024" in html
    assert "43 57 75 78" in html and "StraXen" in html  # contacts from the plan's data
    assert "Meget fravær fra" in html  # warning signs
    assert 'class="button button-secondary guide-acute-link" href="/guide/akut/"' in html  # acute one step away
    assert 'href="/guide/planen.pdf"' in html
    assert "no-store" in response.get("Cache-Control", "")


def test_the_plan_in_force_as_a_pdf(client, ishoj_guide_plan):
    response = client.get("/guide/planen.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert ishoj_guide_plan.title.split()[0] in text
    assert "43 57 75 78" in text and "StraXen" in text and "112" in text


def test_the_publication_follows_the_version_in_force(client, ishoj_guide_plan):
    draft = services.plan_draft_new_version(actor=None, from_plan=ishoj_guide_plan, version_label="2024.2")
    ContactUnit.objects.filter(plan=draft, code="straxen").update(phone="11 22 33 44")
    assert "11 22 33 44" not in client.get("/guide/planen/").content.decode()  # a draft is not published
    services.plan_adopt(actor=None, plan=draft, adopted_by="Ishøj Byråd", adopted_on=ishoj_guide_plan.adopted_on)
    assert "11 22 33 44" in client.get("/guide/planen/").content.decode()


def test_unconfirmed_revision_date_and_legal_reference_are_marked_on_the_page_and_the_pdf(client, ishoj_guide_plan):
    """Attack: every unconfirmed value the publication shows is marked, not only contact details
    (a revision date derived from "april 2024" and a legal reference the plan does not state)."""
    import datetime

    from beredskab.plan.models import DutyToReport

    plan = ishoj_guide_plan
    plan.revision_due = plan.revision_due or datetime.date(2028, 4, 1)
    plan.unconfirmed = {**plan.unconfirmed, "revision_due": "Regnet ud fra april 2024."}
    plan.save(update_fields=["revision_due", "unconfirmed"])
    duty = DutyToReport.objects.filter(target_group__plan=plan).exclude(legal_reference="").first()
    duty.unconfirmed = {**duty.unconfirmed, "legal_reference": "Ikke nævnt i planen."}
    duty.save(update_fields=["unconfirmed"])
    due = plan.revision_due.strftime("%Y")
    html = client.get("/guide/planen/").content.decode()
    assert f"{due} (datoen er ikke bekræftet)." in html
    assert f"({duty.legal_reference}, ikke bekræftet)" in html
    text = " ".join(pdf_text(client.get("/guide/planen.pdf").content).split())
    assert f"{due} (datoen er ikke bekræftet)." in text
    assert "ikke bekræftet)" in text.split(duty.legal_reference, 1)[1][:40]
