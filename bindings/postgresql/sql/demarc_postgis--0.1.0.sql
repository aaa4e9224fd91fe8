-- FROZEN: the demarc_postgis 0.1.0 install script exactly as 0.1.0 shipped it (generated
-- then from sql/demarc_postgis.sql.in); kept so that CREATE EXTENSION demarc_postgis VERSION '0.1.0'
-- followed by ALTER EXTENSION demarc_postgis UPDATE can be tested.  Never edit it.
-- demarc_postgis--0.1.0.sql: install script of `demarc_postgis`
-- (requires demarc and postgis).  The demarc routines over PostGIS types,
-- and the border as PostGIS objects a QGIS user can add as layers.
--
-- The bodies are SQL-standard (RETURN / BEGIN ATOMIC): parsed once, here,
-- so they call demarc's and PostGIS's functions whatever the caller's
-- search_path, and the simple ones are inlined by the planner (a STRICT SQL
-- function is inlined only when its body is strict too: no CASE).  The
-- point is read once, through PostGIS's geometry -> point cast.
-- A geometry in SRID 4326 is read as WGS 84 longitude/latitude; any other
-- SRID (EPSG code) is brought to WGS 84 by libdemarc's one border-wide
-- operation (demarc_transform_new), never PostGIS's per-call ST_Transform.
-- IMMUTABLE: see demarc--0.1.0.sql on a new border version.

\echo Use "CREATE EXTENSION demarc_postgis" to load this file. \quit

CREATE TYPE @extschema@.demarc_geog_location AS (
    party          demarc_party_code,
    distance_m     double precision,
    chainage_m     double precision,
    foot           geography(Point, 4326), -- nearest point of the line
    nearest_sign   text,
    nearest_sign_m double precision,
    on_border      boolean,
    edge           integer
);

CREATE FUNCTION @extschema@.demarc_party(g geometry) RETURNS demarc_party_code
    LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE COST 10
RETURN demarc__party_point(g::point, ST_SRID(g));
COMMENT ON FUNCTION @extschema@.demarc_party(geometry) IS
    'Party (''KZ'', ''UZ'', NULL) of a point geometry (SRID 4326 or an EPSG SRID).';

CREATE FUNCTION @extschema@.demarc_party(g geography) RETURNS demarc_party_code
    LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE COST 10
RETURN demarc_party(g::geometry);
COMMENT ON FUNCTION @extschema@.demarc_party(geography) IS
    'Party (''KZ'', ''UZ'', NULL) of a point geography.';

CREATE FUNCTION @extschema@.demarc_locate(g geometry) RETURNS demarc_location
    LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE COST 1000
RETURN demarc__locate_point(g::point, ST_SRID(g));
COMMENT ON FUNCTION @extschema@.demarc_locate(geometry) IS
    'demarc_locate of a point geometry (SRID 4326 or an EPSG SRID); foot in WGS 84.';

CREATE FUNCTION @extschema@.demarc_locate(g geography) RETURNS demarc_geog_location
    LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE COST 1000
BEGIN ATOMIC
    SELECT ROW(l.party, l.distance_m, l.chainage_m,
               ST_SetSRID(ST_MakePoint(l.foot_lon, l.foot_lat), 4326)::geography,
               l.nearest_sign, l.nearest_sign_m, l.on_border, l.edge)::demarc_geog_location
      FROM demarc_locate(g::geometry) AS l;
END;
COMMENT ON FUNCTION @extschema@.demarc_locate(geography) IS
    'demarc_locate of a point geography, with the foot on the line as a geography.';

CREATE FUNCTION @extschema@.demarc_distance(g geography) RETURNS double precision
    LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE COST 1000
RETURN (demarc_locate(g::geometry)).distance_m;

CREATE FUNCTION @extschema@.demarc_chainage(g geography) RETURNS double precision
    LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE COST 1000
RETURN (demarc_locate(g::geometry)).chainage_m;

-- The border as PostGIS objects.  Edges are geodesics on WGS 84; PostGIS
-- draws geometry edges straight in lon/lat and geography edges as great
-- circles, so between vertices the drawn line differs from the true edge
-- (the library's numbers use the true edge).
CREATE FUNCTION @extschema@.demarc_border_line() RETURNS geometry(LineString, 4326)
    LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE COST 10000
BEGIN ATOMIC
    SELECT ST_SetSRID(ST_MakeLine(ST_MakePoint(v.lon, v.lat) ORDER BY v.i), 4326)
      FROM demarc_border_vertices() AS v;
END;
COMMENT ON FUNCTION @extschema@.demarc_border_line() IS
    'The border line, vertices in order from the western tripoint, SRID 4326.';

CREATE FUNCTION @extschema@.demarc_territory(party text) RETURNS geometry(MultiPolygon, 4326)
    LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE COST 10000
RETURN ST_GeomFromText(demarc_territory_wkt(party), 4326);
COMMENT ON FUNCTION @extschema@.demarc_territory(text) IS
    'A party''s territory (''KZ'' or ''UZ'') as a MultiPolygon, SRID 4326; NULL if unknown.';

CREATE FUNCTION @extschema@.demarc_signs_geog(
    OUT id text, OUT seq bigint, OUT kind text, OUT h_m double precision,
    OUT chainage_m double precision, OUT next_dist_m double precision,
    OUT next_azimuth_deg double precision, OUT segment text, OUT provenance text,
    OUT line_chainage_m double precision, OUT line_offset_m double precision,
    OUT geog geography(Point, 4326))
    RETURNS SETOF record
    LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE COST 1000 ROWS 1301
BEGIN ATOMIC
    SELECT s.id, s.seq, s.kind, s.h_m, s.chainage_m, s.next_dist_m, s.next_azimuth_deg,
           s.segment, s.provenance, s.line_chainage_m, s.line_offset_m,
           ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326)::geography
      FROM demarc_signs() AS s ORDER BY s.seq;
END;
COMMENT ON FUNCTION @extschema@.demarc_signs_geog() IS
    'The sign catalogue with each position as a geography point (SRID 4326).';
