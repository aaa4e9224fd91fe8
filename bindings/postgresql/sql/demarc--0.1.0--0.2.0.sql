-- demarc--0.1.0--0.2.0.sql: ALTER EXTENSION demarc UPDATE TO '0.2.0'.
-- 0.2.0 reads a catalogue or re-survey table whose positions are a PostGIS
-- point column (the module's code, bindings/postgresql/src/pg_table.c); in
-- SQL only the two functions' comments change.  The test demarc_upgrade
-- checks that an updated database has what a new one has.

\echo Use "ALTER EXTENSION demarc UPDATE TO '0.2.0'" to load this file. \quit

COMMENT ON FUNCTION @extschema@.demarc_validate(regclass, text) IS
    'Findings of validating the catalogue table (lon/lat, x/y or a point geometry column) '
    'against the border; crs is AUTHORITY:CODE (a geometry column: its SRID).';
COMMENT ON FUNCTION @extschema@.demarc_inspect(regclass, regclass, text, double precision) IS
    'Findings of a joint inspection: re-survey table vs catalogue table (NULL: the border''s); '
    'either may give positions as a point geometry column.';
