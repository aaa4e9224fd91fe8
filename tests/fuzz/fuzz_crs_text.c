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
 * Two contexts.  PROJ's database answers a code it holds in about a
 * millisecond, but text it cannot parse is searched for as a name (~0.2 s
 * natively) and a code it does not hold costs 15-50 ms under the
 * sanitizers (measured on the corpus); at that price the database sets the
 * pace.  So an input whose every line is an AUTH:CODE that proj.db holds
 * (listed once at start-up: CRSs, operations, datums, ellipsoids, prime
 * meridians of every authority, any case) goes to a context with the
 * database, and any other input to a context whose PROJ search path is an
 * empty directory: WKT, PROJJSON and PROJ strings parse without the
 * database; names and codes then fail at once, which is an error path
 * worth fuzzing too.  The reasons PROJ gives for unknown codes are checked
 * by tests/check_project.c and fuzzed end to end by fuzz_transform_crs.
 * The second context is set up through the library's internal header; the
 * library keeps PROJ's messages in the context, so nothing is printed.
 * Seeds: tests/fuzz/corpus/crs_text/. */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "context_internal.h"
#include "demarc.h"
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static demarc_ctx *ctx_db, *ctx_nodb;

/* "auth:code" of every object proj.db holds, lower case, sorted. */
static char **known;
static size_t n_known, cap_known;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void lower(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

static void list_codes(PJ_CONTEXT *pj)
{
    static const PJ_TYPE types[] = {PJ_TYPE_CRS,
                                    PJ_TYPE_CONVERSION,
                                    PJ_TYPE_TRANSFORMATION,
                                    PJ_TYPE_CONCATENATED_OPERATION,
                                    PJ_TYPE_OTHER_COORDINATE_OPERATION,
                                    PJ_TYPE_ELLIPSOID,
                                    PJ_TYPE_GEODETIC_REFERENCE_FRAME,
                                    PJ_TYPE_VERTICAL_REFERENCE_FRAME,
                                    PJ_TYPE_DATUM_ENSEMBLE,
                                    PJ_TYPE_PRIME_MERIDIAN};
    PROJ_STRING_LIST auths = proj_get_authorities_from_database(pj);
    if (!auths) abort();
    for (size_t a = 0; auths[a]; a++) {
        for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
            PROJ_STRING_LIST codes = proj_get_codes_from_database(pj, auths[a], types[t], 1);
            for (size_t c = 0; codes && codes[c]; c++) {
                if (n_known == cap_known) {
                    cap_known = cap_known ? 2 * cap_known : 65536;
                    known = realloc(known, cap_known * sizeof *known);
                    if (!known) abort();
                }
                size_t len = strlen(auths[a]) + 1 + strlen(codes[c]) + 1;
                char *k = malloc(len);
                if (!k) abort();
                snprintf(k, len, "%s:%s", auths[a], codes[c]);
                lower(k);
                known[n_known++] = k;
            }
            proj_string_list_destroy(codes);
        }
    }
    proj_string_list_destroy(auths);
    if (n_known < 1000) abort(); /* proj.db not found */
    qsort(known, n_known, sizeof *known, cmp_str);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (demarc_ctx_new(&ctx_db) || demarc_ctx_new(&ctx_nodb)) abort();
    list_codes(ctx_db->pj);
    const char *empty[1] = {fz_dir()}; /* holds no proj.db */
    proj_context_set_search_paths(ctx_nodb->pj, 1, empty);
    return 0;
}

/* 1 when the line is an AUTH:CODE that proj.db holds. */
static int known_code(const char *line)
{
    char key[96];
    size_t n = strlen(line);
    if (n == 0 || n >= sizeof key || !strchr(line, ':')) return 0;
    memcpy(key, line, n + 1);
    lower(key);
    const char *k = key;
    return bsearch(&k, known, n_known, sizeof *known, cmp_str) != NULL;
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
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    char *to = strchr(s, '\n');
    char *op = NULL;
    if (to) {
        *to++ = '\0';
        op = strchr(to, '\n');
        if (op) *op++ = '\0';
    }
    demarc_ctx *ctx =
        known_code(s) && (!to || known_code(to)) && (!op || known_code(op)) ? ctx_db : ctx_nodb;
    probe_geographic(ctx, s);
    if (to) probe_grid_factors(ctx, to);
    if (op) {
        demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
        o.operation = op; /* never NULL here: no operation search */
        demarc_transform *t = NULL;
        demarc_status rc = demarc_transform_new(ctx, &t, s, to, &o);
        check_status(ctx, rc);
        if ((rc == DEMARC_OK) != (t != NULL)) abort();
        if (t) {
            double x[3] = {60.0, 200.0, NAN}, y[3] = {40.0, 95.0, 40.0};
            (void)demarc_transform_apply(ctx, t, 3, x, sizeof x[0], y, sizeof y[0], NULL, 0);
            const char *name, *code;
            double acc;
            demarc_transform_operation(t, &name, &code, &acc);
            if (!name || !code) abort();
            (void)strlen(name);
            (void)strlen(code);
        }
        demarc_transform_free(t);
    }
    free(s);
    return 0;
}
