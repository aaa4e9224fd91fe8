/* demarc_pg.h -- shared pieces of the `demarc` PostgreSQL extension: the
 * per-backend border, the mapping of demarc_status to SQLSTATEs, the
 * coordinate check.  Thin layer: every number comes from libdemarc. */
#ifndef DEMARC_PG_H
#define DEMARC_PG_H

#include "postgres.h"

#include "demarc.h"

/*
 * The backend's context and embedded border, opened on first use (about a
 * millisecond, tests/bench/bench_open.c) and kept for the backend's life,
 * as PostGIS keeps its PROJ and GEOS objects.  Each parallel worker is its
 * own process and opens its own.  Raises an ERROR if the library fails.
 */
typedef struct demarc_pgi_state {
    demarc_ctx *ctx;
    const demarc_border *border;
    const demarc_border_info *info;
} demarc_pgi_state;

const demarc_pgi_state *demarc_pgi_state_get(void);

/* ERROR with the SQLSTATE fitting `status` and the library's message on
 * ctx, prefixed by the SQL function's name.  Never returns. */
void demarc_pgi_raise(demarc_ctx *ctx, demarc_status status, const char *fn)
    pg_attribute_noreturn();

/* SQLSTATE for a status (22023 for ARG/RANGE/CRS, 53200 for NOMEM, ...). */
int demarc_pgi_sqlstate(demarc_status status);

/* 1 when lon/lat are finite and within [-180, 180] x [-90, 90]. */
int demarc_pgi_lonlat_ok(double lon, double lat);

/* ERROR 22023 naming the offending value unless demarc_pgi_lonlat_ok. */
void demarc_pgi_check_lonlat(double lon, double lat, const char *fn);

/* Room for "EPSG:<srid>". */
#define DEMARC_PGI_CRS_MAX 32

/* The table or view `relid` as CSV text (a header, then one line per row)
 * appended to buf, which the caller initialised; *relname its quoted,
 * qualified name.  crs is "" when positions come from the catalogue's own
 * columns, else "EPSG:<srid>" of the geometry column they came from
 * (pg_table.c).  Reads with the caller's privileges; raises an ERROR. */
struct StringInfoData;
void demarc_pgi_table_to_csv(Oid relid, const char *fn, struct StringInfoData *buf,
                             char **relname, char crs[DEMARC_PGI_CRS_MAX]);

#endif /* DEMARC_PG_H */
