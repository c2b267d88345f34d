"""One module per screen. SCREENS maps the names used by the menu and the palette."""

from __future__ import annotations

from textual.screen import Screen

from coach.screens.about import AboutScreen
from coach.screens.follow_up import FollowUpScreen
from coach.screens.help import HelpScreen
from coach.screens.history import HistoryScreen
from coach.screens.rest import RestScreen
from coach.screens.settings import SettingsScreen
from coach.screens.walks import WalkLogScreen

SCREENS: dict[str, type[Screen[None]]] = {
    "rest": RestScreen,
    "walks": WalkLogScreen,
    "history": HistoryScreen,
    "settings": SettingsScreen,
    "about": AboutScreen,
    "follow-up": FollowUpScreen,
    "help": HelpScreen,
}

SCREEN_TITLES: dict[str, tuple[str, str]] = {
    "rest": ("Resting positions", "Comfortable ways to rest, and a reminder to change position"),
    "walks": ("Walk log", "Time and log your short walks; see when the next one is due"),
    "history": ("History", "Your exercise sessions so far"),
    "settings": ("Settings", "Hold length, repetitions, neck problem, reminders"),
    "about": ("About and safety", "What Back Coach is and is not; where your data is kept"),
    "follow-up": ("Follow-up care", "Appointments, problems, test results and medicines"),
    "help": ("Help", "Every key, screen by screen"),
}
