"""The user guide inside the app (帮助): ``docs/guide.md`` rendered as a page.

The page shows the same file the repository keeps: ``guide.md`` here is a link to
``docs/guide.md``, which the build copies whole into the package (``package-data`` in
``pyproject.toml``), so an installed Guanai has it too. ``guide`` renders it, ``views``
serves it to every signed-in user.
"""

from guanai.accounts.help.guide import GUIDE_PATH, Guide, guide_render, load_guide

__all__ = ["GUIDE_PATH", "Guide", "guide_render", "load_guide"]
