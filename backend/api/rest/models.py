"""Building blocks of the REST request and response models (the OpenAPI source).

Field names are GraphQL's (camelCase), ids are the same global ids, money is the
``Money`` scalar's decimal string (``money_text``: at least two places, never a float)
and date-times are ISO 8601 with their offset, written by ``datetime.isoformat`` as
strawberry writes them, so one integrator can mix both APIs.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema
from pydantic.alias_generators import to_camel

from backend.api.graphql.relay import money_text

MONEY_PATTERN = r"^-?[0-9]+\.[0-9]{2,}$"

Money = Annotated[
    Decimal,
    PlainSerializer(money_text, return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": MONEY_PATTERN, "examples": ["1234.50"]},
        mode="serialization",
    ),
    WithJsonSchema(
        {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$", "examples": ["1234.50"]},
        mode="validation",
    ),
]
"""An amount of money: a decimal string with at least two places, as GraphQL's Money."""

DecimalText = Annotated[
    Decimal,
    PlainSerializer(lambda value: f"{value:f}", return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}),
]
"""A decimal that is not money (a score, a rate, a quantity), as GraphQL's Decimal."""

DateTime = Annotated[
    datetime,
    PlainSerializer(lambda value: value.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
"""An instant as GraphQL's DateTime writes it (``2026-10-01T12:00:00+00:00``)."""

Date = Annotated[date, WithJsonSchema({"type": "string", "format": "date"})]
"""A calendar date (``2026-10-01``)."""

GlobalId = Annotated[
    str, Field(description="The object's GraphQL global id (opaque).", min_length=1)
]

JsonObject = dict[str, Any]


class Output(BaseModel):
    """A response body: GraphQL's camelCase names, every field always present."""

    # from_attributes: a body is read from the GraphQL type the resolver builds
    # (``FileType.from_model``...), so both APIs convert a row in one place.
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        serialize_by_alias=True,
        from_attributes=True,
    )


class Input(BaseModel):
    """A request body: GraphQL's camelCase names; an unknown field is an error, not ignored
    (a typo must not silently drop a filter or a flag)."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", validate_by_name=True
    )


class ErrorBody(Output):
    """Every error: a stable machine-readable code, a message for people, and details
    (``fields`` for validation errors, ``retryAfter`` for rate limits)."""

    code: str = Field(examples=["NOT_FOUND"])
    message: str
    details: JsonObject


class PageInfo(Output):
    """Where a page sits in its list (the cursors of its first and last rows)."""

    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


class Links(Output):
    """Ready-made URLs of the neighbouring pages, with the same filters; null at an end."""

    next: str | None
    previous: str | None
