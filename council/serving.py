"""Settings for a process that serves requests (`app.py`: gunicorn's workers, `flask run`)."""

from __future__ import annotations

import gc

# Allocations between two collections of the youngest generation (Python's default: 700). A page
# allocates tens of thousands of short-lived objects, nearly all freed by reference counting, so
# most collections find nothing to free. Higher is not better: a collection walks every object
# still alive in its generations, and a protocol being built keeps many alive — at 50,000 the
# .docx's p95 went from 70 to 87 ms (the middle generation, collected every tenth time, held
# half a million objects). 2,000 keeps the .docx's tail where it was.
YOUNG_THRESHOLD = 2_000


def settle_garbage_collector() -> None:
    """After start-up: what the app has loaded (modules, mappers, templates, the catalogues)
    lives as long as the process, so it leaves the collector's generations for good
    (`gc.freeze`: the full collections that walked it took 85 ms each), and the youngest
    generation is collected every YOUNG_THRESHOLD allocations instead of every 700."""
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
