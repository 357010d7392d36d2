"""The ``guanai`` console script: Django's manage.py with dashes allowed in command names.

``guanai import-orgs FILE`` runs the ``import_orgs`` management command, and so on.
"""

from __future__ import annotations

import gc
import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanai.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    execute_from_command_line(args)
    if argv is None:
        # The console script's command has ended and the process ends with it: spare
        # Python's shutdown its walks over every object still alive (half a second after
        # a 100,000-row roster import, issue 12 point 19). Only the cyclic collector skips
        # them; modules, files and the database connection are released as before.
        gc.freeze()


if __name__ == "__main__":
    main()
