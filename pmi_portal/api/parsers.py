"""JSON bodies, read with a size limit and refused with a clear message when malformed."""

import codecs
import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils.json import strict_constant

from pmi_portal.api.exceptions import RequestTooLarge


class JSONParser(parsers.JSONParser):
    """DRF reads a JSON body past DATA_UPLOAD_MAX_MEMORY_SIZE; this parser stops at it."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(body) > limit:
            raise RequestTooLarge
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(codecs.decode(body, encoding), parse_constant=strict_constant)
        except json.JSONDecodeError as exc:
            raise ParseError(
                _("The request body is not valid JSON (line %(line)s, column %(column)s).")
                % {"line": exc.lineno, "column": exc.colno}
            ) from None
        except (ValueError, RecursionError):
            # Undecodable text, NaN or Infinity, or nesting deeper than Python's stack.
            raise ParseError(_("The request body is not valid JSON.")) from None
