"""The management commands: plan_validate, plan_load, plan_export, plan_route, plan_ensure_default."""

import json
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from beredskab.plan.models import Plan, PlanStatus

from .conftest import EXAMPLES, ISHOJ


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_plan_validate_ok_and_with_errors(tmp_path):
    out, _err = run("plan_validate", str(ISHOJ), str(EXAMPLES["nordby"]))
    assert f"{ISHOJ}: OK (8 warnings)" in out
    assert "warning: units[0].hours: not confirmed" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text(ISHOJ.read_text(encoding="utf-8").replace('fri: "08:00-13:30"', 'fri: "08-25"', 1), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 1 plan files have errors"):
        call_command("plan_validate", str(bad), stdout=StringIO(), stderr=err)
    assert f'{bad}: error: units[0].hours.fri: "08-25" is not a valid time range' in err.getvalue()


def test_plan_validate_reports_a_missing_file(tmp_path):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("plan_validate", str(tmp_path / "nope.yaml"), stdout=StringIO(), stderr=err)
    assert "no such file" in err.getvalue()


@pytest.mark.django_db
def test_plan_load_adopt_export_and_route():
    out, _err = run("plan_load", str(ISHOJ), "--adopt")
    assert "Loaded Ishøj Kommune version 2024" in out
    plan = Plan.objects.get()
    assert plan.status == PlanStatus.ADOPTED

    exported, _err = run("plan_export", "--municipality", "ishoj", "--version", "2024")
    assert exported.startswith("# Beredskabsplan for Ishøj Kommune, version 2024 (Vedtaget).")
    assert yaml.safe_load(exported)["units"][0]["email"] == "Underretninger@ishoj.dk"
    default, _err = run("plan_export")
    assert default == exported

    out, _err = run("plan_route", "--age", "15", "--at", "2026-11-27T16:40")
    answer = json.loads(out)
    assert answer["receiving_unit"]["code"] == "straxen"
    assert [c["unit_code"] for c in answer["contacts"]] == ["doegnvagt", "straxen", "straxen-sparring"]
    out, _err = run("plan_route", "--at", "2026-11-24T10:00", "--acute")
    answer = json.loads(out)
    assert answer["age"] is None
    assert answer["contacts"][0]["phone"] == "112"
    assert answer["receiving_unit"]["code"] == "straxen"


@pytest.mark.django_db
def test_plan_load_of_an_invalid_file_changes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        ISHOJ.read_text(encoding="utf-8").replace("  - code: straxen\n", "  - code: StraXen\n"), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("plan_load", str(bad), "--adopt", stdout=StringIO(), stderr=StringIO())
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_plan_load_with_other_version_label_and_adoption_from_the_command_line():
    run("plan_load", str(EXAMPLES["lyngmose"]), "--adopt", "--adopted-by", "Byrådet", "--adopted-on", "2026-02-01")
    run("plan_load", str(EXAMPLES["lyngmose"]), "--version-label", "2027-b")
    assert set(Plan.objects.values_list("version_label", "status")) == {("2027", "adopted"), ("2027-b", "draft")}
    with pytest.raises(CommandError, match="findes allerede"):
        call_command("plan_load", str(EXAMPLES["lyngmose"]), stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
def test_plan_export_and_route_without_a_plan():
    with pytest.raises(CommandError, match="No plan for municipality"):
        call_command("plan_export", "--municipality", "nordby", stdout=StringIO())
    with pytest.raises(CommandError, match="No plan is in force"):
        call_command("plan_route", "--age", "3", stdout=StringIO())


@pytest.mark.django_db
def test_plan_ensure_default_twice():
    out, _err = run("plan_ensure_default")
    assert out.strip() == "Plan in force: Ishøj Kommune version 2024"
    run("plan_ensure_default")
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_plan_load_refuses_a_council_decision_after_today():
    """The same fault as in the staff pages: a future adoption date would put the plan in force
    at once and the guide would say it was adopted on a day that has not come."""
    import datetime

    from beredskab.core import dates

    later = (dates.today() + datetime.timedelta(days=60)).isoformat()
    err = StringIO()
    with pytest.raises(CommandError, match="not loaded"):
        call_command(
            "plan_load",
            str(EXAMPLES["lyngmose"]),
            "--adopt",
            "--adopted-by",
            "Byrådet",
            "--adopted-on",
            later,
            stdout=StringIO(),
            stderr=err,
        )
    assert "the council's decision cannot be after today" in err.getvalue()
    assert not Plan.objects.exists()
