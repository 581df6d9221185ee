"""The JSON API's refused requests in the reader's language (common.request_lang: the `lang` query parameter, else
Accept-Language, else English): one RequestValidationError handler for every 422 of a field (pydantic's and the
routes' own), leading with a sentence that names each field and what it takes and keeping pydantic's details
(`loc`, `msg`, `type`) for programs; and the refusals' texts said by key."""

from __future__ import annotations

import re

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from .common import request_lang
from .texts import ui_text

MAX_ERRORS = 20  # errors of one request reported
PLACES = ("body", "query", "path", "header", "cookie")  # where a field was: not part of its name
# pydantic's error types by the text that says what the field takes (and the context value it names)
TAKES = {"missing": "api_missing", "string_too_long": "api_long", "too_long": "api_items",
         "literal_error": "api_choice", "enum": "api_choice", "date_parsing": "api_day",
         "date_from_datetime_parsing": "api_day", "date_type": "api_day", "int_parsing": "api_whole",
         "int_from_float": "api_whole", "int_type": "api_whole", "float_parsing": "api_number",
         "float_type": "api_number", "greater_than_equal": "api_min", "greater_than": "api_min",
         "less_than_equal": "api_max", "less_than": "api_max", "bool_parsing": "api_bool", "bool_type": "api_bool",
         "string_type": "api_text", "list_type": "api_list", "model_attributes_type": "api_object",
         "dict_type": "api_object", "model_type": "api_object", "json_invalid": "api_json",
         "extra_forbidden": "api_unknown", "string_pattern_mismatch": "api_form"}
BOUNDS = ("max_length", "min_length", "ge", "gt", "le", "lt")


def said(request, key: str, **values: object) -> str:
    """A refusal's text in the request's language."""
    return ui_text(request_lang(request), key).format(**values)


def field_of(loc: list, lang: str) -> str:
    """A field's name as a reader writes it ("question", "citations.0.quote"; the body itself when it is none)."""
    names = [str(part) for part in loc]
    return ".".join(names[1:] if names and names[0] in PLACES else names) or ui_text(lang, "api_body")


def problem(error: dict, lang: str) -> str:
    """What one field takes, in the reader's language."""
    field = field_of(list(error.get("loc", ())), lang)
    kind, ctx = str(error.get("type", "")), error.get("ctx") or {}
    bound = next((ctx[b] for b in BOUNDS if b in ctx), "")
    if kind == "string_too_short":
        key = "api_empty" if ctx.get("min_length") == 1 else "api_short"
    elif kind in ("string_pattern_mismatch", "string_too_long") and field.rsplit(".", 1)[-1] == "lang":
        key = "api_lang"
    else:
        key = TAKES.get(kind, "api_other")
    # the real values only: an empty one is the parameter left out (format="" is no format)
    choices = ", ".join(f'"{c}"' for c in re.findall(r"'([^']*)'", str(ctx.get("expected", ""))) if c)
    return ui_text(lang, key).format(field=field, n=bound, choices=choices, pattern=ctx.get("pattern", ""),
                                     reason=str(error.get("msg", ""))[:200])


def unprocessable(request, exc: RequestValidationError) -> JSONResponse:
    """422: `message`, a sentence in the reader's language naming each field and what it takes, then `detail`, each
    field and what is wrong with it as pydantic says it; never the value sent (a 20 MB field is not sent back)."""
    lang = request_lang(request)
    found = exc.errors()[:MAX_ERRORS]
    errors = [{"loc": list(e.get("loc", ()))[:6], "msg": str(e.get("msg", ""))[:200], "type": e.get("type", "")}
              for e in found]
    problems = "; ".join(dict.fromkeys(problem(e, lang) for e in found))
    return JSONResponse({"message": ui_text(lang, "api_invalid").format(problems=problems), "detail": errors},
                        status_code=422)


def refuse(loc: tuple, message: str, kind: str = "value_error", **ctx: object) -> RequestValidationError:
    """A route's own refusal of a field (a query of blanks, a title of blanks), said like pydantic's."""
    return RequestValidationError([{"loc": loc, "msg": message, "type": kind, "ctx": ctx}])
