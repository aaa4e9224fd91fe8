/* check_embedded.c -- lib/embed/make_embedded.c and the embedded opener
 * (border_default.c) on borders other than data/kz-uz: the C tables that
 * make_embedded generates at build time from tests/data/{meridian,small,
 * embed_text} (tests/CMakeLists.txt), opened by demarc__border_open_embedded,
 * must give the border that demarc_border_open reads from the same
 * directory at run time, bit for bit: every vertex, sign and territory
 * number, every metadata string byte for byte (embed_text: quotes, a
 * backslash, a tab, Cyrillic and Uzbek Latin text, which the generated C
 * must escape), and the same answers from the locate and party batches
 * under the geodesic model (the compile-time index, borrowed) and the
 * rhumb model (the index rebuilt).  meridian has no signs, territories or
 * metadata (the empty tables and the index without a territory grid). */
#include "embedded_internal.h"
#include "testutil.h"

#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct demarc_border_index;
extern const demarc_embedded demarc__emb_meridian, demarc__emb_small, demarc__emb_text;
extern const struct demarc_border_index *const demarc__emb_meridian_index,
    *const demarc__emb_small_index, *const demarc__emb_text_index;

static const struct {
    const char *dir;
    const demarc_embedded *e;
    const struct demarc_border_index *const *index;
} cases[] = {
    {"meridian", &demarc__emb_meridian, &demarc__emb_meridian_index},
    {"small", &demarc__emb_small, &demarc__emb_small_index},
    {"embed_text", &demarc__emb_text, &demarc__emb_text_index},
};
#define NCASES (sizeof cases / sizeof cases[0])

/* Bit-for-bit equality of doubles (NaN equal to NaN, -0 not equal to 0). */
#define SAME_BITS(a, b, what, i)                                                            \
    ck_assert_msg(memcmp(&(a), &(b), sizeof(double)) == 0, "%s %s[%zu]: %.17g vs %.17g", \
                  cases[_i].dir, what, (size_t)(i), (a), (b))

static void same_strings(const char *a, const char *b, const char *what)
{
    ck_assert_msg(a && b && strcmp(a, b) == 0, "%s: '%s' vs '%s'", what, a ? a : "(null)",
                  b ? b : "(null)");
}

static void same_info(const demarc_border *e, const demarc_border *f, int _i)
{
    const demarc_border_info *a = demarc_border_info_get(e), *b = demarc_border_info_get(f);
    const char *sa[] = {a->id, a->name, a->left_party, a->right_party, a->left_name,
                        a->right_name, a->demarcation_finalised, a->agreement_signed,
                        a->agreement_place, a->source, a->licence, a->attribution};
    const char *sb[] = {b->id, b->name, b->left_party, b->right_party, b->left_name,
                        b->right_name, b->demarcation_finalised, b->agreement_signed,
                        b->agreement_place, b->source, b->licence, b->attribution};
    for (size_t k = 0; k < sizeof sa / sizeof sa[0]; k++) same_strings(sa[k], sb[k], "info");
    SAME_BITS(a->declared_length_m, b->declared_length_m, "declared_length_m", 0);
    ck_assert_int_eq(a->declared_signs, b->declared_signs);
    ck_assert_int_eq(a->inspection_interval_years, b->inspection_interval_years);
    ck_assert_int_eq(a->signs_modelled, b->signs_modelled);
    ck_assert_int_eq(a->edge_model, b->edge_model);
    ck_assert_uint_eq(a->vertex_count, b->vertex_count);
    ck_assert_uint_eq(a->sign_count, b->sign_count);
    ck_assert_uint_eq(a->physical_sign_count, b->physical_sign_count);
    ck_assert_uint_eq(a->territory_count, b->territory_count);
}

static void same_geometry(demarc_ctx *ctx, const demarc_border *e, const demarc_border *f,
                          int _i)
{
    size_t na, nb;
    const double *va = demarc_border_vertices(e, &na), *vb = demarc_border_vertices(f, &nb);
    ck_assert_uint_eq(na, nb);
    for (size_t k = 0; k < 2 * na; k++) SAME_BITS(va[k], vb[k], "vertex", k);
    for (size_t i = 0; i < demarc_border_info_get(f)->sign_count; i++) {
        const demarc_sign *a = demarc_border_sign(e, i), *b = demarc_border_sign(f, i);
        same_strings(a->id, b->id, "sign id");
        same_strings(a->provenance, b->provenance, "provenance");
        ck_assert_int_eq(a->seq, b->seq);
        ck_assert_int_eq(a->kind, b->kind);
        ck_assert_int_eq(a->segment, b->segment);
        SAME_BITS(a->lon, b->lon, "lon", i);
        SAME_BITS(a->lat, b->lat, "lat", i);
        SAME_BITS(a->h_m, b->h_m, "h_m", i);
        SAME_BITS(a->chainage_m, b->chainage_m, "chainage_m", i);
        SAME_BITS(a->next_dist_m, b->next_dist_m, "next_dist_m", i);
        SAME_BITS(a->next_azimuth_deg, b->next_azimuth_deg, "next_azimuth_deg", i);
        SAME_BITS(a->line_chainage_m, b->line_chainage_m, "line_chainage_m", i);
        SAME_BITS(a->line_offset_m, b->line_offset_m, "line_offset_m", i);
    }
    for (size_t t = 0; t < demarc_border_info_get(f)->territory_count; t++) {
        const demarc_territory *a = demarc_border_territory(e, t),
                               *b = demarc_border_territory(f, t);
        same_strings(a->party, b->party, "party");
        same_strings(a->name, b->name, "territory name");
        ck_assert_uint_eq(a->polygon_count, b->polygon_count);
        ck_assert_uint_eq(a->ring_count, b->ring_count);
        ck_assert_uint_eq(a->point_count, b->point_count);
        for (size_t r = 0; r < a->ring_count; r++) {
            ck_assert_uint_eq(a->ring_start[r], b->ring_start[r]);
            ck_assert_uint_eq(a->ring_polygon[r], b->ring_polygon[r]);
            ck_assert_uint_eq(a->ring_is_hole[r], b->ring_is_hole[r]);
        }
        ck_assert_uint_eq(a->ring_start[a->ring_count], b->ring_start[b->ring_count]);
        for (size_t k = 0; k < 2 * a->point_count; k++)
            SAME_BITS(a->points[k], b->points[k], "territory point", k);
    }
    double la, lb;
    ck_assert_int_eq(demarc_border_length(ctx, e, &la), DEMARC_OK);
    ck_assert_int_eq(demarc_border_length(ctx, f, &lb), DEMARC_OK);
    SAME_BITS(la, lb, "length", 0);
}

/* A 40 x 40 lattice over the line's box grown by 0.3 degrees each way,
 * plus every vertex and every edge's midpoint in lon/lat. */
#define LATTICE 40
static size_t make_points(const demarc_border *b, double *lon, double *lat, size_t cap)
{
    size_t nv;
    const double *v = demarc_border_vertices(b, &nv);
    double x0 = v[0], x1 = v[0], y0 = v[1], y1 = v[1];
    for (size_t k = 0; k < nv; k++) {
        x0 = fmin(x0, v[2 * k]), x1 = fmax(x1, v[2 * k]);
        y0 = fmin(y0, v[2 * k + 1]), y1 = fmax(y1, v[2 * k + 1]);
    }
    size_t n = 0;
    for (int i = 0; i < LATTICE; i++)
        for (int j = 0; j < LATTICE; j++) {
            lon[n] = x0 - 0.3 + (x1 - x0 + 0.6) * i / (LATTICE - 1);
            lat[n++] = y0 - 0.3 + (y1 - y0 + 0.6) * j / (LATTICE - 1);
        }
    for (size_t k = 0; k < nv && n + 2 <= cap; k++) {
        lon[n] = v[2 * k], lat[n++] = v[2 * k + 1];
        if (k + 1 < nv)
            lon[n] = (v[2 * k] + v[2 * k + 2]) / 2, lat[n++] = (v[2 * k + 1] + v[2 * k + 3]) / 2;
    }
    return n;
}

static void same_answers(demarc_ctx *ctx, const demarc_border *e, const demarc_border *f, int _i)
{
    enum { CAP = LATTICE * LATTICE + 64 };
    static double lon[CAP], lat[CAP];
    static demarc_location a[CAP], b[CAP];
    static int pa[CAP], pb[CAP];
    size_t n = make_points(f, lon, lat, CAP);
    ck_assert_int_eq(demarc_locate_batch(ctx, e, n, lon, 0, lat, 0, NULL, a, 0), DEMARC_OK);
    ck_assert_int_eq(demarc_locate_batch(ctx, f, n, lon, 0, lat, 0, NULL, b, 0), DEMARC_OK);
    ck_assert_int_eq(demarc_party_batch(ctx, e, n, lon, 0, lat, 0, pa, 0), DEMARC_OK);
    ck_assert_int_eq(demarc_party_batch(ctx, f, n, lon, 0, lat, 0, pb, 0), DEMARC_OK);
    int sides = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(a[i].party, b[i].party);
        same_strings(a[i].party_code, b[i].party_code, "party_code");
        ck_assert_int_eq(a[i].on_border, b[i].on_border);
        SAME_BITS(a[i].distance_m, b[i].distance_m, "distance_m", i);
        SAME_BITS(a[i].foot_lon, b[i].foot_lon, "foot_lon", i);
        SAME_BITS(a[i].foot_lat, b[i].foot_lat, "foot_lat", i);
        SAME_BITS(a[i].chainage_m, b[i].chainage_m, "chainage_m", i);
        ck_assert_uint_eq(a[i].edge, b[i].edge);
        ck_assert_uint_eq(a[i].nearest_sign, b[i].nearest_sign);
        SAME_BITS(a[i].nearest_sign_m, b[i].nearest_sign_m, "nearest_sign_m", i);
        ck_assert_int_eq(pa[i], pb[i]);
        sides |= 1 << (pa[i] + 1);
    }
    /* A border with territories has points of both parties and outside. */
    if (demarc_border_info_get(f)->territory_count)
        ck_assert_msg(sides == 7, "%s: parties seen %#x", cases[_i].dir, (unsigned)sides);
    else
        ck_assert_int_eq(sides, 1);
}

START_TEST(embedded_equals_directory)
{
    demarc_ctx *ctx;
    ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK);
    for (int model = DEMARC_EDGE_GEODESIC; model <= DEMARC_EDGE_RHUMB; model++) {
        demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
        o.edge_model = (demarc_edge_model)model;
        demarc_border *e = NULL, *f = NULL;
        char dir[4096];
        tu_path(dir, sizeof dir, tu_test_data_dir(), cases[_i].dir);
        demarc_status rc = demarc__border_open_embedded(ctx, &e, &o, cases[_i].e,
                                                        *cases[_i].index, cases[_i].dir);
        ck_assert_msg(rc == DEMARC_OK, "embedded %s: %s", dir, demarc_ctx_errmsg(ctx));
        rc = demarc_border_open(ctx, &f, dir, &o);
        ck_assert_msg(rc == DEMARC_OK, "open %s: %s", dir, demarc_ctx_errmsg(ctx));
        same_info(e, f, _i);
        same_geometry(ctx, e, f, _i);
        same_answers(ctx, e, f, _i);
        demarc_border_free(e);
        demarc_border_free(f);
    }
    demarc_ctx_free(ctx);
}
END_TEST

/* What embed_text's files say, read by hand (tests/data/embed_text): the
 * escapes of the generated C kept every byte. */
START_TEST(embedded_text_bytes)
{
    demarc_ctx *ctx;
    demarc_border *e;
    ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK);
    ck_assert_int_eq(demarc__border_open_embedded(ctx, &e, NULL, &demarc__emb_text,
                                                  demarc__emb_text_index, "embed_text"),
                     DEMARC_OK);
    const demarc_border_info *in = demarc_border_info_get(e);
    same_strings(in->name,
                 "Test \xc2\xab" "border\xc2\xbb with \"quotes\", a back\\slash and "
                 "\xd2\x9a\xd0\xb0\xd0\xb7\xd0\xb0\xd2\x9b",
                 "name");
    same_strings(in->right_name, "O\xca\xbbzbekiston\\BB", "right_name");
    same_strings(demarc_border_territory(e, 1)->name, "O\xca\xbbng tomon\tRight",
                 "territory 1 name");
    same_strings(demarc_border_sign(e, 2)->id, "3\"q", "sign 3 id");
    same_strings(demarc_border_sign(e, 0)->provenance, "surveyed, \"GNSS\" \\ RTK",
                 "sign 1 provenance");
    ck_assert(demarc_border_sign(e, 0)->h_m == 312.5);
    ck_assert(isnan(demarc_border_sign(e, 1)->h_m));
    demarc_border_free(e);
    demarc_ctx_free(ctx);
}
END_TEST

Suite *embedded_suite(void)
{
    Suite *s = suite_create("embedded");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, embedded_equals_directory, 0, (int)NCASES);
    tcase_add_test(tc, embedded_text_bytes);
    suite_add_tcase(s, tc);
    return s;
}
