#!/usr/bin/env python
"""Django's command-line entry point; starts the embedded PostgreSQL when no DATABASE_URL is set."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    from factcheck import embedded_database

    embedded_database.use_unless_configured()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
