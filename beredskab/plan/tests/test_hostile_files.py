"""Plan files cannot exhaust the server (issue 12, finding 6): aliases, deep nesting and huge
files are refused with a clear message naming the line, and a message repeats at most a short
piece of a wrong value."""

import pytest

from beredskab.plan.loader import PLAN_FILE_MAX_BYTES, parse_yaml, validate_plan_file
from beredskab.plan.validation import PlanFileInvalid

BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]" for i in range(9)]
    + ["municipality: {code: x, name: *j}"]
)


def test_an_alias_bomb_is_refused_at_once_with_its_line():
    with pytest.raises(PlanFileInvalid) as refused:
        parse_yaml(BOMB)
    assert "aliases" in refused.value.errors[0] and "line 1" in refused.value.errors[0]


def test_aliases_for_repeated_values_are_fine():
    assert parse_yaml("a: &hours {mon: '8-15'}\nb: *hours\n") == {"a": {"mon": "8-15"}, "b": {"mon": "8-15"}}


def test_deep_nesting_is_refused_with_its_line():
    deep = "x: " + "[" * 5000 + "]" * 5000
    with pytest.raises(PlanFileInvalid) as refused:
        parse_yaml(deep)
    assert "nested more than" in refused.value.errors[0] and "line 1" in refused.value.errors[0]


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * (PLAN_FILE_MAX_BYTES + 1))
    result = validate_plan_file(path)
    assert not result.ok and "larger than" in result.errors[0]


def test_a_message_repeats_only_a_short_piece_of_a_wrong_value():
    from beredskab.plan.validation import validate_plan_data

    result = validate_plan_data({"municipality": {"code": "x" * 100_000, "name": 12345}, "version": ["y" * 100_000]})
    assert not result.ok
    assert all(len(message) < 600 for message in result.errors)
