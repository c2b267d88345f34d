"""The screens the menu, the keys and the command palette can open, by name.

Imported only when a screen is opened, so starting the app loads just the menu.
"""

from __future__ import annotations

from textual.screen import Screen

SCREEN_TITLES: dict[str, tuple[str, str]] = {
    "walks": ("Walk log", "Time and log your short walks; see when the next one is due"),
    "rest": ("Resting positions", "Positions some find comfortable; a reminder to change position"),
    "history": ("History", "Walks, sessions and pain, day by day"),
    "follow-up": ("Follow-up care", "Appointments, medicines, test results, questions"),
    "settings": ("Settings", "Hold length, repetitions, neck problem, reminders"),
    "exercises": ("Your own exercises", "Make one, or copy one and change it; export it"),
    "about": ("About and safety", "What Back Coach is and is not; where your data is kept"),
    "help": ("Help", "Every key, screen by screen"),
}


def screen_type(name: str) -> type[Screen[None]]:
    """The screen class for a name in SCREEN_TITLES."""
    if name == "walks":
        from coach.screens.walks import WalkLogScreen

        return WalkLogScreen
    if name == "rest":
        from coach.screens.rest import RestScreen

        return RestScreen
    if name == "history":
        from coach.screens.history import HistoryScreen

        return HistoryScreen
    if name == "follow-up":
        from coach.screens.follow_up import FollowUpScreen

        return FollowUpScreen
    if name == "settings":
        from coach.screens.settings import SettingsScreen

        return SettingsScreen
    if name == "about":
        from coach.screens.about import AboutScreen

        return AboutScreen
    if name == "help":
        from coach.screens.help import HelpScreen

        return HelpScreen
    if name == "exercises":
        from coach.screens.exercises import ExercisesScreen

        return ExercisesScreen
    if name == "program":  # on the menu only while a program is kept
        from coach.screens.program import ProgramScreen

        return ProgramScreen
    raise KeyError(name)
