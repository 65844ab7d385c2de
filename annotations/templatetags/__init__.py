"""Template tags and filters of the app, one library per page family."""
