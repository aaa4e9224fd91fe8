/* fuzz_signs_csv.c -- the sign catalogue reader (CSV through GDAL) on
 * arbitrary bytes, against the 3-vertex line of tests/data/bad/line.geojson.
 * Seeds: tests/fuzz/corpus/signs_csv/. */
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
    o.signs_path = fz_vsimem(path, sizeof path, "signs.csv", data, size);
    demarc_border *b = NULL;
    demarc_status rc = demarc_border_open(ctx, &b, DEMARC_FUZZ_LINE, &o);
    if (rc != DEMARC_OK) {
        if (b) abort();
        if (!strstr(demarc_ctx_errmsg(ctx), "signs.csv")) abort();
    } else {
        const demarc_border_info *in = demarc_border_info_get(b);
        double len;
        for (size_t i = 0; i + 1 < in->sign_count; i++)
            (void)demarc_sign_segment(ctx, b, i, &len, NULL);
        if (in->sign_count > 1)
            (void)demarc_length_between(ctx, b, demarc_border_sign(b, 0)->id,
                                        demarc_border_sign(b, in->sign_count - 1)->id, &len);
    }
    demarc_border_free(b);
    return 0;
}
