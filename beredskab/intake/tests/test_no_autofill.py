"""The report form is often filled in on a shared family device: the browser must not offer or
keep what was typed in it (issue 12, item 13d). Every field of the public and the staff report
form says autocomplete="off", the name, CPR, birth date, institution and e-mail fields first;
checked on the rendered pages, as the browser gets them."""

from html.parser import HTMLParser

import pytest

from beredskab.core.roles import Role

pytestmark = pytest.mark.usefixtures("ishoj_plan", "org")

NAMED_IN_THE_ISSUE = (
    "reporter_name",
    "reporter_email",
    "reporter_phone",
    "subject_name",
    "subject_cpr",
    "subject_birth_date",
    "subject_institution",
    "subject_address",
)


def _button_or_csrf(attributes: dict) -> bool:
    return attributes.get("type") in ("submit", "button") or attributes.get("name") == "csrfmiddlewaretoken"


class _Fields(HTMLParser):
    """The input, select and textarea elements inside the page's report form (method post)."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.fields: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self.in_form = True
        elif self.in_form and tag in ("input", "select", "textarea") and not _button_or_csrf(attributes):
            self.fields.append(attributes)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


def _report_form_fields(response) -> list[dict]:
    assert response.status_code == 200
    parser = _Fields()
    parser.feed(response.content.decode())
    return parser.fields


def _check(fields):
    names = {f.get("name") for f in fields}
    assert set(NAMED_IN_THE_ISSUE) <= names, set(NAMED_IN_THE_ISSUE) - names
    remembered = sorted({f.get("name") for f in fields if f.get("autocomplete") != "off"})
    assert not remembered, f"fields the browser may fill in or remember: {remembered}"


def test_every_field_of_the_public_report_form_is_kept_from_autofill(client):
    _check(_report_form_fields(client.get("/underretning/ny/")))


def test_also_when_the_form_comes_back_with_errors(client):
    response = client.post("/underretning/ny/", {"subject_name": "Amira"})
    assert response.status_code == 400
    response.status_code = 200  # parsed like the first page
    _check(_report_form_fields(response))


def test_every_field_of_the_staff_report_form_is_kept_from_autofill(client, make_user):
    client.force_login(make_user(Role.CHILD_CASEWORKER, "straxen"))
    _check(_report_form_fields(client.get("/underretning/registrer/")))
