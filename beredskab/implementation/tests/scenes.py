"""The implementation pages' forms for the double-post test (beredskab/cases/tests/test_double_submit.py):
(user, page, post_url, data, prefix) for each URL that makes or changes a record."""

from django.urls import reverse
from django.utils import timezone

from beredskab.accounts.models import Centre, Unit
from beredskab.core.roles import Role


def implementation_scene(make_user, name: str):
    coordinator = make_user(Role.PLAN_COORDINATOR, full_name="Karin Koordinator")
    today = timezone.localdate().isoformat()
    url = reverse(name)
    if name == "implementation:disseminate":
        unit = Unit.objects.get(code="straxen")
        return coordinator, None, url, {"units": [unit.pk]}, ""
    if name == "implementation:training_add":
        data = {
            "kind": "course",
            "title": "Negativ social kontrol",
            "organiser": "SIRI",
            "held_on": today,
            "hours": "6",
            "participants": [coordinator.pk],
        }
        return coordinator, None, url, data, ""
    if name == "implementation:training_requirements":
        return coordinator, None, url, {"roles": [Role.CHILD_CASEWORKER, Role.FRONTLINE]}, ""
    if name == "implementation:library_add":
        data = {
            "kind": "national",
            "title": "SIRI's vejledning",
            "url": "https://www.siri.dk/",
            "owner": coordinator.pk,
            "review_on": today,
        }
        return coordinator, None, url, data, ""
    if name == "implementation:meeting_add":
        centres = list(Centre.objects.order_by("pk").values_list("pk", flat=True)[:2])
        return coordinator, None, url, {"held_on": today, "centres": centres, "themes": "Skolernes rolle."}, ""
    raise AssertionError(f"no scene for {name}")
