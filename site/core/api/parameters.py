"""The filters an endpoint accepts, declared once for validation and the OpenAPI document.

An endpoint lists its ``Parameter``s in ``api_parameters``; the base view refuses
any other query parameter, a parameter given twice and a value that does not
parse, with a 400 and a JSON body naming the parameter.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from wagtail.api.v2.utils import BadRequestError

# The largest whole number a parameter or an id may be: every database column holds it.
LARGEST_INTEGER = 2**31 - 1
# ASCII digits only: int() would also take "١٢", " 12 " and "1_2".
INTEGER = re.compile(r"-?[0-9]{1,10}")


def parse_integer(name: str, raw: str, *, minimum: int = -LARGEST_INTEGER) -> int:
    """``raw`` as a whole number from ``minimum`` to LARGEST_INTEGER, else BadRequestError."""
    if INTEGER.fullmatch(raw) and minimum <= int(raw) <= LARGEST_INTEGER:
        return int(raw)
    if minimum == 0:
        message = _("%(name)s: ange ett heltal från 0 till %(largest)s, inte ”%(value)s”.")
    else:
        message = _("%(name)s: ange ett heltal, inte ”%(value)s”.")
    raise BadRequestError(message % {"name": name, "value": raw[:50], "largest": LARGEST_INTEGER})


@dataclass(frozen=True)
class Parameter:
    """One query parameter: its name, OpenAPI type and how a value is read.

    ``kind`` is ``"string"``, ``"integer"`` or ``"date"`` (ISO 8601, ``YYYY-MM-DD``).
    ``choices``, when given, returns the accepted values (read per request, so
    that counties or topics added later are accepted).
    """

    name: str
    description: str
    kind: str = "string"
    choices: Callable[[], list[str]] | None = field(default=None, compare=False)

    def parse(self, raw: str):
        """The value of ``raw``, or BadRequestError saying what was wrong."""
        if "\x00" in raw:
            raise BadRequestError(_("%(name)s: ogiltigt tecken.") % {"name": self.name})
        if self.kind == "integer":
            return parse_integer(self.name, raw)
        if self.kind == "date":
            try:
                return datetime.date.fromisoformat(raw)
            except ValueError:
                raise BadRequestError(
                    _("%(name)s: ange ett datum som ÅÅÅÅ-MM-DD, inte ”%(value)s”.")
                    % {"name": self.name, "value": raw[:50]}
                ) from None
        if self.choices is not None:
            accepted = self.choices()
            if raw not in accepted:
                raise BadRequestError(
                    _("%(name)s: okänt värde ”%(value)s”; giltiga värden: %(choices)s.")
                    % {"name": self.name, "value": raw[:50], "choices": ", ".join(accepted)}
                )
        return raw
