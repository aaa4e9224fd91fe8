"""Threads (one context each, GIL released in batch calls), fork (no context
survives it), spawn, and a Border that pickles as what it was opened from."""
import multiprocessing as mp
import os
import pickle
import threading
import time

import pytest

import demarc
from demarc import _context
from conftest import DATA, random_points

LON, LAT = random_points(40000, seed=5)


def test_border_pickles_to_the_same_object(border):
    n = demarc.open_count()
    b2 = pickle.loads(pickle.dumps(border))
    assert b2 is border and demarc.open_count() == n
    d = demarc.open(DATA / "kz-uz", edge_model="rhumb")
    assert pickle.loads(pickle.dumps(d)) is d
    assert b"kz-uz" in pickle.dumps(d) and len(pickle.dumps(d)) < 300


def test_threads_each_get_a_context_and_the_same_answers(border):
    want = border.party(LON, LAT)
    ctxs, results, errors = {}, {}, []

    def work(i):
        try:
            ctxs[i] = _context.current()  # held here: it stays alive and distinct
            results[i] = border.party(LON[i::4], LAT[i::4])
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors
    assert len({int(demarc._ffi.cast("uintptr_t", c.ptr)) for c in ctxs.values()}) == 4
    assert _context.current() not in ctxs.values()
    for i in range(4):
        assert list(results[i]) == list(want[i::4])


def test_gil_released_during_batch(border):
    """While one thread is inside a long locate batch, another thread keeps
    running Python code at the pace it runs while this thread sleeps (which
    releases the GIL); had the call held the GIL, the spinner would only
    advance in the few milliseconds of Python before and after the C call."""
    lon, lat = random_points(300000, seed=9)
    done = threading.Event()
    ticks = [0]

    def spin():
        while not done.is_set():
            ticks[0] += 1

    t = threading.Thread(target=spin)
    t.start()
    try:
        c0, t0 = ticks[0], time.perf_counter()
        border.locate(lon, lat)  # one C call, ~1 s
        c1, t1 = ticks[0], time.perf_counter()
        time.sleep(t1 - t0)
        c2, t2 = ticks[0], time.perf_counter()
    finally:
        done.set()
        t.join()
    in_call = (c1 - c0) / (t1 - t0)
    asleep = (c2 - c1) / (t2 - t1)
    assert in_call > 0.25 * asleep, (in_call, asleep, t1 - t0)


def _child_party(conn, lon, lat):
    try:
        b = demarc.open()
        ctx = _context.current()
        conn.send((list(b.party(lon, lat)), ctx.pid == os.getpid(), demarc.open_count()))
    except Exception as e:  # pragma: no cover
        conn.send(e)


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_processes(border, method):
    _context.current()  # the parent has a context before forking
    want = list(border.party(LON[:5000], LAT[:5000]))
    ctx = mp.get_context(method)
    a, b = ctx.Pipe()
    p = ctx.Process(target=_child_party, args=(b, LON[:5000], LAT[:5000]))
    p.start()
    got = a.recv()
    p.join(60)
    assert p.exitcode == 0
    assert not isinstance(got, Exception), got
    party, own_ctx, opens = got
    assert party == want and own_ctx
    # a forked child reuses its parent's open border; a spawned one opens it once
    assert opens == (0 if method == "fork" else 1)


def test_os_fork_child_makes_its_own_context(border):
    parent_ctx = _context.current()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        ok = 0
        try:
            c = _context.current()
            ok = (c is not parent_ctx and c.pid == os.getpid()
                  and border.length() > 2e6 and border.party(69.24, 41.3) == "UZ")
        finally:
            os.write(w, b"1" if ok else b"0")
            os._exit(0)
    os.close(w)
    assert os.read(r, 1) == b"1"
    os.close(r)
    os.waitpid(pid, 0)
    assert _context.current() is parent_ctx


def _spawn_pool_work(args):
    b, lon, lat = args
    return list(b.party(lon, lat)), demarc.open_count()


def test_spawn_pool_opens_once_per_process(border):
    chunks = [(border, LON[i::8], LAT[i::8]) for i in range(8)]
    with mp.get_context("spawn").Pool(2) as pool:
        out = pool.map(_spawn_pool_work, chunks)
    for i, (party, opens) in enumerate(out):
        assert party == list(border.party(LON[i::8], LAT[i::8]))
        assert opens == 1
