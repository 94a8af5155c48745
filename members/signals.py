"""Signals other apps listen to, so that members never imports them (ARCHITECTURE.md §2).

``left_office`` is sent inside the transaction that ends a term of office, so what listeners
change (committee seats, for one) is saved or rolled back with the term.
"""

from django.dispatch import Signal

# Sent with councillor=<Councillor>, end_date=<first day out of office>, by=<user or None>.
left_office = Signal()
