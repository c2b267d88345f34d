"""The settings' plain-value rules (`setting_values`) and the `Settings` model agree."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import time
from pathlib import Path
from typing import Any

import pytest

from coach.model.setting_values import KINDS, setting_values
from coach.model.settings import ExerciseChoice, Settings


def test_every_field_of_the_model_has_its_rule_in_the_same_order() -> None:
    """The first field of the wrong shape is the one named, so the order counts too."""
    assert list(KINDS) == [spec.name for spec in fields(Settings)]
    defaults = Settings()
    for name, kind in KINDS.items():
        default = getattr(defaults, name)
        if isinstance(kind, type):
            assert type(default) is kind, name
        else:
            assert kind in ("snooze", "choices") and name in ("snoozed_until", "choices")


@pytest.mark.parametrize(
    ("stored", "named"),
    [
        ({"bell": "yes"}, "settings.bell: must be true or false"),
        ({"snooze_minutes": True}, "settings.snooze_minutes: must be a whole number"),
        ({"snooze_minutes": 1441}, "settings.snooze_minutes: must be a whole number"),
        ({"waking_start": "8 o'clock"}, "waking_start: must be a time like 08:00"),
        ({"theme": 3}, "settings.theme: must be text"),
        ({"choices": []}, "settings.choices: must be a table"),
        ({"choices": {"cat-cow": {"reps": 2.5}}}, "settings.choices.cat-cow.reps"),
        ({"theme": 3, "bell": "yes"}, "settings.bell"),  # the first in the model's order
        ({"waking_start": "09:00+05:00"}, "waking_start: must be a time like 08:00"),
        ({"waking_end": "21:00Z"}, "waking_end: must be a time like 08:00"),
    ],
)
def test_a_field_of_the_wrong_shape_is_named_alike_by_both(
    stored: dict[str, Any], named: str
) -> None:
    with pytest.raises(ValueError, match=named) as plain:
        setting_values(stored)
    with pytest.raises(ValueError) as model:
        Settings.from_dict(stored)
    assert str(plain.value) == str(model.value)


def test_what_reads_reads_the_same_in_both() -> None:
    stored = {
        "waking_start": "07:30",
        "snoozed_until": "2026-05-04T10:00:00+00:00",
        "snooze_minutes": 30,
        "choices": {"cat-cow": {"hold_seconds": 20, "reps": None}},
        "snoozed_badly": None,
    }
    values = setting_values(stored)
    settings = Settings.from_dict(stored)
    assert values["waking_start"] == settings.waking_start == time(7, 30)
    assert values["snoozed_until"] == settings.snoozed_until
    assert settings.choices == {"cat-cow": ExerciseChoice(hold_seconds=20, reps=None)}
    assert values["choices"] == {"cat-cow": {"hold_seconds": 20, "reps": None}}
    assert "snoozed_badly" not in values  # unknown keys are not read


def test_waking_hours_with_an_offset_are_refused_in_one_line_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by an attack: "09:00+05:00" read as a time with an offset, and `status` died
    comparing it with the schedule's local times."""
    from coach.__main__ import main
    from coach.store.documents import SCHEMA_VERSION

    monkeypatch.setenv("COACH_NOW", "2026-05-04T12:00:00+00:00")
    db = tmp_path / "db.json"
    meta = {"schema_version": SCHEMA_VERSION}
    data = {"meta": {"1": meta}, "settings": {"1": {"waking_start": "09:00+05:00"}}}
    db.write_text(json.dumps(data))
    before = db.read_bytes()
    for args in (["status"], ["status", "--json"], ["walk", "list", "--json"]):
        assert main(["--db", str(db), *args]) == 1
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1
        assert "settings: waking_start: must be a time like 08:00" in err
    assert db.read_bytes() == before
