-- demarc_per_shard_sql(parent, group_cols, aggs, combine): the SQL of a
-- per-shard aggregate over a table partitioned across postgres_fdw foreign
-- partitions, in the shape PostgreSQL 15 pushes down whole: one grouped
-- subquery per partition under UNION ALL, re-aggregated on the coordinator.
--   aggs:    the per-partition aggregates, e.g. 'count(*) AS n, sum(x) AS s'
--   combine: how to combine them, in the same order, e.g. 'sum(n), sum(s)'
--            (count -> sum, sum -> sum, min -> min, max -> max; an average
--            is sum(s) / sum(n) of a sum and a count).
-- Run the result with EXECUTE, or look at its plan with EXPLAIN (VERBOSE).
CREATE OR REPLACE FUNCTION demarc_per_shard_sql(parent regclass, group_cols text,
                                                aggs text, combine text)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT format('SELECT %s, %s FROM (%s) per_shard GROUP BY %s',
                  group_cols, combine,
                  string_agg(format('SELECT %s, %s FROM %s GROUP BY %s',
                                    group_cols, aggs, c.oid::regclass, group_cols),
                             ' UNION ALL ' ORDER BY c.oid),
                  group_cols)
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = parent
$$;
