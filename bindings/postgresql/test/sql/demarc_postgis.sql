-- demarc_postgis: the routines over geometry/geography and the border as
-- PostGIS objects, checked against PostGIS's own computations.
CREATE EXTENSION postgis;
CREATE EXTENSION demarc_postgis;

-- The line: 2,014 vertices (data/kz-uz/border.geojson); PostGIS's geodesic
-- length on WGS 84 (ST_Length(geography), GeographicLib inside PostGIS)
-- equals the library's to a millimetre.
SELECT ST_NPoints(demarc_border_line()) AS vertices, ST_SRID(demarc_border_line()) AS srid,
       abs(ST_Length(demarc_border_line()::geography) - demarc_length()) < 0.001 AS length_ok;
-- The territories are valid polygons, and the line runs along their shared edge.
SELECT party, ST_IsValid(demarc_territory(party)) AS valid, GeometryType(demarc_territory(party))
  FROM (VALUES ('KZ'), ('UZ')) p(party);
SELECT demarc_territory('XX') IS NULL AS unknown_party;

-- Party against ST_Covers on a 0.25-degree grid over the border region,
-- for the points more than 2 km from the line (nearer, the library decides
-- by the geodesic edge, PostGIS by the straight lon/lat edge; see locate.h).
CREATE TABLE grid AS
SELECT ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS g
  FROM generate_series(55.0, 73.0, 0.25) lon, generate_series(37.0, 46.0, 0.25) lat;
SELECT count(*) AS compared,
       count(*) FILTER (WHERE demarc_party(g) IS DISTINCT FROM
           CASE WHEN ST_Covers(demarc_territory('KZ'), g) THEN 'KZ'::demarc_party_code
                WHEN ST_Covers(demarc_territory('UZ'), g) THEN 'UZ' END) AS disagree
  FROM grid WHERE ST_Distance(g::geography, demarc_border_line()::geography) > 2000;
-- The geography overload agrees with the geometry one.
SELECT count(*) FILTER (WHERE demarc_party(g) IS DISTINCT FROM demarc_party(g::geography))
       AS geog_differs FROM grid;

-- Distance against ST_Distance(geography): PostGIS takes great-circle edges
-- and a spheroid correction, the library geodesic edges on the ellipsoid;
-- they differ by the order of the flattening (1/298 = 0.34 %): allow 0.5 %.
SELECT count(*) FILTER (WHERE abs(demarc_distance(g::geography) -
           ST_Distance(g::geography, demarc_border_line()::geography)) >
           0.005 * ST_Distance(g::geography, demarc_border_line()::geography) + 0.01)
       AS beyond_half_percent
  FROM grid;

-- demarc_locate(geography): the foot as a geography, 1000 m from the point
-- by PostGIS's ellipsoidal point-to-point distance, and on PostGIS's line
-- (edge 0 runs almost along a meridian, where the great circle and the
-- geodesic nearly coincide: within 1 cm).
SELECT abs(ST_X(l.foot::geometry) - 56.00021610792822) < 1e-8 AS foot_lon,
       abs(ST_Distance(l.foot, 'SRID=4326;POINT(55.98804296991768 42.53889472366828)'::geography)
           - 1000) < 0.001 AS foot_1000_m,
       ST_Distance(l.foot, demarc_border_line()::geography) < 0.01 AS foot_on_line,
       l.party, abs(l.distance_m - 1000) < 0.001 AS distance_1000
  FROM demarc_locate('SRID=4326;POINT(55.98804296991768 42.53889472366828)'::geography) l;

-- Another SRID through the library's one operation: sign 25C in UTM 41N,
--   echo "43.901039487 61.542060123" | cs2cs -f %.6f EPSG:4326 EPSG:32641
--   -> 382916.351636 4861914.667585   (no datum change: the projection only)
SELECT l.nearest_sign, l.distance_m < 0.001 AS on_line
  FROM demarc_locate(ST_SetSRID(ST_MakePoint(382916.351636, 4861914.667585), 32641)) l;
SELECT demarc_party(ST_SetSRID(ST_MakePoint(382916.351636 + 5000, 4861914.667585), 32641))
       AS five_km_east;

-- The signs as geography: 1,301, each within 1 m of PostGIS's geography
-- line (a great circle between vertices where the true edge is a geodesic:
-- the two part by up to ~0.5 m in the middle of the long edges of section 28).
SELECT count(*) AS signs,
       count(*) FILTER (WHERE ST_Distance(geog, demarc_border_line()::geography) > 1.0)
         AS farther_than_1_m
  FROM demarc_signs_geog();

-- Bad geometries: an ERROR, never a crash.
CREATE OR REPLACE FUNCTION err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
SELECT err($q$SELECT demarc_party('SRID=4326;LINESTRING(60 42, 61 43)'::geometry)$q$);
SELECT err($q$SELECT demarc_party('POINT(60 42)'::geometry)$q$);
SELECT demarc_party('SRID=4326;POINT EMPTY'::geometry) IS NULL AS empty_is_null;
SELECT err($q$SELECT demarc_party('SRID=4326;POINT(600 42)'::geometry)$q$);
SELECT 'alive';
