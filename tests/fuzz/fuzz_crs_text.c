/* fuzz_crs_text.c -- the projection API's readers of user text, without
 * PROJ's operation search: demarc_crs_geographic on the first line,
 * demarc_grid_factors_at on the second (each call creates the CRS once, so
 * a line goes to one of them); then, when a third line is present,
 * demarc_transform_new(line 1, line 2) with that line as the forced operation
 * ("AUTH:CODE" or PROJ text) and demarc_transform_apply on a few points.
 *
 * Every path of lib/project.c and lib/zones.c that reads the caller's
 * string runs here (the CRS label, demarc__crs_create, the forced-operation
 * parser, the check that a catalogued operation joins the two CRSs, axis
 * normalisation).  What it leaves out is choose_operation -- PROJ's
 * proj_create_operations over the area of use, 50-130 ms an input, which
 * reads no text -- and that is fuzz_transform_crs's part, end to end.
 *
 * Two contexts (see fuzz_proj.h): an input whose every line is an
 * AUTH:CODE that proj.db holds goes to a context with PROJ's database, any
 * other to a context without it.  The second context is set up through the
 * library's internal header; the library keeps PROJ's messages in the
 * context, so nothing is printed.
 * Seeds: tests/fuzz/corpus/crs_text/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "demarc.h"
#include "fuzz_proj.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static demarc_ctx *ctx_db, *ctx_nodb;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_proj_contexts_new(&ctx_db, &ctx_nodb);
    return 0;
}

/* A failure leaves a message; success leaves none. */
static void check_status(demarc_ctx *ctx, demarc_status rc)
{
    const char *msg = demarc_ctx_errmsg(ctx);
    if (!msg) abort();
    if ((rc != DEMARC_OK) != (msg[0] != '\0')) abort();
}

static void probe_geographic(demarc_ctx *ctx, const char *crs)
{
    int geographic = -1;
    demarc_status rc = demarc_crs_geographic(ctx, crs, &geographic);
    check_status(ctx, rc);
    if (geographic != 0 && geographic != 1) abort();
}

static void probe_grid_factors(demarc_ctx *ctx, const char *crs)
{
    demarc_grid_factors f;
    demarc_status rc = demarc_grid_factors_at(ctx, crs, 63.0, 41.0, &f);
    check_status(ctx, rc);
    if (rc == DEMARC_OK && !(f.meridional_scale > 0)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) return 0; /* as fuzz_transform_crs */
    char *line[3];
    char *s = fz_split3(data, size, line);
    if (!s) return 0;
    char *to = line[1], *op = line[2];
    demarc_ctx *ctx = fz_pick_context(line, ctx_db, ctx_nodb);
    probe_geographic(ctx, s);
    if (to) probe_grid_factors(ctx, to);
    if (op) {
        demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
        o.operation = op; /* never NULL here: no operation search */
        demarc_transform *t = NULL;
        demarc_status rc = demarc_transform_new(ctx, &t, s, to, &o);
        check_status(ctx, rc);
        if ((rc == DEMARC_OK) != (t != NULL)) abort();
        if (t) fz_use_transform(ctx, t);
        demarc_transform_free(t);
    }
    free(s);
    return 0;
}
