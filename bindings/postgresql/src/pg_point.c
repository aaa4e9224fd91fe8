/* pg_point.c -- one point against the border: demarc_party, demarc_locate,
 * demarc_try_locate, demarc_distance, demarc_chainage, and the __srid
 * helpers demarc_postgis calls for geometries in another CRS. */
#include "demarc_pg.h"

#include <math.h>
#include <stdio.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "catalog/pg_type_d.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/geo_decls.h"
#include "utils/float.h"

PG_FUNCTION_INFO_V1(demarc_pg_party);
PG_FUNCTION_INFO_V1(demarc_pg_locate);
PG_FUNCTION_INFO_V1(demarc_pg_try_locate);
PG_FUNCTION_INFO_V1(demarc_pg_distance);
PG_FUNCTION_INFO_V1(demarc_pg_chainage);
PG_FUNCTION_INFO_V1(demarc_pg_party_srid);
PG_FUNCTION_INFO_V1(demarc_pg_locate_srid);
PG_FUNCTION_INFO_V1(demarc_pg_party_code_text);
PG_FUNCTION_INFO_V1(demarc_pg_party_point);
PG_FUNCTION_INFO_V1(demarc_pg_locate_point);

/* Columns of the composite type demarc_location (demarc--*.sql). */
#define LOCATION_NATTS 9

static void locate_point(const char *fn, double lon, double lat, unsigned int flags,
                         demarc_location *loc)
{
    const demarc_pgi_state *st = demarc_pgi_state_get();
    demarc_locate_options opts = DEMARC_LOCATE_OPTIONS_INIT;
    demarc_status rc;

    demarc_pgi_check_lonlat(lon, lat, fn);
    opts.flags = flags;
    rc = demarc_locate(st->ctx, st->border, lon, lat, &opts, loc);
    if (rc != DEMARC_OK)
        demarc_pgi_raise(st->ctx, rc, fn);
}

/* The party only, through the lean batch call (one int per point; about a
 * quarter of demarc_locate's PARTY_ONLY cost): loc->party and
 * loc->party_code are filled, nothing else. */
static void party_point(const char *fn, double lon, double lat, demarc_location *loc)
{
    const demarc_pgi_state *st = demarc_pgi_state_get();
    int party;
    demarc_status rc;

    demarc_pgi_check_lonlat(lon, lat, fn);
    rc = demarc_party_batch(st->ctx, st->border, 1, &lon, 0, &lat, 0, &party, 0);
    if (rc != DEMARC_OK)
        demarc_pgi_raise(st->ctx, rc, fn);
    loc->party = party;
    loc->party_code = party >= 0 ? demarc_border_territory(st->border, (size_t)party)->party : "";
}

/* Per-backend transformations from EPSG:<srid> to WGS 84, the library's
 * one border-wide operation each (demarc_transform_new); a handful of SRIDs
 * at most in practice, the rest are refused rather than evicted. */
#define SRID_CACHE_SIZE 16
static struct {
    int srid;
    demarc_transform *t;
} srid_cache[SRID_CACHE_SIZE];
static int srid_cache_n;

static void to_wgs84(const char *fn, int32 srid, double *x, double *y)
{
    const demarc_pgi_state *st;
    demarc_transform *t = NULL;
    demarc_status rc;
    int i;

    if (srid == 4326)
        return;
    if (srid <= 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: geometry has SRID %d (unknown); give it one with "
                               "ST_SetSRID, e.g. 4326 for WGS 84 longitude/latitude",
                               fn, (int)srid)));
    st = demarc_pgi_state_get();
    for (i = 0; i < srid_cache_n; i++)
        if (srid_cache[i].srid == srid)
            t = srid_cache[i].t;
    if (t == NULL) {
        char crs[32];

        if (srid_cache_n == SRID_CACHE_SIZE)
            ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                            errmsg("%s: more than %d SRIDs in one session", fn,
                                   SRID_CACHE_SIZE)));
        snprintf(crs, sizeof crs, "EPSG:%d", (int)srid);
        rc = demarc_transform_new(st->ctx, &t, crs, "EPSG:4326", NULL);
        if (rc != DEMARC_OK)
            demarc_pgi_raise(st->ctx, rc, fn);
        srid_cache[srid_cache_n].srid = srid;
        srid_cache[srid_cache_n].t = t;
        srid_cache_n++;
    }
    if (!isfinite(*x) || !isfinite(*y))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: coordinates (%s, %s) are not finite", fn,
                               float8out_internal(*x), float8out_internal(*y))));
    rc = demarc_transform_apply(st->ctx, t, 1, x, sizeof(double), y, sizeof(double), NULL, 0);
    if (rc != DEMARC_OK)
        demarc_pgi_raise(st->ctx, rc, fn);
}

/*
 * Per-call-site cache in fn_extra: the composite's descriptor and the enum
 * values of the two parties.  The party is returned as the enum
 * demarc_party_code rather than text: an enum has no collation, so that
 * postgres_fdw ships `demarc_party(lon, lat) = 'UZ'` to a remote server
 * (PostgreSQL 15 ships no comparison of a collatable value that does not
 * come from a column of the remote table).
 */
typedef struct fn_cache {
    TupleDesc tupdesc; /* demarc_location, blessed; NULL until needed */
    Oid rettype;       /* the call's result type, InvalidOid until the first call */
    Oid party_type;    /* type the party values below belong to */
    Datum party[2];    /* enum value of territory 0 and 1 */
    bool have[2];
} fn_cache;

static fn_cache *cache_get(FunctionCallInfo fcinfo)
{
    if (fcinfo->flinfo->fn_extra == NULL)
        fcinfo->flinfo->fn_extra =
            MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(fn_cache));
    return (fn_cache *)fcinfo->flinfo->fn_extra;
}

/* The party as a value of `type` (demarc_party_code, or text). */
static Datum party_value(fn_cache *c, Oid type, const demarc_location *loc)
{
    if (type == TEXTOID)
        return PointerGetDatum(cstring_to_text(loc->party_code));
    if (c->party_type != type)
        c->have[0] = c->have[1] = false;
    c->party_type = type;
    if (!c->have[loc->party]) {
        c->party[loc->party] = DirectFunctionCall2(enum_in, CStringGetDatum(loc->party_code),
                                                   ObjectIdGetDatum(type));
        c->have[loc->party] = true;
    }
    return c->party[loc->party];
}

static Datum party_datum(FunctionCallInfo fcinfo, const demarc_location *loc)
{
    fn_cache *c;

    if (loc->party < 0 || loc->party > 1)
        PG_RETURN_NULL();
    c = cache_get(fcinfo);

    /* Looked up once per call site: the expression tree walk of
     * get_fn_expr_rettype is a measurable part of demarc_party's cost. */
    if (c->rettype == InvalidOid)
        c->rettype = get_fn_expr_rettype(fcinfo->flinfo);
    return party_value(c, c->rettype, loc);
}

/* demarc_party_code_text(demarc_party_code) -> text: the assignment cast
 * (an I/O conversion would not be shipped by postgres_fdw). */
Datum demarc_pg_party_code_text(PG_FUNCTION_ARGS)
{
    Datum label = DirectFunctionCall1(enum_out, PG_GETARG_DATUM(0));

    PG_RETURN_TEXT_P(cstring_to_text(DatumGetCString(label)));
}

/* demarc_party(lon float8, lat float8) -> text: 'KZ', 'UZ' or NULL. */
Datum demarc_pg_party(PG_FUNCTION_ARGS)
{
    demarc_location loc;

    party_point("demarc_party", PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), &loc);
    return party_datum(fcinfo, &loc);
}

/* demarc__party_srid(x, y, srid): the party of a point given in EPSG:srid. */
Datum demarc_pg_party_srid(PG_FUNCTION_ARGS)
{
    double x = PG_GETARG_FLOAT8(0), y = PG_GETARG_FLOAT8(1);
    demarc_location loc;

    to_wgs84("demarc_party", PG_GETARG_INT32(2), &x, &y);
    party_point("demarc_party", x, y, &loc);
    return party_datum(fcinfo, &loc);
}

/* demarc__party_point(p point, srid int): as demarc__party_srid, from the
 * built-in point a PostGIS geometry casts to (one deserialisation, not the
 * two of ST_X and ST_Y). */
Datum demarc_pg_party_point(PG_FUNCTION_ARGS)
{
    Point *pt = PG_GETARG_POINT_P(0);
    double x = pt->x, y = pt->y;
    demarc_location loc;

    to_wgs84("demarc_party", PG_GETARG_INT32(1), &x, &y);
    party_point("demarc_party", x, y, &loc);
    return party_datum(fcinfo, &loc);
}

static Datum location_datum(FunctionCallInfo fcinfo, const demarc_location *loc)
{
    const demarc_pgi_state *st = demarc_pgi_state_get();
    fn_cache *c = cache_get(fcinfo);
    TupleDesc tupdesc = c->tupdesc;
    Datum values[LOCATION_NATTS];
    bool nulls[LOCATION_NATTS];
    const demarc_sign *sign;
    HeapTuple tuple;

    if (tupdesc == NULL) {
        MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

        if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("demarc_locate: the result type is not composite")));
        tupdesc = BlessTupleDesc(CreateTupleDescCopy(tupdesc));
        MemoryContextSwitchTo(old);
        if (tupdesc->natts != LOCATION_NATTS)
            ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
                            errmsg("demarc_locate: demarc_location has %d columns, not %d",
                                   tupdesc->natts, LOCATION_NATTS)));
        c->tupdesc = tupdesc;
    }
    memset(nulls, 0, sizeof nulls);
    if (loc->party < 0 || loc->party > 1) {
        nulls[0] = true;
        values[0] = (Datum)0;
    } else {
        values[0] = party_value(c, TupleDescAttr(tupdesc, 0)->atttypid, loc);
    }
    values[1] = Float8GetDatum(loc->distance_m);
    values[2] = Float8GetDatum(loc->chainage_m);
    values[3] = Float8GetDatum(loc->foot_lon);
    values[4] = Float8GetDatum(loc->foot_lat);
    sign = loc->nearest_sign != SIZE_MAX ? demarc_border_sign(st->border, loc->nearest_sign)
                                         : NULL;
    if (sign != NULL) {
        values[5] = PointerGetDatum(cstring_to_text(sign->id));
        values[6] = Float8GetDatum(loc->nearest_sign_m);
    } else {
        nulls[5] = nulls[6] = true;
        values[5] = values[6] = (Datum)0;
    }
    values[7] = BoolGetDatum(loc->on_border != 0);
    values[8] = Int32GetDatum((int32)loc->edge);
    tuple = heap_form_tuple(tupdesc, values, nulls);
    PG_RETURN_DATUM(HeapTupleGetDatum(tuple));
}

/* demarc_locate(lon, lat) -> demarc_location. */
Datum demarc_pg_locate(PG_FUNCTION_ARGS)
{
    demarc_location loc;

    locate_point("demarc_locate", PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), 0u, &loc);
    return location_datum(fcinfo, &loc);
}

/* demarc__locate_srid(x, y, srid) -> demarc_location. */
Datum demarc_pg_locate_srid(PG_FUNCTION_ARGS)
{
    double x = PG_GETARG_FLOAT8(0), y = PG_GETARG_FLOAT8(1);
    demarc_location loc;

    to_wgs84("demarc_locate", PG_GETARG_INT32(2), &x, &y);
    locate_point("demarc_locate", x, y, 0u, &loc);
    return location_datum(fcinfo, &loc);
}

/* demarc__locate_point(p point, srid int) -> demarc_location. */
Datum demarc_pg_locate_point(PG_FUNCTION_ARGS)
{
    Point *pt = PG_GETARG_POINT_P(0);
    double x = pt->x, y = pt->y;
    demarc_location loc;

    to_wgs84("demarc_locate", PG_GETARG_INT32(1), &x, &y);
    locate_point("demarc_locate", x, y, 0u, &loc);
    return location_datum(fcinfo, &loc);
}

/*
 * demarc_try_locate(lon, lat) -> demarc_location or NULL when the point is
 * not finite or out of range (batch enrichment that must not stop).  Other
 * failures (out of memory) still raise an ERROR.
 */
Datum demarc_pg_try_locate(PG_FUNCTION_ARGS)
{
    double lon = PG_GETARG_FLOAT8(0), lat = PG_GETARG_FLOAT8(1);
    demarc_location loc;

    if (!demarc_pgi_lonlat_ok(lon, lat))
        PG_RETURN_NULL();
    locate_point("demarc_try_locate", lon, lat, 0u, &loc);
    return location_datum(fcinfo, &loc);
}

/* demarc_distance(lon, lat) -> float8: geodesic distance to the line, m. */
Datum demarc_pg_distance(PG_FUNCTION_ARGS)
{
    demarc_location loc;

    locate_point("demarc_distance", PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), 0u, &loc);
    PG_RETURN_FLOAT8(loc.distance_m);
}

/* demarc_chainage(lon, lat) -> float8: chainage of the nearest point of the line, m. */
Datum demarc_pg_chainage(PG_FUNCTION_ARGS)
{
    demarc_location loc;

    locate_point("demarc_chainage", PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), 0u, &loc);
    PG_RETURN_FLOAT8(loc.chainage_m);
}
