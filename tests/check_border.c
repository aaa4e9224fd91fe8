/* check_border.c -- the embedded Kazakhstan-Uzbekistan border: metadata,
 * line, sign catalogue, territories, thread-safety.
 *
 * Expected values come from the data files, not from the library:
 *   data/kz-uz/border.json       metadata (declared_length_m 2356600, ...)
 *   data/kz-uz/border.geojson    2,014 vertices; ends 56.00179 41.32428 and
 *                                70.9433 42.26347 (tripoints KZ-UZ-TM near
 *                                56.0018 41.3243, KZ-UZ-KG near 70.9433 42.2635)
 *   data/kz-uz/signs.csv         1,301 rows: `cut -d, -f3 signs.csv | sort | uniq -c`
 *                                gives 2 tripoint, 979 main, 320 intermediate;
 *                                row 2 is 1A, row 161 is 17, row 1301 is 981
 *   data/kz-uz/territories.geojson  KZ: Polygon, 1 ring, 30,500 points;
 *                                UZ: MultiPolygon of 5, 7 rings (2 holes), 9,136
 *                                points (counted with python3 json)
 *   tests/data/reference_geodesic.txt  every vertex (GeodSolve input)
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define N_SIGNS 1301
#define N_VERTICES 2014

static demarc_ctx *ctx;
static demarc_border *border;

static void setup(void) { tu_open_default(&ctx, &border); }

static void teardown(void) { tu_close(&ctx, &border); }

START_TEST(test_open_default_null_opts_and_geodesic_opts)
{
    demarc_border *b = NULL;
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;

    tu_assert_status(demarc_border_open_default(ctx, &b, &o), DEMARC_OK);
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(demarc_border_info_get(b)->edge_model, DEMARC_EDGE_GEODESIC);
    demarc_border_free(b);
}
END_TEST

START_TEST(test_open_default_null_out)
{
    tu_assert_status(demarc_border_open_default(ctx, NULL, NULL), DEMARC_ERR_ARG);
    ck_assert_msg(demarc_ctx_errmsg(ctx)[0] != '\0', "no message for a NULL out");
}
END_TEST

START_TEST(test_info)
{
    const demarc_border_info *info = demarc_border_info_get(border);

    ck_assert_ptr_nonnull(info);
    ck_assert_str_eq(info->id, "kz-uz");
    ck_assert_ptr_nonnull(strstr(info->name, "Kazakhstan"));
    ck_assert_str_eq(info->left_party, "KZ");
    ck_assert_str_eq(info->right_party, "UZ");
    ck_assert_str_eq(info->left_name, "Kazakhstan");
    ck_assert_str_eq(info->right_name, "Uzbekistan");
    ck_assert_double_eq(info->declared_length_m, 2356600.0);
    ck_assert_int_eq(info->declared_signs, N_SIGNS);
    ck_assert_str_eq(info->demarcation_finalised, "2022-11-21");
    ck_assert_str_eq(info->agreement_signed, "2022-12-22");
    ck_assert_str_eq(info->agreement_place, "Tashkent");
    ck_assert_int_eq(info->inspection_interval_years, 10);
    ck_assert_int_eq(info->signs_modelled, 1);
    ck_assert_str_eq(info->licence, "ODbL-1.0");
    ck_assert_ptr_nonnull(strstr(info->attribution, "OpenStreetMap"));
    ck_assert_ptr_nonnull(strstr(info->source, "OpenStreetMap"));
    ck_assert_int_eq(info->edge_model, DEMARC_EDGE_GEODESIC);
    ck_assert_uint_eq(info->vertex_count, N_VERTICES);
    ck_assert_uint_eq(info->sign_count, N_SIGNS);
    ck_assert_uint_eq(info->physical_sign_count, N_SIGNS); /* no kind "point" rows */
    ck_assert_uint_eq(info->territory_count, 2);
}
END_TEST

START_TEST(test_vertices_ends_are_tripoints)
{
    size_t n = 0;
    const double *v = demarc_border_vertices(border, &n);

    ck_assert_ptr_nonnull(v);
    ck_assert_uint_eq(n, N_VERTICES);
    /* KZ-UZ-TM tripoint near 56.0018 E 41.3243 N (brief / data/make_kz_uz.py) */
    tu_assert_near(v[0], 56.0018, 1e-3);
    tu_assert_near(v[1], 41.3243, 1e-3);
    /* KZ-UZ-KG tripoint near 70.9433 E 42.2635 N */
    tu_assert_near(v[2 * n - 2], 70.9433, 1e-3);
    tu_assert_near(v[2 * n - 1], 42.2635, 1e-3);
    /* and exactly the file's values (longitude first) */
    ck_assert_double_eq(v[0], 56.00179);
    ck_assert_double_eq(v[1], 41.32428);
    ck_assert_double_eq(v[2 * n - 2], 70.9433);
    ck_assert_double_eq(v[2 * n - 1], 42.26347);
}
END_TEST

START_TEST(test_vertices_equal_file)
{
    /* The embedded line is data/kz-uz/border.geojson, vertex for vertex. */
    char path[4096];
    tu_edge_ref ref;
    size_t n = 0, i;
    const double *v = demarc_border_vertices(border, &n);

    tu_edge_ref_load(&ref, tu_path(path, sizeof path, tu_test_data_dir(),
                                   "reference_geodesic.txt"));
    ck_assert_uint_eq(ref.n + 1, n);
    for (i = 0; i < ref.n; i++) {
        ck_assert_msg(fabs(v[2 * i] - ref.lon1[i]) < 1e-12 &&
                          fabs(v[2 * i + 1] - ref.lat1[i]) < 1e-12,
                      "vertex %zu: %.9f %.9f, file %.9f %.9f", i, v[2 * i], v[2 * i + 1],
                      ref.lon1[i], ref.lat1[i]);
    }
    ck_assert(fabs(v[2 * n - 2] - ref.lon2[ref.n - 1]) < 1e-12);
    ck_assert(fabs(v[2 * n - 1] - ref.lat2[ref.n - 1]) < 1e-12);
    tu_edge_ref_free(&ref);
}
END_TEST

START_TEST(test_signs_order_kinds_ends)
{
    size_t i, n = 0, counts[4] = {0, 0, 0, 0};
    const double *v = demarc_border_vertices(border, &n);
    const demarc_sign *first = demarc_border_sign(border, 0);
    const demarc_sign *last = demarc_border_sign(border, N_SIGNS - 1);

    for (i = 0; i < N_SIGNS; i++) {
        const demarc_sign *s = demarc_border_sign(border, i);
        ck_assert_msg(s != NULL, "sign %zu is NULL", i);
        ck_assert_msg(s->seq == (long)i + 1, "sign %zu has seq %ld", i, s->seq);
        ck_assert_msg(s->kind >= DEMARC_SIGN_TRIPOINT && s->kind <= DEMARC_SIGN_POINT,
                      "sign %zu kind %d", i, (int)s->kind);
        counts[s->kind]++;
        ck_assert_str_eq(s->provenance, "modelled");
        ck_assert_msg(s->id != NULL && s->id[0] != '\0', "sign %zu has no id", i);
        /* last sign: no next one */
        if (i + 1 < N_SIGNS)
            ck_assert_msg(s->segment == DEMARC_SEGMENT_STRAIGHT ||
                              s->segment == DEMARC_SEGMENT_NATURAL,
                          "sign %zu segment %d", i, (int)s->segment);
    }
    ck_assert_uint_eq(counts[DEMARC_SIGN_TRIPOINT], 2);
    ck_assert_uint_eq(counts[DEMARC_SIGN_MAIN], 979);
    ck_assert_uint_eq(counts[DEMARC_SIGN_INTERMEDIATE], 320);
    ck_assert_uint_eq(counts[DEMARC_SIGN_POINT], 0);

    ck_assert_int_eq(first->kind, DEMARC_SIGN_TRIPOINT);
    ck_assert_int_eq(last->kind, DEMARC_SIGN_TRIPOINT);
    ck_assert_str_eq(first->id, "1");
    ck_assert_str_eq(last->id, "981");
    ck_assert_double_eq(first->lon, v[0]);
    ck_assert_double_eq(first->lat, v[1]);
    ck_assert_double_eq(last->lon, v[2 * n - 2]);
    ck_assert_double_eq(last->lat, v[2 * n - 1]);
    ck_assert_int_eq(last->segment, DEMARC_SEGMENT_NONE);
    ck_assert(isnan(last->next_dist_m));
    ck_assert(isnan(last->next_azimuth_deg));
    ck_assert(isnan(first->h_m)); /* h_m is empty in signs.csv */
    /* signs.csv row 1: 1,1,tripoint,...,0.000,4996.694,359.945087,straight */
    ck_assert_double_eq(first->chainage_m, 0.0);
    ck_assert_double_eq_tol(first->next_dist_m, 4996.694, 1e-9);
    ck_assert_double_eq_tol(first->next_azimuth_deg, 359.945087, 1e-9);
    ck_assert_int_eq(first->segment, DEMARC_SEGMENT_STRAIGHT);
}
END_TEST

START_TEST(test_signs_chainage_and_on_line)
{
    size_t i;
    const demarc_sign *prev = NULL;

    for (i = 0; i < N_SIGNS; i++) {
        const demarc_sign *s = demarc_border_sign(border, i);
        ck_assert_msg(s->line_offset_m >= 0.0 && s->line_offset_m <= 0.001,
                      "sign %s is %.6f m off the line", s->id, s->line_offset_m);
        if (prev) {
            ck_assert_msg(s->chainage_m > prev->chainage_m,
                          "declared chainage not increasing at %s", s->id);
            ck_assert_msg(s->line_chainage_m > prev->line_chainage_m,
                          "line chainage not increasing at %s (%.3f <= %.3f)", s->id,
                          s->line_chainage_m, prev->line_chainage_m);
            /* data/make_kz_uz.py: MAX_GAP_M = 5000 */
            ck_assert_msg(s->line_chainage_m - prev->line_chainage_m <= 5000.0,
                          "gap of %.3f m before %s", s->line_chainage_m - prev->line_chainage_m,
                          s->id);
            ck_assert_msg(prev->next_dist_m <= 5000.0, "declared gap %.3f m after %s",
                          prev->next_dist_m, prev->id);
        } else {
            tu_assert_near(s->line_chainage_m, 0.0, 0.001);
        }
        prev = s;
    }
}
END_TEST

START_TEST(test_sign_find)
{
    size_t idx = 99999;
    const demarc_sign *s;

    tu_assert_status(demarc_sign_find(ctx, border, "1", &idx), DEMARC_OK);
    ck_assert_uint_eq(idx, 0);
    /* signs.csv row 2 is the intermediate 1A; row 160/161 are 17 and 17A */
    tu_assert_status(demarc_sign_find(ctx, border, "1A", &idx), DEMARC_OK);
    ck_assert_uint_eq(idx, 1);
    ck_assert_int_eq(demarc_border_sign(border, idx)->kind, DEMARC_SIGN_INTERMEDIATE);
    tu_assert_status(demarc_sign_find(ctx, border, "17A", &idx), DEMARC_OK);
    ck_assert_uint_eq(idx, 160);
    s = demarc_border_sign(border, idx);
    ck_assert_str_eq(s->id, "17A");
    ck_assert_int_eq(s->kind, DEMARC_SIGN_INTERMEDIATE);
    /* 17A,161,intermediate,60.039872334,44.975116497 */
    ck_assert_double_eq_tol(s->lon, 60.039872334, 1e-12);
    ck_assert_double_eq_tol(s->lat, 44.975116497, 1e-12);
    tu_assert_status(demarc_sign_find(ctx, border, "17", &idx), DEMARC_OK);
    ck_assert_uint_eq(idx, 159);
    ck_assert_int_eq(demarc_border_sign(border, idx)->kind, DEMARC_SIGN_MAIN);
    tu_assert_status(demarc_sign_find(ctx, border, "981", &idx), DEMARC_OK);
    ck_assert_uint_eq(idx, N_SIGNS - 1);
    /* index may be NULL? The header does not say; not tested. */
}
END_TEST

START_TEST(test_sign_find_unknown)
{
    size_t idx = 4242;

    tu_assert_status(demarc_sign_find(ctx, border, "17Q9", &idx), DEMARC_ERR_NOT_FOUND);
    tu_assert_status(demarc_ctx_errcode(ctx), DEMARC_ERR_NOT_FOUND);
    tu_assert_msg_has(ctx, "17Q9");
    /* ids are exact: no case folding, no trimming */
    tu_assert_status(demarc_sign_find(ctx, border, "17a", &idx), DEMARC_ERR_NOT_FOUND);
    tu_assert_msg_has(ctx, "17a");
    tu_assert_status(demarc_sign_find(ctx, border, "", &idx), DEMARC_ERR_NOT_FOUND);
}
END_TEST

START_TEST(test_sign_find_null_id)
{
    size_t idx;

    tu_assert_status(demarc_sign_find(ctx, border, NULL, &idx), DEMARC_ERR_ARG);
    ck_assert_msg(demarc_ctx_errmsg(ctx)[0] != '\0', "no message for a NULL id");
}
END_TEST

START_TEST(test_out_of_range_accessors)
{
    ck_assert_ptr_nonnull(demarc_border_sign(border, N_SIGNS - 1));
    ck_assert_ptr_null(demarc_border_sign(border, N_SIGNS));
    ck_assert_ptr_null(demarc_border_sign(border, SIZE_MAX));
    ck_assert_ptr_nonnull(demarc_border_territory(border, 1));
    ck_assert_ptr_null(demarc_border_territory(border, 2));
    ck_assert_ptr_null(demarc_border_territory(border, SIZE_MAX));
}
END_TEST

static void check_territory(const demarc_territory *t, const char *party, const char *name,
                            size_t polygons, size_t rings, size_t holes, size_t points)
{
    size_t r, nholes = 0;

    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(t->party, party);
    ck_assert_str_eq(t->name, name);
    ck_assert_uint_eq(t->polygon_count, polygons);
    ck_assert_uint_eq(t->ring_count, rings);
    ck_assert_uint_eq(t->point_count, points);
    ck_assert_uint_eq(t->ring_start[0], 0);
    ck_assert_uint_eq(t->ring_start[t->ring_count], t->point_count);
    for (r = 0; r < t->ring_count; r++) {
        size_t a = t->ring_start[r], b = t->ring_start[r + 1] - 1;
        ck_assert_msg(b > a + 2, "%s ring %zu has %zu points", party, r, b - a + 1);
        ck_assert_msg(t->points[2 * a] == t->points[2 * b] &&
                          t->points[2 * a + 1] == t->points[2 * b + 1],
                      "%s ring %zu is not closed", party, r);
        ck_assert_uint_lt(t->ring_polygon[r], t->polygon_count);
        /* the shell comes first, then the holes of the same polygon */
        if (r == 0 || t->ring_polygon[r] != t->ring_polygon[r - 1]) {
            ck_assert_msg(t->ring_is_hole[r] == 0, "%s ring %zu starts a polygon but is a hole",
                          party, r);
            if (r > 0)
                ck_assert_uint_eq(t->ring_polygon[r], t->ring_polygon[r - 1] + 1);
        } else {
            ck_assert_msg(t->ring_is_hole[r] == 1, "%s ring %zu should be a hole", party, r);
        }
        nholes += t->ring_is_hole[r];
    }
    ck_assert_uint_eq(nholes, holes);
}

START_TEST(test_territories)
{
    check_territory(demarc_border_territory(border, 0), "KZ", "Kazakhstan", 1, 1, 0, 30500);
    check_territory(demarc_border_territory(border, 1), "UZ", "Uzbekistan", 5, 7, 2, 9136);
}
END_TEST

START_TEST(test_open_directory_equals_default)
{
    /* data/kz-uz opened through GDAL is the same border as the embedded one. */
    char path[4096];
    demarc_border *b = NULL;
    const demarc_border_info *i1, *i2;
    double l1 = 0, l2 = 0;
    size_t k;

    tu_path(path, sizeof path, tu_data_dir(), "kz-uz");
    ck_assert_msg(demarc_border_open(ctx, &b, path, NULL) == DEMARC_OK, "open %s: %s", path,
                  demarc_ctx_errmsg(ctx));
    i1 = demarc_border_info_get(border);
    i2 = demarc_border_info_get(b);
    ck_assert_uint_eq(i2->vertex_count, i1->vertex_count);
    ck_assert_uint_eq(i2->sign_count, i1->sign_count);
    ck_assert_uint_eq(i2->territory_count, i1->territory_count);
    ck_assert_str_eq(i2->left_party, "KZ");
    ck_assert_str_eq(i2->right_party, "UZ");
    ck_assert_double_eq(i2->declared_length_m, 2356600.0);
    for (k = 0; k < i1->sign_count; k++)
        ck_assert_str_eq(demarc_border_sign(b, k)->id, demarc_border_sign(border, k)->id);
    ck_assert_int_eq(demarc_border_length(ctx, border, &l1), DEMARC_OK);
    ck_assert_int_eq(demarc_border_length(ctx, b, &l2), DEMARC_OK);
    tu_assert_near(l2, l1, 1e-6);
    demarc_border_free(b);
}
END_TEST

/* --- many threads, one border, one context each --------------------- */

#define N_THREADS 4
#define N_ROUNDS 20

struct job {
    const demarc_border *b;
    int failed;
    double total, between, segsum, check_computed;
    size_t mismatches;
};

static void *worker(void *arg)
{
    struct job *j = arg;
    demarc_ctx *c = NULL;
    int round;

    if (demarc_ctx_new(&c) != DEMARC_OK) {
        j->failed = 1;
        return NULL;
    }
    for (round = 0; round < N_ROUNDS && !j->failed; round++) {
        double total, between, len, sum = 0.0;
        size_t i, idx, n = demarc_border_info_get(j->b)->sign_count;
        demarc_length_report rep;

        if (demarc_border_length(c, j->b, &total) != DEMARC_OK ||
            demarc_length_between(c, j->b, "17A", "981", &between) != DEMARC_OK ||
            demarc_sign_find(c, j->b, "500", &idx) != DEMARC_OK ||
            demarc_sign_find(c, j->b, "no-such", &idx) != DEMARC_ERR_NOT_FOUND ||
            strstr(demarc_ctx_errmsg(c), "no-such") == NULL ||
            demarc_length_check(c, j->b, NULL, &rep) != DEMARC_OK) {
            j->failed = 1;
            break;
        }
        for (i = 0; i + 1 < n; i++) {
            if (demarc_sign_segment(c, j->b, i, &len, NULL) != DEMARC_OK) {
                j->failed = 1;
                break;
            }
            sum += len;
        }
        if (round == 0) {
            j->total = total;
            j->between = between;
            j->segsum = sum;
            j->check_computed = rep.computed_m;
            j->mismatches = rep.segment_mismatches;
        } else if (total != j->total || between != j->between || sum != j->segsum ||
                   rep.computed_m != j->check_computed) {
            j->failed = 2; /* results changed between rounds */
        }
    }
    demarc_ctx_free(c);
    return NULL;
}

START_TEST(test_threads_share_border)
{
    pthread_t th[N_THREADS];
    struct job jobs[N_THREADS];
    int t;

    memset(jobs, 0, sizeof jobs);
    for (t = 0; t < N_THREADS; t++) {
        jobs[t].b = border;
        ck_assert_int_eq(pthread_create(&th[t], NULL, worker, &jobs[t]), 0);
    }
    for (t = 0; t < N_THREADS; t++)
        ck_assert_int_eq(pthread_join(th[t], NULL), 0);
    for (t = 0; t < N_THREADS; t++) {
        ck_assert_msg(jobs[t].failed == 0, "thread %d failed (%d)", t, jobs[t].failed);
        /* identical, bit for bit */
        ck_assert(jobs[t].total == jobs[0].total);
        ck_assert(jobs[t].between == jobs[0].between);
        ck_assert(jobs[t].segsum == jobs[0].segsum);
        ck_assert(jobs[t].check_computed == jobs[0].check_computed);
        ck_assert_uint_eq(jobs[t].mismatches, jobs[0].mismatches);
    }
    /* and equal to the GeodSolve total (tests/data/reference_geodesic.txt) */
    tu_assert_near(jobs[0].total, 2360691.042282710, 0.001);
}
END_TEST

Suite *border_suite(void)
{
    Suite *s = suite_create("border");
    TCase *tc = tcase_create("kz-uz");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_open_default_null_opts_and_geodesic_opts);
    tcase_add_test(tc, test_open_default_null_out);
    tcase_add_test(tc, test_info);
    tcase_add_test(tc, test_vertices_ends_are_tripoints);
    tcase_add_test(tc, test_vertices_equal_file);
    tcase_add_test(tc, test_signs_order_kinds_ends);
    tcase_add_test(tc, test_signs_chainage_and_on_line);
    tcase_add_test(tc, test_sign_find);
    tcase_add_test(tc, test_sign_find_unknown);
    tcase_add_test(tc, test_sign_find_null_id);
    tcase_add_test(tc, test_out_of_range_accessors);
    tcase_add_test(tc, test_territories);
    tcase_add_test(tc, test_open_directory_equals_default);
    tcase_add_test(tc, test_threads_share_border);
    suite_add_tcase(s, tc);
    return s;
}
