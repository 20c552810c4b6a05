"""The public form about an adult: once the reporter says the person is an adult (the guide's
link for the adult group, or an age in the plan's adult band), the form, the page shown again
with errors, the receipt page and the e-mails speak of neither parents nor children."""

import uuid

import pytest
from django.core import mail

pytestmark = pytest.mark.usefixtures("ishoj_plan", "org")
FORM = "/underretning/ny/"
# Case-insensitive: the form's help texts begin sentences ("Forældre får ...").
CHILDREN_WORDS = ("barnets lov", "barnet", "børnefaglig", "§ 136", "§ 137", "forældre", "andre børn")


def _children_words(text: str) -> list[str]:
    lowered = text.lower()
    return [word for word in CHILDREN_WORDS if word in lowered]


def _post(**overrides):
    data = {
        "submission_token": str(uuid.uuid4()),
        "reporter_kind": "private",
        "reporter_name": "Nabo Niels",
        "reporter_phone": "12345678",
        "subject_name": "Yasmin Voksensen",
        "subject_approximate_age": "30",
        "subject_knows": "no",
        "family_knows": "no",
        "is_acute": "no",
        "narrative": "Hun bliver fulgt til og fra arbejde af sin bror.",
    }
    data.update(overrides)
    return data


def test_the_guides_link_for_adults_opens_the_form_in_the_citizens_words(client):
    page = client.get(FORM, {"gruppe": "voksne"}).content.decode()
    assert "Henvendelse om en voksen" in page and "Send henvendelsen" in page
    assert _children_words(page) == []
    children = client.get(FORM, {"gruppe": "born"}).content.decode()
    assert "forældre" in children.lower()  # the children's form still tells the truth about parents


def test_an_adults_age_turns_the_form_shown_again_to_the_citizens_words(client):
    """No group chosen: the form is for everyone; an age of 30 sent with an error brings it back
    without parents, children or children's signs, everything typed kept."""
    response = client.post(FORM, _post(narrative=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert _children_words(page) == [], _children_words(page)
    assert "Henvendelsen er ikke sendt endnu" in page and "Yasmin Voksensen" in page
    assert "skolegang" not in page and "deltagelse på arbejdsmarkedet" in page  # the adult group's signs only
    by_birth_date = client.post(FORM, _post(narrative="", subject_approximate_age="", subject_birth_date="01-01-1990"))
    assert _children_words(by_birth_date.content.decode()) == []


def test_the_receipt_and_the_emails_of_an_adults_inquiry(client, settings):
    response = client.post(FORM, _post(reporter_email="niels@example.org"))
    assert response.status_code == 302
    receipt = client.get(response["Location"]).content.decode()
    assert "serviceloven" in receipt and _children_words(receipt) == []
    for message in mail.outbox:
        assert _children_words(f"{message.subject} {message.body}") == [], message.subject
