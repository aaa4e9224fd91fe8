/* check_length.c -- lengths under the three edge models, sign-to-sign runs,
 * and demarc_length_check against the declared figures.
 *
 * Independent references:
 *   tests/data/reference_geodesic.txt  GeodSolve -i (GeographicLib 2.1.2,
 *       WGS 84) over all 2,013 edges of data/kz-uz/border.geojson, and their
 *       sum: 2360691.042282710 m.
 *   tests/data/reference_rhumb.txt     RhumbSolve -i over the same edges:
 *       2360692.751475912 m.
 *   tests/data/reference_signs.txt     GeodSolve -i from each sign to the next.
 *   (all three written by tests/data/make_reference.sh)
 *   data/kz-uz/border.json  declared_length_m 2356600.
 *   data/kz-uz/signs.csv    sum of next_dist_m = 2360691.042 m
 *       (python3: math.fsum of the column).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define N_SIGNS 1301
#define REF_GEODESIC_TOTAL 2360691.042282710 /* reference_geodesic.txt, last line */
#define REF_RHUMB_TOTAL 2360692.751475912    /* reference_rhumb.txt, last line */
#define DECLARED_M 2356600.0                 /* data/kz-uz/border.json */
#define MM 0.001

static demarc_ctx *ctx;
static demarc_border *border;

static void setup(void) { tu_open_default(&ctx, &border); }

static void teardown(void) { tu_close(&ctx, &border); }

static void load_edges(tu_edge_ref *ref, const char *name)
{
    char path[4096];
    tu_edge_ref_load(ref, tu_path(path, sizeof path, tu_test_data_dir(), name));
    ck_assert_uint_eq(ref->n, 2013);
}

/* Vertex index of (lon, lat) in the reference line, or -1. */
static long vertex_of(const tu_edge_ref *ref, double lon, double lat)
{
    size_t i;
    for (i = 0; i < ref->n; i++)
        if (fabs(ref->lon1[i] - lon) < 1e-9 && fabs(ref->lat1[i] - lat) < 1e-9)
            return (long)i;
    if (fabs(ref->lon2[ref->n - 1] - lon) < 1e-9 && fabs(ref->lat2[ref->n - 1] - lat) < 1e-9)
        return (long)ref->n;
    return -1;
}

/* Sum of reference edges j .. k-1 (Kahan). */
static double edge_sum(const tu_edge_ref *ref, long j, long k)
{
    double sum = 0.0, c = 0.0;
    long e;
    for (e = j; e < k; e++) {
        double y = ref->s12[e] - c, t = sum + y;
        c = (t - sum) - y;
        sum = t;
    }
    return sum;
}

START_TEST(test_reference_files_consistent)
{
    /* The reference's own total is the sum of its rows. */
    tu_edge_ref ref;
    load_edges(&ref, "reference_geodesic.txt");
    tu_assert_near(edge_sum(&ref, 0, (long)ref.n), ref.total, 1e-6);
    tu_assert_near(ref.total, REF_GEODESIC_TOTAL, 1e-6);
    tu_edge_ref_free(&ref);
    load_edges(&ref, "reference_rhumb.txt");
    tu_assert_near(ref.total, REF_RHUMB_TOTAL, 1e-6);
    tu_edge_ref_free(&ref);
}
END_TEST

START_TEST(test_edge_lengths_to_the_nanometre)
{
    /* Each edge's length (the chainage of its end minus its start's, found
     * by locating every vertex) is GeodSolve's to 2e-8 m: 1,648 of the 2,013
     * edges are shorter than 500 m and take the short-line solution of
     * lib/geodesy.c (demarc__geodesic_edge), the rest geod_inverse.  The
     * reference prints 1e-9 m. */
    tu_edge_ref ref;
    load_edges(&ref, "reference_geodesic.txt");
    size_t n;
    const double *v = demarc_border_vertices(border, &n);
    ck_assert_uint_eq(n, ref.n + 1);
    double prev = 0, worst = 0;
    size_t nshort = 0;
    for (size_t i = 0; i < n; i++) {
        demarc_location o;
        tu_assert_status(demarc_locate(ctx, border, v[2 * i], v[2 * i + 1], NULL, &o),
                         DEMARC_OK);
        ck_assert_msg(o.distance_m <= 1e-8, "vertex %zu: %g m off", i, o.distance_m);
        if (i > 0) {
            double d = fabs((o.chainage_m - prev) - ref.s12[i - 1]);
            worst = d > worst ? d : worst;
            nshort += ref.s12[i - 1] < 500;
            ck_assert_msg(d <= 2e-8, "edge %zu: %.9f m, GeodSolve %.9f m", i - 1,
                          o.chainage_m - prev, ref.s12[i - 1]);
        }
        prev = o.chainage_m;
    }
    ck_assert_uint_eq(nshort, 1648);
    tu_assert_near(prev, REF_GEODESIC_TOTAL, 1e-6);
    tu_edge_ref_free(&ref);
}
END_TEST

START_TEST(test_total_geodesic)
{
    double len = 0.0;
    tu_assert_status(demarc_border_length(ctx, border, &len), DEMARC_OK);
    tu_assert_near(len, REF_GEODESIC_TOTAL, MM);
    /* About 2,360.7 km (brief); longer than the geodesic between the two
     * tripoints: GeodSolve -i 41.32428 56.00179 42.26347 70.9433 ->
     * s12 = 1244665.784276461 m. */
    ck_assert(len > 1244665.784276461);
}
END_TEST

START_TEST(test_length_null_out)
{
    tu_assert_status(demarc_border_length(ctx, border, NULL), DEMARC_ERR_ARG);
    ck_assert_msg(demarc_ctx_errmsg(ctx)[0] != '\0', "no message");
}
END_TEST

START_TEST(test_every_edge_through_vertex_signs)
{
    /* Main signs and tripoints stand on vertices.  Between two consecutive
     * such signs the length along the line is the sum of the GeodSolve edges
     * between their vertices; together these runs cover all 2,013 edges. */
    tu_edge_ref ref;
    size_t i, covered = 0, single = 0;
    long prev_v = -1;
    const demarc_sign *prev = NULL;
    size_t prev_i = 0;

    load_edges(&ref, "reference_geodesic.txt");
    for (i = 0; i < N_SIGNS; i++) {
        const demarc_sign *s = demarc_border_sign(border, i);
        long v;
        if (s->kind != DEMARC_SIGN_MAIN && s->kind != DEMARC_SIGN_TRIPOINT)
            continue;
        v = vertex_of(&ref, s->lon, s->lat);
        ck_assert_msg(v >= 0, "main sign %s (%.9f %.9f) is not on a vertex", s->id, s->lon,
                      s->lat);
        if (prev) {
            double got = 0.0, want = edge_sum(&ref, prev_v, v);
            ck_assert_msg(v > prev_v, "sign %s at vertex %ld before %ld", s->id, v, prev_v);
            tu_assert_status(demarc_length_between(ctx, border, prev->id, s->id, &got),
                             DEMARC_OK);
            ck_assert_msg(fabs(got - want) <= MM,
                          "between(%s, %s) = %.6f, GeodSolve edges %ld..%ld = %.6f", prev->id,
                          s->id, got, prev_v, v - 1, want);
            covered += (size_t)(v - prev_v);
            if (i == prev_i + 1) { /* adjacent in the catalogue: one run */
                double seg = 0.0;
                tu_assert_status(demarc_sign_segment(ctx, border, prev_i, &seg, NULL),
                                 DEMARC_OK);
                ck_assert_msg(fabs(seg - want) <= MM, "segment %zu (%s) = %.6f, want %.6f",
                              prev_i, prev->id, seg, want);
                single += (v == prev_v + 1);
            }
        } else {
            ck_assert_int_eq(v, 0);
        }
        prev = s;
        prev_i = i;
        prev_v = v;
    }
    ck_assert_int_eq(prev_v, (long)ref.n);
    ck_assert_uint_eq(covered, ref.n);
    ck_assert_msg(single > 0, "no single-edge run was compared");
    tu_edge_ref_free(&ref);
}
END_TEST

START_TEST(test_sign_segments)
{
    /* Every run: the azimuth is the geodesic azimuth from sign i to i+1
     * (GeodSolve azi1, folded into [0, 360)); a straight run is one
     * geodesic, so its length is the GeodSolve distance between the signs. */
    char path[4096];
    tu_sign_ref ref;
    size_t i, straight = 0;
    double sum = 0.0, c = 0.0, total = 0.0;

    tu_sign_ref_load(&ref, tu_path(path, sizeof path, tu_test_data_dir(),
                                   "reference_signs.txt"));
    ck_assert_uint_eq(ref.n, N_SIGNS - 1);
    for (i = 0; i < ref.n; i++) {
        const demarc_sign *s = demarc_border_sign(border, i);
        double len = -1.0, azi = -1.0, want = ref.azi1[i] < 0 ? ref.azi1[i] + 360.0 : ref.azi1[i];
        double d, y, t;

        ck_assert_str_eq(s->id, ref.from_id[i]);
        ck_assert_str_eq(demarc_border_sign(border, i + 1)->id, ref.to_id[i]);
        tu_assert_status(demarc_sign_segment(ctx, border, i, &len, &azi), DEMARC_OK);
        ck_assert_msg(azi >= 0.0 && azi < 360.0, "azimuth %.9f of run %zu outside [0, 360)",
                      azi, i);
        d = fmod(azi - want + 540.0, 360.0) - 180.0;
        ck_assert_msg(fabs(d) <= 1e-6, "run %zu (%s): azimuth %.9f, GeodSolve %.9f", i, s->id,
                      azi, want);
        ck_assert_msg(len > 0.0, "run %zu has length %.6f", i, len);
        if (strcmp(ref.segment[i], "straight") == 0) {
            ck_assert_int_eq(s->segment, DEMARC_SEGMENT_STRAIGHT);
            ck_assert_msg(fabs(len - ref.s12[i]) <= MM, "run %zu (%s): %.6f, GeodSolve %.6f",
                          i, s->id, len, ref.s12[i]);
            straight++;
        } else {
            ck_assert_int_eq(s->segment, DEMARC_SEGMENT_NATURAL);
            /* along the line is never shorter than the geodesic chord */
            ck_assert_msg(len >= ref.s12[i] - MM, "run %zu (%s): %.6f < chord %.6f", i,
                          s->id, len, ref.s12[i]);
        }
        y = len - c;
        t = sum + y;
        c = (t - sum) - y;
        sum = t;
        /* only one output wanted: NULL for the other */
        tu_assert_status(demarc_sign_segment(ctx, border, i, NULL, &azi), DEMARC_OK);
        tu_assert_status(demarc_sign_segment(ctx, border, i, &len, NULL), DEMARC_OK);
    }
    /* 828 straight rows in signs.csv, the last row has no segment */
    ck_assert_uint_eq(straight, 828);
    /* the runs close: signs stand on both ends of the line */
    ck_assert_int_eq(demarc_border_length(ctx, border, &total), DEMARC_OK);
    tu_assert_near(sum, REF_GEODESIC_TOTAL, MM);
    tu_sign_ref_free(&ref);
}
END_TEST

START_TEST(test_sign_segment_out_of_range)
{
    double len = 7.0;
    /* i must be < sign_count - 1.  The header names no code for an index
     * out of range; DEMARC_ERR_RANGE ("a value out of range") is the most
     * specific one. */
    tu_assert_status(demarc_sign_segment(ctx, border, N_SIGNS - 1, &len, NULL), DEMARC_ERR_RANGE);
    tu_assert_msg_has(ctx, "1300");
    tu_assert_status(demarc_sign_segment(ctx, border, (size_t)-1, &len, NULL), DEMARC_ERR_RANGE);
}
END_TEST

START_TEST(test_between)
{
    double d = -1.0, r = 0.0;

    tu_assert_status(demarc_length_between(ctx, border, "1", "981", &d), DEMARC_OK);
    tu_assert_near(d, REF_GEODESIC_TOTAL, MM);
    tu_assert_status(demarc_length_between(ctx, border, "981", "1", &r), DEMARC_OK);
    tu_assert_near(r, -REF_GEODESIC_TOTAL, MM);
    tu_assert_status(demarc_length_between(ctx, border, "17A", "17A", &d), DEMARC_OK);
    ck_assert_double_eq(d, 0.0);
    /* 17 -> 17A: one straight run, GeodSolve -i 45.00299 59.99138
     * 44.975116497 60.039872334 -> s12 = reference_signs.txt row 159 */
    tu_assert_status(demarc_length_between(ctx, border, "17", "17A", &d), DEMARC_OK);
    tu_assert_status(demarc_length_between(ctx, border, "17A", "17", &r), DEMARC_OK);
    ck_assert(d > 0.0);
    ck_assert_double_eq(r, -d);
}
END_TEST

START_TEST(test_between_17_17A_geodsolve)
{
    char path[4096];
    tu_sign_ref ref;
    double d = 0.0;

    tu_sign_ref_load(&ref, tu_path(path, sizeof path, tu_test_data_dir(),
                                   "reference_signs.txt"));
    ck_assert_str_eq(ref.from_id[159], "17");
    ck_assert_str_eq(ref.to_id[159], "17A");
    tu_assert_status(demarc_length_between(ctx, border, "17", "17A", &d), DEMARC_OK);
    tu_assert_near(d, ref.s12[159], MM);
    tu_sign_ref_free(&ref);
}
END_TEST

START_TEST(test_between_unknown)
{
    double d = 123.0;

    tu_assert_status(demarc_length_between(ctx, border, "1", "9999X", &d), DEMARC_ERR_NOT_FOUND);
    tu_assert_msg_has(ctx, "9999X");
    tu_assert_status(demarc_ctx_errcode(ctx), DEMARC_ERR_NOT_FOUND);
    tu_assert_status(demarc_length_between(ctx, border, "nope-7", "1", &d),
                     DEMARC_ERR_NOT_FOUND);
    tu_assert_msg_has(ctx, "nope-7");
    tu_assert_status(demarc_length_between(ctx, border, NULL, "1", &d), DEMARC_ERR_ARG);
    tu_assert_status(demarc_length_between(ctx, border, "1", "2", NULL), DEMARC_ERR_ARG);
}
END_TEST

START_TEST(test_total_rhumb)
{
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    demarc_border *b = NULL;
    double len = 0.0;

    o.edge_model = DEMARC_EDGE_RHUMB;
    tu_assert_status(demarc_border_open_default(ctx, &b, &o), DEMARC_OK);
    ck_assert_int_eq(demarc_border_info_get(b)->edge_model, DEMARC_EDGE_RHUMB);
    tu_assert_status(demarc_border_length(ctx, b, &len), DEMARC_OK);
    tu_assert_near(len, REF_RHUMB_TOTAL, MM);
    demarc_border_free(b);
}
END_TEST

START_TEST(test_rhumb_every_edge)
{
    /* As test_every_edge_through_vertex_signs, under the rhumb model. */
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    demarc_border *b = NULL;
    tu_edge_ref ref;
    size_t i;
    long prev_v = -1;
    const demarc_sign *prev = NULL;

    o.edge_model = DEMARC_EDGE_RHUMB;
    load_edges(&ref, "reference_rhumb.txt");
    tu_assert_status(demarc_border_open_default(ctx, &b, &o), DEMARC_OK);
    for (i = 0; i < N_SIGNS; i++) {
        const demarc_sign *s = demarc_border_sign(b, i);
        long v;
        if (s->kind != DEMARC_SIGN_MAIN && s->kind != DEMARC_SIGN_TRIPOINT)
            continue;
        v = vertex_of(&ref, s->lon, s->lat);
        ck_assert(v >= 0);
        if (prev) {
            double got = 0.0, want = edge_sum(&ref, prev_v, v);
            tu_assert_status(demarc_length_between(ctx, b, prev->id, s->id, &got), DEMARC_OK);
            ck_assert_msg(fabs(got - want) <= MM, "rhumb between(%s, %s) = %.6f, RhumbSolve %.6f",
                          prev->id, s->id, got, want);
        }
        prev = s;
        prev_v = v;
    }
    demarc_border_free(b);
    tu_edge_ref_free(&ref);
}
END_TEST

/* --- small borders with known lengths ------------------------------- */

static double open_length(const char *rel, demarc_edge_model model)
{
    char path[4096];
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    demarc_border *b = NULL;
    double len = -1.0;

    o.edge_model = model;
    tu_path(path, sizeof path, tu_test_data_dir(), rel);
    ck_assert_msg(demarc_border_open(ctx, &b, path, &o) == DEMARC_OK, "open %s: %s", path,
                  demarc_ctx_errmsg(ctx));
    ck_assert_int_eq(demarc_border_info_get(b)->edge_model, model);
    ck_assert_uint_eq(demarc_border_info_get(b)->vertex_count, 2);
    ck_assert_int_eq(demarc_border_length(ctx, b, &len), DEMARC_OK);
    demarc_border_free(b);
    return len;
}

START_TEST(test_meridian_all_models_equal)
{
    /* tests/data/meridian: 60 E, 40 N -> 60 E, 41 N, due north.  The
     * geodesic, the loxodrome (azimuth 0) and the straight lon/lat line are
     * all the meridian arc:
     *   GeodSolve -i -p 9:   40 60 41 60 -> s12 = 111044.260879212 m
     *   RhumbSolve -i -p 9:  40 60 41 60 -> s12 = 111044.260879213 m */
    const double arc = 111044.260879212;

    tu_assert_near(open_length("meridian", DEMARC_EDGE_GEODESIC), arc, MM);
    tu_assert_near(open_length("meridian", DEMARC_EDGE_RHUMB), arc, MM);
    tu_assert_near(open_length("meridian", DEMARC_EDGE_PLANAR), arc, MM);
    tu_assert_near(open_length("meridian/border.geojson", DEMARC_EDGE_GEODESIC), arc, MM);
}
END_TEST

START_TEST(test_parallel_rhumb_planar_geodesic)
{
    /* tests/data/parallel/border.geojson: 60 E -> 61 E along 45 N.
     * Rhumb and planar edges both follow the parallel, a circle of radius
     * N(phi) cos(phi) (N = prime-vertical radius), so
     *   L = N(phi) cos(phi) dlambda,  N = a / sqrt(1 - e^2 sin^2 phi),
     *   e^2 = f (2 - f) = 0.0066943799901413165 (a = 6378137, f = 1/298.257223563),
     *   phi = 45 deg: sin^2 = 1/2, N = 6388838.290121148 m,
     *   L = 6388838.290121148 * cos 45 * pi/180 = 78846.835093978 m
     * (RhumbSolve -i 45 60 45 61 agrees: 78846.835093978 m).  The geodesic
     * bows poleward and is shorter: GeodSolve -i 45 60 45 61 -> 78846.334709795 m. */
    const double parallel = 78846.835093978, geodesic = 78846.334709795;
    double g = open_length("parallel/border.geojson", DEMARC_EDGE_GEODESIC);
    double r = open_length("parallel/border.geojson", DEMARC_EDGE_RHUMB);
    double p = open_length("parallel", DEMARC_EDGE_PLANAR);

    tu_assert_near(r, parallel, MM);
    tu_assert_near(p, parallel, MM);
    tu_assert_near(g, geodesic, MM);
    ck_assert_msg(g < r, "geodesic %.6f not shorter than rhumb %.6f", g, r);
}
END_TEST

START_TEST(test_small_border_has_no_catalogue)
{
    char path[4096];
    demarc_border *b = NULL;
    const demarc_border_info *info;
    demarc_length_report rep;

    tu_path(path, sizeof path, tu_test_data_dir(), "meridian");
    ck_assert_int_eq(demarc_border_open(ctx, &b, path, NULL), DEMARC_OK);
    info = demarc_border_info_get(b);
    ck_assert_uint_eq(info->sign_count, 0);
    ck_assert_uint_eq(info->territory_count, 0);
    ck_assert(isnan(info->declared_length_m)); /* no border.json: NaN if unknown */
    ck_assert_int_eq(info->declared_signs, -1);
    ck_assert_ptr_null(demarc_border_sign(b, 0));
    ck_assert_ptr_null(demarc_border_territory(b, 0));
    /* nothing declared: total_ok is 1 (header) */
    tu_assert_status(demarc_length_check(ctx, b, NULL, &rep), DEMARC_OK);
    ck_assert(isnan(rep.declared_m));
    ck_assert_int_eq(rep.total_ok, 1);
    ck_assert_uint_eq(rep.segments_checked, 0);
    tu_assert_near(rep.computed_m, 111044.260879212, MM);
    demarc_border_free(b);
}
END_TEST

/* --- demarc_length_check on the default border ---------------------- */

START_TEST(test_check_defaults)
{
    demarc_length_report rep;
    demarc_length_options o = DEMARC_LENGTH_OPTIONS_INIT;
    demarc_length_report rep2;

    memset(&rep, 0xff, sizeof rep);
    tu_assert_status(demarc_length_check(ctx, border, NULL, &rep), DEMARC_OK);
    tu_assert_near(rep.computed_m, REF_GEODESIC_TOTAL, MM);
    ck_assert_double_eq(rep.declared_m, DECLARED_M);
    /* 2360691.042282710 - 2356600 = 4091.042282710 m, / 2356600 = 0.0017360 (+0.17 %) */
    tu_assert_near(rep.deviation_m, 4091.042282710, MM);
    tu_assert_near(rep.deviation_rel, 4091.042282710 / 2356600.0, 1e-9);
    tu_assert_near(rep.tolerance_rel, 0.005, 1e-15);
    ck_assert_int_eq(rep.total_ok, 1);
    /* declared next_dist_m sum (signs.csv): 2360691.042 m */
    tu_assert_near(rep.declared_sum_m, 2360691.042, 1e-6);
    /* closure: 2360691.042 - 2360691.042282710 = -0.000282710 m */
    tu_assert_near(rep.closure_m, 2360691.042 - REF_GEODESIC_TOTAL, 1e-4);
    tu_assert_near(rep.uncovered_m, 0.0, 1e-6);
    ck_assert_int_eq(rep.closure_ok, 1);
    ck_assert_uint_eq(rep.segments_checked, N_SIGNS - 1);
    ck_assert_uint_eq(rep.segment_mismatches, 0);
    ck_assert_msg(fabs(rep.worst_segment_m) <= 1.0, "worst segment off by %.3f m",
                  rep.worst_segment_m);
    ck_assert_uint_lt(rep.worst_segment, N_SIGNS - 1);
    ck_assert_uint_eq(rep.azimuths_checked, N_SIGNS - 1);
    ck_assert_uint_eq(rep.azimuth_mismatches, 0);
    ck_assert_msg(fabs(rep.worst_azimuth_deg) <= 0.01, "worst azimuth off by %.6f deg",
                  rep.worst_azimuth_deg);
    ck_assert_int_eq(rep.ok, 1);

    /* INIT options are the defaults */
    tu_assert_status(demarc_length_check(ctx, border, &o, &rep2), DEMARC_OK);
    ck_assert_int_eq(rep2.ok, 1);
    ck_assert_double_eq(rep2.computed_m, rep.computed_m);
    ck_assert_double_eq(rep2.tolerance_rel, rep.tolerance_rel);
}
END_TEST

START_TEST(test_check_tight_tolerance)
{
    demarc_length_report rep;
    demarc_length_options o = DEMARC_LENGTH_OPTIONS_INIT;

    o.total_tolerance_rel = 0.001; /* 0.1 % < 0.17 % */
    tu_assert_status(demarc_length_check(ctx, border, &o, &rep), DEMARC_OK);
    tu_assert_near(rep.tolerance_rel, 0.001, 1e-15);
    ck_assert_int_eq(rep.total_ok, 0);
    ck_assert_int_eq(rep.ok, 0);
    /* the other checks are unaffected */
    ck_assert_int_eq(rep.closure_ok, 1);
    ck_assert_uint_eq(rep.segment_mismatches, 0);
    ck_assert_uint_eq(rep.azimuth_mismatches, 0);

    o.total_tolerance_rel = 0.002; /* 0.2 % > 0.17 % */
    tu_assert_status(demarc_length_check(ctx, border, &o, &rep), DEMARC_OK);
    ck_assert_int_eq(rep.total_ok, 1);
}
END_TEST

START_TEST(test_check_segment_tolerance)
{
    /* signs.csv rounds next_dist_m to 1 mm, so with 1e-6 m tolerance some
     * declared runs must disagree with the computed ones (|d| <= 0.5 mm + the
     * sign rounding), and none by more than 2 mm. */
    demarc_length_report rep;
    demarc_length_options o = DEMARC_LENGTH_OPTIONS_INIT;

    o.segment_tolerance_m = 1e-6;
    tu_assert_status(demarc_length_check(ctx, border, &o, &rep), DEMARC_OK);
    ck_assert_uint_gt(rep.segment_mismatches, 0);
    ck_assert_int_eq(rep.ok, 0);
    ck_assert_msg(fabs(rep.worst_segment_m) <= 0.002, "worst %.6f m", rep.worst_segment_m);
}
END_TEST

START_TEST(test_check_bad_args)
{
    demarc_length_report rep;
    demarc_length_options o = DEMARC_LENGTH_OPTIONS_INIT;

    tu_assert_status(demarc_length_check(ctx, border, NULL, NULL), DEMARC_ERR_ARG);
    ck_assert_msg(demarc_ctx_errmsg(ctx)[0] != '\0', "no message");
    o.total_tolerance_rel = -0.1; /* "bad option value" */
    tu_assert_status(demarc_length_check(ctx, border, &o, &rep), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "total_tolerance_rel");
}
END_TEST

START_TEST(test_null_and_range_every_call)
{
    double len = 7.0, azi = 7.0;
    demarc_length_report rep;
    demarc_length_options o = DEMARC_LENGTH_OPTIONS_INIT;
    tu_assert_status(demarc_border_length(ctx, NULL, &len), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "border_length: NULL argument");
    tu_assert_status(demarc_length_between(ctx, NULL, "1", "2", &len), DEMARC_ERR_ARG);
    tu_assert_status(demarc_length_between(ctx, border, "1", NULL, &len), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "length_between: NULL argument");
    tu_assert_status(demarc_sign_segment(ctx, NULL, 0, &len, &azi), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "sign_segment: NULL border");
    tu_assert_status(demarc_length_check(ctx, NULL, NULL, &rep), DEMARC_ERR_ARG);
    o.version = 9;
    tu_assert_status(demarc_length_check(ctx, border, &o, &rep), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "options version 9");
    /* each tolerance negative on its own is named */
    for (int k = 0; k < 3; k++) {
        demarc_length_options n = DEMARC_LENGTH_OPTIONS_INIT;
        if (k == 0) n.segment_tolerance_m = -1;
        if (k == 1) n.azimuth_tolerance_deg = -1;
        if (k == 2) n.closure_tolerance_m = -1;
        tu_assert_status(demarc_length_check(ctx, border, &n, &rep), DEMARC_ERR_ARG);
        tu_assert_msg_has(ctx, "negative tolerance");
        tu_assert_msg_has(ctx, k == 0 ? "segment_tolerance_m -1"
                               : k == 1 ? "azimuth_tolerance_deg -1"
                                        : "closure_tolerance_m -1");
    }
    /* a border without a catalogue has no segment at all */
    char path[4096];
    demarc_border *b = NULL;
    tu_path(path, sizeof path, tu_test_data_dir(), "meridian");
    ck_assert_int_eq(demarc_border_open(ctx, &b, path, NULL), DEMARC_OK);
    tu_assert_status(demarc_sign_segment(ctx, b, 0, &len, NULL), DEMARC_ERR_RANGE);
    tu_assert_msg_has(ctx, "(0 signs)");
    tu_assert_status(demarc_length_check(ctx, b, NULL, &rep), DEMARC_OK);
    ck_assert(isnan(rep.declared_sum_m) && isnan(rep.closure_m));
    tu_assert_near(rep.uncovered_m, rep.computed_m, 0.0);
    ck_assert_int_eq(rep.closure_ok, 1); /* nothing to close */
    ck_assert_int_eq(rep.ok, 1);
    demarc_border_free(b);
}
END_TEST

START_TEST(test_check_azimuth_and_closure_tolerance)
{
    /* signs.csv gives next_azimuth_deg to 6 decimals (rounding up to
     * 5e-7 deg): against 1e-9 deg some runs must disagree.  The closure is
     * -0.000282710 m (test_check_defaults): beyond 1e-4 m. */
    demarc_length_report rep;
    demarc_length_options o = DEMARC_LENGTH_OPTIONS_INIT;
    o.azimuth_tolerance_deg = 1e-9;
    tu_assert_status(demarc_length_check(ctx, border, &o, &rep), DEMARC_OK);
    ck_assert_uint_gt(rep.azimuth_mismatches, 0);
    ck_assert_int_eq(rep.closure_ok, 1);
    ck_assert_int_eq(rep.ok, 0);
    ck_assert_msg(fabs(rep.worst_azimuth_deg) <= 1e-6, "worst %.9f deg", rep.worst_azimuth_deg);
    o.azimuth_tolerance_deg = 0;
    o.closure_tolerance_m = 1e-4;
    tu_assert_status(demarc_length_check(ctx, border, &o, &rep), DEMARC_OK);
    ck_assert_int_eq(rep.closure_ok, 0);
    ck_assert_int_eq(rep.ok, 0);
    ck_assert_int_eq(rep.total_ok, 1);
}
END_TEST

START_TEST(test_check_run_not_declared)
{
    /* data/kz-uz with a catalogue whose 5th row has no next_dist_m: 1,299
     * of the 1,300 runs are checked, and there is no declared sum to close. */
    char src[4096], dir[256], cat[600], line[1024], kz[4096];
    tu_tmpdir(dir, sizeof dir, "length");
    tu_path(src, sizeof src, tu_data_dir(), "kz-uz/signs.csv");
    snprintf(cat, sizeof cat, "%s/signs.csv", dir);
    FILE *in = fopen(src, "r"), *out = fopen(cat, "w");
    ck_assert(in && out);
    for (int row = 0; fgets(line, sizeof line, in); row++) {
        if (row == 5) { /* id,seq,kind,lon,lat,h_m,chainage_m,next_dist_m,... */
            char *p = line;
            for (int c = 0; c < 7; c++) p = strchr(p, ',') + 1;
            char *q = strchr(p, ',');
            memmove(p, q, strlen(q) + 1);
        }
        fputs(line, out);
    }
    fclose(in);
    fclose(out);
    demarc_open_options oo = DEMARC_OPEN_OPTIONS_INIT;
    oo.signs_path = cat;
    demarc_border *b = NULL;
    tu_path(kz, sizeof kz, tu_data_dir(), "kz-uz");
    ck_assert_msg(demarc_border_open(ctx, &b, kz, &oo) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    demarc_length_report rep;
    tu_assert_status(demarc_length_check(ctx, b, NULL, &rep), DEMARC_OK);
    ck_assert_uint_eq(rep.segments_checked, N_SIGNS - 2);
    ck_assert_uint_eq(rep.azimuths_checked, N_SIGNS - 1);
    ck_assert(isnan(rep.declared_sum_m));
    ck_assert_int_eq(rep.closure_ok, 1);
    demarc_border_free(b);
    tu_rm_rf(dir);
}
END_TEST

Suite *length_suite(void)
{
    Suite *s = suite_create("length");
    TCase *tc = tcase_create("lengths");
    TCase *tk = tcase_create("check");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_reference_files_consistent);
    tcase_add_test(tc, test_edge_lengths_to_the_nanometre);
    tcase_add_test(tc, test_total_geodesic);
    tcase_add_test(tc, test_length_null_out);
    tcase_add_test(tc, test_every_edge_through_vertex_signs);
    tcase_add_test(tc, test_sign_segments);
    tcase_add_test(tc, test_sign_segment_out_of_range);
    tcase_add_test(tc, test_between);
    tcase_add_test(tc, test_between_17_17A_geodsolve);
    tcase_add_test(tc, test_between_unknown);
    tcase_add_test(tc, test_total_rhumb);
    tcase_add_test(tc, test_rhumb_every_edge);
    tcase_add_test(tc, test_meridian_all_models_equal);
    tcase_add_test(tc, test_parallel_rhumb_planar_geodesic);
    tcase_add_test(tc, test_small_border_has_no_catalogue);
    suite_add_tcase(s, tc);

    tcase_add_checked_fixture(tk, setup, teardown);
    tcase_set_timeout(tk, 60);
    tcase_add_test(tk, test_check_defaults);
    tcase_add_test(tk, test_check_tight_tolerance);
    tcase_add_test(tk, test_check_segment_tolerance);
    tcase_add_test(tk, test_check_bad_args);
    tcase_add_test(tk, test_null_and_range_every_call);
    tcase_add_test(tk, test_check_azimuth_and_closure_tolerance);
    tcase_add_test(tk, test_check_run_not_declared);
    suite_add_tcase(s, tk);
    return s;
}
