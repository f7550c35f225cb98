"""Brazilian bank codes (COMPE) that the CNAB readers know by name."""

from __future__ import annotations

BANK_NAMES: dict[str, str] = {
    "001": "Banco do Brasil",
    "004": "Banco do Nordeste",
    "033": "Santander",
    "041": "Banrisul",
    "070": "BRB",
    "077": "Banco Inter",
    "085": "Ailos",
    "097": "Credisis (CentralCred)",
    "104": "Caixa Econômica Federal",
    "136": "Unicred",
    "224": "Banco Fibra",
    "237": "Bradesco",
    "260": "Nu Pagamentos (Nubank)",
    "336": "C6 Bank",
    "341": "Itaú Unibanco",
    "422": "Safra",
    "643": "Banco Pine",
    "707": "Banco Daycoval",
    "748": "Sicredi",
    "756": "Sicoob",
}


def normalise_bank_code(raw: str | None) -> str | None:
    """Three-digit COMPE code from ``"341"``, ``"0341"`` or ``"33"``; other ids unchanged."""
    if raw is None:
        return None
    value = raw.strip()
    if not value:
        return None
    if value.isdigit() and len(value) <= 4 and int(value) < 1000:
        return f"{int(value):03d}"
    return value
