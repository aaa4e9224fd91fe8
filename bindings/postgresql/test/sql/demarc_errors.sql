-- demarc_errors: NULL in, NULL out; bad coordinates are ERRORs with SQLSTATE
-- 22023 naming the value; demarc_try_locate returns NULL instead; library
-- statuses come back as ERRORs with their SQLSTATE.
-- err(q): the SQLSTATE and message of the ERROR that q raises ('no error' if none).
CREATE OR REPLACE FUNCTION err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS OR query_canceled THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
SELECT demarc_party(NULL, 41) IS NULL AS null_lon, demarc_locate(60, NULL) IS NULL AS null_lat;
SELECT err($q$SELECT demarc_party('NaN', 41)$q$);
SELECT err($q$SELECT demarc_party(60, 'Infinity')$q$);
SELECT err($q$SELECT demarc_party('-Infinity', 41)$q$);
SELECT err($q$SELECT demarc_locate(60, 90.000001)$q$);
SELECT err($q$SELECT demarc_distance(180.5, 0)$q$);
SELECT err($q$SELECT demarc_chainage(-180.0000001, 0)$q$);
SELECT err($q$SELECT demarc_party(60, -91)$q$);
-- The extremes are valid.
SELECT demarc_party(180, 90) IS NULL AS north_pole, demarc_party(-180, -90) IS NULL AS south;
-- try_locate: NULL for a bad point, the location for a good one.
SELECT demarc_try_locate('NaN', 0) IS NULL AS nan, demarc_try_locate(200, 0) IS NULL AS lon200,
       (demarc_try_locate(69.24007, 41.29949)).party AS tashkent;
-- Batch enrichment does not stop on bad rows.
SELECT count(*) AS rows, count(demarc_try_locate(lon, lat)) AS located
  FROM (VALUES (60.0, 42.0), ('NaN', 42), (60, 95), (69.24, 41.3)) v(lon, lat);
-- Unknown sign id: ERROR 42704 with the library's message.
SELECT err($q$SELECT demarc_length_between('1', 'no-such-sign')$q$);
-- The server still answers.
SELECT 1 AS alive;
-- Every libdemarc status is an ERROR with its SQLSTATE (include/demarc.h
-- numbers them 1-11; 0 is success; an unknown one is an internal error).
SELECT s AS status, err(format('SELECT demarc__raise_status(%s)', s)) AS error
  FROM generate_series(0, 12) s ORDER BY s;
SELECT 1 AS still_alive;
-- The test hook is not for ordinary roles.
CREATE ROLE demarc_plain;
SET ROLE demarc_plain;
SELECT err('SELECT demarc__raise_status(1)') AS plain_role;
RESET ROLE;
DROP ROLE demarc_plain;
