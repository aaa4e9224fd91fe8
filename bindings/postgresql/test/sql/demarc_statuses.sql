-- demarc_statuses (issue 18): every libdemarc status that SQL can provoke,
-- provoked through the functions themselves, comes back as an ERROR with
-- the SQLSTATE of demarc_pgi_sqlstate() and the status in the DETAIL; the
-- backend survives each.  The statuses SQL cannot reach are the mapping's
-- unit test in demarc_errors (demarc__raise_status 0..12):
--   DEMARC_ERR_ARG       the C functions check their arguments first
--                        (22023 of their own, tested in demarc_errors);
--   DEMARC_ERR_NOMEM     allocation failure (the faults-alloc loop in C);
--   DEMARC_ERR_RANGE     the C functions reject non-finite and out-of-range
--                        lon/lat themselves (22023, demarc_errors); a
--                        catalogue's bad values are findings;
--   DEMARC_ERR_IO        no SQL function opens a file (tables are staged
--                        in /vsimem/);
--   DEMARC_ERR_GEOMETRY  only the embedded, valid border is served;
--   DEMARC_ERR_INTERNAL  a dependency failing unexpectedly;
--   DEMARC_ERR_CANCELLED raised as PostgreSQL's own 57014 (the progress
--                        callback stops the library, CHECK_FOR_INTERRUPTS
--                        raises the cancel): not deterministic in a test.
-- errd(q): SQLSTATE, then the libdemarc status of the DETAIL ('no error').
CREATE FUNCTION errd(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ' ' || coalesce(substring(d FROM 'libdemarc status [0-9]+ \([a-z /]+\)'),
                                       '(no libdemarc status)');
END $$;
CREATE TABLE st_good AS SELECT id, seq, kind, lon, lat FROM demarc_signs() WHERE seq <= 20;
-- DEMARC_ERR_FORMAT: a longitude that is not a number
CREATE TABLE st_format AS SELECT id, seq, kind, lon::text AS lon, lat FROM st_good;
UPDATE st_format SET lon = '61.5x' WHERE seq = 3;
-- DEMARC_ERR_EMPTY: no row
CREATE TABLE st_empty AS SELECT * FROM st_good WHERE false;
SELECT s, errd(q) AS error FROM (VALUES
    ('FORMAT', $q$SELECT * FROM demarc_validate('st_format')$q$),
    -- UTM 41N (EPSG:32641) easting 1e12 m: outside the projection's domain
    ('CRS domain', $q$SELECT demarc__party_srid(1e12, 0, 32641)$q$),
    ('CRS srid', $q$SELECT demarc__party_srid(500000, 4600000, 999999)$q$),
    ('NOT_FOUND', $q$SELECT demarc_length_between('1', 'no-such-sign')$q$),
    ('EMPTY inspect', $q$SELECT * FROM demarc_inspect('st_good', 'st_empty')$q$),
    ('EMPTY', $q$SELECT * FROM demarc_validate('st_empty')$q$),
    ('CRS', $q$SELECT * FROM demarc_validate('st_good', 'EPSG:999999')$q$),
    ('CRS inspect', $q$SELECT * FROM demarc_inspect('st_good', NULL, 'EPSG:4978')$q$),
    ('none', $q$SELECT count(*) FROM demarc_validate('st_good')$q$)
) v(s, q);
SELECT 1 AS alive;
