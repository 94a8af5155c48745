"""Signals the results send, so that elections never imports members (ARCHITECTURE.md §2):
members, which may import elections, listens (``members.election_results``).

``terms_proposed`` asks what terms of office a declared result would create; each receiver
returns a list of lines for the officer to confirm. ``terms_confirmed`` is sent inside the
transaction of the officer's confirmation, so the terms are saved or rolled back with it; each
receiver returns the list of lines it created. ``result_declared`` is sent on commit of a
declaration, for anything that follows a declaration (nothing is created by it).
"""

from django.dispatch import Signal

# Sent with result=<ContestResult>. Receivers return a list of str.
terms_proposed = Signal()
# Sent with result=<ContestResult>, by=<user>. Receivers return a list of str.
terms_confirmed = Signal()
# Sent with result=<ContestResult>, by=<user>, on commit of the declaration.
result_declared = Signal()
