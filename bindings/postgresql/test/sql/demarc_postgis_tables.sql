-- demarc_postgis_tables: demarc_validate and demarc_inspect reading their
-- positions from a PostGIS point column (since 0.2.0, pg_table.c), with the
-- faults of demarc_validate.sql planted by the same GeodSolve figures:
--   sign 25C moved 5 m across the line (GeodSolve -p 12:
--   43.901039487 61.542060123 229.483385 5 -> 43.901010251695567 61.542012810139418);
--   sign 7B moved 0.25 m north-east (GeodSolve -p 12:
--   45.201587410 56.846804446 45 0.25 -> 45.201589000637988 56.846806695930070).
-- A table read through its geometry must give the findings the same table
-- with lon/lat columns gives, whatever the SRID.
CREATE TABLE pcat AS
SELECT id, seq, kind, h_m, chainage_m, next_dist_m, next_azimuth_deg, segment, provenance,
       ST_SetSRID(ST_MakePoint(CASE WHEN id = '25C' THEN 61.542012810139418 ELSE lon END,
                               CASE WHEN id = '25C' THEN 43.901010251695567 ELSE lat END),
                  4326) AS geom
  FROM demarc_signs();
-- (Moving 25C also turns the azimuths of the runs into and out of it: the
-- sign.next_azimuth errors of 25B and 25C, not printed with their values.)
SELECT code, sign, CASE WHEN code = 'sign.off_line' THEN round(value::numeric, 3) END AS off_line_m
  FROM demarc_validate('pcat') WHERE severity = 'error' ORDER BY code, sign;

-- The same in UTM 41N (EPSG:32641) and in Gauss-Krüger zone 11 on Pulkovo
-- 1942 (EPSG:28411, whose CRS the library brings to WGS 84 by its one
-- border-wide operation): the SRID is the CRS.  UTM is a conversion of
-- WGS 84 (PostGIS's ST_Transform and the library's inverse agree to
-- nanometres), so 25C is still 5 m off and nothing else is in error.
CREATE TABLE pcat_utm AS SELECT id, seq, kind, h_m, chainage_m, next_dist_m, next_azimuth_deg,
       segment, provenance, ST_Transform(geom, 32641) AS geom FROM pcat;
SELECT code, sign, CASE WHEN code = 'sign.off_line' THEN round(value::numeric, 3) END AS off_line_m
  FROM demarc_validate('pcat_utm') WHERE severity = 'error' ORDER BY code, sign;
-- An explicit crs that agrees is accepted; one that disagrees is an ERROR.
SELECT count(*) > 0 AS agrees FROM demarc_validate('pcat_utm', 'EPSG:32641');
SELECT * FROM demarc_validate('pcat_utm', 'EPSG:32642');

-- geography works as geometry does.
CREATE TABLE pcat_geog AS SELECT id, seq, kind, geom::geography AS g FROM pcat;
SELECT code, sign FROM demarc_validate('pcat_geog') WHERE code = 'sign.off_line' ORDER BY sign;

-- Whatever the caller's search_path: PostGIS is called by its schema.
SET search_path = pg_catalog;
SELECT count(*) AS errors FROM public.demarc_validate('public.pcat') WHERE severity = 'error';
RESET search_path;

-- Lon/lat columns win over a geometry column (here deliberately wrong).
CREATE TABLE pcat_both AS SELECT id, lon, lat, ST_SetSRID(ST_MakePoint(0, 0), 4326) AS geom
  FROM demarc_signs();
SELECT count(*) AS errors FROM demarc_validate('pcat_both') WHERE severity = 'error';

-- Joint inspection with a re-survey given as points: 7B moved 0.25 m.
CREATE TABLE presurvey AS
SELECT id, ST_SetSRID(ST_MakePoint(CASE WHEN id = '7B' THEN 56.846806695930070 ELSE lon END,
                                   CASE WHEN id = '7B' THEN 45.201589000637988 ELSE lat END),
                      4326) AS geom
  FROM demarc_signs();
SELECT code, sign, round(value::numeric, 4) AS moved_m
  FROM demarc_inspect('presurvey') WHERE code = 'inspect.moved' ORDER BY sign;
-- ... and with the catalogue as points too (pcat: 25C moved 5 m).
SELECT sign FROM demarc_inspect('presurvey', 'pcat') WHERE code = 'inspect.moved' ORDER BY sign;

-- What cannot be read is an ERROR naming the table, row and column.
CREATE TABLE bad_type AS SELECT id, geom FROM pcat;
UPDATE bad_type SET geom = ST_SetSRID(ST_MakeLine(ST_MakePoint(60, 42), ST_MakePoint(61, 42)), 4326)
 WHERE id = '1A';
SELECT * FROM demarc_validate('bad_type');
CREATE TABLE bad_mixed AS SELECT id, geom FROM pcat;
UPDATE bad_mixed SET geom = ST_Transform(geom, 32641) WHERE id = '2';
SELECT * FROM demarc_validate('bad_mixed');
CREATE TABLE bad_srid AS SELECT id, ST_SetSRID(geom, 0) AS geom FROM pcat;
SELECT * FROM demarc_validate('bad_srid');
CREATE TABLE bad_two AS SELECT id, geom, geom AS geom2 FROM pcat;
SELECT * FROM demarc_validate('bad_two');
-- A NULL or empty point is a sign without a position: the library's finding.
CREATE TABLE null_point AS SELECT id, seq, kind, geom FROM pcat;
UPDATE null_point SET geom = NULL WHERE id = '1A';
UPDATE null_point SET geom = 'SRID=4326;POINT EMPTY'::geometry WHERE id = '2';
SELECT DISTINCT sign, severity FROM demarc_validate('null_point')
 WHERE sign IN ('1A', '2') AND severity = 'error' ORDER BY sign;
SELECT 1 AS server_still_answers;
