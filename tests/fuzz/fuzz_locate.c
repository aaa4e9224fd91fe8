/* fuzz_locate.c -- demarc_locate and demarc_locate_batch on arbitrary
 * doubles (the input read as lon, lat pairs of raw IEEE doubles: NaN, Inf,
 * subnormals, |lat| > 90 included) against the embedded border, under the
 * three edge models and both option sets.  A bad point must give a status,
 * never a crash or UB.  Seeds: tests/fuzz/corpus/locate/. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "demarc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static demarc_ctx *ctx;
    static demarc_border *b[3];
    if (!ctx) {
        if (demarc_ctx_new(&ctx)) abort();
        for (int m = 0; m < 3; m++) {
            demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
            o.edge_model = (demarc_edge_model)m;
            if (demarc_border_open_default(ctx, &b[m], &o)) abort();
        }
    }
    if (size < 1) return 0;
    int m = data[0] % 3;
    unsigned flags = (data[0] / 3) & 1u ? DEMARC_LOCATE_PARTY_ONLY : 0u;
    data++;
    size--;
    size_t n = size / (2 * sizeof(double));
    if (n == 0 || n > 4) return 0; /* points are independent: more per input only slow the run */
    double *lon = malloc(n * sizeof *lon), *lat = malloc(n * sizeof *lat);
    demarc_location *out = malloc(n * sizeof *out);
    if (!lon || !lat || !out) abort();
    for (size_t i = 0; i < n; i++) {
        memcpy(&lon[i], data + 16 * i, 8);
        memcpy(&lat[i], data + 16 * i + 8, 8);
    }
    demarc_locate_options o = DEMARC_LOCATE_OPTIONS_INIT;
    o.flags = flags;
    for (size_t i = 0; i < n; i++) {
        demarc_location loc;
        demarc_status rc = demarc_locate(ctx, b[m], lon[i], lat[i], &o, &loc);
        if (rc == DEMARC_OK && (loc.party < -1 || loc.party > 1)) abort();
        if (rc != DEMARC_OK && !demarc_ctx_errmsg(ctx)[0]) abort();
    }
    (void)demarc_locate_batch(ctx, b[m], n, lon, sizeof *lon, lat, sizeof *lat, &o, out,
                              sizeof *out);
    free(lon);
    free(lat);
    free(out);
    return 0;
}
