-- demarc_upgrade: a database made with demarc 0.1.0 and updated with
-- ALTER EXTENSION ... UPDATE has exactly the objects, definitions and
-- comments a database made with the current version has, and keeps its
-- data.  Two databases of their own, dropped at the end.
\set regress_db :DBNAME
CREATE DATABASE demarc_upgrade_old;
CREATE DATABASE demarc_upgrade_new;

-- Every object of the demarc extensions, described: its identity, the full
-- definition of a function (volatility, COST, PARALLEL, body), a type's
-- attributes or labels, a cast's context, and its comment.  One entry per
-- object, entries separated by an ASCII record separator.
\set describe 'SELECT string_agg(d, E''\\x1e'' ORDER BY d) AS objects FROM (SELECT e.extname || '': '' || pg_describe_object(dep.classid, dep.objid, 0) || '' | '' || coalesce(CASE WHEN dep.classid = ''pg_proc''::regclass THEN pg_get_functiondef(dep.objid) END, '''') || '' | '' || coalesce((SELECT string_agg(a.attname || '' '' || format_type(a.atttypid, a.atttypmod), '', '' ORDER BY a.attnum) FROM pg_type t JOIN pg_attribute a ON a.attrelid = t.typrelid AND a.attnum > 0 WHERE dep.classid = ''pg_type''::regclass AND t.oid = dep.objid), '''') || '' | '' || coalesce((SELECT string_agg(enumlabel::text, '','' ORDER BY enumsortorder) FROM pg_enum WHERE dep.classid = ''pg_type''::regclass AND enumtypid = dep.objid), '''') || '' | '' || coalesce((SELECT castcontext::text FROM pg_cast c WHERE dep.classid = ''pg_cast''::regclass AND c.oid = dep.objid), '''') || '' | '' || coalesce(obj_description(dep.objid, dep.classid::regclass::name), '''') AS d FROM pg_extension e JOIN pg_depend dep ON dep.refclassid = ''pg_extension''::regclass AND dep.refobjid = e.oid AND dep.deptype = ''e'' WHERE e.extname IN (''demarc'', ''demarc_postgis'')) s'

\c demarc_upgrade_old
CREATE EXTENSION postgis;
CREATE EXTENSION demarc VERSION '0.1.0';
CREATE EXTENSION demarc_postgis VERSION '0.1.0';
CREATE TABLE kept AS SELECT demarc_party(60.0, 42.0) AS party, demarc_locate(60.0, 42.0) AS loc;
ALTER EXTENSION demarc UPDATE;
ALTER EXTENSION demarc_postgis UPDATE;
SELECT extname, extversion = (SELECT default_version FROM pg_available_extensions a
                               WHERE a.name = e.extname) AS at_default
  FROM pg_extension e WHERE extname LIKE 'demarc%' ORDER BY extname;
-- The stored values survive (their types are the extension's).
SELECT party, (loc).party AS loc_party, pg_typeof(party) FROM kept;
:describe \gset old_

\c demarc_upgrade_new
CREATE EXTENSION demarc_postgis CASCADE;
:describe \gset new_
SELECT array_length(string_to_array(:'new_objects', E'\x1e'), 1) >= 30 AS many_objects,
       md5(:'old_objects') = md5(:'new_objects') AS updated_equals_new;
-- Any difference, named (nothing when they are the same).
SELECT 'only after update: ' || o FROM unnest(string_to_array(:'old_objects', E'\x1e')) o
EXCEPT SELECT 'only after update: ' || n FROM unnest(string_to_array(:'new_objects', E'\x1e')) n;
SELECT 'only when new: ' || n FROM unnest(string_to_array(:'new_objects', E'\x1e')) n
EXCEPT SELECT 'only when new: ' || o FROM unnest(string_to_array(:'old_objects', E'\x1e')) o;

-- An update to a version that does not exist is PostgreSQL's own ERROR.
ALTER EXTENSION demarc UPDATE TO '9.9.9';

\c :regress_db
DROP DATABASE demarc_upgrade_old;
DROP DATABASE demarc_upgrade_new;
