#!/usr/bin/env python3
"""make_locate_reference.py -- brute-force reference for demarc_locate's
distance and chainage, independent of libdemarc: every number comes from
GeographicLib's GeodSolve (WGS 84), run as a subprocess.

For each test point P:
  1. GeodSolve -i from P to all 2,014 vertices of data/kz-uz/border.geojson:
     d_v = the smallest vertex distance.
  2. Candidate edges: any point of edge e lies within len_e / 2 (along the
     edge) of one of its ends, so dist(P, e) >= min(d_a, d_b) - len_e / 2;
     only edges with that bound <= d_v can hold the nearest point.
  3. Each candidate edge is densified along its geodesic (GeodSolve -I
     lat1 lon1 lat2 lon2, 41 points), distances by GeodSolve -i; the bracket
     around the best sample is zoomed 20-fold and re-sampled until it is
     shorter than 1 micrometre.
  4. Chainage = sum of GeodSolve edge lengths before the edge
     (tests/data/reference_geodesic.txt) + distance along the edge.
Output rows: "lon lat distance_m chainage_m edge" (lon/lat of P, degrees).

Test points: perpendicular offsets from geodesic midpoints of chosen edges
(GeodSolve direct, azimuth of the edge at the midpoint +-90 degrees) at
0.5 m .. 1,000 km, and pseudo-random points (fixed seed) in lon 50-78,
lat 33-52.  Run: python3 make_locate_reference.py > reference_distance.txt
"""
import json, os, random, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..'))

def geod(args, lines):
    out = subprocess.run(['GeodSolve', '-p', '12'] + args, input='\n'.join(lines) + '\n',
                         capture_output=True, text=True, check=True).stdout
    return [list(map(float, l.split())) for l in out.strip().split('\n')]

line = json.load(open(os.path.join(ROOT, 'data/kz-uz/border.geojson')))['features'][0]['geometry']['coordinates']
ref = [l.split() for l in open(os.path.join(ROOT, 'tests/data/reference_geodesic.txt')) if l[0].isdigit()]
elen = [float(r[5]) for r in ref]
chain = [0.0]
for x in elen:
    chain.append(chain[-1] + x)

def dist_many(p, pts):
    return [r[2] for r in geod(['-i'], ['%.12f %.12f %.12f %.12f' % (p[1], p[0], q[1], q[0]) for q in pts])]

def on_edge(e, ss):
    a, b = line[e], line[e + 1]
    res = geod(['-I', repr(a[1]), repr(a[0]), repr(b[1]), repr(b[0])], ['%.12f' % s for s in ss])
    return [(r[1], r[0]) for r in res]

def nearest(p):
    dv = dist_many(p, line)
    best_v = min(dv)
    cands = [e for e in range(len(line) - 1) if min(dv[e], dv[e + 1]) - elen[e] / 2 <= best_v + 1e-6]
    best = (min(dv), None, None)
    for e in cands:
        lo, hi = 0.0, elen[e]
        while True:
            ss = [lo + (hi - lo) * k / 40 for k in range(41)]
            ds = dist_many(p, on_edge(e, ss))
            k = min(range(41), key=lambda i: ds[i])
            if ds[k] < best[0] or best[1] is None and ds[k] <= best[0]:
                best = (ds[k], e, ss[k])
            if hi - lo < 1e-6:
                break
            lo, hi = ss[max(k - 1, 0)], ss[min(k + 1, 40)]
    d, e, s = best
    if e is None:  # a vertex: find which
        v = dv.index(d)
        e, s = (v, 0.0) if v < len(line) - 1 else (v - 1, elen[v - 1])
    return d, chain[e] + s, e

def offset_point(e, frac, dist, side):
    a, b = line[e], line[e + 1]
    r = geod(['-I', repr(a[1]), repr(a[0]), repr(b[1]), repr(b[0])], ['%.12f' % (frac * elen[e])])[0]
    lat, lon, azi = r
    if dist == 0:
        return (lon, lat)
    r = geod([], ['%.12f %.12f %.12f %.12f' % (lat, lon, azi + 90 * side, dist)])[0]
    return (r[1], r[0])

pts = []
# the 90.6 km edge 62.2425E 43.51855N -> 63.34908E 43.65049N
e90 = [i for i in range(len(line) - 1) if abs(line[i][0] - 62.2425) < 1e-4 and abs(line[i][1] - 43.5186) < 1e-4][0]
for dist in [0, 0.5, 1, 10, 100, 1000, 1e4, 1e5, 3e5, 1e6]:
    for side in (-1, 1):
        pts.append(offset_point(e90, 0.5, dist, side))
for e, frac in [(5, 0.3), (400, 0.7), (1000, 0.5), (1500, 0.1), (2000, 0.9)]:
    for dist in [2, 5e3, 5e5]:
        pts.append(offset_point(e, frac, dist, 1 if e % 2 else -1))
rnd = random.Random(5)
for _ in range(20):
    pts.append((round(rnd.uniform(50, 78), 6), round(rnd.uniform(33, 52), 6)))
print('# lon lat distance_m chainage_m edge  (make_locate_reference.py: GeodSolve brute force)')
for p in pts:
    d, c, e = nearest(p)
    if d > 1.05e6:
        continue
    print('%.12f %.12f %.6f %.6f %d' % (p[0], p[1], d, c, e))
    sys.stdout.flush()
