"""The Saldus demo data. Each feature adds a step; every step is idempotent (loads once).

Demo passwords are for demo data only, never for production.
"""

from collections.abc import Iterator

from . import councils, elections, foundation, meetings, minutes, recommendations

DEMO_PASSWORD = "padome-demo"  # noqa: S105 - documented demo password, demo data only

STEPS = [foundation.seed, councils.seed, elections.seed, meetings.seed, minutes.seed,
         recommendations.seed]


def seed() -> Iterator[str]:
    for step in STEPS:
        yield from step(DEMO_PASSWORD)
