/* pg_state.c -- module magic, the per-backend border, errors. */
#include "demarc_pg.h"

#include <math.h>

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/float.h"

PG_MODULE_MAGIC;

void _PG_init(void);

/*
 * Per-backend cache (a backend is one thread: one demarc_ctx, as the
 * library asks).  The border is immutable; it lives until the backend
 * exits, when the operating system reclaims it.
 */
static demarc_pgi_state backend_state;

/*
 * With shared_preload_libraries = 'demarc-0' the postmaster opens the
 * border once and warms its territory index (one locate), and every backend
 * and parallel worker it forks inherits them, instead of paying that
 * (~0.07-0.1 s) on its first call.  Only the border is inherited: the
 * context that opened it is freed here (a border outlives its context,
 * demarc.h), each process makes its own, so no PROJ database handle crosses
 * a fork.  Any failure here leaves the per-backend opening to do its work.
 */
void _PG_init(void)
{
    demarc_ctx *ctx = NULL;
    demarc_border *border = NULL;
    demarc_location loc;

    if (!process_shared_preload_libraries_in_progress || backend_state.border != NULL)
        return;
    if (demarc_ctx_new(&ctx) != DEMARC_OK)
        return;
    if (demarc_border_open_default(ctx, &border, NULL) == DEMARC_OK) {
        (void)demarc_locate(ctx, border, 60.0, 42.0, NULL, &loc);
        backend_state.info = demarc_border_info_get(border);
        backend_state.border = border;
    }
    demarc_ctx_free(ctx);
}

const demarc_pgi_state *demarc_pgi_state_get(void)
{
    if (backend_state.ctx == NULL) {
        demarc_ctx *ctx = NULL;

        if (demarc_ctx_new(&ctx) != DEMARC_OK)
            ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY),
                            errmsg("demarc: cannot create a libdemarc context")));
        backend_state.ctx = ctx;
    }
    if (backend_state.border == NULL) {
        demarc_ctx *ctx = backend_state.ctx;
        demarc_border *border = NULL;
        demarc_status rc;

        rc = demarc_border_open_default(ctx, &border, NULL);
        if (rc != DEMARC_OK)
            demarc_pgi_raise(ctx, rc, "demarc: opening the embedded border");
        backend_state.info = demarc_border_info_get(border);
        backend_state.border = border;
    }
    return &backend_state;
}

int demarc_pgi_sqlstate(demarc_status status)
{
    switch (status) {
    case DEMARC_ERR_ARG:
    case DEMARC_ERR_RANGE:
    case DEMARC_ERR_CRS:
        return ERRCODE_INVALID_PARAMETER_VALUE;        /* 22023 */
    case DEMARC_ERR_NOMEM:
        return ERRCODE_OUT_OF_MEMORY;                  /* 53200 */
    case DEMARC_ERR_IO:
        return ERRCODE_IO_ERROR;                       /* 58030 */
    case DEMARC_ERR_FORMAT:
        return ERRCODE_INVALID_TEXT_REPRESENTATION;    /* 22P02 */
    case DEMARC_ERR_NOT_FOUND:
        return ERRCODE_UNDEFINED_OBJECT;               /* 42704 */
    case DEMARC_ERR_GEOMETRY:
    case DEMARC_ERR_EMPTY: /* not 02000 "no data": class 02 is no error class */
        return ERRCODE_DATA_EXCEPTION;                 /* 22000 */
    case DEMARC_ERR_CANCELLED:
        return ERRCODE_QUERY_CANCELED;                 /* 57014 */
    case DEMARC_OK:
    case DEMARC_ERR_INTERNAL:
    default:
        return ERRCODE_INTERNAL_ERROR;                 /* XX000 */
    }
}

void demarc_pgi_raise(demarc_ctx *ctx, demarc_status status, const char *fn)
{
    const char *msg = ctx != NULL ? demarc_ctx_errmsg(ctx) : "";

    ereport(ERROR, (errcode(demarc_pgi_sqlstate(status)),
                    errmsg("%s: %s", fn, msg[0] != '\0' ? msg : demarc_status_str(status)),
                    errdetail("libdemarc status %d (%s)", (int)status,
                              demarc_status_str(status))));
    pg_unreachable();
}

/*
 * demarc__raise_status(status int): raise the ERROR that libdemarc status
 * `status` maps to, with the library's static text as the message.  For the
 * regression test of the mapping (every status an ERROR, none a crash);
 * EXECUTE is revoked from PUBLIC in the install script.
 */
PG_FUNCTION_INFO_V1(demarc_pg_raise_status);
Datum demarc_pg_raise_status(PG_FUNCTION_ARGS)
{
    int32 status = PG_GETARG_INT32(0);

    if (status == DEMARC_OK)
        PG_RETURN_VOID();
    /* No context: demarc_status_str's text stands in for the message. */
    demarc_pgi_raise(NULL, (demarc_status)status, "demarc__raise_status");
}

int demarc_pgi_lonlat_ok(double lon, double lat)
{
    return isfinite(lon) && isfinite(lat) && lon >= -180.0 && lon <= 180.0 && lat >= -90.0 &&
           lat <= 90.0;
}

void demarc_pgi_check_lonlat(double lon, double lat, const char *fn)
{
    if (!isfinite(lon) || lon < -180.0 || lon > 180.0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: longitude %s is not a finite number in [-180, 180]", fn,
                               float8out_internal(lon))));
    if (!isfinite(lat) || lat < -90.0 || lat > 90.0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: latitude %s is not a finite number in [-90, 90]", fn,
                               float8out_internal(lat))));
}
