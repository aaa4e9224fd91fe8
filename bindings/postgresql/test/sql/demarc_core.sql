-- demarc_core: the `demarc` extension's functions against figures from
-- outside the library.  Each check prints t/f: the expected file holds the
-- verdicts, never a number the library printed.
CREATE EXTENSION demarc;

-- Length: GeodSolve (GeographicLib 2.x) summed over the 2,013 edges of
-- data/kz-uz/border.geojson:
--   GeodSolve -i -p 6 < edges.txt | awk '{s+=$3} END {printf "%.6f\n", s}'
--   -> 2360691.042312 m  (each edge rounded to 1e-6 m: sum good to ~1 mm)
SELECT abs(demarc_length() - 2360691.042312) < 0.002 AS length_matches_geodsolve;
-- ... and within 0.5 % of the 2,356.6 km the agreement declares.
SELECT abs(demarc_length() / 2356600 - 1) < 0.005 AS length_near_declared;

-- Sign 1 to sign 1A: one geodesic edge, GeodSolve -i -p 6
--   41.32428 56.00179 41.369270675 56.001732760 -> 4996.694409 m
SELECT abs(demarc_length_between('1', '1A') - 4996.694409) < 0.001 AS between_1_1a;
SELECT abs(demarc_length_between('1A', '1') + 4996.694409) < 0.001 AS between_backwards;

-- A point 1000 m off the middle of edge 0, along the perpendicular geodesic:
--   edge 0: GeodSolve -i 41.32428 56.00179 43.75327 55.99858
--           -> azi1 -0.05491369685657, s12 269821.499877393
--   midpoint: echo 134910.7499386965 | GeodSolve -L 41.32428 56.00179 -0.05491369685657
--           -> 42.53890416342433 56.00021610792822, azi -0.05596549822240
--   west:  GeodSolve direct, azi 269.9440345, 1000 m -> 42.53889472366828 55.98804296991768
--   east:  GeodSolve direct, azi  89.9440345, 1000 m -> 42.53891231007432 56.01238924935473
-- The geodesic perpendicular to a geodesic is the shortest path to it, so
-- the distance is 1000 m, the chainage half the edge, the foot the midpoint.
SELECT abs(demarc_distance(55.98804296991768, 42.53889472366828) - 1000) < 0.001 AS dist_w,
       abs(demarc_distance(56.01238924935473, 42.53891231007432) - 1000) < 0.001 AS dist_e,
       abs(demarc_chainage(55.98804296991768, 42.53889472366828) - 134910.7499387) < 0.001
         AS chainage_w;
SELECT abs(l.foot_lon - 56.00021610792822) < 1e-8 AS foot_lon,
       abs(l.foot_lat - 42.53890416342433) < 1e-8 AS foot_lat,
       l.edge = 0 AS edge0, NOT l.on_border AS off_border
  FROM demarc_locate(55.98804296991768, 42.53889472366828) AS l;
-- Far from the line (530 km south of it, in Turkmenistan) the nearest point
-- is vertex 26 of the line (62.00406 E 43.5054 N, border.geojson):
--   GeodSolve -i -p 6 38.74134704894551 61.295759670856846 43.5054 62.00406
--   -> 532405.300126 m
-- (PostGIS's ST_Distance(geography) gives 533590.6 m here, more than the
-- distance to that vertex: tests/bench/bench_sql.sh prints the disagreement.)
SELECT abs(l.distance_m - 532405.300126) < 0.001 AS far_distance,
       abs(l.foot_lon - 62.00406) < 1e-9 AND abs(l.foot_lat - 43.5054) < 1e-9 AS foot_at_vertex_26,
       l.party IS NULL AS outside
  FROM demarc_locate(61.295759670856846, 38.74134704894551) l;
-- West of the line at 56 E is Kazakhstan (Mangystau), east is Uzbekistan
-- (Karakalpakstan): the agreement's description of the western section.
SELECT demarc_party(55.98804296991768, 42.53889472366828) AS west,
       demarc_party(56.01238924935473, 42.53891231007432) AS east;

-- Cities whose state nobody disputes (coordinates: GeoNames).
SELECT name, demarc_party(lon, lat) AS party
  FROM (VALUES ('Tashkent', 69.24007, 41.29949), ('Shymkent', 69.59601, 42.31700),
               ('Nukus', 59.61030, 42.45306), ('Aktau', 51.19770, 43.65000),
               ('Samarkand', 66.95970, 39.65417), ('Turkistan', 68.25139, 43.29733),
               ('Moscow', 37.61556, 55.75222)) AS c(name, lon, lat)
 ORDER BY name;

-- The signs: 1,301 declared by the agreement; sign 1 at the western
-- tripoint as data/kz-uz/signs.csv row 1 gives it; every sign on the line.
SELECT count(*) = 1301 AS signs_1301 FROM demarc_signs();
SELECT id, kind, lon = 56.00179 AS lon_ok, lat = 41.32428 AS lat_ok
  FROM demarc_signs() WHERE seq = 1;
SELECT max(line_offset_m) < 0.01 AS all_signs_on_line FROM demarc_signs();
-- A sign lies on the border: distance 0 (1 cm tolerance), on_border true,
-- and it is its own nearest sign.
SELECT bool_and(l.on_border) AS on_border, bool_and(l.nearest_sign = s.id) AS own_sign
  FROM demarc_signs() s, demarc_locate(s.lon, s.lat) l WHERE s.seq % 50 = 1;

-- The vertices: 2,014 in data/kz-uz/border.geojson, the first at the tripoint.
SELECT count(*) = 2014 AS vertices_2014, min(i) = 0 AS from0 FROM demarc_border_vertices();
SELECT lon = 56.00179 AND lat = 41.32428 AS first_vertex FROM demarc_border_vertices()
 WHERE i = 0;

-- What the border says about itself (data/kz-uz/border.json).
SELECT left_party, right_party, declared_signs, vertices, signs, edge_model,
       extension_version = (SELECT extversion FROM pg_extension WHERE extname = 'demarc')
         AS version_matches
  FROM demarc_info();

-- Territories as WKT (the postgis test checks them against PostGIS).
SELECT left(demarc_territory_wkt('KZ'), 15) AS kz, demarc_territory_wkt('XX') IS NULL AS xx;

-- Volatility, strictness and parallel safety of every point function.
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel, p.procost
  FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'demarc'
 ORDER BY p.proname;
