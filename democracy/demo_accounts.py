"""The demo council's sign-in accounts (demo only: never created in production).

Kept free of Django imports so the launcher can print them without starting Django.
"""

from __future__ import annotations

from dataclasses import dataclass

from democracy.roles import Role

DEMO_PASSWORD = "kingsmere-demo"  # noqa: S105 - published in the README; demo only


@dataclass(frozen=True)
class DemoLogin:
    username: str
    first_name: str
    last_name: str
    role: Role


# The councillor account takes the name of the Leader of the council in the demo data; the
# co-opted member's is the independent member of the Audit and Governance Committee.
DEMO_LOGINS = [
    DemoLogin("officer", "Priya", "Shah", Role.DEMOCRATIC_SERVICES_OFFICER),
    DemoLogin("manager", "Gareth", "Evans", Role.DEMOCRATIC_SERVICES_MANAGER),
    DemoLogin("author", "Tom", "Okafor", Role.REPORT_AUTHOR),
    DemoLogin("councillor", "", "", Role.COUNCILLOR),
    DemoLogin("coopted", "Helen", "Marsh", Role.CO_OPTED_MEMBER),
    DemoLogin("electoral", "Hannah", "Lewis", Role.ELECTORAL_SERVICES_OFFICER),
    DemoLogin("clerk", "Sam", "Patel", Role.APPEALS_CLERK),
    DemoLogin("panel", "Margaret", "Doyle", Role.APPEALS_PANEL_MEMBER),
]


def describe_logins() -> str:
    lines = [f"  Demo logins (password for every account: {DEMO_PASSWORD})"]
    lines += [f"    {login.username:<11} {login.role.value}" for login in DEMO_LOGINS]
    return "\n".join(lines)
