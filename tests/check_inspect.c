/* check_inspect.c -- the joint inspection: a re-survey against the
 * catalogue.  Re-surveys are built here from data/kz-uz/signs.csv; moved
 * positions come from GeographicLib's GeodSolve (commands beside them). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static demarc_ctx *ctx;
static demarc_border *border;
static demarc_catalogue *cat;
static char tmpdir[256];

static void setup(void)
{
    tu_open_default(&ctx, &border);
    ck_assert_int_eq(demarc_catalogue_from_border(ctx, &cat, border), DEMARC_OK);
    tu_tmpdir(tmpdir, sizeof tmpdir, "inspect");
}

static void teardown(void)
{
    tu_rm_rf(tmpdir);
    demarc_catalogue_free(cat);
    tu_close(&ctx, &border);
}

/* Write a re-survey "id,lon,lat" of every catalogue sign, with `skip`
 * left out, `moved` given new coordinates, and `extra` appended. */
static const char *write_resurvey(const char *skip, const char *moved, const char *mlon,
                                  const char *mlat, const char *extra)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/resurvey.csv", tmpdir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "id,lon,lat\n");
    for (size_t i = 0; i < demarc_catalogue_count(cat); i++) {
        const demarc_catalogue_entry *e = demarc_catalogue_entry_get(cat, i);
        if (skip && !strcmp(e->id, skip)) continue;
        if (moved && !strcmp(e->id, moved)) fprintf(f, "%s,%s,%s\n", e->id, mlon, mlat);
        else fprintf(f, "%s,%.9f,%.9f\n", e->id, e->lon, e->lat);
    }
    if (extra) fputs(extra, f);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

static demarc_report *inspect(const char *path, const char *crs, double tol)
{
    demarc_catalogue *sur = NULL;
    demarc_catalogue_options co = DEMARC_CATALOGUE_OPTIONS_INIT;
    co.crs = crs;
    ck_assert_msg(demarc_catalogue_open(ctx, &sur, path, &co) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    demarc_inspect_options o = DEMARC_INSPECT_OPTIONS_INIT;
    o.tolerance_m = tol;
    demarc_report *r = NULL;
    ck_assert_msg(demarc_inspect(ctx, &r, cat, sur, &o) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    demarc_catalogue_free(sur);
    return r;
}

static const demarc_finding *find(const demarc_report *r, const char *code)
{
    for (size_t i = 0; i < demarc_report_count(r); i++)
        if (!strcmp(demarc_report_finding(r, i)->code, code)) return demarc_report_finding(r, i);
    return NULL;
}

START_TEST(test_unchanged)
{
    demarc_report *r = inspect(write_resurvey(NULL, NULL, NULL, NULL, NULL), NULL, 0);
    ck_assert_uint_eq(demarc_report_count(r), 0);
    ck_assert_uint_eq(demarc_report_displacement_count(r), 1301);
    ck_assert_double_eq(demarc_report_stat_get(r, "measured"), 1301);
    /* positions written with 9 decimals: at most 0.5e-9 deg, < 0.1 mm */
    ck_assert(demarc_report_stat_get(r, "max_m") < 1e-4);
    demarc_report_free(r);
}
END_TEST

START_TEST(test_moved_missing_unknown)
{
    /* 1B re-surveyed 0.5 m east:
     * echo "41.414260998 56.001675440 90 0.5" | GeodSolve -p 12
     *   -> 41.414260997999847 56.001681420417633 (azi2 90.000004) */
    demarc_report *r = inspect(write_resurvey("1C", "1B", "56.001681420418", "41.414260998",
                                              "9999,60.0,41.0\n"),
                               NULL, 0);
    ck_assert_uint_eq(demarc_report_count(r), 3);
    const demarc_finding *f = find(r, "inspect.moved");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->sign_id, "1B");
    tu_assert_near(f->value, 0.5, 1e-6);
    tu_assert_near(f->limit, 0.10, 0);
    f = find(r, "inspect.missing");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->sign_id, "1C");
    f = find(r, "inspect.unknown");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->sign_id, "9999");
    ck_assert_int_eq(f->severity, DEMARC_SEVERITY_WARNING);
    /* the displacement of 1B: 0.5 m towards azimuth 90 */
    const demarc_displacement *d = NULL;
    for (size_t i = 0; i < demarc_report_displacement_count(r); i++)
        if (!strcmp(demarc_report_displacement(r, i)->sign_id, "1B"))
            d = demarc_report_displacement(r, i);
    ck_assert_ptr_nonnull(d);
    tu_assert_near(d->distance_m, 0.5, 1e-6);
    tu_assert_near(d->azimuth_deg, 90.0, 1e-3);
    ck_assert_int_eq(d->moved, 1);
    ck_assert_double_eq(demarc_report_stat_get(r, "measured"), 1300);
    ck_assert_double_eq(demarc_report_stat_get(r, "moved"), 1);
    ck_assert_double_eq(demarc_report_stat_get(r, "missing"), 1);
    ck_assert_double_eq(demarc_report_stat_get(r, "unknown"), 1);
    tu_assert_near(demarc_report_stat_get(r, "max_m"), 0.5, 1e-6);
    /* RMS: one 0.5 m among 1,300 (the others < 0.1 mm): sqrt(0.25 / 1300) */
    tu_assert_near(demarc_report_stat_get(r, "rms_m"), sqrt(0.25 / 1300.0), 1e-5);
    demarc_report_free(r);
    /* a 1 m tolerance: 1B is no longer "moved" */
    r = inspect(write_resurvey(NULL, "1B", "56.001681420418", "41.414260998", NULL), NULL, 1.0);
    ck_assert_uint_eq(demarc_report_count(r), 0);
    demarc_report_free(r);
}
END_TEST

START_TEST(test_duplicate_and_bad_rows)
{
    demarc_report *r = inspect(write_resurvey(NULL, NULL, NULL, NULL, "1B,56.0,41.4\nX,,\n"),
                               NULL, 0);
    const demarc_finding *f = find(r, "inspect.duplicate");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->sign_id, "1B");
    f = find(r, "inspect.position");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->sign_id, "X");
    ck_assert_uint_eq(demarc_report_count(r), 2);
    demarc_report_free(r);
}
END_TEST

START_TEST(test_resurvey_in_sk42)
{
    /* Sign 1 re-surveyed in Pulkovo 1942:
     * echo "41.32428 56.00179 0 0" | cct -I -d 9 EPSG:15865 -> 41.324229171 56.002845216
     * back through the same one operation it lands within 1 mm of sign 1. */
    char path[512];
    snprintf(path, sizeof path, "%s/sk42.csv", tmpdir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("id,lon,lat\n1,56.002845216,41.324229171\n", f);
    ck_assert_int_eq(fclose(f), 0);
    demarc_report *r = inspect(path, "EPSG:4284", 0);
    ck_assert_uint_eq(demarc_report_displacement_count(r), 1);
    ck_assert(demarc_report_displacement(r, 0)->distance_m < 1e-3);
    ck_assert_double_eq(demarc_report_stat_get(r, "missing"), 1300);
    ck_assert_ptr_nonnull(strstr(demarc_report_transformation(r), "EPSG:15865"));
    /* EPSG:15865 is good to 4.5 m (projinfo), coarser than 0.10 m: said so */
    const demarc_finding *fa = find(r, "inspect.accuracy");
    ck_assert_ptr_nonnull(fa);
    ck_assert(fa->value == 4.5 && fa->limit == 0.10);
    ck_assert_ptr_nonnull(strstr(fa->message, "coarser than the tolerance"));
    demarc_report_free(r);
}
END_TEST

/* A re-survey of the section 1 .. 1J: the first 11 signs of
 * data/kz-uz/signs.csv (seq 1-11; declared chainage 0 .. 49,966.944 m,
 * and 1K at 54,963.639 m), with 1J moved 0.00001 deg north (about 1.1 m)
 * and 2 (outside it) measured too. */
static const char *write_section(void)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/section.csv", tmpdir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "id,lon,lat\n");
    for (size_t i = 0; i < 11; i++) {
        const demarc_catalogue_entry *e = demarc_catalogue_entry_get(cat, i);
        fprintf(f, "%s,%.9f,%.9f\n", e->id, e->lon, e->lat + (i == 10 ? 1e-5 : 0));
    }
    size_t k2 = 0;
    while (strcmp(demarc_catalogue_entry_get(cat, k2)->id, "2")) k2++;
    fprintf(f, "2,%.9f,%.9f\n", demarc_catalogue_entry_get(cat, k2)->lon,
            demarc_catalogue_entry_get(cat, k2)->lat);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

static demarc_report *inspect_opts(const char *path, const demarc_inspect_options *o)
{
    demarc_catalogue *sur = NULL;
    ck_assert_int_eq(demarc_catalogue_open(ctx, &sur, path, NULL), DEMARC_OK);
    demarc_report *r = NULL;
    demarc_status rc = demarc_inspect(ctx, &r, cat, sur, o);
    demarc_catalogue_free(sur);
    ck_assert_msg(rc == DEMARC_OK, "%s", demarc_ctx_errmsg(ctx));
    return r;
}

static void check_section_report(demarc_report *r)
{
    ck_assert_str_eq(demarc_catalogue_entry_get(cat, 10)->id, "1J");
    ck_assert_double_eq(demarc_report_stat_get(r, "signs"), 11);
    ck_assert_double_eq(demarc_report_stat_get(r, "measured"), 11);
    ck_assert_double_eq(demarc_report_stat_get(r, "missing"), 0);
    ck_assert_double_eq(demarc_report_stat_get(r, "outside"), 1);
    ck_assert_ptr_null(find(r, "inspect.missing"));
    const demarc_finding *f = find(r, "inspect.moved");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->sign_id, "1J");
    f = find(r, "inspect.outside");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->sign_id, "2");
    ck_assert_uint_eq(demarc_report_count(r), 2);
}

START_TEST(test_section)
{
    const char *path = write_section();
    demarc_inspect_options o = DEMARC_INSPECT_OPTIONS_INIT;
    /* without a section: 1,290 missing, 100 listed and a summary */
    demarc_report *r = inspect_opts(path, &o);
    ck_assert_double_eq(demarc_report_stat_get(r, "missing"), 1289);
    demarc_report_free(r);
    o.section_from = "1";
    o.section_to = "1J";
    r = inspect_opts(path, &o);
    check_section_report(r);
    demarc_report_free(r);
    /* the same section by chainage: 0 .. 50 km holds 1 .. 1J (1K: 54,963.639 m) */
    o.section_from = o.section_to = NULL;
    o.section_from_m = 0;
    o.section_to_m = 50000;
    r = inspect_opts(path, &o);
    check_section_report(r);
    demarc_report_free(r);
    /* errors: an unknown id, a section backwards, one end only */
    demarc_catalogue *sur = NULL;
    ck_assert_int_eq(demarc_catalogue_open(ctx, &sur, path, NULL), DEMARC_OK);
    o.section_from = "1";
    o.section_to = "NOPE-3";
    tu_assert_status(demarc_inspect(ctx, &r, cat, sur, &o), DEMARC_ERR_NOT_FOUND);
    tu_assert_msg_has(ctx, "NOPE-3");
    o.section_from = "1J";
    o.section_to = "1";
    tu_assert_status(demarc_inspect(ctx, &r, cat, sur, &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "backwards");
    o.section_to = NULL;
    tu_assert_status(demarc_inspect(ctx, &r, cat, sur, &o), DEMARC_ERR_ARG);
    o.section_from = NULL;
    o.section_from_m = 60000;
    o.section_to_m = 50000;
    tu_assert_status(demarc_inspect(ctx, &r, cat, sur, &o), DEMARC_ERR_ARG);
    /* a version-1 struct is read without the section fields */
    demarc_inspect_options v1 = {1, 0.0, NULL, NULL, "1", "1J", 0, 0};
    tu_assert_status(demarc_inspect(ctx, &r, cat, sur, &v1), DEMARC_OK);
    ck_assert_double_eq(demarc_report_stat_get(r, "missing"), 1289);
    demarc_report_free(r);
    demarc_catalogue_free(sur);
}
END_TEST

/* A catalogue without seq (file order is the order): the section B..C by
 * rows; re-survey ids that are blank, padded or hold a control character
 * are findings, not signs; a sign outside the section is not compared, one
 * inside and unmeasured is missing.  Counts by hand from the texts. */
static demarc_catalogue *open_text(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
    demarc_catalogue *c = NULL;
    ck_assert_msg(demarc_catalogue_open(ctx, &c, path, NULL) == DEMARC_OK, "%s: %s", name,
                  demarc_ctx_errmsg(ctx));
    return c;
}

START_TEST(test_rows_ids_and_section_by_row)
{
    demarc_catalogue *small = open_text("small.csv", "id,lon,lat\nA,60,40\nB,60,40.1\n"
                                                     "C,60.1,40.1\n");
    demarc_catalogue *sur = open_text("sur.csv", "id,lon,lat\nA,60,40\nB,60,40.1\n"
                                                 "\" C\",60.1,40.1\n,60,40\n"
                                                 "\"D\x01\",60,40\n");
    demarc_inspect_options o = DEMARC_INSPECT_OPTIONS_INIT;
    o.section_from = "B";
    o.section_to = "C";
    demarc_report *r = NULL;
    ck_assert_msg(demarc_inspect(ctx, &r, small, sur, &o) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    ck_assert_double_eq(demarc_report_stat_get(r, "signs"), 2);
    ck_assert_double_eq(demarc_report_stat_get(r, "measured"), 1);
    ck_assert_double_eq(demarc_report_stat_get(r, "missing"), 1);
    ck_assert_double_eq(demarc_report_stat_get(r, "outside"), 1);
    ck_assert_double_eq(demarc_report_stat_get(r, "max_m"), 0);
    const demarc_finding *f = find(r, "inspect.outside");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->sign_id, "A");
    f = find(r, "inspect.missing");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->sign_id, "C");
    int blank = 0, padded = 0, control = 0;
    for (size_t i = 0; i < demarc_report_count(r); i++) {
        f = demarc_report_finding(r, i);
        if (strcmp(f->code, "inspect.id")) continue;
        blank += strstr(f->message, "the id is blank") != NULL;
        padded += strstr(f->message, "the id is padded with spaces") != NULL;
        control += strstr(f->message, "the id is not text (a control character)") != NULL;
    }
    ck_assert_int_eq(blank, 1);
    ck_assert_int_eq(padded, 1);
    ck_assert_int_eq(control, 1);
    demarc_report_free(r);
    /* Nothing of the section measured: no statistics of distances. */
    demarc_catalogue_free(sur);
    sur = open_text("sur1.csv", "id,lon,lat\nA,60,40\n");
    ck_assert_int_eq(demarc_inspect(ctx, &r, small, sur, &o), DEMARC_OK);
    ck_assert_double_eq(demarc_report_stat_get(r, "measured"), 0);
    ck_assert_double_eq(demarc_report_stat_get(r, "missing"), 2);
    ck_assert(isnan(demarc_report_stat_get(r, "rms_m")));
    ck_assert(isnan(demarc_report_stat_get(r, "mean_m")));
    ck_assert(isnan(demarc_report_stat_get(r, "max_m")));
    demarc_report_free(r);
    /* The section's first end unknown is named too. */
    o.section_from = "Z";
    tu_assert_status(demarc_inspect(ctx, &r, small, sur, &o), DEMARC_ERR_NOT_FOUND);
    tu_assert_msg_has(ctx, "no sign 'Z' in the catalogue");
    demarc_catalogue_free(sur);
    demarc_catalogue_free(small);
}
END_TEST

START_TEST(test_args)
{
    demarc_report *r = NULL;
    tu_assert_status(demarc_inspect(ctx, &r, cat, NULL, NULL), DEMARC_ERR_ARG);
    demarc_inspect_options o = DEMARC_INSPECT_OPTIONS_INIT;
    o.tolerance_m = -1;
    tu_assert_status(demarc_inspect(ctx, &r, cat, cat, &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "tolerance_m");
    ck_assert_ptr_null(r);
    /* the catalogue against itself: all zero */
    ck_assert_int_eq(demarc_inspect(ctx, &r, cat, cat, NULL), DEMARC_OK);
    ck_assert_double_eq(demarc_report_stat_get(r, "max_m"), 0);
    demarc_report_free(r);
}
END_TEST

Suite *inspect_suite(void)
{
    Suite *s = suite_create("inspect");
    TCase *tc = tcase_create("inspection");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_unchanged);
    tcase_add_test(tc, test_moved_missing_unknown);
    tcase_add_test(tc, test_duplicate_and_bad_rows);
    tcase_add_test(tc, test_resurvey_in_sk42);
    tcase_add_test(tc, test_section);
    tcase_add_test(tc, test_args);
    tcase_add_test(tc, test_rows_ids_and_section_by_row);
    suite_add_tcase(s, tc);
    return s;
}
