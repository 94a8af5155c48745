"""One REDIS_URL, spelled for each client (both TCP and the embedded server's Unix socket)."""

from democracy import redis_urls


def test_tcp_urls_pass_through_and_change_database():
    url = "redis://127.0.0.1:6379/0"
    assert redis_urls.broker_url(url) == url
    assert redis_urls.result_backend_url(url) == url
    assert redis_urls.with_db(url, 15) == "redis://127.0.0.1:6379/15"


def test_socket_urls_are_respelled_for_celery_and_keep_their_database():
    url = "unix:///srv/app/var/redis/redis.sock?db=0"
    assert redis_urls.with_db(url, 15) == "unix:///srv/app/var/redis/redis.sock?db=15"
    assert redis_urls.broker_url(redis_urls.with_db(url, 15)) == (
        "redis+socket:///srv/app/var/redis/redis.sock?virtual_host=15"
    )
    assert (
        redis_urls.result_backend_url(url)
        == "redis+socket:///srv/app/var/redis/redis.sock?virtual_host=0"
    )
