"""What the public may see of appeals: nothing.

Admission appeals (School Admission Appeals Code 2022, made under the School Standards and
Framework Act 1998 s84) and exclusion reviews (SI 2012/1033) are heard in private, their papers
concern children and their families, and decisions go only to the parties. So this module
exposes nothing, on purpose: the import contracts name it as the only part of ``appeals`` the
public side (the composition root, ``website``) may import, and anything added here is a decision
to publish that must cite what allows it (the first candidate is the appeals timetable an
admission authority publishes on its website by 28 February, once appeals model it).
"""

from __future__ import annotations

__all__: list[str] = []
