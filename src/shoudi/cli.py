"""The ``shoudi`` console script: Django's management commands under one name."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shoudi.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "shoudi"
    if len(args) > 1 and args[1] not in ("runserver", "serve"):
        # long commands (migrate, synth, screen run…): no web statement timeout (settings.DB_STATEMENT_TIMEOUT);
        # an operator's explicit SHOUDI_DB_STATEMENT_TIMEOUT still wins
        os.environ.setdefault("SHOUDI_DB_STATEMENT_TIMEOUT", "0")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
