/* check_layer_crs.c -- a line file in a CRS other than WGS 84 (lib/layer_crs.c):
 * brought back with one operation, or refused with the file and the reason.
 *
 * References (PROJ 9.1.1's tools, not libdemarc):
 *   printf "40 60\n40.1 60\n40.1 60.1\n" | cs2cs -d 6 EPSG:4326 EPSG:32641
 *     243900.352030 4432069.056899 / 244274.728955 4443170.817092 /
 *     252800.177026 4442887.826092  (the line of tests/data/bad/line.geojson)
 *   echo 1e12 4e6 | cs2cs EPSG:32641 EPSG:4326         -> "* * inf" (no inverse)
 *   projinfo -s EPSG:4267 -t EPSG:4326 --bbox 55.9,37.1,71.0,45.6
 *     --spatial-test intersects --summary              -> only a ballpark offset
 *   the same point in "+proj=utm +zone=41 +datum=WGS84 +type=crs" (no
 *   authority): proj gives the same numbers as EPSG:32641 (one definition). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static demarc_ctx *ctx;
static char dir[256];

static void setup(void)
{
    ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK);
    tu_tmpdir(dir, sizeof dir, "layer-crs");
}

static void teardown(void)
{
    tu_rm_rf(dir);
    demarc_ctx_free(ctx);
    ctx = NULL;
}

static const double LONLAT[3][2] = {{60.0, 40.0}, {60.0, 40.1}, {60.1, 40.1}};
static const char UTM41[] = "[[243900.352030,4432069.056899],[244274.728955,4443170.817092],"
                            "[252800.177026,4442887.826092]]";

/* A one-feature GeoJSON line with the 2008 "crs" member naming `crs`,
 * written as DIR/NAME; its path into path. */
static void write_line(char *path, size_t size, const char *name, const char *crs,
                       const char *coordinates)
{
    snprintf(path, size, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f,
            "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
            "{\"name\":\"%s\"}},\"features\":[{\"type\":\"Feature\",\"properties\":{},"
            "\"geometry\":{\"type\":\"LineString\",\"coordinates\":%s}}]}\n",
            crs, coordinates);
    ck_assert_int_eq(fclose(f), 0);
}

/* 1e-9 degree is 0.1 mm; cs2cs printed micrometres. */
static void assert_line_back(const demarc_border *b)
{
    size_t n = 0;
    const double *v = demarc_border_vertices(b, &n);
    ck_assert_uint_eq(n, 3);
    for (size_t i = 0; i < 3; i++) {
        tu_assert_near(v[2 * i], LONLAT[i][0], 1e-9);
        tu_assert_near(v[2 * i + 1], LONLAT[i][1], 1e-9);
    }
}

START_TEST(projected_line_back)
{
    char path[512];
    write_line(path, sizeof path, "utm.geojson", "urn:ogc:def:crs:EPSG::32641", UTM41);
    demarc_border *b = NULL;
    ck_assert_msg(demarc_border_open(ctx, &b, path, NULL) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    assert_line_back(b);
    ck_assert_str_eq(demarc_border_info_get(b)->crs, "EPSG:32641");
    demarc_border_free(b);
}
END_TEST

/* A CRS with no authority is named by its name, and read all the same. */
START_TEST(crs_without_authority)
{
    char path[512];
    write_line(path, sizeof path, "utm-proj.geojson",
               "+proj=utm +zone=41 +datum=WGS84 +units=m +no_defs +type=crs", UTM41);
    demarc_border *b = NULL;
    ck_assert_msg(demarc_border_open(ctx, &b, path, NULL) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    assert_line_back(b);
    const char *crs = demarc_border_info_get(b)->crs;
    ck_assert_msg(strncmp(crs, "EPSG:", 5) != 0 && crs[0], "crs '%s'", crs);
    demarc_border_free(b);
}
END_TEST

/* A vertex PROJ cannot bring back: the file, the part and the CRS named. */
START_TEST(vertex_outside_projection)
{
    char path[512];
    write_line(path, sizeof path, "far.geojson", "urn:ogc:def:crs:EPSG::32641",
               "[[243900.352030,4432069.056899],[1e12,4e6]]");
    demarc_border *b = NULL;
    tu_assert_status(demarc_border_open(ctx, &b, path, NULL), DEMARC_ERR_CRS);
    ck_assert_ptr_null(b);
    tu_assert_msg_has(ctx, "far.geojson: the line: cannot transform from EPSG:32641 to WGS 84");
    tu_assert_msg_has(ctx, "point 1");
}
END_TEST

/* NAD27 has no transformation to WGS 84 over Central Asia, only PROJ's
 * ballpark offset, which is refused: the file and its CRS named. */
START_TEST(no_transformation_for_layer_crs)
{
    char path[512];
    write_line(path, sizeof path, "nad27.geojson", "urn:ogc:def:crs:EPSG::4267",
               "[[60.0,40.0],[60.0,40.1],[60.1,40.1]]");
    demarc_border *b = NULL;
    tu_assert_status(demarc_border_open(ctx, &b, path, NULL), DEMARC_ERR_CRS);
    ck_assert_ptr_null(b);
    tu_assert_msg_has(ctx, "nad27.geojson: CRS EPSG:4267: ");
    tu_assert_msg_has(ctx, "ballpark");
}
END_TEST

Suite *layer_crs_suite(void)
{
    Suite *s = suite_create("layer_crs");
    TCase *tc = tcase_create("layer_crs");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, projected_line_back);
    tcase_add_test(tc, crs_without_authority);
    tcase_add_test(tc, vertex_outside_projection);
    tcase_add_test(tc, no_transformation_for_layer_crs);
    suite_add_tcase(s, tc);
    return s;
}
