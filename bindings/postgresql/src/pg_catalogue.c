/* pg_catalogue.c -- demarc_validate(catalogue regclass, crs) and
 * demarc_inspect(resurvey regclass, ...): a table with the catalogue's
 * columns (or a PostGIS point column: pg_table.c), read with the caller's
 * privileges, validated or inspected by libdemarc.
 *
 * The library reads catalogues through GDAL only (demarc_catalogue_open
 * takes a path; there is no constructor from rows in include/demarc/).  The
 * rows are therefore written as CSV into GDAL's in-memory file system
 * (/vsimem/, this backend's own memory, never a server file) under a name
 * the extension makes up, opened there and unlinked at once.  No text of
 * the caller becomes a path: the CRS must be AUTHORITY:CODE. */
#include "demarc_pg.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>

#include <cpl_vsi.h>

#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/lsyscache.h"

PG_FUNCTION_INFO_V1(demarc_pg_validate);
PG_FUNCTION_INFO_V1(demarc_pg_inspect);

/* The CRS text the caller may give: AUTHORITY:CODE only (EPSG:4284), so that
 * no PROJ string (+nadgrids=/path) or WKT names a file. */
static void check_crs(const char *crs, const char *fn)
{
    const char *p = crs;

    while (isalpha((unsigned char)*p))
        p++;
    if (p == crs || *p != ':' || !isdigit((unsigned char)p[1]))
        goto bad;
    for (p++; isdigit((unsigned char)*p); p++)
        ;
    if (*p == '\0' && p - crs < 32)
        return;
bad:
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("%s: CRS \"%s\" is not of the form AUTHORITY:CODE (e.g. EPSG:4284)",
                           fn, crs)));
}

/* Open the table's rows as a catalogue.  *cat is owned by the caller. */
static demarc_catalogue *catalogue_from_table(Oid relid, const char *crs, const char *fn)
{
    static unsigned long serial; /* per-backend counter: unique /vsimem/ names */
    const demarc_pgi_state *st = demarc_pgi_state_get();
    demarc_catalogue_options opts = DEMARC_CATALOGUE_OPTIONS_INIT;
    demarc_catalogue *cat = NULL;
    StringInfoData csv;
    char path[96], *relname = NULL, point_crs[DEMARC_PGI_CRS_MAX];
    VSILFILE *f;
    demarc_status rc;

    check_crs(crs, fn);
    initStringInfo(&csv);
    demarc_pgi_table_to_csv(relid, fn, &csv, &relname, point_crs);
    if (point_crs[0] != '\0') {
        /* Positions from a geometry column: its SRID is the CRS.  The default
         * EPSG:4326 gives way to it; any other crs must agree with it. */
        if (strcmp(crs, "EPSG:4326") != 0 && pg_strcasecmp(crs, point_crs) != 0)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("%s: crs %s disagrees with the SRID of the geometry column "
                                   "of %s (%s)", fn, crs, relname, point_crs)));
        crs = point_crs;
    }
    snprintf(path, sizeof path, "/vsimem/demarc_pg_%d_%lu/catalogue.csv", MyProcPid, ++serial);
    f = VSIFileFromMemBuffer(path, (GByte *)csv.data, (vsi_l_offset)csv.len, FALSE);
    if (f == NULL)
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY),
                        errmsg("%s: cannot stage %s in memory", fn, relname)));
    VSIFCloseL(f);
    opts.crs = crs;
    rc = demarc_catalogue_open(st->ctx, &cat, path, &opts);
    VSIUnlink(path);
    pfree(csv.data);
    if (rc != DEMARC_OK) {
        /* The library's message names our staging path: name the table. */
        const char *msg = demarc_ctx_errmsg(st->ctx);
        StringInfoData m;
        const char *hit;

        initStringInfo(&m);
        while ((hit = strstr(msg, path)) != NULL) {
            appendBinaryStringInfo(&m, msg, (int)(hit - msg));
            appendStringInfoString(&m, relname);
            msg = hit + strlen(path);
        }
        appendStringInfoString(&m, msg);
        ereport(ERROR, (errcode(demarc_pgi_sqlstate(rc)), errmsg("%s: %s", fn, m.data),
                        errdetail("libdemarc status %d (%s); row N is the N-th row read "
                                  "from the table",
                                  (int)rc, demarc_status_str(rc))));
    }
    return cat;
}

/* Progress callback: stop the library when a cancel or terminate is pending. */
static int stop_on_interrupt(void *userdata, double fraction, const char *stage)
{
    (void)userdata;
    (void)fraction;
    (void)stage;
    return InterruptPending ? 1 : 0;
}

#define FINDING_NATTS 6

static void report_to_rows(FunctionCallInfo fcinfo, const demarc_report *rep)
{
    ReturnSetInfo *rsinfo = (ReturnSetInfo *)fcinfo->resultinfo;
    size_t i, n = demarc_report_count(rep);

    for (i = 0; i < n; i++) {
        const demarc_finding *f = demarc_report_finding(rep, i);
        Datum v[FINDING_NATTS];
        bool nl[FINDING_NATTS];

        memset(nl, 0, sizeof nl);
        v[0] = PointerGetDatum(cstring_to_text(f->code));
        v[1] = PointerGetDatum(cstring_to_text(demarc_severity_name(f->severity)));
        nl[2] = (f->sign_id == NULL || f->sign_id[0] == '\0');
        v[2] = nl[2] ? (Datum)0 : PointerGetDatum(cstring_to_text(f->sign_id));
        nl[3] = isnan(f->value);
        v[3] = Float8GetDatum(f->value);
        nl[4] = isnan(f->limit);
        v[4] = Float8GetDatum(f->limit);
        v[5] = PointerGetDatum(cstring_to_text(f->message));
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nl);
    }
}

static void finish(FunctionCallInfo fcinfo, demarc_status rc, demarc_report *rep,
                   demarc_catalogue *a, demarc_catalogue *b, const char *fn)
{
    const demarc_pgi_state *st = demarc_pgi_state_get();

    if (rc != DEMARC_OK) {
        demarc_catalogue_free(a);
        demarc_catalogue_free(b);
        if (rc == DEMARC_ERR_CANCELLED)
            CHECK_FOR_INTERRUPTS();
        demarc_pgi_raise(st->ctx, rc, fn);
    }
    PG_TRY();
    {
        report_to_rows(fcinfo, rep);
    }
    PG_FINALLY();
    {
        demarc_report_free(rep);
        demarc_catalogue_free(a);
        demarc_catalogue_free(b);
    }
    PG_END_TRY();
}

/* demarc_validate(catalogue regclass, crs text DEFAULT 'EPSG:4326')
 *   -> setof (code, severity, sign, value, "limit", message) */
Datum demarc_pg_validate(PG_FUNCTION_ARGS)
{
    const char *fn = "demarc_validate";
    Oid relid = PG_GETARG_OID(0);
    char *crs = text_to_cstring(PG_GETARG_TEXT_PP(1));
    const demarc_pgi_state *st = demarc_pgi_state_get();
    demarc_validate_options opts = DEMARC_VALIDATE_OPTIONS_INIT;
    demarc_catalogue *cat;
    demarc_report *rep = NULL;
    demarc_status rc;

    InitMaterializedSRF(fcinfo, 0);
    cat = catalogue_from_table(relid, crs, fn);
    opts.progress = stop_on_interrupt;
    rc = demarc_catalogue_validate(st->ctx, &rep, st->border, cat, &opts);
    finish(fcinfo, rc, rep, cat, NULL, fn);
    return (Datum)0;
}

/* demarc_inspect(resurvey regclass, catalogue regclass DEFAULT NULL,
 *                crs text DEFAULT 'EPSG:4326', tolerance_m float8 DEFAULT 0.10)
 *   -> setof (code, severity, sign, value, "limit", message)
 * catalogue NULL: the embedded border's own catalogue.  crs is that of the
 * re-survey; a catalogue table is read as WGS 84. */
Datum demarc_pg_inspect(PG_FUNCTION_ARGS)
{
    const char *fn = "demarc_inspect";
    const demarc_pgi_state *st = demarc_pgi_state_get();
    demarc_inspect_options opts = DEMARC_INSPECT_OPTIONS_INIT;
    demarc_catalogue *cat = NULL, *resurvey;
    demarc_report *rep = NULL;
    const char *crs = PG_ARGISNULL(2) ? "EPSG:4326" : text_to_cstring(PG_GETARG_TEXT_PP(2));
    demarc_status rc;

    InitMaterializedSRF(fcinfo, 0);
    if (PG_ARGISNULL(0))
        return (Datum)0;
    if (!PG_ARGISNULL(3)) {
        double tol = PG_GETARG_FLOAT8(3);

        if (!(tol >= 0.0) || isinf(tol))
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("%s: tolerance_m %s is not a finite number >= 0", fn,
                                   float8out_internal(tol))));
        opts.tolerance_m = tol;
    }
    resurvey = catalogue_from_table(PG_GETARG_OID(0), crs, fn);
    PG_TRY();
    {
        if (PG_ARGISNULL(1)) {
            rc = demarc_catalogue_from_border(st->ctx, &cat, st->border);
            if (rc != DEMARC_OK)
                demarc_pgi_raise(st->ctx, rc, fn);
        } else {
            cat = catalogue_from_table(PG_GETARG_OID(1), "EPSG:4326", fn);
        }
    }
    PG_CATCH();
    {
        demarc_catalogue_free(resurvey);
        PG_RE_THROW();
    }
    PG_END_TRY();
    opts.progress = stop_on_interrupt;
    rc = demarc_inspect(st->ctx, &rep, cat, resurvey, &opts);
    finish(fcinfo, rc, rep, cat, resurvey, fn);
    return (Datum)0;
}
