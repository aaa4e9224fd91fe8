/* check_locate.c -- demarc_locate / demarc_locate_batch: party, distance,
 * chainage, nearest sign, batch strides, threads, bad input.
 *
 * Independent references:
 *   tests/data/locate/reference_distance.txt  brute force with GeodSolve
 *       (tests/data/locate/make_locate_reference.py: every vertex distance,
 *       candidate edges by the triangle inequality, each densified along its
 *       geodesic with GeodSolve -I and zoomed to 1 micrometre).  55 points
 *       0 m .. 1,000 km from the line.
 *   tests/data/reference_geodesic.txt  GeodSolve edge lengths (chainage of
 *       vertices is their running sum).
 *   The 90.6 km edge 27 from 62.2425E 43.51855N to 63.34908E 43.65049N:
 *       GeodSolve -i -p 12 <<< "43.51855 62.2425 43.65049 63.34908"
 *         -> azi1 80.303893732572178, s12 90565.0931894756 m
 *       midpoint M: echo 45282.546594500 | GeodSolve -I 43.51855 62.2425
 *         43.65049 63.34908 -p 12 -> 43.585859233664252 62.795185786643941,
 *         azimuth 80.684704267843500
 *       100 m north (left) / south (right) of M:
 *         GeodSolve -p 12 <<< "43.585859233664252 62.795185786643941
 *           -9.3152957321565 100"  -> 43.586747420278122 62.794985358619108
 *         ... 170.6847042678435 100 -> 43.584971046560462 62.795386208775128
 *       the straight lon/lat chord at M's longitude (linear interpolation,
 *       python3): lat 43.584447958294746, 156.8 m south of M; the point
 *       halfway, lat 43.5851535959795, lies south of the geodesic (UZ) but
 *       north of the chord (KZ for GEOS and for planar edges).
 *   Uzbek enclaves: vertex means of the four enclave rings of
 *       territories.geojson (python3 json), each checked with
 *       ogrinfo -q -ro data/kz-uz/territories.geojson -dialect SQLite -sql
 *       "SELECT party FROM territories WHERE ST_Intersects(geometry,
 *       MakePoint(LON, LAT))"  -> only "UZ".
 *   GEOS (loaded with dlopen, as the test binary does not link GEOS):
 *       GEOSPreparedContains_r on the same territory rings.
 */
#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define REF_TOTAL 2360691.042282710 /* reference_geodesic.txt, last line */
#define MM 0.001
#define PI 3.14159265358979323846

static demarc_ctx *ctx;
static demarc_border *border;

static void setup(void) { tu_open_default(&ctx, &border); }

static void teardown(void) { tu_close(&ctx, &border); }

static demarc_location loc(double lon, double lat)
{
    demarc_location l;
    demarc_status rc = demarc_locate(ctx, border, lon, lat, NULL, &l);
    ck_assert_msg(rc == DEMARC_OK, "locate(%g, %g): %s", lon, lat, demarc_ctx_errmsg(ctx));
    return l;
}

/* Chainage of vertex v from the GeodSolve edge lengths (Kahan sum). */
static double ref_chain(const tu_edge_ref *ref, size_t v)
{
    double sum = 0, c = 0;
    for (size_t e = 0; e < v; e++) {
        double y = ref->s12[e] - c, t = sum + y;
        c = (t - sum) - y;
        sum = t;
    }
    return sum;
}

START_TEST(test_reference_distances)
{
    char path[4096];
    FILE *f = fopen(tu_path(path, sizeof path, tu_test_data_dir(), "locate/reference_distance.txt"),
                    "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char line[512];
    int n = 0, far = 0;
    double worst = 0;
    while (fgets(line, sizeof line, f)) {
        double lon, lat, d, ch;
        int e;
        if (line[0] == '#') continue;
        ck_assert_int_eq(sscanf(line, "%lf %lf %lf %lf %d", &lon, &lat, &d, &ch, &e), 5);
        demarc_location l = loc(lon, lat);
        ck_assert_msg(fabs(l.distance_m - d) <= MM, "(%.9f, %.9f): distance %.6f, GeodSolve %.6f",
                      lon, lat, l.distance_m, d);
        worst = fmax(worst, fabs(l.distance_m - d));
        /* The brute force finds the foot by minimising GeodSolve distances,
         * which are good to ~15 nm (Karney 2013); near the foot d(s) ~
         * d0 + ds^2 / (2 d0), so the reference foot is uncertain by about
         * sqrt(2 d0 * 2.5e-8) m (1 cm at 2 km, 22 cm at 1,000 km). */
        double tol = MM + sqrt(2.0 * d * 2.5e-8);
        ck_assert_msg(fabs(l.chainage_m - ch) <= tol,
                      "(%.9f, %.9f): chainage %.4f, GeodSolve %.4f (tol %.4f)", lon, lat,
                      l.chainage_m, ch, tol);
        ck_assert_int_eq(l.on_border, d <= 0.01);
        if (d > 5e5) far++;
        n++;
    }
    fclose(f);
    ck_assert_int_ge(n, 50);
    ck_assert_int_ge(far, 2); /* the range reaches 500-1,000 km */
    ck_assert_msg(worst <= MM, "worst %.3g m", worst);
}
END_TEST

START_TEST(test_perpendicular_chainage)
{
    /* Points on the geodesic perpendicular through the midpoint M of edge
     * 27 (first 20 rows of the reference) up to 100 km away have their foot
     * at M: chainage = chainage of vertex 27 + s12 / 2 exactly (GeodSolve
     * edge lengths); farther out another edge is nearer. */
    tu_edge_ref ref;
    char path[4096];
    tu_edge_ref_load(&ref,
                     tu_path(path, sizeof path, tu_test_data_dir(), "reference_geodesic.txt"));
    double want = ref_chain(&ref, 27) + 0.5 * ref.s12[27];
    tu_assert_near(ref.s12[27], 90565.0931894756, 1e-6);
    FILE *f = fopen(tu_path(path, sizeof path, tu_test_data_dir(), "locate/reference_distance.txt"),
                    "r");
    ck_assert_ptr_nonnull(f);
    char line[512];
    int n = 0;
    for (int row = 0; row < 20 && fgets(line, sizeof line, f);) {
        double lon, lat, d, ch;
        int e;
        if (line[0] == '#') continue;
        row++;
        ck_assert_int_eq(sscanf(line, "%lf %lf %lf %lf %d", &lon, &lat, &d, &ch, &e), 5);
        if (d > 1e5 + 1) continue;
        demarc_location l = loc(lon, lat);
        ck_assert_uint_eq(l.edge, 27);
        ck_assert_msg(fabs(l.chainage_m - want) <= MM, "d %.1f: chainage %.5f, want %.5f", d,
                      l.chainage_m, want);
        n++;
    }
    fclose(f);
    ck_assert_int_eq(n, 16);
    tu_edge_ref_free(&ref);
}
END_TEST

START_TEST(test_long_segment_sides)
{
    demarc_location n = loc(62.794985358619108, 43.586747420278122);
    ck_assert_int_eq(n.party, 0);
    ck_assert_str_eq(n.party_code, "KZ");
    tu_assert_near(n.distance_m, 100.0, MM);
    demarc_location s = loc(62.795386208775128, 43.584971046560462);
    ck_assert_int_eq(s.party, 1);
    ck_assert_str_eq(s.party_code, "UZ");
    tu_assert_near(s.distance_m, 100.0, MM);
    /* Between chord and geodesic: the geodesic decides (south of it: UZ). */
    demarc_location g = loc(62.795185786643941, 43.5851535959795);
    ck_assert_int_eq(g.party, 1);
    ck_assert_uint_eq(g.edge, 27);
    /* 78.91 m south of M along the meridian (GeodSolve -i), the edge runs
     * at 80.68 deg: the perpendicular is 78.91 * sin(80.68 deg) = 77.87 m
     * give or take the curvature. */
    ck_assert_msg(g.distance_m > 77.0 && g.distance_m < 78.91, "%.3f", g.distance_m);

    /* The same border with planar edges: the chord decides (KZ). */
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    demarc_border *pb;
    o.edge_model = DEMARC_EDGE_PLANAR;
    tu_assert_status(demarc_border_open_default(ctx, &pb, &o), DEMARC_OK);
    demarc_location p;
    tu_assert_status(demarc_locate(ctx, pb, 62.795185786643941, 43.5851535959795, NULL, &p),
                     DEMARC_OK);
    ck_assert_int_eq(p.party, 0);
    /* 100 m south of M is 58 m north of the chord: KZ as well */
    tu_assert_status(demarc_locate(ctx, pb, 62.795386208775128, 43.584971046560462, NULL, &p),
                     DEMARC_OK);
    ck_assert_int_eq(p.party, 0);
    tu_assert_status(demarc_locate(ctx, pb, 62.795185786643941, 43.5835, NULL, &p), DEMARC_OK);
    ck_assert_int_eq(p.party, 1);
    demarc_border_free(pb);

    /* Rhumb edges are honoured too: 300 m north and south stay put. */
    o.edge_model = DEMARC_EDGE_RHUMB;
    tu_assert_status(demarc_border_open_default(ctx, &pb, &o), DEMARC_OK);
    tu_assert_status(demarc_locate(ctx, pb, 62.795185786643941, 43.5885, NULL, &p), DEMARC_OK);
    ck_assert_int_eq(p.party, 0);
    tu_assert_status(demarc_locate(ctx, pb, 62.795185786643941, 43.5815, NULL, &p), DEMARC_OK);
    ck_assert_int_eq(p.party, 1);
    demarc_border_free(pb);
}
END_TEST

START_TEST(test_tripoints_and_vertices)
{
    tu_edge_ref ref;
    char path[4096];
    tu_edge_ref_load(&ref,
                     tu_path(path, sizeof path, tu_test_data_dir(), "reference_geodesic.txt"));
    demarc_location w = loc(56.00179, 41.32428);
    ck_assert_int_eq(w.on_border, 1);
    tu_assert_near(w.distance_m, 0.0, 1e-6);
    tu_assert_near(w.chainage_m, 0.0, 1e-6);
    ck_assert_uint_eq(w.edge, 0);
    ck_assert_uint_eq(w.nearest_sign, 0);
    tu_assert_near(w.nearest_sign_m, 0.0, 1e-6);
    demarc_location e = loc(70.9433, 42.26347);
    ck_assert_int_eq(e.on_border, 1);
    tu_assert_near(e.chainage_m, REF_TOTAL, MM);
    ck_assert_uint_eq(e.edge, 2012);
    ck_assert_uint_eq(e.nearest_sign, 1300);
    /* every vertex: on the line, chainage = sum of GeodSolve edges */
    for (size_t v = 0; v <= ref.n; v++) {
        double lon = v < ref.n ? ref.lon1[v] : ref.lon2[v - 1];
        double lat = v < ref.n ? ref.lat1[v] : ref.lat2[v - 1];
        demarc_location l = loc(lon, lat);
        ck_assert_msg(l.distance_m <= 1e-6 && l.on_border, "vertex %zu: %.3g m", v,
                      l.distance_m);
        ck_assert_msg(fabs(l.chainage_m - ref_chain(&ref, v)) <= MM, "vertex %zu: %.4f vs %.4f",
                      v, l.chainage_m, ref_chain(&ref, v));
        ck_assert_uint_eq(l.edge, v < ref.n ? v : ref.n - 1);
        ck_assert_msg(l.party == 0 || l.party == 1 || v == 0 || v == ref.n, "vertex %zu", v);
    }
    /* Near the tripoints (about 1-2 km away), each checked with
     * ogrinfo -q -ro data/kz-uz/territories.geojson -dialect SQLite -sql
     * "SELECT party FROM territories WHERE ST_Intersects(geometry,
     * MakePoint(LON, LAT))": 55.99 41.34 KZ; 56.02 41.34 UZ; 56.02 41.31
     * none (Turkmenistan); 70.93 42.25 KZ; 70.95 42.25 UZ; 70.93 42.27 none
     * (Kyrgyzstan). */
    ck_assert_int_eq(loc(55.99, 41.34).party, 0);
    ck_assert_int_eq(loc(56.02, 41.34).party, 1);
    ck_assert_int_eq(loc(56.02, 41.31).party, -1);
    ck_assert_int_eq(loc(70.93, 42.25).party, 0);
    ck_assert_int_eq(loc(70.95, 42.25).party, 1);
    ck_assert_int_eq(loc(70.93, 42.27).party, -1);
    tu_edge_ref_free(&ref);
}
END_TEST

START_TEST(test_enclaves_and_far_away)
{
    const double enclave[4][2] = {{71.7826, 39.9736}, {71.1234, 39.9896}, {71.6642, 40.2025},
                                  {71.0375, 40.2435}};
    for (int i = 0; i < 4; i++) {
        demarc_location l = loc(enclave[i][0], enclave[i][1]);
        ck_assert_msg(l.party == 1, "enclave %d: party %d", i, l.party);
        ck_assert_str_eq(l.party_code, "UZ");
        ck_assert(l.distance_m > 1e4);
    }
    demarc_location m = loc(37.6173, 55.7558); /* Moscow */
    ck_assert_int_eq(m.party, -1);
    ck_assert_str_eq(m.party_code, "");
    ck_assert(m.distance_m > 1e6 && isfinite(m.chainage_m));
    demarc_location bj = loc(116.4074, 39.9042); /* Beijing */
    ck_assert_int_eq(bj.party, -1);
    ck_assert(bj.distance_m > 3e6);
    ck_assert_int_eq(loc(-74.0, 40.7).party, -1); /* New York, other hemisphere */
    ck_assert_int_eq(loc(0, -89.999).party, -1);
}
END_TEST

/* ---- GEOS cross-check through dlopen -------------------------------- */

typedef void *GH;
typedef struct geos_api {
    void *lib;
    GH (*init)(void);
    void (*finish)(GH);
    void *(*seq_copy)(GH, const double *, unsigned, int, int);
    void *(*ring)(GH, void *);
    void *(*poly)(GH, void *, void **, unsigned);
    void *(*coll)(GH, int, void **, unsigned);
    const void *(*prepare)(GH, const void *);
    char (*contains)(GH, const void *, const void *);
    void *(*point)(GH, double, double);
    void (*destroy)(GH, void *);
    void (*prepared_destroy)(GH, const void *);
} geos_api;

static int geos_load(geos_api *g)
{
    g->lib = dlopen("libgeos_c.so.1", RTLD_NOW);
    if (!g->lib) return 0;
#define L(f, n) *(void **)(&g->f) = dlsym(g->lib, n); if (!g->f) return 0
    L(init, "GEOS_init_r");
    L(finish, "GEOS_finish_r");
    L(seq_copy, "GEOSCoordSeq_copyFromBuffer_r");
    L(ring, "GEOSGeom_createLinearRing_r");
    L(poly, "GEOSGeom_createPolygon_r");
    L(coll, "GEOSGeom_createCollection_r");
    L(prepare, "GEOSPrepare_r");
    L(contains, "GEOSPreparedContains_r");
    L(point, "GEOSGeom_createPointFromXY_r");
    L(destroy, "GEOSGeom_destroy_r");
    L(prepared_destroy, "GEOSPreparedGeom_destroy_r");
#undef L
    return 1;
}

static void *geos_territory(geos_api *g, GH h, const demarc_territory *t)
{
    void **polys = calloc(t->polygon_count, sizeof *polys);
    size_t r = 0;
    for (size_t p = 0; p < t->polygon_count; p++) {
        size_t r0 = r;
        while (r < t->ring_count && t->ring_polygon[r] == p) r++;
        void *shell = NULL, **holes = calloc(r - r0 + 1, sizeof *holes);
        for (size_t k = r0; k < r; k++) {
            size_t a = t->ring_start[k], n = t->ring_start[k + 1] - a;
            void *ring = g->ring(h, g->seq_copy(h, t->points + 2 * a, (unsigned)n, 0, 0));
            if (k == r0) shell = ring; else holes[k - r0 - 1] = ring;
        }
        polys[p] = g->poly(h, shell, holes, (unsigned)(r - r0 - 1));
        free(holes);
    }
    void *c = g->coll(h, 6 /* GEOS_MULTIPOLYGON */, polys, (unsigned)t->polygon_count);
    free(polys);
    return c;
}

START_TEST(test_geos_crosscheck)
{
    geos_api g;
    ck_assert_msg(geos_load(&g), "cannot load libgeos_c.so.1: %s", dlerror());
    GH h = g.init();
    void *t0 = geos_territory(&g, h, demarc_border_territory(border, 0));
    void *t1 = geos_territory(&g, h, demarc_border_territory(border, 1));
    const void *p0 = g.prepare(h, t0), *p1 = g.prepare(h, t1);
    uint64_t s = 12345;
    int compared = 0, near = 0;
    for (int i = 0; i < 20000; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        double lon = 55.0 + 17.0 * (double)(s >> 11) / 9007199254740992.0;
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        double lat = 37.0 + 10.0 * (double)(s >> 11) / 9007199254740992.0;
        demarc_location l = loc(lon, lat);
        demarc_location q;
        demarc_locate_options o = DEMARC_LOCATE_OPTIONS_INIT;
        o.flags = DEMARC_LOCATE_PARTY_ONLY;
        tu_assert_status(demarc_locate(ctx, border, lon, lat, &o, &q), DEMARC_OK);
        ck_assert_int_eq(q.party, l.party);
        ck_assert(isnan(q.distance_m));
        int pb = 7; /* the lean party-only batch decides the same */
        tu_assert_status(demarc_party_batch(ctx, border, 1, &lon, 0, &lat, 0, &pb, 0), DEMARC_OK);
        ck_assert_int_eq(pb, l.party);
        /* GEOS has straight lon/lat edges: compare beyond the largest
         * chord-geodesic gap (157 m) with margin. */
        if (l.distance_m <= 300.0) { near++; continue; }
        void *pt = g.point(h, lon, lat);
        int gp = g.contains(h, p0, pt) == 1 ? 0 : g.contains(h, p1, pt) == 1 ? 1 : -1;
        g.destroy(h, pt);
        ck_assert_msg(gp == l.party, "(%.9f, %.9f) %.1f m from the line: GEOS %d, demarc %d",
                      lon, lat, l.distance_m, gp, l.party);
        compared++;
    }
    ck_assert_int_gt(compared, 19000);
    /* the prepared geometries first: they refer to t0 and t1 */
    g.prepared_destroy(h, p0);
    g.prepared_destroy(h, p1);
    g.destroy(h, t0);
    g.destroy(h, t1);
    g.finish(h);
}
END_TEST

/* ---- batch, threads, bad input ---------------------------------------- */

typedef struct pt_rec {
    double lat;
    char pad[8];
    double lon;
} pt_rec;

static int count_calls(void *ud, double fraction, const char *stage)
{
    int *n = ud;
    ck_assert(fraction >= 0 && fraction <= 1);
    ck_assert_str_eq(stage, "locate");
    (*n)++;
    return 0;
}

static int cancel_now(void *ud, double fraction, const char *stage)
{
    (void)ud; (void)fraction; (void)stage;
    return 1;
}

START_TEST(test_batch_strides)
{
    enum { N = 70000 };
    pt_rec *in = malloc(N * sizeof *in);
    demarc_location *out = malloc(2 * N * sizeof *out);
    ck_assert_ptr_nonnull(in);
    ck_assert_ptr_nonnull(out);
    for (int i = 0; i < N; i++) {
        in[i].lon = 56.0 + 15.0 * (i % 1000) / 1000.0;
        in[i].lat = 38.0 + 8.0 * (i / 1000) / 70.0;
    }
    int calls = 0;
    demarc_locate_options o = DEMARC_LOCATE_OPTIONS_INIT;
    o.progress = count_calls;
    o.progress_userdata = &calls;
    /* results into every other slot */
    tu_assert_status(demarc_locate_batch(ctx, border, N, &in[0].lon, sizeof *in, &in[0].lat,
                                         sizeof *in, &o, out, 2 * sizeof *out),
                     DEMARC_OK);
    ck_assert_int_ge(calls, 2);
    for (int i = 0; i < N; i += 997) {
        demarc_location l = loc(in[i].lon, in[i].lat);
        ck_assert_int_eq(out[2 * i].party, l.party);
        ck_assert_double_eq(out[2 * i].distance_m, l.distance_m);
        ck_assert_double_eq(out[2 * i].chainage_m, l.chainage_m);
        ck_assert_uint_eq(out[2 * i].nearest_sign, l.nearest_sign);
    }
    o.progress = cancel_now;
    tu_assert_status(demarc_locate_batch(ctx, border, N, &in[0].lon, sizeof *in, &in[0].lat,
                                         sizeof *in, &o, out, 0),
                     DEMARC_ERR_CANCELLED);
    tu_assert_msg_has(ctx, "cancelled");
    /* a bad point names its index */
    in[5].lat = NAN;
    tu_assert_status(demarc_locate_batch(ctx, border, 10, &in[0].lon, sizeof *in, &in[0].lat,
                                         sizeof *in, NULL, out, 0),
                     DEMARC_ERR_RANGE);
    tu_assert_msg_has(ctx, "point 5");
    tu_assert_status(demarc_locate_batch(ctx, border, 0, NULL, 0, NULL, 0, NULL, NULL, 0),
                     DEMARC_OK);
    free(in);
    free(out);
}
END_TEST

START_TEST(test_bad_args)
{
    demarc_location l;
    demarc_locate_options o = DEMARC_LOCATE_OPTIONS_INIT;
    tu_assert_status(demarc_locate(ctx, border, 200.0, 40.0, NULL, &l), DEMARC_ERR_RANGE);
    tu_assert_msg_has(ctx, "200");
    tu_assert_status(demarc_locate(ctx, border, 60.0, NAN, NULL, &l), DEMARC_ERR_RANGE);
    tu_assert_status(demarc_locate(ctx, border, 60.0, 91.0, NULL, &l), DEMARC_ERR_RANGE);
    tu_assert_status(demarc_locate(ctx, NULL, 60.0, 40.0, NULL, &l), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "border");
    tu_assert_status(demarc_locate(ctx, border, 60.0, 40.0, NULL, NULL), DEMARC_ERR_ARG);
    o.on_border_tolerance_m = -1;
    tu_assert_status(demarc_locate(ctx, border, 60.0, 40.0, &o, &l), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "on_border_tolerance_m");
    o.on_border_tolerance_m = 0;
    o.version = 99;
    tu_assert_status(demarc_locate(ctx, border, 60.0, 40.0, &o, &l), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "version");
    /* tolerance: 100 m north of M is on the border with 150 m */
    o.version = DEMARC_LOCATE_OPTIONS_VERSION;
    o.on_border_tolerance_m = 150;
    tu_assert_status(demarc_locate(ctx, border, 62.794985358619108, 43.586747420278122, &o, &l),
                     DEMARC_OK);
    ck_assert_int_eq(l.on_border, 1);
}
END_TEST

typedef struct job {
    size_t n;
    const double *lon, *lat;
    demarc_location *out;
    demarc_status rc;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    demarc_ctx *c;
    if (demarc_ctx_new(&c)) { j->rc = DEMARC_ERR_NOMEM; return NULL; }
    j->rc = demarc_locate_batch(c, border, j->n, j->lon, 0, j->lat, 0, NULL, j->out, 0);
    demarc_ctx_free(c);
    return NULL;
}

START_TEST(test_party_batch_strides_and_bad_point)
{
    /* Tashkent (UZ), Almaty (KZ), Moscow (neither): published positions,
     * in records with lat first and padding, written with a stride. */
    pt_rec pts[3] = {{41.2995, "", 69.2401}, {43.2220, "", 76.8512}, {55.7558, "", 37.6173}};
    int party[6] = {7, 7, 7, 7, 7, 7};
    tu_assert_status(demarc_party_batch(ctx, border, 3, &pts[0].lon, sizeof(pt_rec), &pts[0].lat,
                                        sizeof(pt_rec), party, 2 * sizeof(int)),
                     DEMARC_OK);
    ck_assert_int_eq(party[0], 1);
    ck_assert_int_eq(party[2], 0);
    ck_assert_int_eq(party[4], -1);
    ck_assert_int_eq(party[1], 7); /* the stride skipped it */
    pts[1].lat = NAN;
    party[0] = 7;
    ck_assert_int_eq(demarc_party_batch(ctx, border, 3, &pts[0].lon, sizeof(pt_rec),
                                        &pts[0].lat, sizeof(pt_rec), party, 2 * sizeof(int)),
                     DEMARC_ERR_RANGE);
    tu_assert_msg_has(ctx, "party_batch: point 1");
    ck_assert_int_eq(party[0], 1); /* points before the bad one are written */
    ck_assert_int_eq(demarc_party_batch(ctx, border, 1, NULL, 0, NULL, 0, party, 0),
                     DEMARC_ERR_ARG);
}
END_TEST

START_TEST(test_threads_match_single)
{
    enum { N = 4000, T = 4 };
    double *lon = malloc(N * sizeof *lon), *lat = malloc(N * sizeof *lat);
    demarc_location *one = malloc(N * sizeof *one), *many = malloc(T * N * sizeof *many);
    for (int i = 0; i < N; i++) {
        lon[i] = 54.0 + 19.0 * ((i * 7919) % N) / (double)N;
        lat[i] = 36.0 + 12.0 * ((i * 104729) % N) / (double)N;
    }
    tu_assert_status(demarc_locate_batch(ctx, border, N, lon, 0, lat, 0, NULL, one, 0),
                     DEMARC_OK);
    job jobs[T];
    pthread_t th[T];
    for (int t = 0; t < T; t++) {
        jobs[t] = (job){N, lon, lat, many + (size_t)t * N, DEMARC_OK};
        ck_assert_int_eq(pthread_create(&th[t], NULL, worker, &jobs[t]), 0);
    }
    for (int t = 0; t < T; t++) {
        ck_assert_int_eq(pthread_join(th[t], NULL), 0);
        tu_assert_status(jobs[t].rc, DEMARC_OK);
        for (int i = 0; i < N; i++) {
            const demarc_location *a = &one[i], *b = &many[(size_t)t * N + i];
            ck_assert_int_eq(a->party, b->party);
            ck_assert(a->distance_m == b->distance_m && a->chainage_m == b->chainage_m &&
                      a->edge == b->edge && a->nearest_sign == b->nearest_sign);
        }
    }
    free(lon); free(lat); free(one); free(many);
}
END_TEST

/* Even-odd point in polygon (ray to +x), for the small fixture's rings. */
static int pip(const double (*ring)[2], int n, double x, double y)
{
    int in = 0;
    for (int i = 0, j = n - 1; i < n; j = i++) {
        double dx = ring[i][0] - ring[j][0], dy = ring[i][1] - ring[j][1];
        if ((ring[i][1] > y) != (ring[j][1] > y) && x < ring[j][0] + (y - ring[j][1]) * dx / dy)
            in = !in;
    }
    return in;
}

START_TEST(test_small_border_grid)
{
    /* tests/data/small (README there): 12 ring points, so the territory grid
     * is the smallest one.  Expected party by even-odd on the rings written
     * here; points within 0.003 deg (> 250 m) of the line are skipped (the
     * line's geodesics leave their chords by < 1 m on edges of 0.1 deg). */
    static const double left[6][2] = {{59.9, 40.0}, {60.0, 40.0}, {60.0, 40.1},
                                      {60.1, 40.1}, {60.1, 40.2}, {59.9, 40.2}};
    static const double right[4][2] = {{60.0, 40.0}, {60.1, 40.0}, {60.1, 40.1}, {60.0, 40.1}};
    demarc_ctx *c = NULL;
    demarc_border *b = NULL;
    char dir[4096];
    int checked = 0, seen[3] = {0, 0, 0};
    ck_assert_int_eq(demarc_ctx_new(&c), DEMARC_OK);
    tu_path(dir, sizeof dir, tu_test_data_dir(), "small");
    ck_assert_msg(demarc_border_open(c, &b, dir, NULL) == DEMARC_OK, "%s", demarc_ctx_errmsg(c));
    ck_assert_uint_eq(demarc_border_info_get(b)->territory_count, 2);
    for (double y = 39.9513; y < 40.25; y += 0.00317) {
        for (double x = 59.8511; x < 60.15; x += 0.00293) {
            int near_line = (fabs(x - 60.0) < 0.003 && y > 39.997 && y < 40.103) ||
                            (fabs(y - 40.1) < 0.003 && x > 59.997 && x < 60.103);
            if (near_line) continue;
            int want = pip(left, 6, x, y) ? 0 : pip(right, 4, x, y) ? 1 : -1;
            demarc_location l;
            demarc_locate_options o = DEMARC_LOCATE_OPTIONS_INIT;
            o.flags = DEMARC_LOCATE_PARTY_ONLY;
            ck_assert_int_eq(demarc_locate(c, b, x, y, &o, &l), DEMARC_OK);
            ck_assert_msg(l.party == want, "%.5f %.5f: party %d, expected %d", x, y, l.party,
                          want);
            seen[want + 1]++;
            checked++;
        }
    }
    ck_assert_int_gt(checked, 9000);
    ck_assert_int_gt(seen[0], 0); /* outside both */
    ck_assert_int_gt(seen[1], 0);
    ck_assert_int_gt(seen[2], 0);
    demarc_border_free(b);
    demarc_ctx_free(c);
}
END_TEST

/* ---- more bad input; the poles and the antimeridian ------------------- */

static int cancel_at_end(void *ud, double fraction, const char *stage)
{
    int *calls = ud;
    (void)stage;
    (*calls)++;
    return fraction >= 1.0;
}

START_TEST(test_bad_args_every_field)
{
    demarc_location l;
    static const double bad[][2] = {{NAN, 40.0},   {INFINITY, 40.0}, {-180.5, 40.0},
                                    {180.5, 40.0}, {60.0, -INFINITY}, {60.0, -90.5}};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        tu_assert_status(demarc_locate(ctx, border, bad[k][0], bad[k][1], NULL, &l),
                         DEMARC_ERR_RANGE);
        tu_assert_msg_has(ctx, "not finite or out of range");
    }
    tu_assert_status(demarc_locate(NULL, border, 60.0, 40.0, NULL, &l), DEMARC_ERR_ARG);
    tu_assert_status(demarc_locate(ctx, border, 60.0, 40.0, NULL, NULL), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "locate: NULL out");
    demarc_locate_options o = DEMARC_LOCATE_OPTIONS_INIT;
    o.flags = 0x80;
    tu_assert_status(demarc_locate(ctx, border, 60.0, 40.0, &o, &l), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "unknown flag bits 0x80");
    /* batches: each NULL array with n > 0, bad options, no context */
    double lon[3] = {69.2401, 76.8512, 37.6173}, lat[3] = {41.2995, 43.2220, 55.7558};
    demarc_location out[3];
    int party[3];
    tu_assert_status(demarc_locate_batch(ctx, border, 3, NULL, 0, lat, 0, NULL, out, 0),
                     DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "locate_batch: NULL argument");
    tu_assert_status(demarc_locate_batch(ctx, border, 3, lon, 0, NULL, 0, NULL, out, 0),
                     DEMARC_ERR_ARG);
    tu_assert_status(demarc_locate_batch(ctx, border, 3, lon, 0, lat, 0, NULL, NULL, 0),
                     DEMARC_ERR_ARG);
    tu_assert_status(demarc_locate_batch(NULL, border, 3, lon, 0, lat, 0, NULL, out, 0),
                     DEMARC_ERR_ARG);
    tu_assert_status(demarc_locate_batch(ctx, NULL, 3, lon, 0, lat, 0, NULL, out, 0),
                     DEMARC_ERR_ARG);
    tu_assert_status(demarc_locate_batch(ctx, border, 3, lon, 0, lat, 0, &o, out, 0),
                     DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "unknown flag bits");
    tu_assert_status(demarc_party_batch(ctx, border, 3, lon, 0, NULL, 0, party, 0),
                     DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "party_batch: NULL argument");
    tu_assert_status(demarc_party_batch(ctx, border, 3, NULL, 0, lat, 0, party, 0),
                     DEMARC_ERR_ARG);
    tu_assert_status(demarc_party_batch(ctx, border, 3, lon, 0, lat, 0, NULL, 0),
                     DEMARC_ERR_ARG);
    tu_assert_status(demarc_party_batch(NULL, border, 3, lon, 0, lat, 0, party, 0),
                     DEMARC_ERR_ARG);
    tu_assert_status(demarc_party_batch(ctx, NULL, 3, lon, 0, lat, 0, party, 0),
                     DEMARC_ERR_ARG);
    /* a longitude out of range in a party batch names the point */
    lon[2] = 181.0;
    tu_assert_status(demarc_party_batch(ctx, border, 3, lon, 0, lat, 0, party, 0),
                     DEMARC_ERR_RANGE);
    tu_assert_msg_has(ctx, "party_batch: point 2");
    lon[2] = -181.0;
    tu_assert_status(demarc_party_batch(ctx, border, 3, lon, 0, lat, 0, party, 0),
                     DEMARC_ERR_RANGE);
    lon[2] = 37.6173;
    lat[2] = -91.0;
    tu_assert_status(demarc_party_batch(ctx, border, 3, lon, 0, lat, 0, party, 0),
                     DEMARC_ERR_RANGE);
    lat[2] = 91.0;
    tu_assert_status(demarc_party_batch(ctx, border, 3, lon, 0, lat, 0, party, 0),
                     DEMARC_ERR_RANGE);
    lat[2] = 55.7558;
    /* beyond the territory grid on each side: the Arabian Sea (63E 20N),
     * the Kara Sea (63E 72N), Gansu (100E 42N), Albania (20E 42N) */
    double flon[4] = {63.0, 63.0, 100.0, 20.0}, flat[4] = {20.0, 72.0, 42.0, 42.0};
    int fp[4] = {7, 7, 7, 7};
    tu_assert_status(demarc_party_batch(ctx, border, 4, flon, 0, flat, 0, fp, 0), DEMARC_OK);
    for (int k = 0; k < 4; k++) ck_assert_int_eq(fp[k], -1);
    /* a small batch: the progress callback is called once, at the end,
     * and may cancel there; the points were located all the same */
    int calls = 0;
    o.flags = 0;
    o.progress = cancel_at_end;
    o.progress_userdata = &calls;
    tu_assert_status(demarc_locate_batch(ctx, border, 3, lon, 0, lat, 0, &o, out, 0),
                     DEMARC_ERR_CANCELLED);
    tu_assert_msg_has(ctx, "at the end");
    ck_assert_int_eq(calls, 1);
    ck_assert_int_eq(out[0].party, 1); /* Tashkent: UZ */
    ck_assert_int_eq(out[1].party, 0); /* Almaty: KZ */
    ck_assert_int_eq(out[2].party, -1);
    /* no points: no call, not even at the end */
    calls = 0;
    tu_assert_status(demarc_locate_batch(ctx, border, 0, lon, 0, lat, 0, &o, out, 0), DEMARC_OK);
    ck_assert_int_eq(calls, 0);
}
END_TEST

START_TEST(test_poles_and_antimeridian)
{
    /* The nearest point of the line to a pole is its farthest point towards
     * it.  South: the southernmost vertex, 280 (68.58177E 40.56865N; a
     * geodesic between two points of the northern hemisphere has no
     * interior latitude minimum): GeodSolve -i -p 9 <<< "-90 0 40.56865
     * 68.58177" -> s12 14494637.714247376 m.  North: vertex 12 (58.58758E
     * 45.59012N), the line's highest latitude (python3 + GeodSolve: the 10
     * edges whose azimuth crosses 90 degrees, each sampled at 2,001 points
     * with GeodSolve -I, reach no higher): GeodSolve -i <<< "90 0 45.59012
     * 58.58758" -> 4951436.864068641 m. */
    tu_edge_ref ref;
    char path[4096];
    tu_edge_ref_load(&ref,
                     tu_path(path, sizeof path, tu_test_data_dir(), "reference_geodesic.txt"));
    static const double lons[] = {0.0, -180.0, 180.0, 77.7};
    for (size_t k = 0; k < sizeof lons / sizeof lons[0]; k++) {
        demarc_location s = loc(lons[k], -90.0);
        ck_assert_int_eq(s.party, -1);
        tu_assert_near(s.distance_m, 14494637.714247376, MM);
        tu_assert_near(s.chainage_m, ref_chain(&ref, 280), MM);
        tu_assert_near(s.foot_lon, 68.58177, 1e-9);
        tu_assert_near(s.foot_lat, 40.56865, 1e-9);
        demarc_location n = loc(lons[k], 90.0);
        ck_assert_int_eq(n.party, -1);
        tu_assert_near(n.distance_m, 4951436.864068641, MM);
        tu_assert_near(n.chainage_m, ref_chain(&ref, 12), MM);
    }
    /* -180 and 180 are one meridian */
    demarc_location w = loc(-180.0, 10.0), e = loc(180.0, 10.0);
    ck_assert_double_eq(w.distance_m, e.distance_m);
    ck_assert_uint_eq(w.edge, e.edge);
    ck_assert_int_eq(w.party, -1);
    int party[2] = {7, 7};
    double plon[2] = {-180.0, 180.0}, plat[2] = {-90.0, 90.0};
    tu_assert_status(demarc_party_batch(ctx, border, 2, plon, 0, plat, 0, party, 0), DEMARC_OK);
    ck_assert_int_eq(party[0], -1);
    ck_assert_int_eq(party[1], -1);
    tu_edge_ref_free(&ref);
}
END_TEST

START_TEST(test_line_without_territories)
{
    /* tests/data/bad/line.geojson: the small fixture's line alone
     * (60E 40N, 60E 40.1N, 60.1E 40.1N), no signs, no territories.
     *   GeodSolve -i -p 9 <<< "39.99 59.99 40 60"  -> 1400.779880798 m
     *     (59.99E 39.99N lies behind the start: the edge heads north, the
     *     point south-west)
     *   GeodSolve -i -p 9 <<< "40.1 60.1 40.1 60.11" -> azi1 89.9968, 852.691592559 m
     *     (ahead of the end, where the edge heads 90.0322 deg)
     *   the line's length 11103.559364591 + 8526.915481053 m (check_export.c) */
    demarc_border *b = NULL;
    char path[4096];
    tu_path(path, sizeof path, tu_test_data_dir(), "bad/line.geojson");
    ck_assert_int_eq(demarc_border_open(ctx, &b, path, NULL), DEMARC_OK);
    static const struct { double lon, lat, d, chain; size_t edge; } pts[] = {
        {59.99, 39.99, 1400.779880798, 0.0, 0},
        {60.11, 40.1, 852.691592559, 19630.474845644, 1},
        {60.0, 40.1, 0.0, 11103.559364591, 1},
    };
    for (size_t k = 0; k < 3; k++) {
        demarc_location l;
        tu_assert_status(demarc_locate(ctx, b, pts[k].lon, pts[k].lat, NULL, &l), DEMARC_OK);
        /* On the line too (k = 2): demarc/locate.h, "without territories
         * party is always -1", as PARTY_ONLY and demarc_party_batch below
         * (demarc_locate said party 1 with code "" until it was fixed). */
        ck_assert_int_eq(l.party, -1);
        ck_assert_str_eq(l.party_code, "");
        tu_assert_near(l.distance_m, pts[k].d, 1e-6);
        tu_assert_near(l.chainage_m, pts[k].chain, 1e-6);
        ck_assert_uint_eq(l.edge, pts[k].edge);
        ck_assert_int_eq(l.on_border, pts[k].d == 0.0);
        ck_assert_uint_eq(l.nearest_sign, SIZE_MAX); /* no catalogue */
        ck_assert(isnan(l.nearest_sign_m));
        demarc_locate_options o = DEMARC_LOCATE_OPTIONS_INIT;
        o.flags = DEMARC_LOCATE_PARTY_ONLY;
        tu_assert_status(demarc_locate(ctx, b, pts[k].lon, pts[k].lat, &o, &l), DEMARC_OK);
        ck_assert_int_eq(l.party, -1);
        ck_assert(isnan(l.distance_m));
        int pb = 7;
        tu_assert_status(demarc_party_batch(ctx, b, 1, &pts[k].lon, 0, &pts[k].lat, 0, &pb, 0),
                         DEMARC_OK);
        ck_assert_int_eq(pb, -1);
    }
    demarc_border_free(b);
}
END_TEST

/* ---- around the vertices, against GEOS ---------------------------------- */

/* Points around the line's vertices, 3 m to 250 m away in every direction,
 * for each edge model; the expected party is GEOS's on the territory rings
 * (straight lon/lat edges).  Near a vertex a geodesic or rhumb edge and its
 * chord leave the vertex in the same direction: the gap between them grows
 * linearly, at most 4 x 157 m / 90.6 km = 0.7 % of the distance (the
 * largest chord-geodesic gap, on edge 27); points within 5 degrees (8.7 %)
 * of either edge's direction are skipped, so GEOS's answer is the line's
 * for the rest.  Vertices whose edges are both longer than 600 m, so that
 * no other part of the line comes within 250 m; the two tripoints too. */
START_TEST(test_vertex_neighbourhoods_geos)
{
    demarc_edge_model model = (demarc_edge_model)_i;
    geos_api g;
    ck_assert_msg(geos_load(&g), "cannot load libgeos_c.so.1: %s", dlerror());
    demarc_border *b = NULL;
    demarc_open_options oo = DEMARC_OPEN_OPTIONS_INIT;
    oo.edge_model = model;
    tu_assert_status(demarc_border_open_default(ctx, &b, &oo), DEMARC_OK);
    GH h = g.init();
    void *t0 = geos_territory(&g, h, demarc_border_territory(b, 0));
    void *t1 = geos_territory(&g, h, demarc_border_territory(b, 1));
    const void *p0 = g.prepare(h, t0), *p1 = g.prepare(h, t1);
    size_t nv;
    const double *v = demarc_border_vertices(b, &nv);
    static const double dist[] = {3.0, 10.0, 40.0, 120.0, 250.0};
    int compared = 0, seen[3] = {0, 0, 0};
    for (size_t i = 0; i < nv; i++) {
        const double *V = &v[2 * i];
        double phi = V[1] * PI / 180, c = cos(phi);
        /* local east/north metres per degree (WGS 84 radii of curvature) */
        double e2 = 0.00669437999014, w = sqrt(1 - e2 * sin(phi) * sin(phi));
        double mlat = 6378137.0 * (1 - e2) / (w * w * w) * PI / 180;
        double mlon = 6378137.0 / w * c * PI / 180;
        double dir[2], len[2];
        int nd = 0;
        for (int s = -1; s <= 1; s += 2) {
            if ((s < 0 && i == 0) || (s > 0 && i + 1 == nv)) continue;
            const double *W = &v[2 * (i + s)];
            double dx = (W[0] - V[0]) * mlon, dy = (W[1] - V[1]) * mlat;
            dir[nd] = atan2(dx, dy);
            len[nd++] = hypot(dx, dy);
        }
        int tripoint = i == 0 || i + 1 == nv;
        if (!tripoint && (len[0] < 600 || len[1] < 600 || i % 7)) continue;
        for (int a = 0; a < 36; a++) {
            double az = (a * 10.0 + 3.0) * PI / 180;
            int skip = 0;
            for (int k = 0; k < nd; k++)
                skip |= fabs(remainder(az - dir[k], 2 * PI)) < 5.0 * PI / 180;
            if (skip) continue;
            for (size_t k = 0; k < sizeof dist / sizeof dist[0]; k++) {
                double lon = V[0] + dist[k] * sin(az) / mlon;
                double lat = V[1] + dist[k] * cos(az) / mlat;
                demarc_location l;
                tu_assert_status(demarc_locate(ctx, b, lon, lat, NULL, &l), DEMARC_OK);
                void *pt = g.point(h, lon, lat);
                int gp = g.contains(h, p0, pt) == 1 ? 0 : g.contains(h, p1, pt) == 1 ? 1 : -1;
                g.destroy(h, pt);
                ck_assert_msg(gp == l.party,
                              "%s: vertex %zu, %.0f m at %.0f deg (%.9f, %.9f): GEOS %d, "
                              "demarc %d (%.3f m from the line)",
                              demarc_edge_model_name(model), i, dist[k], az * 180 / PI, lon,
                              lat, gp, l.party, l.distance_m);
                int pb = 7; /* the lean party-only path agrees */
                tu_assert_status(demarc_party_batch(ctx, b, 1, &lon, 0, &lat, 0, &pb, 0),
                                 DEMARC_OK);
                ck_assert_int_eq(pb, gp);
                seen[gp + 1]++;
                compared++;
            }
        }
    }
    ck_assert_int_gt(compared, 1000);
    ck_assert_int_gt(seen[1], 300);
    ck_assert_int_gt(seen[2], 300);
    g.prepared_destroy(h, p0);
    g.prepared_destroy(h, p1);
    g.destroy(h, t0);
    g.destroy(h, t1);
    g.finish(h);
    demarc_border_free(b);
}
END_TEST

Suite *locate_suite(void)
{
    Suite *s = suite_create("locate");
    TCase *tc = tcase_create("locate");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_reference_distances);
    tcase_add_test(tc, test_perpendicular_chainage);
    tcase_add_test(tc, test_long_segment_sides);
    tcase_add_test(tc, test_tripoints_and_vertices);
    tcase_add_test(tc, test_enclaves_and_far_away);
    tcase_add_test(tc, test_geos_crosscheck);
    tcase_add_test(tc, test_batch_strides);
    tcase_add_test(tc, test_bad_args);
    tcase_add_test(tc, test_party_batch_strides_and_bad_point);
    tcase_add_test(tc, test_threads_match_single);
    tcase_add_test(tc, test_bad_args_every_field);
    tcase_add_test(tc, test_poles_and_antimeridian);
    tcase_add_test(tc, test_line_without_territories);
    tcase_add_loop_test(tc, test_vertex_neighbourhoods_geos, 0, 3);
    suite_add_tcase(s, tc);
    TCase *small = tcase_create("small");
    tcase_add_test(small, test_small_border_grid);
    suite_add_tcase(s, small);
    return s;
}
