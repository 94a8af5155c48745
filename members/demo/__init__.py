"""Demo data for members, one module per sub-domain. ``councillors.load`` runs before the
meetings demo (committees need councillors); the others run after it (see ``democracy.demo``)."""

from members.demo.councillors import load

__all__ = ["load"]
