"""`manage.py demo_data` finds each app's demo loader (its `demo.load()`) without naming the apps
above accounts, and loads them up the layers."""

import pytest
from django.core.management import call_command

from beredskab.accounts.management.commands.demo_data import demo_loaders
from beredskab.accounts.models import Unit
from beredskab.cases.models import Case
from beredskab.intake.models import Report
from beredskab.plan.models import Plan
from beredskab.safety.models import NoShow, SafetyPlan, Trip


def test_each_apps_demo_is_found_in_layer_order():
    assert [load.__module__ for load in demo_loaders()] == [
        "beredskab.plan.demo",
        "beredskab.intake.demo",
        "beredskab.cases.demo",
        "beredskab.taskforce.demo",
        "beredskab.adults.demo",
        "beredskab.safety.demo",
        "beredskab.implementation.demo",
    ]


@pytest.mark.django_db
def test_demo_data_loads_everything_and_twice_creates_nothing_new(capsys):
    call_command("demo_data")
    counts = (Plan.objects.count(), Report.objects.count(), Case.objects.count())
    call_command("demo_data")

    assert all(counts)
    assert (Plan.objects.count(), Report.objects.count(), Case.objects.count()) == counts
    assert "sagsbehandler@demo.example" in capsys.readouterr().out
    adult_inquiries = Report.objects.filter(receiving_unit__kind=Unit.Kind.ADULTS)
    assert adult_inquiries.exists()
    assert not adult_inquiries.filter(taskforce_assignment__owner__isnull=True).exists()
    from beredskab.implementation import models as implementation

    assert implementation.UnitDissemination.objects.exists() and implementation.Acknowledgement.objects.exists()
    assert implementation.TrainingActivity.objects.exists() and implementation.Resource.objects.exists()
    # Between the meetings: one safety plan with two scenarios, an open no-show and a return check.
    assert SafetyPlan.objects.filter(status="active").count() == 1
    assert SafetyPlan.objects.get().scenarios.count() == 2
    assert NoShow.objects.filter(handled_at__isnull=True).count() == 1
    assert Trip.objects.filter(return_task__isnull=False, returned_on__isnull=True).count() == 1
