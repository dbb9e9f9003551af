"""Small text helpers (pure)."""

import re
import unicodedata
from functools import lru_cache


def fold(text: str) -> str:
    """Lower-case without diacritics: 'Kursīši' → 'kursisi'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=4096)
def sort_key(name: str) -> tuple[str, str]:
    """Alphabetical order the Latvian way ("Ādaži" among the A's), for the names lists are
    sorted by on every request (municipalities): remembered, as names seldom change."""
    return fold(name), name


def slugify(text: str, max_length: int = 80) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug[:max_length].strip("-") or "x"
