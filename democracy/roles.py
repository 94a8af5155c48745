"""Roles are Django Groups, created by a data migration; their names live here once.

Each role has a landing page. The mapping names URL patterns rather than importing views so that
this foundation module depends on no app.
"""

from enum import StrEnum


class Role(StrEnum):
    DEMOCRATIC_SERVICES_OFFICER = "Democratic Services Officer"
    DEMOCRATIC_SERVICES_MANAGER = "Democratic Services Manager"
    REPORT_AUTHOR = "Report Author"
    COUNCILLOR = "Councillor"
    CO_OPTED_MEMBER = "Co-opted Member"
    ELECTORAL_SERVICES_OFFICER = "Electoral Services Officer"
    APPEALS_CLERK = "Appeals Clerk"
    APPEALS_PANEL_MEMBER = "Appeals Panel Member"


# Where each role lands after signing in, most senior first: a user with several roles lands on
# the first that applies.
LANDING_PAGES: list[tuple[Role, str]] = [
    (Role.DEMOCRATIC_SERVICES_MANAGER, "admin:index"),
    (Role.DEMOCRATIC_SERVICES_OFFICER, "meetings:officer-home"),
    (Role.ELECTORAL_SERVICES_OFFICER, "elections:officer-home"),
    (Role.APPEALS_CLERK, "appeals:clerk-home"),
    (Role.REPORT_AUTHOR, "meetings:author-home"),
    (Role.APPEALS_PANEL_MEMBER, "appeals:panel-home"),
    (Role.COUNCILLOR, "members:portal"),
    (Role.CO_OPTED_MEMBER, "members:portal"),
]

# Roles that use the member portal: councillors, and co-opted members (Localism Act 2011
# s27(4): voting members of a committee who are not councillors), who register interests and
# receive allowances and papers for the committees they sit on. Calling in a decision stays
# with councillors.
MEMBER_ROLES: tuple[Role, ...] = (Role.COUNCILLOR, Role.CO_OPTED_MEMBER)

# Roles whose members work in the Django admin console (is_staff).
CONSOLE_ROLES = frozenset({Role.DEMOCRATIC_SERVICES_MANAGER})

# Roles held by council employees rather than elected members or volunteer panellists.
STAFF_ROLES = frozenset(
    {
        Role.DEMOCRATIC_SERVICES_OFFICER,
        Role.DEMOCRATIC_SERVICES_MANAGER,
        Role.REPORT_AUTHOR,
        Role.ELECTORAL_SERVICES_OFFICER,
        Role.APPEALS_CLERK,
    }
)
