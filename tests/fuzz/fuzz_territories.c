/* fuzz_territories.c -- the territory reader (polygons with field `party`)
 * on arbitrary bytes, against the 3-vertex line of
 * tests/data/bad/line.geojson.  Seeds: tests/fuzz/corpus/territories/. */
#include "demarc.h"
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_gdal_drivers();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static demarc_ctx *ctx;
    char path[512];
    if (!ctx && demarc_ctx_new(&ctx)) abort();
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    o.territories_path = fz_vsimem(path, sizeof path, "territories.geojson", data, size);
    demarc_border *b = NULL;
    demarc_status rc = demarc_border_open(ctx, &b, DEMARC_FUZZ_LINE, &o);
    if (rc != DEMARC_OK) {
        if (b) abort();
        if (!strstr(demarc_ctx_errmsg(ctx), "territories.geojson") &&
            !strstr(demarc_ctx_errmsg(ctx), "line.geojson"))
            abort();
    } else {
        const demarc_border_info *in = demarc_border_info_get(b);
        for (size_t i = 0; i < in->territory_count; i++) {
            const demarc_territory *t = demarc_border_territory(b, i);
            if (t->ring_start[t->ring_count] != t->point_count) abort();
        }
    }
    demarc_border_free(b);
    return 0;
}
