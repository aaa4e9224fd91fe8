"""A real Dask cluster on loopback: one dask-scheduler and two dask-worker
processes (as separate nodes would run them), on ports of their own on
127.0.0.1, no dashboard, bounded in time and stopped at exit even on
failure.  Two million points are read from partitioned CSV files, located
on the workers, written back, and compared with the single-process answer;
each worker must have opened the border exactly once."""
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

import demarc
from conftest import random_points

pytestmark = pytest.mark.cluster
distributed = pytest.importorskip("distributed")
dd = pytest.importorskip("dask.dataframe")
ddask = pytest.importorskip("demarc.dask")

N_POINTS = 2_000_000
N_FILES = 8
DEADLINE_S = 300  # the whole computation; ctest's TIMEOUT is the outer bound


def _die_with_parent():
    # Linux: SIGTERM this server when the test process dies, however it dies
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _start(args, log):
    return subprocess.Popen([sys.executable, "-m", *args], stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)


def _stop(procs):
    for p in procs:
        if p.poll() is None:
            p.terminate()
    end = time.monotonic() + 15
    for p in procs:
        try:
            p.wait(max(0.1, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(5)


def _wait_for(path, procs, timeout_s):
    end = time.monotonic() + timeout_s
    while not path.exists() or not path.stat().st_size:
        if time.monotonic() > end or any(p.poll() is not None for p in procs):
            raise RuntimeError(f"the scheduler did not write {path}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    d = tmp_path_factory.mktemp("cluster")
    # port 0: the scheduler takes a free port on 127.0.0.1 and writes its
    # address into the scheduler file, where the workers and client read it
    sched_file = d / "scheduler.json"
    procs = []
    try:
        with open(d / "scheduler.log", "w") as log:
            procs.append(_start(["distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                 "--port", "0", "--no-dashboard", "--no-show",
                                 "--scheduler-file", str(sched_file),
                                 "--idle-timeout", "600s"], log))
        _wait_for(sched_file, procs, 60)
        for w in ("w1", "w2"):
            with open(d / f"{w}.log", "w") as log:
                procs.append(_start(["distributed.cli.dask_worker", "--scheduler-file",
                                     str(sched_file), "--host", "127.0.0.1", "--name", w,
                                     "--nthreads", "2", "--no-nanny", "--no-dashboard",
                                     "--death-timeout", "60", "--lifetime", "900s",
                                     "--local-directory", str(d / w)], log))
        client = distributed.Client(scheduler_file=str(sched_file), timeout=60)
        try:
            client.wait_for_workers(2, timeout=90)
            assert client.scheduler.address.startswith("tcp://127.0.0.1:")
            yield client, d
        finally:
            client.close()
    except Exception:
        for f in sorted(d.glob("*.log")):
            sys.stderr.write(f"---- {f.name}\n{f.read_text()[-3000:]}\n")
        raise
    finally:
        _stop(procs)
        assert all(p.poll() is not None for p in procs)


def _write_inputs(d):
    lon, lat = random_points(N_POINTS, seed=2026, pad=0.5)
    src = d / "in"
    src.mkdir()
    for i, (a, b) in enumerate(zip(np.array_split(lon, N_FILES), np.array_split(lat, N_FILES))):
        pd.DataFrame({"lon": a, "lat": b}).to_csv(src / f"points-{i}.csv", index=False)
    return src


def _read_parts(files, **kw):
    return pd.concat([pd.read_csv(f, **kw) for f in files], ignore_index=True)


@pytest.fixture
def scratch(cluster):
    """Folders for the inputs and outputs (~300 MB), removed after the test."""
    d = cluster[1] / "data"
    d.mkdir()
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_locate_on_cluster_equals_single_process(cluster, scratch):
    client, d = cluster[0], scratch
    src = _write_inputs(d)
    ddf = dd.read_csv(str(src / "points-*.csv"))
    assert ddf.npartitions >= N_FILES  # more partitions than workers
    out = ddask.locate(ddf, lon="lon", lat="lat")
    dst = d / "out"
    futures = client.compute(out.to_csv(str(dst / "located-*.csv"), index=False,
                                        compute=False))
    distributed.wait(futures, timeout=DEADLINE_S)
    for f in futures:
        f.result()

    opens = client.run(demarc.open_count)
    assert len(opens) == 2 and sorted(opens.values()) == [1, 1], opens

    inputs = _read_parts(sorted(src.glob("points-*.csv"),
                                key=lambda p: int(p.stem.split("-")[1])))
    files = sorted(dst.glob("located-*.csv"), key=lambda p: int(p.stem.split("-")[1]))
    got = _read_parts(files, dtype={"nearest_sign": str, "party": str},
                      keep_default_na=False, float_precision="round_trip")
    assert len(got) == len(inputs) == N_POINTS
    np.testing.assert_array_equal(got.lon.to_numpy(), inputs.lon.to_numpy())
    want = demarc.open().locate(inputs.lon.to_numpy(), inputs.lat.to_numpy())
    for k, v in want.items():
        if k in ("party", "nearest_sign"):
            assert list(got[k]) == ["" if x is None else x for x in v], k
        elif k == "on_border":
            assert (got[k].astype(str) == "True").tolist() == v.tolist()
        else:
            np.testing.assert_array_equal(got[k].to_numpy(), v, err_msg=k)


def test_parquet_round_trip(cluster):
    pytest.importorskip("pyarrow", reason="pyarrow is not in Debian 12: Parquet not tested")
    client, d = cluster
    lon, lat = random_points(200_000, seed=3)
    src = d / "pq-in"
    dd.from_pandas(pd.DataFrame({"lon": lon, "lat": lat}), npartitions=4).to_parquet(str(src))
    out = ddask.party(dd.read_parquet(str(src)))
    out.to_parquet(str(d / "pq-out"))
    got = pd.read_parquet(d / "pq-out")
    assert list(got.party) == list(demarc.open().party(lon, lat))


def test_readme_dask_example_runs(cluster, tmp_path):
    from test_readme import readme_block
    client, d = cluster
    code = readme_block("On a Dask cluster").replace("tcp://127.0.0.1:8786",
                                                     client.scheduler.address)
    lon, lat = random_points(20000, seed=12)
    for i in range(2):
        pd.DataFrame({"lon": lon[i::2], "lat": lat[i::2]}).to_csv(
            tmp_path / f"points-{i}.csv", index=False)
    old = os.getcwd()
    os.chdir(tmp_path)
    g = {}
    try:
        exec(compile(code, "README.md", "exec"), g)
    finally:
        os.chdir(old)
        if "client" in g:
            g["client"].close()  # the README's own client, before the cluster stops
    got = pd.concat([pd.read_csv(tmp_path / f"located-{i}.csv") for i in range(2)])
    assert len(got) == 20000 and set(got.party.dropna()) <= {"KZ", "UZ"}
