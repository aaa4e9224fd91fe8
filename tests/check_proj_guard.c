/* check_proj_guard.c -- the guard of lib/proj_guard.c against the PROJ
 * objects that make PROJ 9.1 abort (a "Geocentric translations" method
 * PROJ cannot name by EPSG code, inverted), through every kind of object
 * it walks: a bound CRS, a compound CRS, a concatenated operation and an
 * operation whose own source CRS is a bound CRS.  And the objects it must
 * let through: a known method named by name only, a grid method.
 *
 * References: tests/data/project/make_reference.sh, steps 5 and 6:
 * bound_krass.wkt and bound_krass_point.txt (projinfo, cs2cs), and
 * concat_krass.wkt, hand-written, whose two translations add up to
 * bound_krass's (checked there with cct).  Every "bad" object below is a
 * good one with one ID or name changed; that PROJ aborts on it unguarded
 * is shown by the fuzz reproducer of check_project.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static demarc_ctx *ctx;

static void setup(void) { ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK); }
static void teardown(void)
{
    demarc_ctx_free(ctx);
    ctx = NULL;
}

/* tests/data/REL without its final line break, malloc'ed. */
static char *read_text(const char *rel)
{
    char path[4096];
    FILE *f = fopen(tu_path(path, sizeof path, tu_test_data_dir(), rel), "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *buf = calloc(1, 65536);
    ck_assert_ptr_nonnull(buf);
    size_t n = fread(buf, 1, 65535, f);
    fclose(f);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) buf[--n] = '\0';
    return buf;
}

/* s with its `nth` (0-based) occurrence of `from` replaced by `to`, malloc'ed. */
static char *replace(const char *s, const char *from, const char *to, int nth)
{
    const char *at = strstr(s, from);
    for (int i = 0; i < nth && at; i++) at = strstr(at + 1, from);
    ck_assert_msg(at != NULL, "'%s' not found %d times", from, nth + 1);
    size_t pre = (size_t)(at - s), nf = strlen(from), nt = strlen(to);
    char *r = malloc(strlen(s) - nf + nt + 1);
    ck_assert_ptr_nonnull(r);
    memcpy(r, s, pre);
    memcpy(r + pre, to, nt);
    strcpy(r + pre + nt, at + nf);
    return r;
}

/* The WGS 84 -> Krassowsky (25, -141, -78.5) point of bound_krass_point.txt. */
static void reference_point(double *x, double *y)
{
    char *ref = read_text("project/bound_krass_point.txt");
    ck_assert_int_eq(sscanf(ref, "%lf %lf", x, y), 2);
    free(ref);
}

/* 1 nanodegree is 0.1 mm: cs2cs printed 9 decimals. */
#define NANODEG 1.5e-9

static void assert_reaches_reference(const char *to, const char *operation)
{
    double rx, ry, x = 60.0, y = 40.0;
    reference_point(&rx, &ry);
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.operation = operation;
    demarc_transform *t = NULL;
    demarc_status rc = demarc_transform_new(ctx, &t, "EPSG:4326", to, &o);
    ck_assert_msg(rc == DEMARC_OK, "transform_new: %s", demarc_ctx_errmsg(ctx));
    tu_assert_status(demarc_transform_apply(ctx, t, 1, &x, 8, &y, 8, NULL, 0), DEMARC_OK);
    tu_assert_near(x, rx, NANODEG);
    tu_assert_near(y, ry, NANODEG);
    demarc_transform_free(t);
}

/* A concatenated operation is walked step by step: both good steps let
 * it through, and inverted (WGS 84 -> Pulkovo 1942) it gives the single
 * translation's point; a bad second step refuses the whole. */
START_TEST(concatenated_operation_walked)
{
    char *good = read_text("project/concat_krass.wkt");
    assert_reaches_reference("EPSG:4284", good);

    char *bad = replace(good, "ID[\"EPSG\",9603]", "ID[\"EPSG\",9999]", 1);
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.operation = bad;
    demarc_transform *t = NULL;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:4284", &o),
                     DEMARC_ERR_CRS);
    ck_assert_ptr_null(t);
    tu_assert_msg_has(ctx, "operation 'CONCATENATEDOPERATION[");
    tu_assert_msg_has(ctx, "method 'Geocentric translations (geog2D domain)' (EPSG:9999)");
    free(bad);
    free(good);
}
END_TEST

/* A compound CRS: its horizontal part, a bound CRS, is walked. */
START_TEST(compound_crs_walked)
{
    char *bound = read_text("project/bound_krass.wkt");
    static const char vert[] = ",VERTCRS[\"EGM96 height\",VDATUM[\"EGM96 geoid\"],CS[vertical,1],"
                               "AXIS[\"gravity-related height (H)\",up,LENGTHUNIT[\"metre\",1]]]]";
    char *good = malloc(strlen(bound) + 64 + sizeof vert);
    ck_assert_ptr_nonnull(good);
    sprintf(good, "COMPOUNDCRS[\"Krassowsky + EGM96 height\",%s%s", bound, vert);
    /* ISO 19111: a compound CRS is not a geographic CRS. */
    int geographic = -1;
    tu_assert_status(demarc_crs_geographic(ctx, good, &geographic), DEMARC_OK);
    ck_assert_int_eq(geographic, 0);

    char *bad = replace(good, "ID[\"EPSG\",9603]", "ID[\"EPSG\",9999]", 0);
    geographic = -1;
    tu_assert_status(demarc_crs_geographic(ctx, bad, &geographic), DEMARC_ERR_CRS);
    ck_assert_int_eq(geographic, 0);
    tu_assert_msg_has(ctx, "CRS 'COMPOUNDCRS[\"Krassowsky + EGM96 height\"");
    tu_assert_msg_has(ctx, "(EPSG:9999) is a geocentric translation by name");
    demarc_transform *t = NULL;
    tu_assert_status(demarc_transform_new(ctx, &t, bad, "EPSG:4326", NULL), DEMARC_ERR_CRS);
    ck_assert_ptr_null(t);
    tu_assert_msg_has(ctx, "source CRS 'COMPOUNDCRS[");
    free(bad);
    free(good);
    free(bound);
}
END_TEST

/* A forced operation whose own source CRS is a bad bound CRS: its method
 * is good, its end is not. */
START_TEST(operation_ends_walked)
{
    char *bound = read_text("project/bound_krass.wkt");
    char *bad_bound = replace(bound, "ID[\"EPSG\",9603]", "ID[\"EPSG\",9999]", 0);
    char *op = malloc(strlen(bad_bound) + 1024);
    ck_assert_ptr_nonnull(op);
    sprintf(op,
            "COORDINATEOPERATION[\"from a bound CRS (test)\",SOURCECRS[%s],"
            "TARGETCRS[GEOGCRS[\"WGS 84\",DATUM[\"World Geodetic System 1984\","
            "ELLIPSOID[\"WGS 84\",6378137,298.257223563]],CS[ellipsoidal,2],"
            "AXIS[\"longitude\",east],AXIS[\"latitude\",north],"
            "ANGLEUNIT[\"degree\",0.0174532925199433]]],"
            "METHOD[\"Geocentric translations (geog2D domain)\",ID[\"EPSG\",9603]],"
            "PARAMETER[\"X-axis translation\",1,LENGTHUNIT[\"metre\",1]],"
            "PARAMETER[\"Y-axis translation\",1,LENGTHUNIT[\"metre\",1]],"
            "PARAMETER[\"Z-axis translation\",1,LENGTHUNIT[\"metre\",1]]]",
            bad_bound);
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.operation = op;
    demarc_transform *t = NULL;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:4284", &o),
                     DEMARC_ERR_CRS);
    ck_assert_ptr_null(t);
    tu_assert_msg_has(ctx, "operation 'COORDINATEOPERATION[\"from a bound CRS (test)\"");
    tu_assert_msg_has(ctx, "(EPSG:9999) is a geocentric translation by name");
    free(op);
    free(bad_bound);
    free(bound);
}
END_TEST

/* The code must be EPSG's: 9603 of another authority is no known method. */
START_TEST(method_code_of_another_authority_refused)
{
    char *bound = read_text("project/bound_krass.wkt");
    char *bad = replace(bound, "ID[\"EPSG\",9603]", "ID[\"TEST\",9603]", 0);
    demarc_transform *t = NULL;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", bad, NULL), DEMARC_ERR_CRS);
    ck_assert_ptr_null(t);
    tu_assert_msg_has(ctx, "(TEST:9603) is a geocentric translation by name");
    free(bad);
    free(bound);
}
END_TEST

/* Without an ID, the method's name decides: EPSG's own name (any case) is
 * let through and PROJ inverts it (the reference point), another name is
 * refused and the message says there was no identifier. */
START_TEST(method_named_without_code)
{
    char *bound = read_text("project/bound_krass.wkt");
    char *named = replace(bound, ",ID[\"EPSG\",9603]", "", 0);
    char *lower = replace(named, "Geocentric translations (geog2D domain)",
                          "geocentric TRANSLATIONS (GEOG2D DOMAIN)", 0);
    assert_reaches_reference(named, NULL);
    assert_reaches_reference(lower, NULL);

    char *unknown = replace(named, "Geocentric translations (geog2D domain)",
                            "Geocentric translations (test domain)", 0);
    demarc_transform *t = NULL;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", unknown, NULL), DEMARC_ERR_CRS);
    ck_assert_ptr_null(t);
    tu_assert_msg_has(ctx, "method 'Geocentric translations (test domain)' (no identifier)");
    /* A name that is a prefix of EPSG's is not EPSG's. */
    char *prefix = replace(named, "Geocentric translations (geog2D domain)",
                           "Geocentric translations (geog2D", 0);
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", prefix, NULL), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "(no identifier)");
    free(prefix);
    free(unknown);
    free(lower);
    free(named);
    free(bound);
}
END_TEST

/* PROJ inverts a method named with "grid" otherwise (not by negation, so
 * not through the failing lookup): the guard lets it through whatever its
 * code, and the bound CRS over a geographic base is geographic. */
START_TEST(grid_method_not_refused)
{
    char *bound = read_text("project/bound_krass.wkt");
    char *grid = replace(bound,
                         "METHOD[\"Geocentric translations (geog2D domain)\",ID[\"EPSG\",9603]]",
                         "METHOD[\"Geocentric translations by grid (test)\",ID[\"EPSG\",9999]]", 0);
    int geographic = -1;
    tu_assert_status(demarc_crs_geographic(ctx, grid, &geographic), DEMARC_OK);
    ck_assert_int_eq(geographic, 1);
    free(grid);
    free(bound);
}
END_TEST

Suite *proj_guard_suite(void)
{
    Suite *s = suite_create("proj_guard");
    TCase *tc = tcase_create("proj_guard");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, concatenated_operation_walked);
    tcase_add_test(tc, compound_crs_walked);
    tcase_add_test(tc, operation_ends_walked);
    tcase_add_test(tc, method_code_of_another_authority_refused);
    tcase_add_test(tc, method_named_without_code);
    tcase_add_test(tc, grid_method_not_refused);
    suite_add_tcase(s, tc);
    return s;
}
