/* check_stress.c -- 4 threads query ONE shared border at once, each with
 * its own context, and every result must equal (bit for bit) the result of
 * the same query run single-threaded first.  Exercises the header's promise
 * "a demarc_border is immutable once opened and may be queried from many
 * threads at once"; run under TSan by .ci/hardening.sh.
 *
 * Queries: demarc_sign_segment (length, azimuth), demarc_length_between (by
 * id: the id lookup too), demarc_border_length, demarc_locate (weak
 * reference: skipped if a build lacks it), and demarc_transform_apply of the
 * sign to UTM 41N (EPSG:32641) through a transformation each thread creates
 * on its own context (a demarc_transform is bound to its context).
 *
 * DEMARC_STRESS_QUERIES = queries per thread (default 20000, so that the
 * ordinary ctest stays quick; issue 6 asks for 1000000 under TSan). */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"

#pragma weak demarc_locate

#define NTHREADS 4

typedef struct ref_row {
    double seg_len, seg_az;  /* demarc_sign_segment(i) */
    size_t to;               /* partner sign of the length_between query */
    double between;          /* demarc_length_between(id[i], id[to]) */
    demarc_status loc_rc;    /* demarc_locate near sign i */
    demarc_location loc;
    double utm_x, utm_y;     /* demarc_transform_apply of sign i to EPSG:32641 */
} ref_row;

static const demarc_border *shared;
static ref_row *ref;
static size_t nsigns, nref;
static double total_ref;

static long queries_per_thread(void)
{
    const char *e = getenv("DEMARC_STRESS_QUERIES");
    long n = e && *e ? strtol(e, NULL, 10) : 20000;
    return n > 0 ? n : 20000;
}

/* A point 0.001 degree north-east of sign i: inside one party or the other. */
static void probe_point(size_t i, double *lon, double *lat)
{
    const demarc_sign *s = demarc_border_sign(shared, i);
    *lon = s->lon + 0.001 * (double)((i % 3) - 1);
    *lat = s->lat + 0.001 * (double)((i % 5) - 2);
}

static void to_utm(demarc_ctx *ctx, demarc_transform *t, size_t i, ref_row *out)
{
    const demarc_sign *s = demarc_border_sign(shared, i);
    out->utm_x = s->lon;
    out->utm_y = s->lat;
    if (demarc_transform_apply(ctx, t, 1, &out->utm_x, sizeof(double), &out->utm_y,
                               sizeof(double), NULL, 0) != DEMARC_OK)
        out->utm_x = out->utm_y = -1.0;
}

static void run_query(demarc_ctx *ctx, demarc_transform *t, size_t i, ref_row *out)
{
    memset(out, 0, sizeof *out);
    out->to = (i * 7919u + 13u) % nsigns;
    ck_assert_int_eq(demarc_sign_segment(ctx, shared, i, &out->seg_len, &out->seg_az), DEMARC_OK);
    ck_assert_int_eq(demarc_length_between(ctx, shared, demarc_border_sign(shared, i)->id,
                                           demarc_border_sign(shared, out->to)->id,
                                           &out->between),
                     DEMARC_OK);
    if (demarc_locate) {
        double lon, lat;
        probe_point(i, &lon, &lat);
        out->loc_rc = demarc_locate(ctx, shared, lon, lat, NULL, &out->loc);
    }
    to_utm(ctx, t, i, out);
}

static int same(const ref_row *a, const ref_row *b)
{
    return memcmp(&a->seg_len, &b->seg_len, sizeof a->seg_len) == 0 &&
           memcmp(&a->seg_az, &b->seg_az, sizeof a->seg_az) == 0 && a->to == b->to &&
           memcmp(&a->between, &b->between, sizeof a->between) == 0 && a->loc_rc == b->loc_rc &&
           a->loc.party == b->loc.party && a->loc.edge == b->loc.edge &&
           a->loc.nearest_sign == b->loc.nearest_sign &&
           (a->loc.distance_m == b->loc.distance_m ||
            (isnan(a->loc.distance_m) && isnan(b->loc.distance_m))) &&
           (a->loc.chainage_m == b->loc.chainage_m ||
            (isnan(a->loc.chainage_m) && isnan(b->loc.chainage_m))) &&
           a->utm_x == b->utm_x && a->utm_y == b->utm_y;
}

typedef struct worker {
    pthread_t tid;
    unsigned id;
    long n;
    long mismatches;
    long failures;
    size_t first_bad;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    demarc_ctx *ctx = NULL;
    demarc_transform *t = NULL;
    if (demarc_ctx_new(&ctx) != DEMARC_OK ||
        demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:32641", NULL) != DEMARC_OK) {
        w->failures = 1;
        demarc_ctx_free(ctx);
        return NULL;
    }
    for (long q = 0; q < w->n; q++) {
        /* each thread walks the rows from its own offset and stride */
        size_t i = (size_t)((q * (2 * (long)w->id + 1) + (long)w->id * 331) % (long)nref);
        ref_row got;
        memset(&got, 0, sizeof got);
        got.to = (i * 7919u + 13u) % nsigns;
        if (demarc_sign_segment(ctx, shared, i, &got.seg_len, &got.seg_az) != DEMARC_OK ||
            demarc_length_between(ctx, shared, demarc_border_sign(shared, i)->id,
                                  demarc_border_sign(shared, got.to)->id,
                                  &got.between) != DEMARC_OK) {
            w->failures++;
            continue;
        }
        if (q % 64 == 0) {
            double total;
            if (demarc_border_length(ctx, shared, &total) != DEMARC_OK || total != total_ref)
                w->mismatches++;
        }
        if (demarc_locate) {
            double lon, lat;
            probe_point(i, &lon, &lat);
            got.loc_rc = demarc_locate(ctx, shared, lon, lat, NULL, &got.loc);
        }
        to_utm(ctx, t, i, &got);
        if (!same(&got, &ref[i]) && w->mismatches++ == 0) w->first_bad = i;
    }
    demarc_transform_free(t);
    demarc_ctx_free(ctx);
    return NULL;
}

START_TEST(test_four_threads_one_border)
{
    demarc_ctx *ctx = NULL;
    demarc_border *b = NULL;
    ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK);
    ck_assert_int_eq(demarc_border_open_default(ctx, &b, NULL), DEMARC_OK);
    shared = b;
    nsigns = demarc_border_info_get(b)->sign_count;
    ck_assert_uint_gt(nsigns, 2);
    nref = nsigns - 1; /* sign_segment takes i < sign_count - 1 */
    ref = calloc(nref, sizeof *ref);
    ck_assert_ptr_nonnull(ref);
    ck_assert_int_eq(demarc_border_length(ctx, b, &total_ref), DEMARC_OK);
    demarc_transform *t = NULL;
    ck_assert_msg(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:32641", NULL) == DEMARC_OK,
                  "%s", demarc_ctx_errmsg(ctx));
    for (size_t i = 0; i < nref; i++) run_query(ctx, t, i, &ref[i]);
    demarc_transform_free(t);

    long n = queries_per_thread();
    worker w[NTHREADS];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (unsigned k = 0; k < NTHREADS; k++) {
        memset(&w[k], 0, sizeof w[k]);
        w[k].id = k;
        w[k].n = n;
        ck_assert_int_eq(pthread_create(&w[k].tid, NULL, work, &w[k]), 0);
    }
    for (unsigned k = 0; k < NTHREADS; k++) ck_assert_int_eq(pthread_join(w[k].tid, NULL), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    /* informational only (no timed assertion) */
    printf("stress: %d threads x %ld queries (locate %s) in %.2f s\n", NTHREADS, n,
           demarc_locate ? "included" : "not exported yet",
           (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
    for (unsigned k = 0; k < NTHREADS; k++) {
        ck_assert_msg(w[k].failures == 0, "thread %u: %ld failed calls", k, w[k].failures);
        ck_assert_msg(w[k].mismatches == 0,
                      "thread %u: %ld results differ from the single-threaded run (first: "
                      "sign index %zu)", k, w[k].mismatches, w[k].first_bad);
    }
    free(ref);
    ref = NULL;
    demarc_border_free(b);
    demarc_ctx_free(ctx);
}
END_TEST

Suite *stress_suite(void)
{
    Suite *s = suite_create("stress");
    TCase *tc = tcase_create("threads");
    tcase_set_timeout(tc, 3600); /* DEMARC_STRESS_QUERIES=1000000 under TSan */
    tcase_add_test(tc, test_four_threads_one_border);
    suite_add_tcase(s, tc);
    return s;
}
