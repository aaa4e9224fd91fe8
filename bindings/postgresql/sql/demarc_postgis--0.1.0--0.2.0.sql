-- demarc_postgis--0.1.0--0.2.0.sql: ALTER EXTENSION demarc_postgis UPDATE
-- TO '0.2.0'.  Nothing of demarc_postgis's SQL changed in 0.2.0 (the
-- version follows demarc's, which it requires); the script exists so that
-- both extensions move together.  The test demarc_upgrade checks it.

\echo Use "ALTER EXTENSION demarc_postgis UPDATE TO '0.2.0'" to load this file. \quit
