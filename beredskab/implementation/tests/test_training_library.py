"""Training with coverage against the roles that must be trained, the employee's own record,
the staff library (links and scanned files, searchable) and network meetings."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.core.roles import Role
from beredskab.implementation import selectors, services
from beredskab.implementation.models import NetworkMeeting, Resource, TrainingActivity

pytestmark = pytest.mark.django_db


def _course(coordinator, participants, held_on=datetime.date(2025, 5, 1)):
    return services.training_record(
        actor=coordinator,
        kind="course",
        title="Opsporing",
        organiser="SIRI",
        held_on=held_on,
        hours=Decimal("6"),
        audience="Nøglemedarbejdere",
        participants=participants,
    )


def test_training_coverage_counted_by_hand(plan, coordinator, people):
    p = people
    services.training_requirements_set(actor=coordinator, roles=[Role.CHILD_CASEWORKER, Role.FRONTLINE])
    _course(coordinator, [p["cw1"], p["both"], p["f1"]])
    _course(coordinator, [p["cw2"]], held_on=datetime.date(2023, 1, 1))  # before the plan in force: not counted
    coverage = selectors.training_coverage()
    rows = {row["role"]: (row["trained"], row["expected"]) for row in coverage["per_role"]}
    # Case workers: Sara, Simon, Bodil, Fie = 4, trained Sara, Bodil. Frontline: Frida, Finn, Fatima, Bodil = 4,
    # trained Frida, Bodil. Overall (Bodil once): 7, trained 3.
    assert rows == {Role.CHILD_CASEWORKER: (2, 4), Role.FRONTLINE: (2, 4)}
    assert (coverage["trained"], coverage["expected"]) == (3, 7)
    assert coverage["since"] == datetime.date(2024, 4, 1)
    assert AuditEvent.objects.filter(action="implementation.training_recorded").count() == 2


def test_a_course_booked_for_next_year_trains_nobody_yet(plan, coordinator, people, time_machine):
    """Attack: the form takes dates up to 2 years ahead; a booked course with its participants
    made them count as trained today, and showed in their own record as taken."""
    time_machine.move_to(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False)
    services.training_requirements_set(actor=coordinator, roles=[Role.FRONTLINE])
    _course(coordinator, [people["f1"]], held_on=datetime.date(2027, 3, 1))
    assert selectors.training_coverage()["trained"] == 0
    assert selectors.training_record_of(people["f1"])["activities"] == []
    time_machine.move_to(datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC), tick=False)
    assert selectors.training_coverage()["trained"] == 1
    assert len(selectors.training_record_of(people["f1"])["activities"]) == 1


def test_an_employee_sees_their_own_training(client, plan, coordinator, people):
    _course(coordinator, [people["cw1"]])
    client.force_login(people["cw1"])
    page = client.get(reverse("implementation:my_training")).content.decode()
    assert "Opsporing" in page and "SIRI" in page and "1. maj 2025" in page
    client.force_login(people["cw2"])
    assert "Opsporing" not in client.get(reverse("implementation:my_training")).content.decode()


def test_the_training_form_keeps_the_input_and_shows_the_error_next_to_the_field(client, plan, coordinator, people):
    client.force_login(coordinator)
    data = {"kind": "webinar", "title": "Webinar om NSK", "organiser": "SIRI", "held_on": "2026-11-02", "hours": "abc"}
    response = client.post(reverse("implementation:training_add"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_hours_error"' in page and "Skriv et antal timer" in page
    assert 'value="Webinar om NSK"' in page
    data["hours"] = "2,5"
    data["participants"] = [people["cw1"].pk]
    assert client.post(reverse("implementation:training_add"), data).status_code == 302
    activity = TrainingActivity.objects.get()
    assert activity.hours == Decimal("2.5") and list(activity.participants.all()) == [people["cw1"]]


def test_requirements_are_configurable(client, plan, coordinator):
    client.force_login(coordinator)
    client.post(reverse("implementation:training_requirements"), {"roles": [Role.ADULT_TASKFORCE]})
    assert selectors.required_roles() == [Role.ADULT_TASKFORCE]


def test_the_library_takes_links_and_files_and_is_searchable(client, plan, coordinator, people):
    client.force_login(coordinator)
    base = {"kind": "local", "owner": coordinator.pk, "review_on": "2027-06-01"}
    response = client.post(reverse("implementation:library_add"), {**base, "title": "Uden link eller fil"})
    assert response.status_code == 400 and "Angiv et link eller vælg en fil" in response.content.decode()
    pdf = SimpleUploadedFile("procedure.pdf", b"%PDF-1.4 lokal procedure", content_type="application/pdf")
    response = client.post(
        reverse("implementation:library_add"), {**base, "title": "Procedure for skolen", "file": pdf}
    )
    assert response.status_code == 302
    fake = SimpleUploadedFile("virus.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(reverse("implementation:library_add"), {**base, "title": "Falsk", "file": fake})
    assert response.status_code == 400 and "ser ikke ud til at være en PDF-fil" in response.content.decode()
    services.resource_add(
        actor=coordinator,
        kind="national",
        title="SIRI-håndbog",
        url="https://siri.dk/",
        owner=coordinator,
        review_on=datetime.date(2027, 1, 1),
    )
    assert [r.title for r in selectors.resources_search("skolen procedure")] == ["Procedure for skolen"]
    assert [r.title for r in selectors.resources_search("", "national")] == ["SIRI-håndbog"]
    client.force_login(people["f1"])
    page = client.get(reverse("implementation:library") + "?q=siri").content.decode()
    assert "SIRI-håndbog" in page and "Procedure for skolen" not in page
    assert "Gennemgangen er overskredet" not in page
    Resource.objects.filter(title="SIRI-håndbog").update(review_on=datetime.date(2020, 1, 1))
    assert "Gennemgangen er overskredet" in client.get(reverse("implementation:library")).content.decode()
    resource = Resource.objects.get(title="Procedure for skolen")
    download = client.get(reverse("implementation:library_file", args=[resource.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 lokal procedure"
    assert download["Content-Type"] == "application/pdf"
    assert client.get(reverse("implementation:library_add")).status_code == 403


def test_network_meetings_refuse_cpr_numbers_and_need_two_centres(client, plan, coordinator, org):
    client.force_login(coordinator)
    centres = [org["centres"]["cbf"].pk, org["centres"]["cvv"].pk]
    data = {"held_on": "2026-11-20", "centres": centres, "themes": "Sagen om 150611-4233"}
    response = client.post(reverse("implementation:meeting_add"), data)
    assert response.status_code == 400 and "CPR-numre" in response.content.decode()
    response = client.post(
        reverse("implementation:meeting_add"), {**data, "centres": centres[:1], "themes": "Overgange"}
    )
    assert response.status_code == 400 and "mindst to centre" in response.content.decode()
    assert (
        client.post(reverse("implementation:meeting_add"), {**data, "themes": "Overgange ved 18 år"}).status_code == 302
    )
    meeting = NetworkMeeting.objects.get()
    assert meeting.centres.count() == 2
    assert "Overgange ved 18 år" in client.get(reverse("implementation:meetings")).content.decode()


def test_the_services_refuse_what_the_forms_refuse(plan, coordinator):
    from beredskab.implementation.errors import ImplementationError

    with pytest.raises(ImplementationError):
        services.resource_add(
            actor=coordinator,
            kind="local",
            title="Skadeligt link",
            url="javascript:alert(1)",
            owner=coordinator,
            review_on=datetime.date(2027, 1, 1),
        )
    with pytest.raises(ImplementationError):
        services.training_record(
            actor=coordinator,
            kind="course",
            title=" ",
            organiser="SIRI",
            held_on=datetime.date(2026, 1, 1),
            hours=Decimal(1),
        )
    assert not Resource.objects.exists() and not TrainingActivity.objects.exists()


def test_no_cpr_number_in_any_free_text_whichever_the_writer(client, plan, coordinator, org):
    """Attack: the CPR check was on the meeting form only. A service call (demo, a later API,
    the shell) or the training and library forms took '150611 4233' or '1506114233'."""
    import ast
    import inspect

    from beredskab.implementation.errors import ImplementationError

    centres = [org["centres"]["cbf"], org["centres"]["cvv"]]
    for cpr in ("150611-4233", "150611 4233", "1506114233"):
        with pytest.raises(ImplementationError):
            services.network_meeting_record(
                actor=coordinator, held_on=datetime.date(2026, 11, 2), centres=centres, themes=f"Sagen om {cpr}"
            )
        with pytest.raises(ImplementationError):
            services.training_record(
                actor=coordinator,
                kind="course",
                title="T",
                organiser="SIRI",
                held_on=datetime.date(2026, 1, 1),
                hours=Decimal(1),
                audience=f"Pigen {cpr}",
            )
    assert not NetworkMeeting.objects.exists()
    client.force_login(coordinator)
    data = {
        "kind": "local",
        "title": "Notat om 150611 4233",
        "url": "https://example.org/",
        "owner": coordinator.pk,
        "review_on": "2027-06-01",
    }
    response = client.post(reverse("implementation:library_add"), data)
    assert response.status_code == 409 and "CPR-numre" in response.content.decode()
    assert "Notat om 150611 4233" in response.content.decode()  # nothing typed is lost
    assert not Resource.objects.exists()
    # Every service that takes free text calls the one rule.
    tree = ast.parse(inspect.getsource(services))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            params = {a.arg for a in node.args.kwonlyargs}
            if params & {"title", "themes", "description", "audience"}:
                assert "refuse_personal_numbers(" in ast.unparse(node), node.name
    assert not services.contains_cpr("Ring 43 57 75 78 eller 112")


def test_a_wrong_file_and_a_wrong_meeting_can_be_taken_out_again(
    client, plan, coordinator, people, org, django_capture_on_commit_callbacks
):
    """Attack: the library and the meetings were add-only. A file uploaded by mistake (say, a
    case note) stayed readable by every employee, with no way out but the database."""
    from beredskab.implementation.errors import ImplementationError

    upload = SimpleUploadedFile("notat.pdf", b"%PDF-1.4 forkert fil", content_type="application/pdf")
    resource = services.resource_add(
        actor=coordinator,
        kind="local",
        title="Forkert fil",
        owner=coordinator,
        review_on=datetime.date(2027, 6, 1),
        upload=upload,
    )
    stored, storage = resource.file.name, resource.file.storage
    assert storage.exists(stored)
    meeting = services.network_meeting_record(
        actor=coordinator,
        held_on=datetime.date(2026, 11, 2),
        centres=[org["centres"]["cbf"], org["centres"]["cvv"]],
        themes="Overgange",
    )
    url = reverse("implementation:library_remove", args=[resource.pk])
    client.force_login(people["leader"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(coordinator)
    assert url in client.get(reverse("implementation:library")).content.decode()
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and Resource.objects.filter(pk=resource.pk).exists()
    stale = client.get(url).content.decode()  # a second tab
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Forkert fil lagt op"})
    assert response.status_code == 302
    assert not Resource.objects.exists() and not storage.exists(stored)
    assert client.get(reverse("implementation:library_file", args=[resource.pk])).status_code == 404
    assert "csrfmiddlewaretoken" in stale
    assert client.post(url, {"reason": "igen"}).status_code == 404  # gone: nothing to do twice
    with pytest.raises(ImplementationError):
        services.resource_remove(actor=coordinator, resource_id=resource.pk, reason="igen")
    event = AuditEvent.objects.get(action="implementation.resource_removed")
    assert event.new_values["reason"] == "Forkert fil lagt op" and "title" not in event.old_values
    meeting_url = reverse("implementation:meeting_remove", args=[meeting.pk])
    assert meeting_url in client.get(reverse("implementation:meetings")).content.decode()
    assert client.post(meeting_url, {"reason": "Registreret to gange"}).status_code == 302
    assert not NetworkMeeting.objects.exists()
    assert AuditEvent.objects.filter(action="implementation.meeting_removed").count() == 1


def test_a_role_that_does_not_exist_is_refused_not_stored(client, plan, coordinator):
    """Attack: the service stored any string as a required role; the training page and the goals
    dashboard then failed on Role(value) for everyone (a 500)."""
    from beredskab.implementation.errors import ImplementationError

    with pytest.raises(ImplementationError):
        services.training_requirements_set(actor=coordinator, roles=[Role.FRONTLINE, "<script>"])
    assert selectors.required_roles() == []
    client.force_login(coordinator)
    response = client.post(reverse("implementation:training_requirements"), {"roles": ["nobody"]})
    assert response.status_code == 400
    assert client.get(reverse("implementation:training")).status_code == 200
