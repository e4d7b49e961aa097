#!/usr/bin/env python
import os
import sys

# Entry points that serve the app for real: they need the deployment's own secret key.
PRODUCTION_COMMANDS = {"db_worker"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from config.env import (
        MISSING_KEY_ADVICE,
        looks_like_production,
        secret_key_missing,
        use_throwaway_secret_key,
    )

    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if secret_key_missing():
        if command in PRODUCTION_COMMANDS or looks_like_production():
            sys.exit(f"manage.py {command} will not run: {MISSING_KEY_ADVICE}")
        use_throwaway_secret_key()

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
