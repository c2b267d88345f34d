"""`coach serve`: the app in a browser, served to this machine (or, asked, the network)."""
