/* bench_locate.c -- demarc_locate_batch against its peers, same run:
 *
 *  1. party only, 2,000,000 uniform random points in lon 55-72, lat 37-47
 *     (fixed seed), vs a loop of GEOS prepared GEOSPreparedContains_r on the
 *     same two territory polygons (KZ first, then UZ; the point geometry
 *     built per query, as a GEOS user must).  Target (issue 17): <= 10
 *     ns/point, >= 30x.  Agreement is reported for the points farther than
 *     1 km from the line (their distance from the full run, so over the
 *     first FULL_N points); after the timed runs all 2 M party_batch
 *     answers are checked against the full locate's party.
 *     Clustered points: 1,000,000 points along tracks (bench_tracks, walks
 *     of 1,000 points from uniform starts), same peer.  Target: <= 5 ns.
 *     Tracks along the border (starts within 0.025 deg of the line, so most
 *     points need the line): figure and peer only, no target.
 *  2. full results (distance, foot, chainage, nearest sign) on one core,
 *     points/s.  Target: >= 1,000,000/s.
 *  3. the same batch over 2 threads (pthreads, one ctx each, taking chunks
 *     of CHUNK points from a shared counter, as an application would, so
 *     that an unevenly loaded core does not hold the other up) vs one
 *     thread, for the full locate and for party_batch.  Target: >= 1.9x.
 *  Control for 3.: the same 1-vs-2-thread split of a bare geod_inverse loop
 *     (no libdemarc), so a machine that cannot run two threads at once
 *     shows up as a control speed-up near 1.
 * Medians of RUNS runs; the machine is shared, so read the ratios. */
#include "bench_util.h"
#include "demarc.h"

#include <geodesic.h>
#include <geos_c.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N_POINTS 2000000
#define FULL_N 400000
#define RUNS 3
#define CHUNK 4096
#define N_TRACK 1000000

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static double urand(void) /* xorshift64*, [0, 1) */
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (double)((rng * 2685821657736338717ull) >> 11) * (1.0 / 9007199254740992.0);
}

static GEOSGeometry *territory_geos(GEOSContextHandle_t h, const demarc_territory *t)
{
    GEOSGeometry **polys = calloc(t->polygon_count, sizeof *polys);
    size_t r = 0;
    for (size_t p = 0; p < t->polygon_count; p++) {
        size_t r0 = r;
        while (r < t->ring_count && t->ring_polygon[r] == p) r++;
        GEOSGeometry *shell = NULL, **holes = calloc(r - r0 + 1, sizeof *holes);
        for (size_t k = r0; k < r; k++) {
            size_t a = t->ring_start[k], n = t->ring_start[k + 1] - a;
            GEOSCoordSequence *s =
                GEOSCoordSeq_copyFromBuffer_r(h, t->points + 2 * a, (unsigned)n, 0, 0);
            GEOSGeometry *ring = GEOSGeom_createLinearRing_r(h, s);
            if (k == r0) shell = ring; else holes[k - r0 - 1] = ring;
        }
        polys[p] = GEOSGeom_createPolygon_r(h, shell, holes, (unsigned)(r - r0 - 1));
        free(holes);
    }
    GEOSGeometry *g = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys,
                                                  (unsigned)t->polygon_count);
    free(polys);
    return g;
}

static void *geod_loop(void *arg)
{
    double *acc = arg, s12;
    struct geod_geodesic g;
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    for (int i = 0; i < 400000; i++) { /* ~0.3 s: long enough to time */
        geod_inverse(&g, 43.0 + i * 1e-6, 62.0, 44.0, 63.3, &s12, NULL, NULL);
        *acc += s12;
    }
    return NULL;
}

typedef struct job {
    const demarc_border *b;
    size_t n;
    const double *lon, *lat;
    demarc_location *out;
    unsigned flags;
    int rc;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    demarc_ctx *ctx;
    if (demarc_ctx_new(&ctx)) { j->rc = 1; return NULL; }
    demarc_locate_options o = DEMARC_LOCATE_OPTIONS_INIT;
    o.flags = j->flags;
    j->rc = demarc_locate_batch(ctx, j->b, j->n, j->lon, 0, j->lat, 0, &o, j->out, 0);
    demarc_ctx_free(ctx);
    return NULL;
}

/* 2-thread work: chunks handed out by an atomic counter, the batch of n
 * points passed over reps times (so that a fast query is timed long
 * enough to measure: each pass writes the same answers). */
typedef struct shared_work {
    const demarc_border *b;
    size_t n;
    const double *lon, *lat;
    demarc_location *out;
    int *party; /* party_batch into this when not NULL, else locate_batch into out */
    atomic_size_t next; /* chunk counter over all passes */
    atomic_int rc;
    size_t reps;        /* passes over the batch (0: 1) */
} shared_work;

/* GEOS prepared contains over n points: party codes into gp, seconds. */
static double geos_party(GEOSContextHandle_t h, const GEOSPreparedGeometry *p0,
                         const GEOSPreparedGeometry *p1, const double *lon, const double *lat,
                         size_t n, signed char *gp)
{
    double t0 = bench_now();
    for (size_t i = 0; i < n; i++) {
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, lon[i], lat[i]);
        gp[i] = GEOSPreparedContains_r(h, p0, pt) == 1   ? 0
                : GEOSPreparedContains_r(h, p1, pt) == 1 ? 1
                                                         : -1;
        GEOSGeom_destroy_r(h, pt);
    }
    return bench_now() - t0;
}

static void *run_chunks(void *arg)
{
    shared_work *w = arg;
    demarc_ctx *ctx;
    if (demarc_ctx_new(&ctx)) { atomic_store(&w->rc, 1); return NULL; }
    size_t per = (w->n + CHUNK - 1) / CHUNK, reps = w->reps ? w->reps : 1;
    for (;;) {
        size_t c = atomic_fetch_add(&w->next, 1);
        if (c >= per * reps) break;
        size_t k = (c % per) * CHUNK;
        size_t m = w->n - k < CHUNK ? w->n - k : CHUNK;
        if (w->party ? demarc_party_batch(ctx, w->b, m, w->lon + k, 0, w->lat + k, 0,
                                          w->party + k, 0)
                     : demarc_locate_batch(ctx, w->b, m, w->lon + k, 0, w->lat + k, 0, NULL,
                                           w->out + k, 0))
            atomic_store(&w->rc, 1);
    }
    demarc_ctx_free(ctx);
    return NULL;
}

int main(void)
{
    demarc_ctx *ctx;
    demarc_border *b;
    if (demarc_ctx_new(&ctx) || demarc_border_open_default(ctx, &b, NULL)) return 1;
    double *lon = malloc(N_POINTS * sizeof *lon), *lat = malloc(N_POINTS * sizeof *lat);
    demarc_location *out = malloc(N_POINTS * sizeof *out), *full = malloc(FULL_N * sizeof *full);
    signed char *gparty = malloc(N_POINTS);
    double *tlon = malloc(N_TRACK * sizeof *tlon), *tlat = malloc(N_TRACK * sizeof *tlat);
    double *blon = malloc(N_TRACK * sizeof *blon), *blat = malloc(N_TRACK * sizeof *blat);
    int *tparty = malloc(N_TRACK * sizeof *tparty);
    if (!lon || !lat || !out || !full || !gparty || !tlon || !tlat || !blon || !blat || !tparty)
        return 1;
    for (size_t i = 0; i < N_POINTS; i++) {
        lon[i] = 55.0 + 17.0 * urand();
        lat[i] = 37.0 + 10.0 * urand();
    }
    size_t nv;
    const double *xy = demarc_border_vertices(b, &nv);
    bench_tracks(NULL, 0, tlon, tlat, N_TRACK, 0x2545f4914f6cdd1dull);
    bench_tracks(xy, nv, blon, blat, N_TRACK, 0x853c49e6748fea9bull);

    GEOSContextHandle_t h = GEOS_init_r();
    GEOSGeometry *g0 = territory_geos(h, demarc_border_territory(b, 0));
    GEOSGeometry *g1 = territory_geos(h, demarc_border_territory(b, 1));
    const GEOSPreparedGeometry *p0 = GEOSPrepare_r(h, g0), *p1 = GEOSPrepare_r(h, g1);

    int *pb = malloc(N_POINTS * sizeof *pb);
    if (!pb) return 1;
    /* passes of the 2 M-point party batch for the 1- vs 2-thread timing:
     * ~0.5 s each (one pass takes ~0.02 s), from a calibration pass (which
     * may run slower than the timed ones: the margin keeps each >= 0.2 s) */
    double tc0 = bench_now();
    if (demarc_party_batch(ctx, b, N_POINTS, lon, 0, lat, 0, pb, 0)) return 1;
    double tcal = bench_now() - tc0;
    size_t party_reps = tcal > 0 ? (size_t)ceil(0.5 / tcal) : 1;
    if (party_reps < 1) party_reps = 1;
    if (party_reps > 200) party_reps = 200;
    double t_geos[RUNS], t_party[RUNS], t_pb[RUNS], t_full[RUNS], t_two[RUNS], t_c1[RUNS],
        t_c2[RUNS], t_gt[RUNS], t_tr[RUNS], t_gb[RUNS], t_br[RUNS], t_p2[RUNS], t_p1[RUNS];
    signed char *gtrack = malloc(N_TRACK);
    if (!gtrack) return 1;
    for (int r = 0; r < RUNS; r++) {
        t_geos[r] = geos_party(h, p0, p1, lon, lat, N_POINTS, gparty);
        double t0;
        t_gt[r] = geos_party(h, p0, p1, tlon, tlat, N_TRACK, gtrack);
        t0 = bench_now();
        if (demarc_party_batch(ctx, b, N_TRACK, tlon, 0, tlat, 0, tparty, 0)) return 1;
        t_tr[r] = bench_now() - t0;
        t_gb[r] = geos_party(h, p0, p1, blon, blat, N_TRACK, gtrack);
        t0 = bench_now();
        if (demarc_party_batch(ctx, b, N_TRACK, blon, 0, blat, 0, tparty, 0)) return 1;
        t_br[r] = bench_now() - t0;

        job jp = {b, N_POINTS, lon, lat, out, DEMARC_LOCATE_PARTY_ONLY, 0};
        t0 = bench_now();
        run_job(&jp);
        t_party[r] = bench_now() - t0;
        if (jp.rc) return 1;

        t0 = bench_now(); /* the lean form: one int per point */
        if (demarc_party_batch(ctx, b, N_POINTS, lon, 0, lat, 0, pb, 0)) return 1;
        t_pb[r] = bench_now() - t0;

        job jf = {b, FULL_N, lon, lat, full, 0, 0};
        t0 = bench_now();
        run_job(&jf);
        t_full[r] = bench_now() - t0;
        if (jf.rc) return 1;

        shared_work w2 = {b, FULL_N, lon, lat, out, NULL, 0, 0, 1};
        pthread_t th[2];
        t0 = bench_now();
        for (int k = 0; k < 2; k++) pthread_create(&th[k], NULL, run_chunks, &w2);
        for (int k = 0; k < 2; k++) pthread_join(th[k], NULL);
        t_two[r] = bench_now() - t0;
        if (atomic_load(&w2.rc)) return 1;

        /* party_batch, one thread then two, the same chunks, the batch
         * passed over party_reps times so that one timing is >= 0.2 s */
        shared_work wp1 = {b, N_POINTS, lon, lat, NULL, pb, 0, 0, party_reps};
        t0 = bench_now();
        run_chunks(&wp1);
        t_p1[r] = bench_now() - t0;
        shared_work wp2 = {b, N_POINTS, lon, lat, NULL, pb, 0, 0, party_reps};
        t0 = bench_now();
        for (int k = 0; k < 2; k++) pthread_create(&th[k], NULL, run_chunks, &wp2);
        for (int k = 0; k < 2; k++) pthread_join(th[k], NULL);
        t_p2[r] = bench_now() - t0;
        if (atomic_load(&wp1.rc) || atomic_load(&wp2.rc)) return 1;

        double acc[2] = {0, 0};
        t0 = bench_now();
        geod_loop(&acc[0]);
        geod_loop(&acc[1]);
        t_c1[r] = bench_now() - t0;
        t0 = bench_now();
        for (int k = 0; k < 2; k++) pthread_create(&th[k], NULL, geod_loop, &acc[k]);
        for (int k = 0; k < 2; k++) pthread_join(th[k], NULL);
        t_c2[r] = bench_now() - t0;
    }
    /* party-only results once more for the agreement count */
    job jp = {b, N_POINTS, lon, lat, out, DEMARC_LOCATE_PARTY_ONLY, 0};
    run_job(&jp);
    size_t far = 0, agree = 0, same_full = 0, disagree_near = 0;
    for (size_t i = 0; i < N_POINTS; i++) {
        if (i < FULL_N) {
            same_full += full[i].party == out[i].party;
            if (full[i].distance_m > 1000.0) {
                far++;
                agree += full[i].party == gparty[i];
            } else {
                disagree_near += full[i].party != gparty[i];
            }
        }
    }
    /* every party_batch answer against the full locate's party (points on
     * the line itself, distance <= 1 um, follow a rule of their own) */
    if (demarc_party_batch(ctx, b, N_POINTS, lon, 0, lat, 0, pb, 0)) return 1;
    job jall = {b, N_POINTS, lon, lat, out, 0, 0};
    run_job(&jall);
    if (jall.rc) return 1;
    size_t pb_same = 0, on_line = 0;
    for (size_t i = 0; i < N_POINTS; i++) {
        if (out[i].distance_m <= 1e-6) { on_line++; continue; }
        pb_same += pb[i] == out[i].party;
    }
    double mpb = bench_median(t_pb, RUNS);
    double mg = bench_median(t_geos, RUNS), mp = bench_median(t_party, RUNS);
    double mf = bench_median(t_full, RUNS), m2 = bench_median(t_two, RUNS);
    printf("party only, %d points: GEOS prepared contains %.3f s (%.0f ns/point)\n", N_POINTS,
           mg, 1e9 * mg / N_POINTS);
    printf("  demarc_party_batch:                %.3f s (%.1f ns/point), ratio %.1fx (target <= "
           "10 ns, >= 30x); same party as the full locate for %zu of %zu (%zu on the line)\n",
           mpb, 1e9 * mpb / N_POINTS, mg / mpb, pb_same, N_POINTS - on_line, on_line);
    double mgt = bench_median(t_gt, RUNS), mtr = bench_median(t_tr, RUNS);
    double mgb = bench_median(t_gb, RUNS), mbr = bench_median(t_br, RUNS);
    printf("  tracks, %d points: GEOS %.0f ns/point, party_batch %.1f ns/point, ratio %.1fx "
           "(target <= 5 ns)\n", N_TRACK, 1e9 * mgt / N_TRACK, 1e9 * mtr / N_TRACK, mgt / mtr);
    printf("  tracks along the border, %d points: GEOS %.0f ns/point, party_batch %.1f ns/point, "
           "ratio %.1fx\n", N_TRACK, 1e9 * mgb / N_TRACK, 1e9 * mbr / N_TRACK, mgb / mbr);
    printf("  demarc_locate_batch + PARTY_ONLY:  %.3f s (%.0f ns/point), ratio %.1fx\n", mp,
           1e9 * mp / N_POINTS, mg / mp);
    printf("agreement with GEOS for the %zu of the first %d points > 1 km from the line: %zu "
           "(%.4f %%); within 1 km: %zu differ\n",
           far, FULL_N, agree, 100.0 * (double)agree / (double)far, disagree_near);
    printf("party-only vs full mode party identical: %zu of %d\n", same_full, FULL_N);
    printf("full (distance, chainage, nearest sign), 1 thread: %d points in %.3f s = %.0f "
           "points/s (target >= 1,000,000)\n",
           FULL_N, mf, FULL_N / mf);
    printf("full, 2 threads: %.3f s = %.0f points/s, speed-up %.2fx (target >= 1.9x)\n", m2,
           FULL_N / m2, mf / m2);
    double mp1 = bench_median(t_p1, RUNS), mp2 = bench_median(t_p2, RUNS);
    double np = (double)N_POINTS * (double)party_reps;
    printf("party_batch, 2 threads: %.1f ns/point vs 1 thread %.1f ns/point, speed-up %.2fx "
           "(target >= 1.9x); %zu passes of %d points, 1 thread %.3f s\n",
           1e9 * mp2 / np, 1e9 * mp1 / np, mp1 / mp2, party_reps, N_POINTS, mp1);
    double c1 = bench_median(t_c1, RUNS), c2 = bench_median(t_c2, RUNS);
    printf("control, bare geod_inverse loop split over 2 threads: speed-up %.2fx (what this "
           "machine allows; 1 thread %.3f s)\n",
           c1 / c2, c1);
    GEOSPreparedGeom_destroy_r(h, p0);
    GEOSPreparedGeom_destroy_r(h, p1);
    GEOSGeom_destroy_r(h, g0);
    GEOSGeom_destroy_r(h, g1);
    GEOS_finish_r(h);
    demarc_border_free(b);
    demarc_ctx_free(ctx);
    free(lon); free(lat); free(out); free(full); free(gparty); free(pb);
    free(tlon); free(tlat); free(blon); free(blat); free(tparty); free(gtrack);
    return 0;
}
