/* fuzz_border_line.c -- demarc_border_open on an arbitrary line file (the
 * GDAL/OGR reader: GeoJSON seeds, but GDAL sniffs the content, so other
 * drivers get reached as well).  Seeds: tests/fuzz/corpus/border_line/. */
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
    fz_vsimem(path, sizeof path, "line.geojson", data, size);
    demarc_border *b = NULL;
    demarc_status rc = demarc_border_open(ctx, &b, path, NULL);
    if (rc != DEMARC_OK) {
        if (b) abort();                                         /* *out reset on failure */
        if (!strstr(demarc_ctx_errmsg(ctx), "line.geojson")) abort(); /* names the file */
    } else {
        double len;
        if (demarc_border_length(ctx, b, &len) != DEMARC_OK) abort();
    }
    demarc_border_free(b);
    return 0;
}
