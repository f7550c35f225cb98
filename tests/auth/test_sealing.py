"""Sealed secrets open with the same key only, and tampering is detected."""

from __future__ import annotations

import pytest

from backend.auth.sealing import SealBroken, SecretBox


def test_seal_round_trip_and_wrong_key_and_tampering() -> None:
    box = SecretBox(b"key one")
    sealed = box.seal("JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in sealed
    assert box.open(sealed) == "JBSWY3DPEHPK3PXP"
    with pytest.raises(SealBroken):
        SecretBox(b"key two").open(sealed)
    tampered = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
    with pytest.raises(SealBroken):
        box.open(tampered)
