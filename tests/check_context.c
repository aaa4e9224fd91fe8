/* check_context.c -- versions, status codes, contexts and their error state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* Every code the header declares (demarc.h, enum demarc_status). */
static const demarc_status all_status[] = {
    DEMARC_OK,        DEMARC_ERR_ARG,      DEMARC_ERR_NOMEM,     DEMARC_ERR_IO,
    DEMARC_ERR_FORMAT, DEMARC_ERR_RANGE,   DEMARC_ERR_NOT_FOUND, DEMARC_ERR_GEOMETRY,
    DEMARC_ERR_EMPTY, DEMARC_ERR_CRS,      DEMARC_ERR_INTERNAL};
#define N_STATUS (sizeof all_status / sizeof all_status[0])

START_TEST(test_version_compile_equals_runtime)
{
    int maj = -1, min = -1, pat = -1;

    ck_assert_ptr_nonnull(demarc_version());
    ck_assert_str_eq(demarc_version(), DEMARC_VERSION_STRING);
    ck_assert_int_eq(demarc_version_number(), DEMARC_VERSION_NUMBER);
    /* The string and the macros describe the same version. */
    ck_assert_int_eq(sscanf(DEMARC_VERSION_STRING, "%d.%d.%d", &maj, &min, &pat), 3);
    ck_assert_int_eq(maj, DEMARC_VERSION_MAJOR);
    ck_assert_int_eq(min, DEMARC_VERSION_MINOR);
    ck_assert_int_eq(pat, DEMARC_VERSION_PATCH);
    /* MAJOR * 10000 + MINOR * 100 + PATCH, as documented. */
    ck_assert_int_eq(DEMARC_VERSION_NUMBER, maj * 10000 + min * 100 + pat);
}
END_TEST

START_TEST(test_status_values_are_stable)
{
    /* The header fixes the values (ABI). */
    ck_assert_int_eq(DEMARC_OK, 0);
    ck_assert_int_eq(DEMARC_ERR_ARG, 1);
    ck_assert_int_eq(DEMARC_ERR_NOMEM, 2);
    ck_assert_int_eq(DEMARC_ERR_IO, 3);
    ck_assert_int_eq(DEMARC_ERR_FORMAT, 4);
    ck_assert_int_eq(DEMARC_ERR_RANGE, 5);
    ck_assert_int_eq(DEMARC_ERR_NOT_FOUND, 6);
    ck_assert_int_eq(DEMARC_ERR_GEOMETRY, 7);
    ck_assert_int_eq(DEMARC_ERR_EMPTY, 8);
    ck_assert_int_eq(DEMARC_ERR_CRS, 9);
    ck_assert_int_eq(DEMARC_ERR_INTERNAL, 10);
}
END_TEST

START_TEST(test_status_str_nonempty_distinct)
{
    size_t i, j;

    for (i = 0; i < N_STATUS; i++) {
        const char *s = demarc_status_str(all_status[i]);
        ck_assert_msg(s != NULL && *s != '\0', "demarc_status_str(%d) empty",
                      (int)all_status[i]);
        for (j = 0; j < i; j++)
            ck_assert_msg(strcmp(s, demarc_status_str(all_status[j])) != 0,
                          "demarc_status_str(%d) == demarc_status_str(%d) == \"%s\"",
                          (int)all_status[i], (int)all_status[j], s);
    }
}
END_TEST

START_TEST(test_status_str_unknown_never_null)
{
    /* "Never NULL", also for values outside the enum. */
    ck_assert_ptr_nonnull(demarc_status_str((demarc_status)99));
    ck_assert_ptr_nonnull(demarc_status_str((demarc_status)-1));
}
END_TEST

START_TEST(test_edge_model_names)
{
    ck_assert_str_eq(demarc_edge_model_name(DEMARC_EDGE_GEODESIC), "geodesic");
    ck_assert_str_eq(demarc_edge_model_name(DEMARC_EDGE_RHUMB), "rhumb");
    ck_assert_str_eq(demarc_edge_model_name(DEMARC_EDGE_PLANAR), "planar");
    ck_assert_ptr_null(demarc_edge_model_name((demarc_edge_model)3));
    ck_assert_ptr_null(demarc_edge_model_name((demarc_edge_model)-1));
}
END_TEST

/* The catalogue's kind and segment values (data/kz-uz/signs.csv's columns). */
START_TEST(test_sign_kind_names)
{
    ck_assert_str_eq(demarc_sign_kind_name(DEMARC_SIGN_TRIPOINT), "tripoint");
    ck_assert_str_eq(demarc_sign_kind_name(DEMARC_SIGN_MAIN), "main");
    ck_assert_str_eq(demarc_sign_kind_name(DEMARC_SIGN_INTERMEDIATE), "intermediate");
    ck_assert_str_eq(demarc_sign_kind_name(DEMARC_SIGN_POINT), "point");
    ck_assert_ptr_null(demarc_sign_kind_name((demarc_sign_kind)4));
    ck_assert_str_eq(demarc_segment_kind_name(DEMARC_SEGMENT_NONE), "");
    ck_assert_str_eq(demarc_segment_kind_name(DEMARC_SEGMENT_STRAIGHT), "straight");
    ck_assert_str_eq(demarc_segment_kind_name(DEMARC_SEGMENT_NATURAL), "natural");
    ck_assert_ptr_null(demarc_segment_kind_name((demarc_segment_kind)3));
}
END_TEST

START_TEST(test_ctx_new_free)
{
    demarc_ctx *ctx = NULL;

    tu_assert_status(demarc_ctx_new(&ctx), DEMARC_OK);
    ck_assert_ptr_nonnull(ctx);
    /* No call has failed yet. */
    ck_assert_ptr_nonnull(demarc_ctx_errmsg(ctx));
    ck_assert_str_eq(demarc_ctx_errmsg(ctx), "");
    tu_assert_status(demarc_ctx_errcode(ctx), DEMARC_OK);
    demarc_ctx_free(ctx);
}
END_TEST

START_TEST(test_free_null_is_noop)
{
    demarc_ctx_free(NULL);
    demarc_border_free(NULL);
}
END_TEST

START_TEST(test_errcode_after_failed_call)
{
    demarc_ctx *ctx = NULL;
    demarc_border *b = NULL;
    size_t idx = 12345;

    ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK);
    tu_assert_status(demarc_border_open_default(ctx, &b, NULL), DEMARC_OK);
    tu_assert_status(demarc_sign_find(ctx, b, "no-such-sign-77", &idx), DEMARC_ERR_NOT_FOUND);
    tu_assert_status(demarc_ctx_errcode(ctx), DEMARC_ERR_NOT_FOUND);
    tu_assert_msg_has(ctx, "no-such-sign-77");
    demarc_border_free(b);
    demarc_ctx_free(ctx);
}
END_TEST

START_TEST(test_errcode_after_failed_open)
{
    demarc_ctx *ctx = NULL;
    demarc_border *b = NULL;
    char path[4096];

    ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK);
    tu_path(path, sizeof path, tu_test_data_dir(), "bad/does-not-exist.geojson");
    tu_assert_status(demarc_border_open(ctx, &b, path, NULL), DEMARC_ERR_IO);
    ck_assert_ptr_null(b);
    tu_assert_status(demarc_ctx_errcode(ctx), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "does-not-exist.geojson");
    demarc_ctx_free(ctx);
}
END_TEST

START_TEST(test_contexts_are_independent)
{
    demarc_ctx *a = NULL, *c = NULL;
    demarc_border *b = NULL;
    size_t idx;

    ck_assert_int_eq(demarc_ctx_new(&a), DEMARC_OK);
    ck_assert_int_eq(demarc_ctx_new(&c), DEMARC_OK);
    ck_assert_ptr_ne(a, c);
    ck_assert_int_eq(demarc_border_open_default(a, &b, NULL), DEMARC_OK);
    tu_assert_status(demarc_sign_find(a, b, "zz-missing", &idx), DEMARC_ERR_NOT_FOUND);
    /* The failure is recorded on `a` only. */
    tu_assert_status(demarc_ctx_errcode(c), DEMARC_OK);
    ck_assert_str_eq(demarc_ctx_errmsg(c), "");
    /* Objects stay valid after the context that opened them is freed. */
    demarc_ctx_free(a);
    ck_assert_int_eq(demarc_sign_find(c, b, "1", &idx), DEMARC_OK);
    ck_assert_uint_eq(idx, 0);
    demarc_border_free(b);
    demarc_ctx_free(c);
}
END_TEST

Suite *context_suite(void)
{
    Suite *s = suite_create("context");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_version_compile_equals_runtime);
    tcase_add_test(tc, test_status_values_are_stable);
    tcase_add_test(tc, test_status_str_nonempty_distinct);
    tcase_add_test(tc, test_status_str_unknown_never_null);
    tcase_add_test(tc, test_edge_model_names);
    tcase_add_test(tc, test_sign_kind_names);
    tcase_add_test(tc, test_ctx_new_free);
    tcase_add_test(tc, test_free_null_is_noop);
    tcase_add_test(tc, test_errcode_after_failed_call);
    tcase_add_test(tc, test_errcode_after_failed_open);
    tcase_add_test(tc, test_contexts_are_independent);
    suite_add_tcase(s, tc);
    return s;
}
