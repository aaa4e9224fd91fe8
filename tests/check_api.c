/* check_api.c -- the contract every public call keeps (demarc.h, the
 * conventions at its top): objects outlive the context they were made
 * with, a NULL context is DEMARC_ERR_ARG for every call that takes one
 * (with *out set to NULL), and unknown option flag bits are DEMARC_ERR_ARG.
 *
 * The lifetime tests read and free objects after their context is gone:
 * they pass whatever happens in a plain build, and catch a use after free
 * under AddressSanitizer (.ci/hardening.sh) and valgrind. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

/* demarc_transform_free after demarc_ctx_free: the transform's PROJ
 * objects belong to the context's PJ_CONTEXT, which must outlive it.
 * Expected operation: `projinfo -s EPSG:4284 -t EPSG:4326 --bbox
 * 55.9,37.1,71.0,45.6` lists EPSG:15865 first, 4.5 m (project.h). */
START_TEST(test_transform_outlives_its_context)
{
    demarc_ctx *ctx = NULL;
    demarc_transform *t = NULL;
    ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK);
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4284", "EPSG:4326", NULL), DEMARC_OK);
    demarc_ctx_free(ctx);
    const char *name = NULL, *code = NULL;
    double acc = 0;
    demarc_transform_operation(t, &name, &code, &acc);
    ck_assert_str_eq(code, "EPSG:15865");
    ck_assert(fabs(acc - 4.5) < 1e-9);
    demarc_transform_free(t);
}
END_TEST

/* Two transforms, freed in either order around the context. */
START_TEST(test_transforms_freed_around_the_context)
{
    demarc_ctx *ctx = NULL;
    demarc_transform *t1 = NULL, *t2 = NULL;
    ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK);
    tu_assert_status(demarc_transform_new(ctx, &t1, "EPSG:4326", "EPSG:32641", NULL),
                     DEMARC_OK);
    tu_assert_status(demarc_transform_new(ctx, &t2, "EPSG:4326", "EPSG:28411", NULL),
                     DEMARC_OK);
    demarc_transform_free(t1);
    /* Still usable on its live context: 63 E 41 N -> UTM 41N
     * (`echo 41 63 | cs2cs EPSG:4326 EPSG:32641`: 500000.00 4538757.06). */
    demarc_transform *t3 = NULL;
    tu_assert_status(demarc_transform_new(ctx, &t3, "EPSG:4326", "EPSG:32641", NULL),
                     DEMARC_OK);
    double x = 63, y = 41;
    tu_assert_status(demarc_transform_apply(ctx, t3, 1, &x, 0, &y, 0, NULL, 0), DEMARC_OK);
    ck_assert(fabs(x - 500000.0) < 1e-3 && fabs(y - 4538757.0619) < 1e-3);
    demarc_ctx_free(ctx);
    demarc_transform_free(t2);
    demarc_transform_free(t3);
}
END_TEST

/* A border, a catalogue and a report made on a context stay readable once
 * it is freed (data/kz-uz: 1,301 signs, 2,014 vertices). */
START_TEST(test_objects_outlive_their_context)
{
    demarc_ctx *ctx = NULL;
    demarc_border *b = NULL;
    demarc_catalogue *cat = NULL;
    demarc_report *rep = NULL;
    tu_open_default(&ctx, &b);
    tu_assert_status(demarc_catalogue_from_border(ctx, &cat, b), DEMARC_OK);
    tu_assert_status(demarc_catalogue_validate(ctx, &rep, b, cat, NULL), DEMARC_OK);
    demarc_ctx_free(ctx);
    ck_assert_uint_eq(demarc_border_info_get(b)->sign_count, 1301);
    ck_assert_uint_eq(demarc_border_info_get(b)->vertex_count, 2014);
    ck_assert_uint_eq(demarc_catalogue_count(cat), 1301);
    ck_assert(demarc_report_stat_get(rep, "signs") == 1301);
    demarc_ctx *ctx2 = NULL;
    ck_assert_int_eq(demarc_ctx_new(&ctx2), DEMARC_OK);
    double len = 0;
    tu_assert_status(demarc_border_length(ctx2, b, &len), DEMARC_OK);
    ck_assert(len > 2.3e6);
    demarc_report_free(rep);
    demarc_catalogue_free(cat);
    demarc_border_free(b);
    demarc_ctx_free(ctx2);
}
END_TEST

/* Every public call that takes a context: NULL is DEMARC_ERR_ARG, every
 * `**out` is set to NULL, nothing is written or computed. */
START_TEST(test_null_context_everywhere)
{
    demarc_ctx *ctx = NULL;
    demarc_border *b = NULL;
    demarc_catalogue *cat = NULL;
    demarc_report *rep = NULL;
    tu_open_default(&ctx, &b);
    tu_assert_status(demarc_catalogue_from_border(ctx, &cat, b), DEMARC_OK);
    tu_assert_status(demarc_catalogue_validate(ctx, &rep, b, cat, NULL), DEMARC_OK);

    void *sentinel = &sentinel;
    demarc_border *bo = sentinel;
    demarc_catalogue *co = sentinel;
    demarc_report *ro = sentinel;
    demarc_transform *to = sentinel;
    char *text = sentinel;
    size_t len = 0, idx = 0;
    double d = 0, az = 0, lon = 63, lat = 41, xy[2 * 2014];
    demarc_length_report lr;
    demarc_location loc;
    demarc_zone z;
    demarc_grid_factors gf;
    int party = 0, geo = 0;
    char tmp[256];
    tu_tmpdir(tmp, sizeof tmp, "api-null");
    char path[300];
    snprintf(path, sizeof path, "%s/x.geojson", tmp);

#define NULL_CTX(call) tu_assert_status((call), DEMARC_ERR_ARG)
    NULL_CTX(demarc_border_open_default(NULL, &bo, NULL));
    ck_assert_ptr_null(bo);
    bo = sentinel;
    NULL_CTX(demarc_border_open(NULL, &bo, DEMARC_DATA_DIR "/kz-uz", NULL));
    ck_assert_ptr_null(bo);
    NULL_CTX(demarc_sign_find(NULL, b, "1", &idx));
    NULL_CTX(demarc_border_length(NULL, b, &d));
    NULL_CTX(demarc_length_between(NULL, b, "1", "2", &d));
    NULL_CTX(demarc_sign_segment(NULL, b, 0, &d, &az));
    NULL_CTX(demarc_length_check(NULL, b, NULL, &lr));
    NULL_CTX(demarc_locate(NULL, b, 63, 41, NULL, &loc));
    NULL_CTX(demarc_locate_batch(NULL, b, 1, &lon, 0, &lat, 0, NULL, &loc, 0));
    NULL_CTX(demarc_party_batch(NULL, b, 1, &lon, 0, &lat, 0, &party, 0));
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    NULL_CTX(demarc_report_write_json(NULL, rep, f, 0));
    NULL_CTX(demarc_report_write_text(NULL, rep, f));
    ck_assert_int_eq(ftell(f), 0); /* nothing written */
    fclose(f);
    NULL_CTX(demarc_report_render(NULL, rep, 1, 0, &text, &len));
    ck_assert_ptr_null(text);
    NULL_CTX(demarc_catalogue_open(NULL, &co, DEMARC_DATA_DIR "/kz-uz/signs.csv", NULL));
    ck_assert_ptr_null(co);
    co = sentinel;
    NULL_CTX(demarc_catalogue_from_border(NULL, &co, b));
    ck_assert_ptr_null(co);
    NULL_CTX(demarc_catalogue_validate(NULL, &ro, b, cat, NULL));
    ck_assert_ptr_null(ro);
    ro = sentinel;
    NULL_CTX(demarc_inspect(NULL, &ro, cat, cat, NULL));
    ck_assert_ptr_null(ro);
    NULL_CTX(demarc_border_export(NULL, b, path, NULL));
    ck_assert_msg(access(path, F_OK) != 0, "export with a NULL context wrote %s", path);
    NULL_CTX(demarc_transform_new(NULL, &to, "EPSG:4326", "EPSG:32641", NULL));
    ck_assert_ptr_null(to);
    NULL_CTX(demarc_transform_apply(NULL, NULL, 1, &lon, 0, &lat, 0, NULL, 0));
    NULL_CTX(demarc_crs_geographic(NULL, "EPSG:4326", &geo));
    NULL_CTX(demarc_zone_utm(NULL, 63, 41, &z));
    NULL_CTX(demarc_zone_gk(NULL, 63, 41, &z));
    NULL_CTX(demarc_grid_factors_at(NULL, "EPSG:32641", 63, 41, &gf));
    NULL_CTX(demarc_border_project_signs(NULL, b, "EPSG:32641", NULL, xy, 2014));
    NULL_CTX(demarc_border_project_vertices(NULL, b, "EPSG:32641", NULL, xy, 2014));
#undef NULL_CTX
    /* the getters that take a context */
    ck_assert_str_eq(demarc_ctx_errmsg(NULL), "");
    tu_assert_status(demarc_ctx_errcode(NULL), DEMARC_ERR_ARG);

    tu_rm_rf(tmp);
    demarc_report_free(rep);
    demarc_catalogue_free(cat);
    tu_close(&ctx, &b);
}
END_TEST

/* Unknown flag bits are refused, not ignored: a flag from a newer library
 * must not be taken as "no flag" by an older one. */
START_TEST(test_unknown_flag_bits)
{
    demarc_ctx *ctx = NULL;
    demarc_border *b = NULL;
    demarc_catalogue *cat = NULL;
    demarc_report *rep = NULL;
    tu_open_default(&ctx, &b);
    tu_assert_status(demarc_catalogue_from_border(ctx, &cat, b), DEMARC_OK);
    tu_assert_status(demarc_catalogue_validate(ctx, &rep, b, cat, NULL), DEMARC_OK);

    demarc_locate_options o = DEMARC_LOCATE_OPTIONS_INIT;
    demarc_location loc;
    double lon = 63, lat = 41;
    int party;
    o.flags = DEMARC_LOCATE_PARTY_ONLY | 0x80u;
    tu_assert_status(demarc_locate(ctx, b, 63, 41, &o, &loc), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "flag");
    tu_assert_msg_has(ctx, "0x80");
    tu_assert_status(demarc_locate_batch(ctx, b, 1, &lon, 0, &lat, 0, &o, &loc, 0),
                     DEMARC_ERR_ARG);
    o.flags = DEMARC_LOCATE_PARTY_ONLY;
    tu_assert_status(demarc_locate(ctx, b, 63, 41, &o, &loc), DEMARC_OK);
    tu_assert_status(demarc_party_batch(ctx, b, 1, &lon, 0, &lat, 0, &party, 0), DEMARC_OK);

    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    tu_assert_status(demarc_report_write_json(ctx, rep, f, 2u), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "flag");
    ck_assert_int_eq(ftell(f), 0);
    tu_assert_status(demarc_report_write_json(ctx, rep, f, DEMARC_REPORT_JSON_MEMBERS),
                     DEMARC_OK);
    fclose(f);
    char *text = (char *)&text;
    size_t len = 0;
    tu_assert_status(demarc_report_render(ctx, rep, 1, 0x100u, &text, &len), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "flag");
    ck_assert_ptr_null(text);

    demarc_report_free(rep);
    demarc_catalogue_free(cat);
    tu_close(&ctx, &b);
}
END_TEST

/* A report written to a full device is DEMARC_ERR_IO, not DEMARC_OK with
 * the text lost in the stdio buffer. */
START_TEST(test_report_write_to_full_device)
{
    FILE *f = fopen("/dev/full", "w");
    if (!f) return; /* no /dev/full on this system */
    demarc_ctx *ctx = NULL;
    demarc_border *b = NULL;
    demarc_catalogue *cat = NULL;
    demarc_report *rep = NULL;
    tu_open_default(&ctx, &b);
    tu_assert_status(demarc_catalogue_from_border(ctx, &cat, b), DEMARC_OK);
    tu_assert_status(demarc_catalogue_validate(ctx, &rep, b, cat, NULL), DEMARC_OK);
    tu_assert_status(demarc_report_write_json(ctx, rep, f, 0), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "writing");
    clearerr(f);
    tu_assert_status(demarc_report_write_text(ctx, rep, f), DEMARC_ERR_IO);
    fclose(f);
    demarc_report_free(rep);
    demarc_catalogue_free(cat);
    tu_close(&ctx, &b);
}
END_TEST

/* The party of a point on the line (demarc/locate.h): every vertex of the
 * embedded line (2,014, data/kz-uz/border.geojson; the first and last are
 * the tripoints) goes to the left party, KZ, through all three calls.
 * Before, the western tripoint gave KZ, vertex 500 UZ and the eastern
 * tripoint no party. */
START_TEST(test_on_line_party_rule)
{
    demarc_ctx *ctx = NULL;
    demarc_border *b = NULL;
    tu_open_default(&ctx, &b);
    size_t n = 0;
    const double *v = demarc_border_vertices(b, &n);
    ck_assert_uint_eq(n, 2014);
    demarc_location *loc = malloc(n * sizeof *loc);
    int *party = malloc(n * sizeof *party);
    ck_assert(loc && party);
    tu_assert_status(demarc_locate_batch(ctx, b, n, v, 2 * sizeof(double), v + 1,
                                         2 * sizeof(double), NULL, loc, 0),
                     DEMARC_OK);
    tu_assert_status(demarc_party_batch(ctx, b, n, v, 2 * sizeof(double), v + 1,
                                        2 * sizeof(double), party, 0),
                     DEMARC_OK);
    for (size_t i = 0; i < n; i++) {
        demarc_location one;
        tu_assert_status(demarc_locate(ctx, b, v[2 * i], v[2 * i + 1], NULL, &one), DEMARC_OK);
        ck_assert_msg(one.party == 0 && loc[i].party == 0 && party[i] == 0,
                      "vertex %zu (%.9f, %.9f): locate %d, batch %d, party_batch %d", i,
                      v[2 * i], v[2 * i + 1], one.party, loc[i].party, party[i]);
        ck_assert_str_eq(one.party_code, "KZ");
        ck_assert(one.on_border && one.distance_m <= 1e-6);
    }
    free(loc);
    free(party);
    tu_close(&ctx, &b);
}
END_TEST

Suite *api_suite(void)
{
    Suite *s = suite_create("api");
    TCase *tc = tcase_create("contract");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_transform_outlives_its_context);
    tcase_add_test(tc, test_transforms_freed_around_the_context);
    tcase_add_test(tc, test_objects_outlive_their_context);
    tcase_add_test(tc, test_null_context_everywhere);
    tcase_add_test(tc, test_unknown_flag_bits);
    tcase_add_test(tc, test_report_write_to_full_device);
    tcase_add_test(tc, test_on_line_party_rule);
    suite_add_tcase(s, tc);
    return s;
}
