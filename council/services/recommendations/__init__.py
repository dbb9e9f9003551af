"""Recommendations (priekšlikumi): drafting, the lifecycle verbs, and reading them for pages.

`lifecycle` holds every write (each one checks role and state, writes a timeline event and an
audit entry, flushes, never commits); `lists` the register's and "my work"'s lists (filters,
pages of rows, CSV rows); `queries` the other reads (visibility, deadlines, the officers'
dashboard, one recommendation, the council page).
"""

from .lifecycle import (
    answer,
    check_state,
    close,
    create_recommendation,
    extend,
    next_number,
    record_implementation,
    register,
    send,
    today_for,
    update_recommendation,
    withdraw,
)
from .lists import (
    SORTS,
    Filters,
    ListedRecommendation,
    export_list,
    list_count_stmt,
    list_ids_stmt,
    list_stmt,
    my_work_clause,
    my_work_count_stmt,
    my_work_ids_stmt,
    my_work_stmt,
)
from .queries import (
    CouncilSection,
    DeadlineState,
    SourceInfo,
    addressee_choices,
    adopted_decisions,
    council_choices,
    council_municipality_id,
    council_section,
    deadline_state,
    deadline_states,
    get_visible,
    in_municipality,
    officer_choices,
    per_council_counts,
    source_info,
    summary,
    timeline,
    visible_clause,
)

__all__ = [
    "SORTS", "CouncilSection", "DeadlineState", "Filters",
    "ListedRecommendation", "SourceInfo",
    "addressee_choices", "adopted_decisions", "answer", "check_state", "close", "council_choices",
    "council_municipality_id", "council_section", "create_recommendation", "deadline_state",
    "deadline_states", "export_list", "extend", "get_visible", "in_municipality", "list_count_stmt",
    "list_ids_stmt", "list_stmt", "my_work_clause", "my_work_count_stmt",
    "my_work_ids_stmt", "my_work_stmt", "next_number",
    "officer_choices", "per_council_counts", "record_implementation", "register", "send",
    "source_info", "summary", "timeline", "today_for", "update_recommendation", "visible_clause",
    "withdraw",
]
