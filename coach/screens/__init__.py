"""One module per screen. Nothing is imported here, so the menu starts without the rest."""
