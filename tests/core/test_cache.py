"""The Redis cache backend that keeps one redis-py client per connection pool."""

import os
import threading
import uuid

import pytest

from core.cache import RedisCache

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = pytest.mark.skipif(
    not REDIS_URL, reason="needs REDIS_URL (as in .ci/run's second round)"
)


@pytest.fixture
def redis_cache():
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield backend
    backend.clear()


def test_every_call_shares_one_client(redis_cache):
    client = redis_cache._cache.get_client("a")

    redis_cache.set("a", {"plats": "Storuman"}, 30)
    redis_cache.add("b", 2, 30)

    assert redis_cache._cache.get_client("b", write=True) is client
    assert redis_cache.get("a") == {"plats": "Storuman"}
    assert redis_cache.get_many(["a", "b", "c"]) == {"a": {"plats": "Storuman"}, "b": 2}
    assert redis_cache.incr("b") == 3


def test_threads_use_the_shared_client_safely(redis_cache):
    wrong = []

    def work(number: int) -> None:
        for step in range(100):
            key = f"{number}:{step}"
            redis_cache.set(key, (number, step), 30)
            if redis_cache.get(key) != (number, step):
                wrong.append(key)

    threads = [threading.Thread(target=work, args=(number,)) for number in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert wrong == []
    assert len(redis_cache._cache._clients) == 1
