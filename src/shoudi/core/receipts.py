"""回执号: the number a person keeps to ask how their complaint or online application stands (complaints, 网上申报).
Random (60 bits from ``secrets``), so nobody can walk the numbers to read other people's answers; read aloud over
the phone, so the alphabet leaves out the letters people confuse with digits (I, L, O, U), and what is typed back
is forgiven: full-width characters, lower case, spaces and hyphens, O for 0, I or L for 1."""

from __future__ import annotations

import secrets
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
LENGTH = 12
GROUP = 4
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_receipt() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(typed: str) -> str:
    """What a person typed as the stored form (``k7qm-2xrd 9htf`` → ``K7QM2XRD9HTF``); "" when it cannot be one."""
    wide = unicodedata.normalize("NFKC", str(typed or ""))
    text = "".join(ch for ch in wide.upper() if ch not in " -_\t").translate(_TYPED)
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return ""
    return text


def shown(receipt: str) -> str:
    """In groups of four, as printed on the page: ``K7QM-2XRD-9HTF``."""
    return "-".join(receipt[i : i + GROUP] for i in range(0, len(receipt), GROUP))
