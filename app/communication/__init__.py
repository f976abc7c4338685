"""Communication with participants: change notices, messages to chosen groups."""
