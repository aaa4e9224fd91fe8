/* pg_table.c -- a table (or view) with the catalogue's columns, read with
 * the caller's privileges into CSV text for the library's catalogue reader
 * (demarc_validate, demarc_inspect; see pg_catalogue.c).
 *
 * Positions come from the catalogue's own columns (lon/lat, x/y,
 * easting/northing) when the table has any.  A table without them but with
 * exactly one PostGIS `geometry` or `geography` column is read through that
 * column instead: POINT values, one SRID for every row, and that SRID is the
 * catalogue's CRS (EPSG:<srid>; lon/lat when it is geographic, x/y when it
 * is projected).  The PostGIS functions are called qualified by the schema
 * of the column's type, so the caller's search_path does not matter, and in
 * the same query as the other columns, so that rows and their points cannot
 * be paired up wrongly (two scans of a heap may return rows in different
 * orders: synchronised sequential scans).  The `demarc` extension itself
 * does not need PostGIS: without such a column nothing of PostGIS is used. */
#include "demarc_pg.h"

#include <stdio.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

/* Columns of the catalogue schema (include/demarc/validate.h). */
static const char *const catalogue_columns[] = {
    "id", "seq", "kind", "lon", "lat", "x", "y", "easting", "northing", "h_m",
    "chainage_m", "next_dist_m", "next_azimuth_deg", "segment", "provenance", "side"};
#define N_CATALOGUE_COLUMNS (sizeof catalogue_columns / sizeof catalogue_columns[0])
/* Those that give a position: with any of them, a geometry column is ignored. */
static const char *const position_columns[] = {"lon", "lat", "x", "y", "easting", "northing"};
#define N_POSITION_COLUMNS (sizeof position_columns / sizeof position_columns[0])

static int name_in(const char *name, const char *const *list, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (pg_strcasecmp(name, list[i]) == 0)
            return 1;
    return 0;
}

static void append_csv_field(StringInfo buf, const char *s)
{
    appendStringInfoChar(buf, '"');
    for (; *s != '\0'; s++) {
        if (*s == '"')
            appendStringInfoChar(buf, '"');
        appendStringInfoChar(buf, *s);
    }
    appendStringInfoChar(buf, '"');
}

/* The schema of a PostGIS `geometry` or `geography` type, or NULL when
 * `typid` is neither. */
static char *postgis_type_schema(Oid typid)
{
    HeapTuple tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
    char *nsp = NULL;

    if (HeapTupleIsValid(tup)) {
        Form_pg_type t = (Form_pg_type)GETSTRUCT(tup);

        if (strcmp(NameStr(t->typname), "geometry") == 0 ||
            strcmp(NameStr(t->typname), "geography") == 0)
            nsp = get_namespace_name(t->typnamespace);
        ReleaseSysCache(tup);
    }
    return nsp;
}

/* The columns of `relname` (a quoted, qualified name) that the reader
 * uses: cols[0..*ncol) the catalogue's, *geom the one geometry/geography
 * column when the table has no position column (0 when none), *geom_name
 * its name and *geom_nsp its type's schema. */
static void pick_columns(const char *fn, const char *relname, int *cols, int *ncol, int *geom,
                         char **geom_name, char **geom_nsp)
{
    StringInfoData q;
    TupleDesc desc;
    int c, npos = 0, ngeom = 0;

    initStringInfo(&q);
    appendStringInfo(&q, "SELECT * FROM %s LIMIT 0", relname);
    if (SPI_execute(q.data, true, 0) != SPI_OK_SELECT)
        ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                        errmsg("%s: reading %s failed", fn, relname)));
    desc = SPI_tuptable->tupdesc;
    *ncol = 0;
    *geom = 0;
    for (c = 1; c <= desc->natts; c++) {
        const char *name = SPI_fname(desc, c);
        char *nsp;

        if (TupleDescAttr(desc, c - 1)->attisdropped)
            continue;
        if (name_in(name, catalogue_columns, N_CATALOGUE_COLUMNS)) {
            cols[(*ncol)++] = c;
            npos += name_in(name, position_columns, N_POSITION_COLUMNS);
        } else if ((nsp = postgis_type_schema(SPI_gettypeid(desc, c))) != NULL) {
            if (ngeom++ == 0) {
                *geom = c;
                *geom_name = pstrdup(name);
                *geom_nsp = nsp;
            }
        }
    }
    if (npos > 0)
        *geom = 0;
    else if (ngeom > 1)
        ereport(ERROR, (errcode(ERRCODE_AMBIGUOUS_COLUMN),
                        errmsg("%s: %s has %d geometry/geography columns and no lon/lat or "
                               "x/y columns: read it through a view with one",
                               fn, relname, ngeom)));
    if (*ncol == 0 && *geom == 0)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_COLUMN),
                        errmsg("%s: %s has none of the catalogue's columns (id, lon, lat, ...)",
                               fn, relname)));
    SPI_freetuptable(SPI_tuptable);
}

/* The query reading the columns, the point's x, y and SRID last when a
 * geometry column is used (NULL for anything but a point). */
static void build_query(StringInfo q, const char *relname, const char *geom_name,
                        const char *nsp)
{
    appendStringInfoString(q, "SELECT *");
    if (geom_name != NULL) {
        const char *g = quote_identifier(geom_name), *s = quote_identifier(nsp);

        appendStringInfo(q,
                         ", CASE WHEN %s.geometrytype(%s::%s.geometry) = 'POINT' "
                         "THEN %s.st_x(%s::%s.geometry) END"
                         ", CASE WHEN %s.geometrytype(%s::%s.geometry) = 'POINT' "
                         "THEN %s.st_y(%s::%s.geometry) END"
                         ", %s.st_srid(%s::%s.geometry)"
                         ", %s.geometrytype(%s::%s.geometry)",
                         s, g, s, s, g, s, s, g, s, s, g, s, s, g, s, s, g, s);
    }
    appendStringInfo(q, " FROM %s", relname);
}

/* The SRID of row r's point, checked against the rows before (*srid, 0
 * until the first point). */
static void check_point(const char *fn, const char *relname, const char *geom_name,
                        uint64 r, TupleDesc desc, HeapTuple row, int natts, int *srid)
{
    char *type = SPI_getvalue(row, desc, natts);
    char *s = SPI_getvalue(row, desc, natts - 1);
    int this_srid;

    if (type == NULL) /* NULL geometry: no position, the library's finding */
        return;
    if (strcmp(type, "POINT") != 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: %s row %llu: column %s is a %s, not a POINT", fn, relname,
                               (unsigned long long)r + 1, geom_name, type)));
    this_srid = atoi(s);
    if (this_srid <= 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: %s row %llu: column %s has SRID %d (unknown); give it "
                               "one with ST_SetSRID", fn, relname, (unsigned long long)r + 1,
                               geom_name, this_srid)));
    if (*srid != 0 && this_srid != *srid)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: %s row %llu: column %s has SRID %d, earlier rows %d: "
                               "one CRS per catalogue", fn, relname,
                               (unsigned long long)r + 1, geom_name, this_srid, *srid)));
    *srid = this_srid;
}

void demarc_pgi_table_to_csv(Oid relid, const char *fn, struct StringInfoData *buf, char **relname,
                             char crs[DEMARC_PGI_CRS_MAX])
{
    char *nsp = get_namespace_name(get_rel_namespace(relid));
    char *rel = get_rel_name(relid);
    char *geom_nsp = NULL, *geom_name = NULL;
    StringInfoData q, rows;
    int ret, ncol = 0, c, geom = 0, srid = 0, natts;
    uint64 r;
    TupleDesc desc;
    int *cols;

    crs[0] = '\0';
    if (rel == NULL || nsp == NULL)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_TABLE),
                        errmsg("%s: relation with OID %u does not exist", fn, relid)));
    *relname = quote_qualified_identifier(nsp, rel);
    initStringInfo(&rows); /* here, not in SPI's memory: used after SPI_finish */
    if (SPI_connect() != SPI_OK_CONNECT)
        ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("%s: SPI_connect failed", fn)));
    cols = palloc(sizeof(int) * (MaxTupleAttributeNumber + 1));
    pick_columns(fn, *relname, cols, &ncol, &geom, &geom_name, &geom_nsp);
    initStringInfo(&q);
    build_query(&q, *relname, geom_name, geom_nsp);
    ret = SPI_execute(q.data, true, 0);
    if (ret != SPI_OK_SELECT)
        ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                        errmsg("%s: reading %s failed (SPI %d)", fn, *relname, ret)));
    desc = SPI_tuptable->tupdesc;
    natts = desc->natts;
    for (r = 0; r < SPI_processed; r++) {
        HeapTuple row = SPI_tuptable->vals[r];

        if (geom != 0)
            check_point(fn, *relname, geom_name, r, desc, row, natts, &srid);
        for (c = 0; c < ncol; c++) {
            char *v = SPI_getvalue(row, desc, cols[c]);

            if (c > 0)
                appendStringInfoChar(&rows, ',');
            if (v != NULL)
                append_csv_field(&rows, v);
        }
        if (geom != 0) {
            char *x = SPI_getvalue(row, desc, natts - 3), *y = SPI_getvalue(row, desc, natts - 2);

            appendStringInfoString(&rows, ncol > 0 ? "," : "");
            if (x != NULL)
                append_csv_field(&rows, x);
            appendStringInfoChar(&rows, ',');
            if (y != NULL)
                append_csv_field(&rows, y);
        }
        appendStringInfoChar(&rows, '\n');
        CHECK_FOR_INTERRUPTS();
    }
    /* The header, now that the point columns' CRS is known. */
    for (c = 0; c < ncol; c++) {
        if (c > 0)
            appendStringInfoChar(buf, ',');
        append_csv_field(buf, SPI_fname(desc, cols[c]));
    }
    if (geom != 0) {
        const demarc_pgi_state *st = demarc_pgi_state_get();
        int geographic = 0;
        demarc_status rc;

        snprintf(crs, DEMARC_PGI_CRS_MAX, "EPSG:%d", srid != 0 ? srid : 4326);
        rc = demarc_crs_geographic(st->ctx, crs, &geographic);
        if (rc != DEMARC_OK)
            demarc_pgi_raise(st->ctx, rc, fn);
        appendStringInfoString(buf, ncol > 0 ? "," : "");
        appendStringInfoString(buf, geographic ? "\"lon\",\"lat\"" : "\"x\",\"y\"");
    }
    appendStringInfoChar(buf, '\n');
    SPI_finish();
    appendBinaryStringInfo(buf, rows.data, rows.len);
    pfree(rows.data);
}
