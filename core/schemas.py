"""The answers of the API as types (issue 11): the bases every app's output schemas are made of.

An answer is an `Out` model that its app's presenter fills in (`<app>/presenters.py`) and its API
function returns; django-ninja serialises it and the OpenAPI document describes it field by field.
`Out` is a plain pydantic model, not `ninja.Schema`: a `Schema` re-reads every nested instance
through its ORM getter, validating each level again (about 15 times slower for a page of cases) and
forgetting which optional keys were given. Presenters pass values, never ORM objects, so nothing of
`Schema` is missed.
"""

import dataclasses
from typing import Annotated, Any

from django.utils.functional import Promise
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    GetJsonSchemaHandler,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    model_serializer,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema


class Out(BaseModel):
    """An answer of the API, or a part of one. Every key it carries is declared — an extra one is
    refused, so the document says `additionalProperties: false` and a presenter cannot send a key the
    document does not show — and every declared key is required (present, perhaps null) unless api.md
    marks it optional (`"rule"?`: a `Sparse` model)."""

    model_config = ConfigDict(extra="forbid")


class Sparse(Out):
    """An answer whose optional keys are left out when they do not apply, not written null (api.md's
    `"rule"?`, `"needs_discretion"?`). Only fields with a default are left out, and only when None;
    a required field stays, null or not."""

    @model_serializer(mode="wrap")
    def _leave_out_absent(self, handler: SerializerFunctionWrapHandler):
        # no return annotation: pydantic would describe the answer by it instead of by the fields
        fields = type(self).model_fields
        return {k: v for k, v in handler(self).items() if v is not None or fields[k].is_required()}


def _text(value: Any) -> Any:
    return str(value) if isinstance(value, Promise) else value


# A label of a choice (`TextChoices.label`): a lazy translation, read in the request's language.
Label = Annotated[str, BeforeValidator(_text)]


@dataclasses.dataclass(frozen=True)
class DescribedAs:
    """`Annotated[dict[str, Any], DescribedAs(T)]`: a JSON object kept exactly as stored (a case's
    `data`, a permit's `residence`), described in the document as `T` — the request schemas it was
    validated by when it was written. Validating it against `T` again would add the defaults of the
    keys it left out, and change the answer."""

    described: Any

    def __get_pydantic_json_schema__(self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
                                     ) -> JsonSchemaValue:
        return handler(TypeAdapter(self.described).core_schema)


class NoSection(Out):
    """An empty object: a section that was never filed (`{}`)."""
