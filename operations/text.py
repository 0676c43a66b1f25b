"""Control characters in text people send: refused at the edge (`middleware.ControlCharacterMiddleware`)
and by the write paths (`text_check`), so none reaches the database.

PostgreSQL cannot store NUL in text (the request answered 500); SQLite stores it, and a backup holding it
cannot be restored into PostgreSQL. The other C0/C1 control characters are invisible and have no place
in a note, a name or a parameter. Tab, line feed and carriage return are what a textarea sends.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A character of text as people send it (no control character), for patterns that schemas declare.
PLAIN = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # a path or a query: no line breaks either


def has_control_characters(text: str, *, multiline: bool = True) -> bool:
    return bool((CONTROL if multiline else CONTROL_IN_LINE).search(text))


def control_characters_message() -> str:
    return _("The text contains control characters (such as NUL); remove them and try again.")


def text_check(text) -> None:
    """A ValidationError (code "control_characters") when `text` holds control characters."""
    if isinstance(text, str) and has_control_characters(text):
        raise ValidationError(control_characters_message(), code="control_characters")


# The same rule as a validator of form and API fields, so the API's schema declares it as a pattern.
plain_text = RegexValidator(
    rf"^{PLAIN}*\Z",
    gettext_lazy("The text contains control characters (such as NUL); remove them and try again."),
    code="control_characters",
)
