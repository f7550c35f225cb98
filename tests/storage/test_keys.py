"""Object keys never let a client-chosen name escape its folder."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.storage.keys import MAX_NAME, is_valid_key, object_key, safe_filename

ORG = uuid.UUID("22222222-2222-4222-8222-222222222222")
OBJ = uuid.UUID("33333333-3333-4333-8333-333333333333")


def test_key_layout() -> None:
    key = object_key(ORG, "NF-e 123.xml", at=datetime(2026, 1, 31, tzinfo=UTC), object_id=OBJ)
    assert key == f"{ORG}/2026/01/{OBJ}_NF-e_123.xml"
    assert is_valid_key(key)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\extrato.ofx", "extrato.ofx"),
        ("Relatório Março.csv", "Relatorio_Marco.csv"),
        ("...", "file"),
        ("", "file"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_long_names_keep_their_extension() -> None:
    name = safe_filename("a" * 500 + ".xml")
    assert len(name) <= MAX_NAME
    assert name.endswith(".xml")


@given(st.text(max_size=300))
def test_any_name_gives_a_valid_key(name: str) -> None:
    key = object_key(ORG, name, at=datetime(2026, 12, 1, tzinfo=UTC), object_id=OBJ)
    assert is_valid_key(key)
    assert key.count("/") == 3
