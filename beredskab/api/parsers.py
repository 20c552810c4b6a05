"""The API's JSON parser: DRF's, stricter about what a client can send.

- Nesting deep enough to exhaust Python's recursion (`[[[[…`) is a 400, not a 500.
- A key given twice in one object is refused: which value counts would otherwise depend on the
  parser (ours takes the last, a proxy or the sender's own checks may take the first).
- The message is ours (Danish/English by Accept-Language), never the decoder's English text
  with a position in the body.
"""

import codecs
import json

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json as drf_json


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    result: dict = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        """The body as JSON (UTF-8 unless the Content-Type names another charset). Raises
        ParseError (400, code parse_error) for anything that is not one well-formed JSON value."""
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        try:
            text = codecs.getreader(encoding)(stream).read()
            return json.loads(text, parse_constant=drf_json.strict_constant, object_pairs_hook=_unique_keys)
        except _DuplicateKey as duplicate:
            raise ParseError(_("Feltet %(key)s står mere end én gang i JSON.") % {"key": duplicate.key[:50]}) from None
        except (ValueError, RecursionError, LookupError):
            raise ParseError(_("Indholdet kunne ikke læses som JSON i UTF-8.")) from None
