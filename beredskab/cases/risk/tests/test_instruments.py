"""Risk instruments are data: loaded from YAML, validated with clear errors, never changed once
loaded, and never carrying a score."""

import textwrap

import pytest
from django.core.management import CommandError, call_command

from beredskab.audit.models import AuditEvent
from beredskab.cases.errors import CaseError
from beredskab.cases.risk.instruments import (
    InstrumentFileError,
    default_instrument_path,
    parse_instrument,
    read_instrument_file,
)
from beredskab.cases.risk.models import Factor, FactorGroup, Instrument
from beredskab.cases.risk.services import default_instrument, instrument_load

MINIMAL = textwrap.dedent(
    """
    code: test-instrument
    version: "1"
    name: Testinstrument
    groups:
      - code: a
        label: Gruppe A
        factors:
          - code: f1
            label: Faktor 1
          - code: f2
            label: Faktor 2
    """
)


def test_the_shipped_neutral_instrument_is_valid_and_has_no_score():
    data = read_instrument_file(default_instrument_path())
    assert data.code == "neutral-spj"
    labels = [f["label"] for g in data.groups for f in g["factors"]]
    assert len(labels) >= 12 and all(len(label) <= 200 for label in labels)
    content = str([data.name, data.description, data.licence_note, data.groups])
    for forbidden in ("PATRIARK", "DASH", "score", "point"):
        assert forbidden not in content


@pytest.mark.django_db
def test_the_command_loads_and_activates_an_instrument_once(tmp_path):
    path = tmp_path / "instrument.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    call_command("load_risk_instrument", str(path))
    call_command("load_risk_instrument", str(path))  # the same text again: nothing changes
    instrument = Instrument.objects.get()
    assert instrument.is_active
    assert list(FactorGroup.objects.values_list("label", flat=True)) == ["Gruppe A"]
    assert list(Factor.objects.values_list("code", flat=True)) == ["f1", "f2"]
    assert AuditEvent.objects.filter(action="risk.instrument_loaded").count() == 2


@pytest.mark.django_db
def test_a_changed_text_needs_a_new_version(tmp_path):
    instrument_load(actor=None, data=parse_instrument(MINIMAL))
    changed = parse_instrument(MINIMAL.replace("Faktor 2", "Faktor to"))
    with pytest.raises(CaseError, match="nyt versionsnummer"):
        instrument_load(actor=None, data=changed)
    newer, created = instrument_load(actor=None, data=parse_instrument(MINIMAL.replace('version: "1"', 'version: "2"')))
    assert created and newer.is_active
    assert Instrument.objects.filter(is_active=True).get() == newer


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- just a list", "YAML-ordbog"),
        ("code: [", "YAML kan ikke læses"),
        (MINIMAL.replace("label: Faktor 1", "label: ''"), "groups[0].factors[0].label: mangler"),
        (MINIMAL.replace("code: f2", "code: f1"), "bruges to gange"),
        (MINIMAL.replace("code: a", "code: 'A B'"), "kun små bogstaver"),
        (MINIMAL.replace("label: Faktor 1", "label: Faktor 1\n        score: 3"), "ingen score"),
        (MINIMAL.replace("name: Testinstrument", ""), "instrument.name: mangler"),
        ("code: x\nversion: '1'\nname: X\ngroups: []", "mindst én gruppe"),
    ],
)
def test_invalid_files_are_refused_with_the_place_of_each_error(text, message):
    with pytest.raises(InstrumentFileError) as error:
        parse_instrument(text)
    assert any(message in e for e in error.value.errors), error.value.errors


@pytest.mark.django_db
def test_the_command_reports_errors_clearly(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(MINIMAL.replace("label: Faktor 1", "label: ''"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"factors\[0\]\.label"):
        call_command("load_risk_instrument", str(path))
    with pytest.raises(CommandError, match="kan ikke læses"):
        call_command("load_risk_instrument", str(tmp_path / "missing.yaml"))


@pytest.mark.django_db
def test_the_default_instrument_is_loaded_on_first_use():
    instrument = default_instrument()
    assert instrument.code == "neutral-spj" and instrument.is_active
    assert default_instrument() == instrument
