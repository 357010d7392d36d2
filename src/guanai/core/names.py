"""Names of persons and their contacts: text a clerk reads, so nothing in it may be hidden.

A name is shown in lists, on cards, in exports and in messages. Characters that draw
nothing or turn the direction of the text — the bidirectional overrides and isolates
(U+202A–U+202E, U+2066–U+2069), the direction marks (U+200E, U+200F, U+061C), zero-width
spaces and joiners (U+200B–U+200D, U+2060, U+FEFF) and every other format or control
character — let two names that look alike differ, or make a name read as another (a
"reversed" name hiding an ID number, a duplicate that escapes the search). No name
needs them: Chinese, Tibetan, Yi and Uyghur names are written without them, and the middle
dot of transliterated names (·) is an ordinary character.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed

# Format (Cf: the bidi controls, zero-width characters), control (Cc), private-use (Co),
# surrogate (Cs) and unassigned (Cn) code points.
HIDDEN_CATEGORIES = frozenset({"Cf", "Cc", "Co", "Cs", "Cn"})


def hidden_characters(text: str) -> list[str]:
    """Return the hidden characters of ``text`` as code points ("U+202E"), in order."""
    return [f"U+{ord(ch):04X}" for ch in text if unicodedata.category(ch) in HIDDEN_CATEGORIES]


def name_problem(text: str) -> str:
    """Return why ``text`` cannot be a name (an invisible or direction-changing character),
    or "" when it can."""
    hidden = hidden_characters(text)
    if not hidden:
        return ""
    return _(
        "The name contains a character that cannot be seen or that changes the direction of "
        "the text (%(codes)s), often pasted from another program; type the name again."
    ) % {"codes": ", ".join(dict.fromkeys(hidden))}


def check_name_characters(text: str, *, field: str = "name") -> str:
    """Return ``text``, or refuse it if it holds an invisible or direction-changing character."""
    problem = name_problem(text)
    if problem:
        raise ValidationFailed(problem, field=field)
    return text
