"""The settings' plain-value rules (`setting_values`) and the `Settings` model agree."""

from __future__ import annotations

from dataclasses import fields
from datetime import time
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
