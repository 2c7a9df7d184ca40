"""The shell around the business screens: login, main window, rail, status bar, idle lock."""
