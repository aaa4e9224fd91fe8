-- demarc_hostile: inputs meant to break the extension.  After each, the
-- server must still answer (SELECT 'alive'); an ERROR is fine, a crash is not.
CREATE OR REPLACE FUNCTION err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
-- Extreme and special floats.
SELECT demarc_party(5e-324, -5e-324) IS NULL AS subnormal,
       demarc_party('-0', '-0') IS NULL AS minus_zero;
SELECT 'alive';
SELECT round(demarc_distance(-180, 0)::numeric, -3) > 0 AS antimeridian,
       round(demarc_distance(180, 90)::numeric, -3) > 0 AS pole;
SELECT 'alive';
-- The antipode of the border's middle: farthest from every edge.
SELECT demarc_distance(-116, -42) > 1.9e7 AS antipode;
SELECT 'alive';
SELECT err($q$SELECT demarc_locate(1e308, 1e308)$q$);
SELECT 'alive';
SELECT err($q$SELECT demarc_locate(-1e-320 - 181, 0)$q$);
SELECT 'alive';
-- Every vertex of the line exactly: on the border, no failure.
SELECT bool_and((demarc_locate(lon, lat)).on_border) AS vertices_on_border
  FROM demarc_border_vertices();
SELECT 'alive';
-- Sign ids: empty, huge, injection, control characters, non-ASCII.
SELECT err($q$SELECT demarc_length_between('', '1')$q$);
SELECT 'alive';
SELECT left(err($q$SELECT demarc_length_between(repeat('9', 1000000), '1')$q$), 60);
SELECT 'alive';
SELECT err($q$SELECT demarc_length_between($$1'); DROP TABLE x; --$$, '1')$q$);
SELECT 'alive';
SELECT err($q$SELECT demarc_length_between(E'1\t\n\r', '1A')$q$);
SELECT 'alive';
SELECT err($q$SELECT demarc_length_between('Қазақстан', 'Oʻzbekiston')$q$);
SELECT 'alive';
SELECT demarc_territory_wkt(repeat('K', 100000)) IS NULL AS unknown_party;
SELECT 'alive';
-- SRIDs that are not CRSs (demarc_postgis's helpers).
SELECT err($q$SELECT demarc__party_srid(60, 42, 0)$q$);
SELECT 'alive';
SELECT err($q$SELECT demarc__party_srid(60, 42, -1)$q$);
SELECT 'alive';
SELECT left(err($q$SELECT demarc__party_srid(60, 42, 2147483647)$q$), 40);
SELECT 'alive';
SELECT left(err($q$SELECT demarc__locate_srid('NaN', 42, 32641)$q$), 40);
SELECT 'alive';
SELECT left(err($q$SELECT demarc__locate_srid(1e300, 1e300, 32641)$q$), 40);
SELECT 'alive';
-- Catalogue tables: CRS texts that could name files are refused.
CREATE TABLE h1 (id text, lon float8, lat float8);
INSERT INTO h1 VALUES ('1', 56.00179, 41.32428);
SELECT err($q$SELECT * FROM demarc_validate('h1', '+proj=longlat +nadgrids=/etc/passwd')$q$);
SELECT 'alive';
SELECT err($q$SELECT * FROM demarc_validate('h1', 'GEOGCS["x",DATUM["y",SPHEROID["z",1,0]]]')$q$);
SELECT 'alive';
SELECT err($q$SELECT * FROM demarc_validate('h1', '/vsicurl/http://127.0.0.1/x')$q$);
SELECT 'alive';
SELECT left(err($q$SELECT * FROM demarc_validate('h1', 'EPSG:999999')$q$), 70);
SELECT 'alive';
SELECT err($q$SELECT * FROM demarc_validate('h1', '')$q$);
SELECT 'alive';
-- Tables that are not catalogues.
CREATE TABLE h2 (a int, b text);
SELECT err($q$SELECT * FROM demarc_validate('h2')$q$);
SELECT 'alive';
CREATE TABLE h3 (id text, lon float8, lat float8);
SELECT left(err($q$SELECT * FROM demarc_validate('h3')$q$), 40);
SELECT 'alive';
-- Text where numbers belong, quotes, newlines, NaN, huge ids.
CREATE TABLE h4 (id text, seq text, kind text, lon text, lat text, h_m text);
INSERT INTO h4 VALUES ('1', '1', 'tripoint', 'abc', '41', NULL),
  (E'2"\n,x', '2', E'main\r\n', 'nan', 'inf', '12.5m'),
  (repeat('7', 100000), '-99999999999999999999999', 'x', '1e999', '-1e999', ''),
  ('', '', '', '', '', '');
SELECT left(err($q$SELECT count(*) FROM demarc_validate('h4')$q$), 60);
SELECT 'alive';
DELETE FROM h4 WHERE lon = 'abc';
-- A bad optional field is a finding naming the field, not an abort (issue 14).
SELECT err($q$SELECT count(*) FROM demarc_validate('h4')$q$) AS no_abort;
CREATE TABLE h4b (id text, seq int, kind text, lon float8, lat float8, h_m text);
INSERT INTO h4b VALUES ('1', 1, 'tripoint', 56.00179, 41.32428, '12.5m');
SELECT code, message ~ 'h_m' AS names_h_m FROM demarc_validate('h4b')
 WHERE code = 'sign.field';
SELECT 'alive';
UPDATE h4 SET h_m = NULL, seq = NULL, lon = NULL, lat = NULL;
SELECT count(*) FILTER (WHERE code = 'sign.coord_missing') AS coord_missing,
       count(*) FILTER (WHERE code = 'catalogue.count') AS count_finding
  FROM demarc_validate('h4');
SELECT 'alive';
CREATE TABLE h5 (id text, lon float8, lat float8);
INSERT INTO h5 VALUES ('1', 'NaN', 'Infinity'), ('2', 1e308, -1e308), (NULL, NULL, NULL);
SELECT code, count(*) FROM demarc_validate('h5')
 WHERE code LIKE 'sign.coord%' GROUP BY code ORDER BY code;
SELECT 'alive';
SELECT left(err($q$SELECT count(*) FROM demarc_inspect('h4')$q$), 60);
SELECT 'alive';
SELECT count(*) AS none FROM demarc_inspect(NULL);
SELECT 'alive';
SELECT err($q$SELECT * FROM demarc_inspect('h1', 'h1', 'EPSG:4326', 'NaN')$q$);
SELECT 'alive';
SELECT err($q$SELECT * FROM demarc_inspect('h1', 'h1', 'EPSG:4326', -1)$q$);
SELECT 'alive';
-- A view, a dropped column and a quoted name are read like a table.
CREATE TABLE "we""ird tab" (x int, id text, lon float8, lat float8);
ALTER TABLE "we""ird tab" DROP COLUMN x;
INSERT INTO "we""ird tab" VALUES ('1', 56.00179, 41.32428);
CREATE VIEW v1 AS SELECT * FROM "we""ird tab";
SELECT count(*) > 0 AS findings FROM demarc_validate('v1');
SELECT 'alive';
-- Privileges: an ordinary role reads only what it may read.
CREATE ROLE demarc_nobody;
GRANT USAGE ON SCHEMA public TO demarc_nobody;
SET ROLE demarc_nobody;
SELECT err($q$SELECT * FROM demarc_validate('h1')$q$);
SELECT demarc_party(60, 42) AS ordinary_role_can_locate;
RESET ROLE;
SELECT 'alive';
-- A cancel mid-query is honoured (statement_timeout).
SET statement_timeout = '50ms';
SELECT count(demarc_locate(55 + (i % 15), 37 + (i % 8))) FROM generate_series(1, 10000000) i;
RESET statement_timeout;
SELECT 'alive';
