"""The constitution settings page's form, as a browser posts it, for tests of any app."""

from __future__ import annotations

from democracy.constitution import EDITABLE, constitution


def constitution_form(**changes) -> dict[str, str]:
    """The constitution page's form as a browser posts it: every field as it stands, changed
    (``None`` leaves a field out)."""
    row = constitution()
    data: dict[str, str] = {}
    for name in EDITABLE:
        value = getattr(row, name)
        if name == "report_sign_offs":
            data[name] = "\n".join(value)
        elif name == "meeting_start_time":
            data[name] = f"{value:%H:%M}"
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = str(value)
    return data
