#!/usr/bin/env python3
"""bench_python.py -- the Python package (bindings/python) against the
natural Python alternatives, in one run, on N points (default 1,000,000)
uniform over the border's extent plus 1 degree (fixed seed):

  party:  demarc Border.party (codes) and Border.party_index (ints) vs
          shapely 1.8 shapely.vectorized.contains on both prepared
          territories (from demarc.geopandas.territories), and vs geopandas
          sjoin of the points with the territories (points_from_xy timed
          apart: a user starting from lon/lat columns pays it too).
          Targets (issue 16): party >= 10x shapely, >= 30x sjoin.
  overhead: each binding call vs the bare C batch call it wraps
          (demarc_party_batch / demarc_locate_batch called through cffi on
          the same packed arrays, preallocated outputs).  Target <= 10 %.

Informational: never run by ctest.  Medians of RUNS runs (sjoin: SJOIN_RUNS).
Run with the interpreter the package is installed in, e.g. after ctest:
  build/bindings/python/pytest/venv/bin/python tests/bench/bench_python.py [N]
The machine may be shared: read the ratios, measured in the same run.
"""
import statistics
import sys
import time

import numpy as np

import demarc
from demarc import _ffi as ffi
from demarc import _lib as lib

RUNS = 5
SJOIN_RUNS = 3


def median_time(fn, runs):
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts), ts


def paired(base, other, runs):
    """Median times of base and other run back to back (order alternating
    between rounds, so that a change in the machine's load hits both), and
    the median of the per-round ratios other / base."""
    tb, to, ratios = [], [], []
    for r in range(runs):
        pair = [base, other] if r % 2 == 0 else [other, base]
        t = {}
        for fn in pair:
            t0 = time.perf_counter()
            fn()
            t[fn] = time.perf_counter() - t0
        tb.append(t[base])
        to.append(t[other])
        ratios.append(t[other] / t[base])
    return statistics.median(tb), statistics.median(to), statistics.median(ratios)


class TimedLib:
    """Stands in for the package's cffi lib and times the batch calls, so
    that one binding call splits into its time inside C and around it."""

    def __init__(self, real):
        self._real, self.inside = real, 0.0

    def __getattr__(self, name):
        return getattr(self._real, name)

    def _timed(self, name, *args):
        t0 = time.perf_counter()
        rc = getattr(self._real, name)(*args)
        self.inside += time.perf_counter() - t0
        return rc

    def demarc_party_batch(self, *args):
        return self._timed("demarc_party_batch", *args)

    def demarc_locate_batch(self, *args):
        return self._timed("demarc_locate_batch", *args)


def outside_share(fn, runs):
    """Median over runs of (time of fn - time inside the C batch calls) /
    time inside: the binding's own cost, free of run-to-run load changes."""
    import demarc._border as border_mod
    real = border_mod.lib
    shares = []
    try:
        for _ in range(runs):
            border_mod.lib = timed = TimedLib(real)
            t0 = time.perf_counter()
            fn()
            total = time.perf_counter() - t0
            shares.append((total - timed.inside) / timed.inside)
    finally:
        border_mod.lib = real
    return statistics.median(shares)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = np.random.default_rng(20261201)
    lon = rng.uniform(54.9, 72.0, n)
    lat = rng.uniform(36.1, 46.6, n)
    b = demarc.open()
    ctx = demarc._context.current()
    lon_p = ffi.cast("const double *", lon.ctypes.data)
    lat_p = ffi.cast("const double *", lat.ctypes.data)

    party_out = np.empty(n, dtype=np.intc)
    party_p = ffi.cast("int *", party_out.ctypes.data)

    def c_party():
        assert lib.demarc_party_batch(ctx.ptr, b._ptr, n, lon_p, 8, lat_p, 8, party_p, 4) == 0

    from demarc._border import _LOCATION
    loc_out = np.empty(n, dtype=_LOCATION)
    loc_p = ffi.cast("demarc_location *", loc_out.ctypes.data)

    def c_locate():
        assert lib.demarc_locate_batch(ctx.ptr, b._ptr, n, lon_p, 8, lat_p, 8, ffi.NULL,
                                       loc_p, _LOCATION.itemsize) == 0

    print(f"bench_python: {n:,} points, demarc {demarc.library_version()}, "
          f"numpy {np.__version__}")
    t_c, t_idx, r_idx = paired(c_party, lambda: b.party_index(lon, lat), RUNS)
    _, t_party, r_party = paired(c_party, lambda: b.party(lon, lat), RUNS)
    codes = b.party(lon, lat)
    assert (b.party_index(lon, lat) == party_out).all()

    import geopandas as gpd
    import shapely
    import shapely.vectorized
    from shapely.prepared import prep
    import demarc.geopandas as dgpd
    terr = dgpd.territories(b)
    prepared = [prep(g) for g in terr.geometry]

    def shapely_party():
        out = np.full(n, -1, dtype=np.int8)
        for i, p in enumerate(prepared):
            out[shapely.vectorized.contains(p, lon, lat) & (out < 0)] = i
        return out

    _, t_shp, r_shp = paired(lambda: b.party(lon, lat), shapely_party, 3)
    shp = shapely_party()

    t_pts, _ = median_time(lambda: gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326"), 1)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    t_sj, sj_runs = median_time(lambda: gpd.sjoin(pts, terr, how="left", predicate="within"),
                                SJOIN_RUNS)

    t_cl, t_loc, r_loc = paired(c_locate, lambda: b.locate(lon, lat), RUNS)
    o_idx = outside_share(lambda: b.party_index(lon, lat), RUNS)
    o_party = outside_share(lambda: b.party(lon, lat), RUNS)
    o_loc = outside_share(lambda: b.locate(lon, lat), 3)

    # threads: the GIL is released inside the C call, so two threads on
    # halves of the points should take about half the time on two free cores
    from concurrent.futures import ThreadPoolExecutor
    m = min(n, 200_000)
    halves = [(lon[:m // 2], lat[:m // 2]), (lon[m // 2:m], lat[m // 2:m])]
    with ThreadPoolExecutor(2) as pool:
        def two_threads():
            list(pool.map(lambda h: b.locate(*h), halves))
        t1, t2, r_thr = paired(lambda: b.locate(lon[:m], lat[:m]), two_threads, RUNS)

    dem = np.where(codes == "KZ", 0, np.where(codes == "UZ", 1, -1))
    agree = (dem == shp).mean()
    print(f"party, C batch (demarc_party_batch via cffi): {t_c:.3f} s "
          f"({1e9 * t_c / n:.0f} ns/point)")
    print(f"  Border.party_index (ints): {t_idx:.3f} s, overhead {100 * (r_idx - 1):+.1f} % "
          "(target <= 10 %)")
    print(f"  Border.party (codes):      {t_party:.3f} s, overhead {100 * (r_party - 1):+.1f} %")
    print(f"  time outside the C call in the same binding call: party_index "
          f"{100 * o_idx:+.1f} %, party {100 * o_party:+.1f} % of the time inside")
    print(f"  shapely {shapely.__version__} vectorized.contains, 2 prepared territories: "
          f"{t_shp:.3f} s, ratio {r_shp:.1f}x to Border.party, "
          f"{t_shp / t_idx:.1f}x to party_index (target >= 10x)")
    print(f"  geopandas {gpd.__version__} sjoin (rtree): {t_sj:.3f} s warm (runs "
          f"{', '.join(f'{t:.2f}' for t in sj_runs)}; the first builds the index), ratio "
          f"{t_sj / t_party:.1f}x (target >= 30x); with points_from_xy ({t_pts:.3f} s) "
          f"{(t_sj + t_pts) / t_party:.1f}x")
    print(f"  agreement demarc vs shapely (straight lon/lat edges): {100 * agree:.3f} % "
          "of points")
    print(f"locate, C batch (demarc_locate_batch via cffi): {t_cl:.3f} s "
          f"({1e9 * t_cl / n:.0f} ns/point)")
    print(f"  Border.locate (8 columns): {t_loc:.3f} s, overhead {100 * (r_loc - 1):+.1f} % "
          "(target <= 10 %)")
    print(f"  time outside the C call in the same Border.locate call: {100 * o_loc:+.1f} %")
    print(f"  Border.locate on {m:,} points, 1 thread {t1:.3f} s, 2 threads {t2:.3f} s: "
          f"speed-up {1 / r_thr:.2f}x (2 cores, shared with whatever else runs)")


if __name__ == "__main__":
    main()
