"""Who gives each sign-off on a report: the holders of the council's sign-off roles (Legal,
Finance, Director and any the council adds: ``democracy.constitution.sign_off_chain``), each a named user,
with deputies who may sign off in their absence."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from democracy.constitution import sign_off_chain

__all__ = ["SignOffHolder"]


class SignOffHolder(models.Model):
    """A user who gives one sign-off role's clearance in their own account (or deputises)."""

    role = models.CharField(max_length=50)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sign_off_roles"
    )
    deputy = models.BooleanField(
        default=False, help_text="A deputy signs off when the holder is away."
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    # Staff assignments, shown to officers only.
    all_objects = models.Manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["role", "deputy", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["role", "user"], name="sign_off_holder_once_per_role")
        ]

    def __str__(self) -> str:
        kind = "deputy" if self.deputy else "holder"
        return f"{self.role} {kind}: {self.user}"

    def clean(self) -> None:
        super().clean()
        chain = sign_off_chain()
        if self.role not in chain:
            raise ValidationError({"role": f"Choose a sign-off role: {', '.join(chain)}."})
