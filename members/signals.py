"""Signals other apps listen to, so that members never imports them (ARCHITECTURE.md §2).

``left_office`` is sent inside the transaction that ends a term of office, so what listeners
change (committee seats, for one) is saved or rolled back with the term.

``training_required`` asks the other apps what training a member's duties there require
(meetings: the modules the committees they sit on require), for their training record.
"""

from django.dispatch import Signal

# Sent with councillor=<Councillor>, end_date=<first day out of office>, by=<user or None>.
left_office = Signal()

# Sent with councillor=<Councillor>, on=<date>. Each receiver returns an iterable of
# (training module id, reason) pairs, the reason naming what requires it (a committee's name).
training_required = Signal()
