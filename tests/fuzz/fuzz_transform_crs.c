/* fuzz_transform_crs.c -- CRS strings handed to the projection API:
 * demarc_transform_new(from, to) with the input split at its first '\n'
 * (the rest after a second '\n', if any, is the forced operation), then,
 * when PROJ accepts them, demarc_transform_apply on a few points (inside,
 * outside the area of use, NaN) and demarc_transform_operation.
 * End to end, PROJ's operation search included: ~8 executions a second
 * under the sanitizers.  fuzz_crs_text covers the same text readers without
 * the search, at ~100 times the rate.
 * Seeds: tests/fuzz/corpus/transform_crs/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "demarc.h"
#include "fuzz_proj.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static demarc_ctx *ctx;
    if (!ctx && demarc_ctx_new(&ctx)) abort();
    if (size > 4096) return 0; /* PROJ's parsers are not what is under test past that */
    char *line[3];
    char *s = fz_split3(data, size, line);
    if (!s) return 0;
    const char *to = line[1] ? line[1] : "EPSG:4326", *op = line[2];
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
