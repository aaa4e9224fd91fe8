/* fuzz_transform_crs.c -- CRS strings handed to the projection API, end to
 * end: demarc_transform_new(from, to) with the input split at its first '\n'
 * (the rest after a second '\n', if any, is the forced operation), then,
 * when PROJ accepts them, demarc_transform_apply on a few points (inside,
 * outside the area of use, NaN) and demarc_transform_operation.
 *
 * PROJ's operation search runs for every pair it accepts: 50-130 ms with
 * its database.  So, as in fuzz_crs_text (fuzz_proj.h), an input whose
 * lines are all codes proj.db holds goes to a context with the database and
 * any other to one without it, where WKT, PROJJSON and PROJ strings still
 * parse and the search still runs, over what the texts themselves define.
 * Without a second line the target CRS is WGS 84: "EPSG:4326" with the
 * database, the equivalent PROJ string without.  fuzz_crs_text covers the
 * same text readers without the search, at ~100 times the rate.
 * Seeds: tests/fuzz/corpus/transform_crs/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "demarc.h"
#include "fuzz_proj.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv);

static demarc_ctx *ctx_db, *ctx_nodb;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_proj_contexts_new(&ctx_db, &ctx_nodb);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) return 0; /* PROJ's parsers are not what is under test past that */
    char *line[3];
    char *s = fz_split3(data, size, line);
    if (!s) return 0;
    const char *to = line[1], *op = line[2];
    demarc_ctx *ctx = fz_pick_context(line, ctx_db, ctx_nodb);
    if (!to) to = ctx == ctx_db ? "EPSG:4326" : "+proj=longlat +datum=WGS84 +no_defs +type=crs";
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.operation = op && *op ? op : NULL;
    demarc_transform *t = NULL;
    demarc_status rc = demarc_transform_new(ctx, &t, s, to, &o);
    if (rc == DEMARC_OK) {
        fz_use_transform(ctx, t);
    } else if (t) {
        abort(); /* *out stays NULL on failure */
    } else if (!demarc_ctx_errmsg(ctx)[0]) {
        abort(); /* a failure explains itself */
    }
    demarc_transform_free(t);
    free(s);
    return 0;
}
