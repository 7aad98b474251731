"""The engine pool: one engine a run, reused, and never more kept idle than its bound."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from rules.base import Answers
from rules.vocabulary import YES
from triage.engine import EnginePool


def test_a_pool_keeps_at_most_its_bound_of_idle_engines() -> None:
    pool = EnginePool(max_idle=2)
    release = threading.Event()
    borrowed = threading.Barrier(6)

    def borrow() -> None:
        with pool.engine():
            borrowed.wait()
            release.wait()

    threads = [threading.Thread(target=borrow) for _ in range(5)]
    for thread in threads:
        thread.start()
    borrowed.wait()  # five engines lent at once
    release.set()
    for thread in threads:
        thread.join()
    assert pool.built == 5
    assert pool.idle == 2
    pool.warm(10)
    assert pool.idle == 2


def test_the_pool_never_lends_one_engine_to_two_runs_at_once() -> None:
    pool = EnginePool()
    lent: set[int] = set()
    clash = threading.Event()
    guard = threading.Lock()

    def borrow(_: int) -> None:
        with pool.engine() as engine:
            with guard:
                if id(engine) in lent:
                    clash.set()
                lent.add(id(engine))
            engine.start(Answers(sit_bone_pain=YES))
            engine.run()
            with guard:
                lent.discard(id(engine))

    with ThreadPoolExecutor(max_workers=6) as executor:
        list(executor.map(borrow, range(60)))
    assert not clash.is_set()
    assert 1 <= pool.built <= 6
