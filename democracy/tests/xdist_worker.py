"""Loaded with ``-p`` from pytest.ini, so it runs before pytest-django reads Django's settings.

Under pytest-xdist every worker has a test database of its own (pytest-django names it
``test_<name>_gw0``, ``_gw1``...). This gives each a Redis database of its own as well, by
pointing ``REDIS_URL`` at it for this process and the programs its tests start: the public page
cache, ``cache.clear()`` and the queues of one worker are never another's
(``democracy.tests.factories_worker.xdist_redis_databases``). A plain run is left as it is.
"""

from __future__ import annotations

import os

from democracy.tests.factories_worker import (
    DEFAULT_REDIS_URL,
    redis_url_for_this_process,
    xdist_worker,
)

if xdist_worker() is not None:
    os.environ["REDIS_URL"] = redis_url_for_this_process(
        os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)
    )
