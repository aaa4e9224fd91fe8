-- FROZEN: the demarc 0.1.0 install script exactly as 0.1.0 shipped it (generated
-- then from sql/demarc.sql.in); kept so that CREATE EXTENSION demarc VERSION '0.1.0'
-- followed by ALTER EXTENSION demarc UPDATE can be tested.  Never edit it.
-- demarc--0.1.0.sql: install script of the `demarc` extension.
-- Generated from bindings/postgresql/sql/demarc.sql.in; MODULE_PATHNAME is
-- $libdir/demarc-0 (the control file's module_pathname).
--
-- Longitude first, latitude second, WGS 84 degrees; metres everywhere.
--
-- IMMUTABLE: for a given extension version the border (compiled into the
-- library) never changes, so every point function returns the same answer
-- for the same input and may be used in indexes, generated columns and
-- materialised views.  A new extension version may carry new border data
-- (a re-survey, a corrected sign): results stored from the old version
-- (generated columns, expression indexes, materialised views, UPDATEd
-- columns) are then NOT recomputed by ALTER EXTENSION UPDATE.  After an
-- update, REINDEX indexes and refresh or recompute what was stored, and
-- compare demarc_info() before and after (library_version, length_m).

\echo Use "CREATE EXTENSION demarc" to load this file. \quit

-- The parties of the border.  An enum, not text: it compares with a literal
-- ('UZ') without a collation, which postgres_fdw needs to run such a filter
-- on a remote shard.  Assigned to a text column it becomes its label (the
-- cast below); compare it with a text value through ::text.
CREATE TYPE @extschema@.demarc_party_code AS ENUM ('KZ', 'UZ');
CREATE FUNCTION @extschema@.demarc_party_code_text(@extschema@.demarc_party_code)
    RETURNS text AS 'MODULE_PATHNAME', 'demarc_pg_party_code_text'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE CAST (@extschema@.demarc_party_code AS text)
    WITH FUNCTION @extschema@.demarc_party_code_text(@extschema@.demarc_party_code)
    AS ASSIGNMENT;

CREATE TYPE @extschema@.demarc_location AS (
    party          @extschema@.demarc_party_code, -- NULL outside both territories
    distance_m     double precision, -- geodesic distance to the line, m
    chainage_m     double precision, -- chainage of the nearest point of the line, m
    foot_lon       double precision, -- nearest point of the line, degrees
    foot_lat       double precision,
    nearest_sign   text,             -- id of the nearest sign
    nearest_sign_m double precision, -- geodesic distance to it, m
    on_border      boolean,          -- distance_m <= 0.01 m
    edge           integer           -- 0-based edge (vertex i to i + 1) of the foot
);

CREATE TYPE @extschema@.demarc_info AS (
    id text, name text, left_party text, right_party text, left_name text, right_name text,
    declared_length_m double precision, declared_signs bigint, length_m double precision,
    vertices bigint, signs bigint, physical_signs bigint, territories bigint,
    edge_model text, signs_modelled boolean, agreement_signed text, agreement_place text,
    demarcation_finalised text, source text, licence text,
    library_version text, extension_version text
);

-- Point functions.  COST is in units of cpu_operator_cost, i.e. of one
-- built-in operator call; measured on a 1,000,000-row scan (serial, warm
-- backend): a float8 `+` costs 3.8 ns, demarc_party 17-50 ns (COST 10),
-- demarc_locate / _distance / _chainage 2.4-7 us (COST 1000) depending on
-- how far the point is from the line.
CREATE FUNCTION @extschema@.demarc_party(lon double precision, lat double precision)
    RETURNS @extschema@.demarc_party_code AS 'MODULE_PATHNAME', 'demarc_pg_party'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;
COMMENT ON FUNCTION @extschema@.demarc_party(double precision, double precision) IS
    'Party (''KZ'' or ''UZ'') whose territory holds WGS 84 lon/lat; NULL outside both.';

CREATE FUNCTION @extschema@.demarc_locate(lon double precision, lat double precision)
    RETURNS @extschema@.demarc_location AS 'MODULE_PATHNAME', 'demarc_pg_locate'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000;
COMMENT ON FUNCTION @extschema@.demarc_locate(double precision, double precision) IS
    'Party, geodesic distance to the line (m), chainage (m), foot, nearest sign of lon/lat.';

CREATE FUNCTION @extschema@.demarc_try_locate(lon double precision, lat double precision)
    RETURNS @extschema@.demarc_location AS 'MODULE_PATHNAME', 'demarc_pg_try_locate'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000;
COMMENT ON FUNCTION @extschema@.demarc_try_locate(double precision, double precision) IS
    'demarc_locate, but NULL instead of an ERROR for a non-finite or out-of-range point.';

CREATE FUNCTION @extschema@.demarc_distance(lon double precision, lat double precision)
    RETURNS double precision AS 'MODULE_PATHNAME', 'demarc_pg_distance'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000;
COMMENT ON FUNCTION @extschema@.demarc_distance(double precision, double precision) IS
    'Geodesic distance (WGS 84, m) from lon/lat to the border line.';

CREATE FUNCTION @extschema@.demarc_chainage(lon double precision, lat double precision)
    RETURNS double precision AS 'MODULE_PATHNAME', 'demarc_pg_chainage'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000;
COMMENT ON FUNCTION @extschema@.demarc_chainage(double precision, double precision) IS
    'Chainage (m from the first vertex) of the point of the line nearest to lon/lat.';

-- Helpers of demarc_postgis: x/y in EPSG:srid, brought to WGS 84 by the
-- library's one border-wide operation (demarc_transform_new).
CREATE FUNCTION @extschema@.demarc__party_srid(x double precision, y double precision,
                                              srid integer)
    RETURNS @extschema@.demarc_party_code AS 'MODULE_PATHNAME', 'demarc_pg_party_srid'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 100;
CREATE FUNCTION @extschema@.demarc__locate_srid(x double precision, y double precision,
                                               srid integer)
    RETURNS @extschema@.demarc_location AS 'MODULE_PATHNAME', 'demarc_pg_locate_srid'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000;
CREATE FUNCTION @extschema@.demarc__party_point(p point, srid integer)
    RETURNS @extschema@.demarc_party_code AS 'MODULE_PATHNAME', 'demarc_pg_party_point'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;
CREATE FUNCTION @extschema@.demarc__locate_point(p point, srid integer)
    RETURNS @extschema@.demarc_location AS 'MODULE_PATHNAME', 'demarc_pg_locate_point'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000;

-- Test hook: raise the ERROR a libdemarc status maps to (superuser only).
CREATE FUNCTION @extschema@.demarc__raise_status(status integer) RETURNS void
    AS 'MODULE_PATHNAME', 'demarc_pg_raise_status'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
REVOKE EXECUTE ON FUNCTION @extschema@.demarc__raise_status(integer) FROM PUBLIC;

-- The border.
CREATE FUNCTION @extschema@.demarc_length() RETURNS double precision
    AS 'MODULE_PATHNAME', 'demarc_pg_length'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.demarc_length() IS
    'Length of the border line, m (geodesic edges on WGS 84).';

CREATE FUNCTION @extschema@.demarc_length_between(from_sign text, to_sign text)
    RETURNS double precision AS 'MODULE_PATHNAME', 'demarc_pg_length_between'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 100;
COMMENT ON FUNCTION @extschema@.demarc_length_between(text, text) IS
    'Length along the line between two signs (m); negative when to_sign lies before.';

CREATE FUNCTION @extschema@.demarc_signs(
    OUT id text, OUT seq bigint, OUT kind text, OUT lon double precision,
    OUT lat double precision, OUT h_m double precision, OUT chainage_m double precision,
    OUT next_dist_m double precision, OUT next_azimuth_deg double precision,
    OUT segment text, OUT provenance text, OUT line_chainage_m double precision,
    OUT line_offset_m double precision)
    RETURNS SETOF record AS 'MODULE_PATHNAME', 'demarc_pg_signs'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10 ROWS 1301;
COMMENT ON FUNCTION @extschema@.demarc_signs() IS
    'The sign catalogue in catalogue order (WGS 84 lon/lat, m).';

CREATE FUNCTION @extschema@.demarc_border_vertices(
    OUT i integer, OUT lon double precision, OUT lat double precision)
    RETURNS SETOF record AS 'MODULE_PATHNAME', 'demarc_pg_border_vertices'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1 ROWS 2014;
COMMENT ON FUNCTION @extschema@.demarc_border_vertices() IS
    'Vertices of the border line in order (i from 0), WGS 84 lon/lat.';

CREATE FUNCTION @extschema@.demarc_info() RETURNS @extschema@.demarc_info
    AS 'MODULE_PATHNAME', 'demarc_pg_info'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION @extschema@.demarc_info() IS
    'What the border says about itself, its counts, edge model and the versions.';

CREATE FUNCTION @extschema@.demarc_territory_wkt(party text) RETURNS text
    AS 'MODULE_PATHNAME', 'demarc_pg_territory_wkt'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 100000;
COMMENT ON FUNCTION @extschema@.demarc_territory_wkt(text) IS
    'A party''s territory as WKT MULTIPOLYGON (WGS 84 lon/lat, 17 digits); NULL if unknown.';

-- Catalogue validation and joint inspection, reading a table with the
-- catalogue's columns (id, seq, kind, lon, lat or x, y, h_m, chainage_m,
-- next_dist_m, next_azimuth_deg, segment, provenance, side) with the
-- caller's privileges.  STABLE: they read a table.  PARALLEL RESTRICTED:
-- the table may be a temporary one, which parallel workers cannot read.
CREATE FUNCTION @extschema@.demarc_validate(catalogue regclass,
                                           crs text DEFAULT 'EPSG:4326',
    OUT code text, OUT severity text, OUT sign text, OUT value double precision,
    OUT "limit" double precision, OUT message text)
    RETURNS SETOF record AS 'MODULE_PATHNAME', 'demarc_pg_validate'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED COST 100000 ROWS 10;
COMMENT ON FUNCTION @extschema@.demarc_validate(regclass, text) IS
    'Findings of validating the catalogue table against the border; crs is AUTHORITY:CODE.';

CREATE FUNCTION @extschema@.demarc_inspect(resurvey regclass,
                                          catalogue regclass DEFAULT NULL,
                                          crs text DEFAULT 'EPSG:4326',
                                          tolerance_m double precision DEFAULT 0.10,
    OUT code text, OUT severity text, OUT sign text, OUT value double precision,
    OUT "limit" double precision, OUT message text)
    RETURNS SETOF record AS 'MODULE_PATHNAME', 'demarc_pg_inspect'
    LANGUAGE C STABLE PARALLEL RESTRICTED COST 100000 ROWS 10;
COMMENT ON FUNCTION @extschema@.demarc_inspect(regclass, regclass, text, double precision) IS
    'Findings of a joint inspection: re-survey table vs catalogue table (NULL: the border''s).';
