-- demarc_parallel: the point functions are PARALLEL SAFE, so a scan of a
-- big table is spread over workers (Gather), with the serial plan's answer.
CREATE TABLE pts AS
SELECT i, (55 + (i * 0.6180339887 % 1) * 18)::float8 AS lon,
       (37 + (i * 0.4142135623 % 1) * 9)::float8 AS lat
  FROM generate_series(1, 100000) i;
ANALYZE pts;
-- Plans without the tie-breaking of tiny costs.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT demarc_party(lon, lat) AS party, count(*) FROM pts GROUP BY 1;
EXPLAIN (COSTS OFF) SELECT count(*) FROM pts WHERE (demarc_locate(lon, lat)).distance_m < 5000;
-- workers(q): how many parallel workers EXPLAIN ANALYZE saw launched.
CREATE FUNCTION workers(q text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE j json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || q INTO j;
    RETURN coalesce((regexp_match(j::text, '"Workers Launched": (\d+)'))[1]::int, 0);
END $$;
SELECT workers('SELECT count(*) FROM pts WHERE demarc_party(lon, lat) = ''UZ''') > 0
       AS workers_launched;
CREATE TABLE par AS SELECT demarc_party(lon, lat) AS party, count(*) AS n,
       sum((demarc_locate(lon, lat)).distance_m) AS d FROM pts GROUP BY 1;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT demarc_party(lon, lat) AS party, count(*) FROM pts GROUP BY 1;
CREATE TABLE ser AS SELECT demarc_party(lon, lat) AS party, count(*) AS n,
       sum((demarc_locate(lon, lat)).distance_m) AS d FROM pts GROUP BY 1;
-- Same counts per party; the distance sums equal up to the order of the
-- floating-point additions (relative 1e-12).
SELECT s.party, s.n = p.n AS same_count, abs(s.d - p.d) <= 1e-12 * s.d AS same_distance
  FROM ser s JOIN par p ON p.party IS NOT DISTINCT FROM s.party ORDER BY s.party;
RESET ALL;
