"""The per-thread key cache: a rollback forgets one thread's keys, a rename every thread's."""

from __future__ import annotations

import threading

from annotator.store.key_cache import KeyCache


def _in_other_thread(cache: KeyCache) -> dict[str, int]:
    seen: dict[str, int] = {}
    worker = threading.Thread(target=lambda: seen.update(cache.keys))
    worker.start()
    worker.join()
    return seen


def test_each_thread_has_its_own_keys() -> None:
    cache = KeyCache()
    cache.keys["actor"] = 1
    assert _in_other_thread(cache) == {}
    assert cache.keys == {"actor": 1}


def test_forget_empties_this_thread_only_and_changed_empties_all() -> None:
    cache = KeyCache()
    filled, forgotten, read, changed = (threading.Event() for _ in range(4))
    seen: list[dict[str, int]] = []

    def worker() -> None:
        cache.keys["claim"] = 3
        filled.set()
        forgotten.wait(5)
        seen.append(dict(cache.keys))
        read.set()
        changed.wait(5)
        seen.append(dict(cache.keys))

    thread = threading.Thread(target=worker)
    thread.start()
    cache.keys["actor"] = 1
    filled.wait(5)
    cache.forget()  # this thread's rollback
    assert cache.keys == {}
    cache.keys["weapon"] = 2
    forgotten.set()
    read.wait(5)
    cache.changed()  # a rename: every thread starts afresh
    changed.set()
    thread.join(5)
    assert seen == [{"claim": 3}, {}]
    assert cache.keys == {}
