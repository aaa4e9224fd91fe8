#!/usr/bin/python3
"""Derive the libdemarc reference data for the Kazakhstan-Uzbekistan border.

Run:  /usr/bin/python3 data/make_kz_uz.py [--source map.geo.json]

Without --source the script runs `npm pack @geo-maps/countries-maritime-10m@0.6.0`
in a temporary directory and reads package/map.geo.json from the tarball.
Output (deterministic, UTF-8, LF) goes to data/kz-uz/.  Units: lon/lat in
WGS 84 degrees, distances in metres, azimuths in degrees clockwise from north,
areas in square metres.  Every geodesic computation is done by GeographicLib's
GeodSolve (WGS84), run as a subprocess in batch mode.
"""
import argparse
import hashlib
import heapq
import json
import math
import os
import subprocess
import tarfile
import tempfile

from osgeo import ogr

ogr.UseExceptions()

PACKAGE, VERSION = "@geo-maps/countries-maritime-10m", "0.6.0"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kz-uz")
NAME = "Kazakhstan\u2013Uzbekistan state border"
WEST_TRIPOINT, EAST_TRIPOINT = (56.0018, 41.3243), (70.9433, 42.2635)  # KZ-UZ-TM, KZ-UZ-KG
MAX_GAP_M = 5000.0     # longest allowed along-line distance between signs
N_SIGNS = 1301         # declared number of border signs
SIDE_OFFSET_M = 5.0    # offset used for the "Kazakhstan is on the left" test
WGS84_A, WGS84_F = 6378137.0, 1 / 298.257223563


# ---------------------------------------------------------------- GeodSolve
def geodsolve(args, rows):
    """Run GeodSolve once with all `rows` (tuples of numbers) on stdin; return float rows."""
    text = "".join(" ".join(repr(float(v)) for v in r) + "\n" for r in rows)
    res = subprocess.run(["GeodSolve", *args, "-p", "9"], input=text,
                         capture_output=True, text=True, check=True)
    out = [tuple(map(float, line.split())) for line in res.stdout.splitlines()]
    assert len(out) == len(rows), "GeodSolve returned a wrong number of lines"
    return out


def inverse(pairs):
    """[((lon1,lat1),(lon2,lat2))] -> [(azi1 deg, azi2 deg, s12 m)] on the WGS84 geodesic."""
    return geodsolve(["-i"], [(a[1], a[0], b[1], b[0]) for a, b in pairs])


def direct(starts):
    """[(lon1, lat1, azi1 deg, s12 m)] -> [(lon2, lat2, azi2 deg)] on the WGS84 geodesic."""
    out = geodsolve([], [(lat, lon, azi, s) for lon, lat, azi, s in starts])
    return [(lon, lat, azi) for lat, lon, azi in out]


# ------------------------------------------------------------------- source
def fetch_source(tmp):
    """npm-pack the source package into `tmp` and return the path of map.geo.json."""
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}"], cwd=tmp, check=True,
                   stdout=subprocess.DEVNULL)
    tgz = [f for f in os.listdir(tmp) if f.endswith(".tgz")]
    assert len(tgz) == 1, tgz
    with tarfile.open(os.path.join(tmp, tgz[0])) as tar:
        tar.extract("package/map.geo.json", tmp)
    return os.path.join(tmp, "package", "map.geo.json")


def load_countries(path):
    """Return {A3: (original geometry, MakeValid-repaired geometry)} for KAZ and UZB."""
    ds = ogr.Open(path)  # keep the dataset alive while the layer is used
    layer = ds.GetLayer(0)
    layer.SetAttributeFilter("A3 IN ('KAZ', 'UZB')")
    geoms = {f.GetField("A3"): f.GetGeometryRef().Clone() for f in layer}
    kaz, uzb = geoms["KAZ"], geoms["UZB"]
    assert kaz.GetGeometryName() == "POLYGON" and kaz.IsValid()
    assert uzb.GetGeometryName() == "MULTIPOLYGON" and not uzb.IsValid()
    fixed = {k: g.MakeValid() for k, g in geoms.items()}
    assert fixed["KAZ"].GetGeometryName() == "POLYGON" and fixed["KAZ"].IsValid()
    assert fixed["UZB"].GetGeometryName() == "MULTIPOLYGON" and fixed["UZB"].IsValid()
    assert fixed["UZB"].GetGeometryCount() == 5, fixed["UZB"].GetGeometryCount()
    return {k: (geoms[k], fixed[k]) for k in geoms}


def vertex_count(g):
    """Number of stored vertices of a (multi)polygon, closing vertices included."""
    if g.GetGeometryCount() == 0:
        return g.GetPointCount()
    return sum(vertex_count(g.GetGeometryRef(i)) for i in range(g.GetGeometryCount()))


# ------------------------------------------------------------------- border
def shared_boundary(kaz, uzb):
    """Intersect the two boundaries and merge the pieces into one west->east chain."""
    inter = kaz.Boundary().Intersection(uzb.Boundary())
    assert inter.GetGeometryName() == "MULTILINESTRING", inter.GetGeometryName()
    pieces = [inter.GetGeometryRef(i).GetPoints() for i in range(inter.GetGeometryCount())]
    adj = {}
    for p in pieces:
        p = [pt[:2] for pt in p]
        for a, b in zip(p, p[1:]):
            adj.setdefault(a, []).append(b)
            adj.setdefault(b, []).append(a)
    ends = sorted(v for v, n in adj.items() if len(n) == 1)
    assert len(ends) == 2 and all(len(n) <= 2 for n in adj.values()), "not one simple chain"
    line, prev = [ends[0]], None
    while len(line) == 1 or len(adj[line[-1]]) == 2:
        nxt = [v for v in adj[line[-1]] if v != prev]
        prev = line[-1]
        line.append(nxt[0])
    assert len(line) == len(adj), "the shared boundary is not one connected chain"
    if dist2(line[0], WEST_TRIPOINT) > dist2(line[-1], WEST_TRIPOINT):
        line.reverse()
    assert dist2(line[0], WEST_TRIPOINT) < 1e-6 and dist2(line[-1], EAST_TRIPOINT) < 1e-6
    assert all(float(f"{c:.5f}") == c for v in line for c in v), "coordinates were altered"
    return len(pieces), line


def dist2(a, b):
    """Squared lon/lat distance in degrees^2 (only used to find the tripoints)."""
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def check_left_side(line, seg, kaz, uzb):
    """Assert KZ lies left and UZ right of the west->east line.

    Tested at the geodesic midpoint of every segment of 500..5000 m, offset
    SIDE_OFFSET_M perpendicular to it.  Longer segments are skipped because the
    source polygons use planar lon/lat edges, which deviate from the geodesic
    by tens of metres on long segments.  Returns the number of tests."""
    idx = [i for i, (_, _, s) in enumerate(seg) if 500 <= s <= MAX_GAP_M]
    mids = direct([(*line[i], seg[i][0], seg[i][2] / 2) for i in idx])
    probes = direct([(lon, lat, azi + d, SIDE_OFFSET_M) for lon, lat, azi in mids
                     for d in (-90, 90)])
    for k, i in enumerate(idx):
        left, right = (ogr.CreateGeometryFromWkt("POINT (%r %r)" % p[:2])
                       for p in probes[2 * k:2 * k + 2])
        assert kaz.Contains(left) and uzb.Contains(right), f"side test failed on segment {i}"
    return len(idx)


# -------------------------------------------------------------------- signs
def candidates(line, seg):
    """All vertices plus on-geodesic points splitting segments > MAX_GAP_M.

    Returns [(lon, lat, chainage_m, vertex index or None, segment index)];
    inserted points are rounded to 1e-9 deg (the precision written out)."""
    inserts = []
    for i, (azi, _, s) in enumerate(seg):
        n = math.ceil(s / MAX_GAP_M)
        inserts += [(i, k * s / n) for k in range(1, n)]
    pts = direct([(*line[i], seg[i][0], d) for i, d in inserts])
    extra = {}
    for (i, d), (lon, lat, _) in zip(inserts, pts):
        extra.setdefault(i, []).append((round(lon, 9), round(lat, 9), d))
    out, chain = [], 0.0
    for i, v in enumerate(line):
        out.append((v[0], v[1], chain, i, i))
        if i < len(seg):
            out += [(lon, lat, chain + d, None, i) for lon, lat, d in extra.get(i, [])]
            chain += seg[i][2]
    return out, chain


def triangle_area(p, q, r):
    """Area (m^2) of triangle p-q-r in a local equirectangular projection centred on q.

    x = N(lat_q) cos(lat_q) dlon, y = M(lat_q) dlat, with N and M the WGS84
    prime-vertical and meridional radii of curvature at q."""
    phi = math.radians(q[1])
    e2 = WGS84_F * (2 - WGS84_F)
    w = math.sqrt(1 - e2 * math.sin(phi) ** 2)
    kx = WGS84_A / w * math.cos(phi) * math.pi / 180
    ky = WGS84_A * (1 - e2) / w ** 3 * math.pi / 180
    ax, ay = (p[0] - q[0]) * kx, (p[1] - q[1]) * ky
    bx, by = (r[0] - q[0]) * kx, (r[1] - q[1]) * ky
    return abs(ax * by - ay * bx) / 2


def simplify(cand, target):
    """Visvalingam-Whyatt with a gap constraint: indices of the `target` kept candidates.

    Repeatedly removes the candidate with the least effective area (ties: lowest
    index) whose neighbours stay <= MAX_GAP_M apart along the line; the two ends
    are never removed.  A blocked candidate can never become removable again (its
    neighbours only move apart), so it is simply dropped from the heap."""
    n = len(cand)
    prev, nxt = list(range(-1, n - 1)), list(range(1, n + 1))
    version, alive, count = [0] * n, [True] * n, n
    area = lambda i: triangle_area(cand[prev[i]], cand[i], cand[nxt[i]])
    heap = [(area(i), i, 0) for i in range(1, n - 1)]
    heapq.heapify(heap)
    while count > target:
        assert heap, "cannot reach the target count without breaking the gap limit"
        _, i, ver = heapq.heappop(heap)
        if not alive[i] or ver != version[i]:
            continue
        if cand[nxt[i]][2] - cand[prev[i]][2] > MAX_GAP_M:
            continue
        alive[i], count = False, count - 1
        p, q = prev[i], nxt[i]
        nxt[p], prev[q] = q, p
        for j in (p, q):
            if 0 < j < n - 1:
                version[j] += 1
                heapq.heappush(heap, (area(j), j, version[j]))
    return [i for i in range(n) if alive[i]]


def letters(k):
    """1 -> A, 26 -> Z, 27 -> AA, ... (bijective base 26)."""
    s = ""
    while k:
        k, r = divmod(k - 1, 26)
        s = chr(65 + r) + s
    return s


def build_signs(cand, keep, total):
    """Rows of signs.csv as lists of strings, plus statistics."""
    signs = [cand[i] for i in keep]
    mm = [round(s[2] * 1000) for s in signs]
    assert all(a < b for a, b in zip(mm, mm[1:])), "chainage not strictly increasing"
    assert abs(signs[-1][2] - total) < 1e-3 and mm[-1] == round(total * 1000)
    fwd = inverse([(a[:2], b[:2]) for a, b in zip(signs, signs[1:])])
    rows, main, sub = [], 0, 0
    for k, s in enumerate(signs):
        last = k == len(signs) - 1
        if s[3] is not None:
            main, sub = main + 1, 0
            sid, kind = str(main), "tripoint" if k in (0, len(signs) - 1) else "main"
        else:
            sub += 1
            sid, kind = f"{main}{letters(sub)}", "intermediate"
        gap = azi = straight = ""
        if not last:
            nx = signs[k + 1]
            gap_mm = mm[k + 1] - mm[k]
            assert gap_mm <= MAX_GAP_M * 1000, f"gap too long after sign {sid}"
            gap = "%d.%03d" % divmod(gap_mm, 1000)
            a = "%.6f" % (fwd[k][0] % 360.0)
            azi = "0.000000" if a == "360.000000" else a
            nx_seg = nx[4] - 1 if nx[3] is not None else nx[4]
            straight = "straight" if nx_seg == s[4] else "natural"
            if straight == "straight":  # one geodesic: direct distance == along-line
                assert abs(fwd[k][2] - (nx[2] - s[2])) < 1e-3
        rows.append([sid, str(k + 1), kind, "%.9f" % s[0], "%.9f" % s[1], "",
                     "%d.%03d" % divmod(mm[k], 1000), gap, azi, straight, "modelled"])
    assert len({r[0] for r in rows}) == len(rows) == N_SIGNS
    assert sum(int(r[7].replace(".", "")) for r in rows[:-1]) == mm[-1]
    gaps = sorted(b - a for a, b in zip(mm, mm[1:]))
    stats = {"main": sum(r[2] != "intermediate" for r in rows) - 2,
             "intermediate": sum(r[2] == "intermediate" for r in rows),
             "gap_min": gaps[0] / 1000, "gap_max": gaps[-1] / 1000,
             "gap_median": (gaps[(len(gaps) - 1) // 2] + gaps[len(gaps) // 2]) / 2000,
             "straight": sum(r[9] == "straight" for r in rows)}
    return rows, stats


# ------------------------------------------------------------------ writing
def write(name, text):
    """Write `text` to data/kz-uz/`name` as UTF-8 with LF line endings."""
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def dumps(obj):
    """Compact JSON; floats via repr, so coordinates round-trip exactly."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def rings_rfc7946(poly):
    """Polygon -> coordinate rings, exterior counter-clockwise, holes clockwise."""
    rings = []
    for r in range(poly.GetGeometryCount()):
        pts = [list(p[:2]) for p in poly.GetGeometryRef(r).GetPoints()]
        signed = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(pts, pts[1:]))
        if (signed > 0) != (r == 0):
            pts.reverse()
        rings.append(pts)
    return rings


def feature_collection(features):
    """FeatureCollection text with one feature per line."""
    body = ",\n".join(dumps(f) for f in features)
    return '{"type":"FeatureCollection","features":[\n' + body + "\n]}\n"


def territory(party, name, g):
    """GeoJSON Feature of a repaired territory (Polygon or MultiPolygon)."""
    if g.GetGeometryName() == "POLYGON":
        geom = {"type": "Polygon", "coordinates": rings_rfc7946(g)}
    else:
        geom = {"type": "MultiPolygon", "coordinates": [
            rings_rfc7946(g.GetGeometryRef(i)) for i in range(g.GetGeometryCount())]}
    return {"type": "Feature", "properties": {"party": party, "name": name}, "geometry": geom}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", help="map.geo.json of %s@%s" % (PACKAGE, VERSION))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = args.source or fetch_source(tmp)
        with open(src, "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        geoms = load_countries(src)
    kaz, uzb = geoms["KAZ"][1], geoms["UZB"][1]
    npieces, line = shared_boundary(kaz, uzb)
    seg = inverse(list(zip(line, line[1:])))
    nside = check_left_side(line, seg, kaz, uzb)
    cand, total = candidates(line, seg)
    keep = simplify(cand, N_SIGNS)
    rows, st = build_signs(cand, keep, total)
    longest = max(range(len(seg)), key=lambda i: seg[i][2])

    os.makedirs(OUT, exist_ok=True)
    write("border.geojson", feature_collection([{
        "type": "Feature",
        "properties": {"id": "kz-uz", "name": NAME, "left": "KZ", "right": "UZ"},
        "geometry": {"type": "LineString", "coordinates": [list(v) for v in line]}}]))
    write("territories.geojson", feature_collection([
        territory("KZ", "Kazakhstan", kaz), territory("UZ", "Uzbekistan", uzb)]))
    header = "id,seq,kind,lon,lat,h_m,chainage_m,next_dist_m,next_azimuth_deg,segment,provenance"
    write("signs.csv", header + "\n" + "".join(",".join(r) + "\n" for r in rows))
    write("border.json", json.dumps({
        "id": "kz-uz", "name": NAME,
        "parties": {"left": "KZ", "right": "UZ"},
        "party_names": {"KZ": "Kazakhstan", "UZ": "Uzbekistan"},
        "declared_length_m": 2356600, "declared_signs": N_SIGNS,
        "demarcation_finalised": "2022-11-21", "agreement_signed": "2022-12-22",
        "agreement_place": "Tashkent", "inspection_interval_years": 10,
        "edge_model": "geodesic", "ellipsoid": "WGS84", "signs_modelled": True,
        "source": f"{PACKAGE} {VERSION} (OpenStreetMap)", "licence": "ODbL-1.0",
        "attribution": "\u00a9 OpenStreetMap contributors"},
        ensure_ascii=False, indent=2) + "\n")
    figures = {
        "sha256": sha, "npieces": npieces, "nline": len(line), "nseg": len(seg),
        "nside": nside, "ncand": len(cand),
        "kaz_src": vertex_count(geoms["KAZ"][0]), "uzb_src": vertex_count(geoms["UZB"][0]),
        "kaz_fix": vertex_count(kaz), "uzb_fix": vertex_count(uzb),
        "uzb_parts": uzb.GetGeometryCount(), "total": "%.3f" % total,
        "long_len": "%.3f" % seg[longest][2], "long_i": longest,
        "long_a": "%r, %r" % line[longest], "long_b": "%r, %r" % line[longest + 1],
        "gap_min": "%.3f" % st["gap_min"], "gap_max": "%.3f" % st["gap_max"],
        "gap_median": "%.3f" % st["gap_median"], "n_main": st["main"],
        "n_inter": st["intermediate"], "n_straight": st["straight"],
        "nseg_long": sum(s[2] > MAX_GAP_M for s in seg)}
    with open(os.path.join(os.path.dirname(OUT), "PROVENANCE.md.in"), encoding="utf-8") as f:
        write("PROVENANCE.md", f.read().format(**figures))
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
