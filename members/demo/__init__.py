"""Demo data for members, one module per sub-domain. ``councillors.load`` runs before the
meetings demo (committees need councillors); the others run after it (see ``website.demo``)."""

from members.demo import co_opted
from members.demo.councillors import load as load_councillors
from members.services import councillor_link_user


def load(*, by=None):
    """The councillors, then the co-opted members; returns the councillors."""
    councillors = load_councillors(by=by)
    co_opted.load(by=by)
    return councillors


def link_login(person, user) -> None:
    """Give a demo member their demo login, unless they already have one."""
    if person.user_id is None:
        councillor_link_user(councillor=person, user=user, by=None)


__all__ = ["link_login", "load"]
