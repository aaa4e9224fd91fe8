/* check_vsi.c -- borders read through GDAL's virtual file systems
 * (/vsimem/ here; /vsizip/, /vsicurl/ ... take the same path): the line,
 * a directory, the CSV catalogue's column check, and the errors.
 *
 * Fixtures: tests/data/bad/line.geojson (60E 40N -> 60E 40.1N -> 60.1E 40.1N)
 * and signs_ok.csv (6 signs), copied into /vsimem/ byte for byte.
 * Expected length, from GeographicLib:
 *   printf "40 60 40.1 60\n40.1 60 40.1 60.1\n" | GeodSolve -i -p 9
 *   -> 11103.559364591 + 8526.915481053 = 19630.474845644 m */
#include <cpl_vsi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define LINE_LENGTH_M 19630.474845644

static demarc_ctx *ctx;

/* Copy a fixture file into /vsimem/<dest> (GDAL owns the copy). */
static void vsimem_put(const char *fixture, const char *dest)
{
    char path[4096];
    FILE *f = fopen(tu_path(path, sizeof path, tu_test_data_dir(), fixture), "rb");
    ck_assert_msg(f != NULL, "open %s", path);
    GByte *buf = malloc(1 << 16);
    ck_assert_ptr_nonnull(buf);
    size_t n = fread(buf, 1, 1 << 16, f);
    fclose(f);
    ck_assert_uint_gt(n, 0);
    VSILFILE *v = VSIFileFromMemBuffer(dest, buf, (vsi_l_offset)n, TRUE);
    ck_assert_ptr_nonnull(v);
    VSIFCloseL(v);
}

static void setup(void)
{
    ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK);
    ck_assert_int_eq(VSIMkdir("/vsimem/demarc-vsi", 0755), 0); /* /vsimem/ has no implicit dirs */
    vsimem_put("bad/line.geojson", "/vsimem/demarc-vsi/border.geojson");
    vsimem_put("bad/signs_ok.csv", "/vsimem/demarc-vsi/signs.csv");
    vsimem_put("bad/signs_extra_column.csv", "/vsimem/demarc-vsi-bad/signs.csv");
}

static void teardown(void)
{
    VSIRmdirRecursive("/vsimem/demarc-vsi");
    VSIRmdirRecursive("/vsimem/demarc-vsi-bad");
    demarc_ctx_free(ctx);
    ctx = NULL;
}

START_TEST(test_vsimem_file)
{
    demarc_border *b = NULL;
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    double len = 0;
    o.signs_path = "/vsimem/demarc-vsi/signs.csv";
    ck_assert_msg(demarc_border_open(ctx, &b, "/vsimem/demarc-vsi/border.geojson", &o) ==
                      DEMARC_OK, "%s", demarc_ctx_errmsg(ctx));
    ck_assert_uint_eq(demarc_border_info_get(b)->vertex_count, 3);
    ck_assert_uint_eq(demarc_border_info_get(b)->sign_count, 6);
    ck_assert_int_eq(demarc_border_length(ctx, b, &len), DEMARC_OK);
    tu_assert_near(len, LINE_LENGTH_M, 1e-3);
    demarc_border_free(b);
}
END_TEST

START_TEST(test_vsimem_directory)
{
    /* a directory found by stem: border.geojson, signs.csv */
    demarc_border *b = NULL;
    ck_assert_msg(demarc_border_open(ctx, &b, "/vsimem/demarc-vsi", NULL) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    ck_assert_uint_eq(demarc_border_info_get(b)->sign_count, 6);
    demarc_border_free(b);
}
END_TEST

START_TEST(test_vsimem_csv_columns_checked)
{
    /* the surplus-column check reads through VSI as well */
    demarc_border *b = NULL;
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    o.signs_path = "/vsimem/demarc-vsi-bad/signs.csv";
    tu_assert_status(demarc_border_open(ctx, &b, "/vsimem/demarc-vsi/border.geojson", &o),
                     DEMARC_ERR_FORMAT);
    ck_assert_ptr_null(b);
    tu_assert_msg_has(ctx, "/vsimem/demarc-vsi-bad/signs.csv");
    tu_assert_msg_has(ctx, "fields");
}
END_TEST

START_TEST(test_vsimem_missing)
{
    demarc_border *b = NULL;
    tu_assert_status(demarc_border_open(ctx, &b, "/vsimem/demarc-none/border.geojson", NULL),
                     DEMARC_ERR_IO);
    ck_assert_ptr_null(b);
    tu_assert_msg_has(ctx, "/vsimem/demarc-none/border.geojson");
}
END_TEST

Suite *vsi_suite(void)
{
    Suite *s = suite_create("vsi");
    TCase *tc = tcase_create("vsi");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_vsimem_file);
    tcase_add_test(tc, test_vsimem_directory);
    tcase_add_test(tc, test_vsimem_csv_columns_checked);
    tcase_add_test(tc, test_vsimem_missing);
    suite_add_tcase(s, tc);
    return s;
}
