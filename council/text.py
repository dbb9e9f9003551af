"""Small text helpers (pure)."""

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case without diacritics: 'Kursīši' → 'kursisi'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def slugify(text: str, max_length: int = 80) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug[:max_length].strip("-") or "x"
