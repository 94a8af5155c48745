"""Every write to members goes through a function here: keyword-only, atomic, validated, audited.
One module per sub-domain; the councillor services are re-exported for brevity."""

from members.services.councillors import (
    co_opted_member_create,
    co_option_end,
    co_option_start,
    councillor_create,
    councillor_link_user,
    group_create,
    group_dissolve,
    group_join,
    group_leave,
    term_end,
    term_start,
)

__all__ = [
    "co_opted_member_create",
    "co_option_end",
    "co_option_start",
    "councillor_create",
    "councillor_link_user",
    "group_create",
    "group_dissolve",
    "group_join",
    "group_leave",
    "term_end",
    "term_start",
]
