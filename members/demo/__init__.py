"""Demo data for members, one module per sub-domain. ``councillors.load`` runs before the
meetings demo (committees need councillors); the others run after it (see ``democracy.demo``)."""

from members.demo import co_opted
from members.demo.councillors import load as load_councillors


def load(*, by=None):
    """The councillors, then the co-opted members; returns the councillors."""
    councillors = load_councillors(by=by)
    co_opted.load(by=by)
    return councillors


__all__ = ["load"]
