#define _POSIX_C_SOURCE 200809L /* open_memstream */
/* check_locale.c -- the library reads and writes numbers with '.' whatever
 * LC_NUMERIC the host application set (GIS applications set the user's
 * locale; in de_DE or ru_RU the C library's strtod and printf use ',').
 *
 * Needs a locale with a decimal comma.  Where none is installed the test
 * says so and passes, unless DEMARC_TEST_REQUIRE_LOCALE is set, as
 * .ci/hardening.sh does after generating de_DE.UTF-8. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "testutil.h"

static int comma_locale(void)
{
    static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
                                        "fr_FR.utf8",  "ru_RU.UTF-8", "ru_RU.utf8"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!setlocale(LC_NUMERIC, names[i])) continue;
        char buf[16];
        snprintf(buf, sizeof buf, "%.1f", 1.5);
        if (!strcmp(buf, "1,5")) return 1;
    }
    setlocale(LC_NUMERIC, "C");
    return 0;
}

START_TEST(test_files_and_json_under_a_comma_locale)
{
    if (!comma_locale()) {
        ck_assert_msg(!getenv("DEMARC_TEST_REQUIRE_LOCALE"),
                      "no locale with a decimal comma is installed (locale-gen de_DE.UTF-8)");
        printf("check_locale: no decimal-comma locale installed, not tested here\n");
        return;
    }
    demarc_ctx *ctx;
    ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK);
    char dir[4096];
    tu_path(dir, sizeof dir, tu_data_dir(), "kz-uz");

    /* border.json (declared length), signs.csv (every number) from files */
    demarc_border *b = NULL;
    tu_assert_status(demarc_border_open(ctx, &b, dir, NULL), DEMARC_OK);
    const demarc_border_info *in = demarc_border_info_get(b);
    ck_assert(in->declared_length_m == 2356600.0); /* data/kz-uz/border.json */
    const demarc_sign *s = demarc_border_sign(b, 1); /* signs.csv row 2: 1A */
    ck_assert_str_eq(s->id, "1A");
    ck_assert(fabs(s->lat - 41.369270675) < 1e-12);      /* as written in signs.csv */
    ck_assert(fabs(s->chainage_m - 4996.694) < 1e-9);
    /* the GeoJSON coordinates too: GeodSolve sum over the 2,013 edges,
     * tests/data/reference_geodesic.txt */
    double line_m;
    tu_assert_status(demarc_border_length(ctx, b, &line_m), DEMARC_OK);
    ck_assert_msg(fabs(line_m - 2360691.042283) < 0.001, "length %.3f m", line_m);

    /* a validation report's JSON keeps '.' */
    demarc_catalogue *cat = NULL;
    demarc_report *rep = NULL;
    tu_assert_status(demarc_catalogue_from_border(ctx, &cat, b), DEMARC_OK);
    demarc_validate_options vo = DEMARC_VALIDATE_OPTIONS_INIT;
    vo.max_gap_m = 1000.0; /* some findings with values to print */
    tu_assert_status(demarc_catalogue_validate(ctx, &rep, b, cat, &vo), DEMARC_OK);
    ck_assert_uint_gt(demarc_report_count(rep), 0);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    ck_assert_ptr_nonnull(f);
    tu_assert_status(demarc_report_write_json(ctx, rep, f, 0), DEMARC_OK);
    fclose(f);
    ck_assert_msg(strstr(text, "\"value\": ") != NULL, "no value in %.200s", text);
    /* every "value": is a JSON number: digits, '.', no ',' inside */
    for (const char *p = strstr(text, "\"value\": "); p; p = strstr(p + 1, "\"value\": ")) {
        const char *v = p + 9;
        size_t n = strspn(v, "-0123456789.eE+");
        ck_assert_msg(n > 0 || !strncmp(v, "null", 4), "value not a number: %.30s", v);
        ck_assert_msg(v[n] == ',' || v[n] == '\n' || v[n] == '}' || v[n] == ' ' || v[n] == 'l',
                      "value with a decimal comma: %.30s", v);
    }
    /* ... and reads back, by json-c in the C locale, as exactly the doubles
     * of the report (full precision, not 6 decimals) */
    setlocale(LC_NUMERIC, "C");
    json_object *doc = json_tokener_parse(text);
    ck_assert_msg(doc != NULL, "the report is not JSON: %.200s", text);
    json_object *findings = json_object_object_get(doc, "findings");
    ck_assert_uint_eq(json_object_array_length(findings), demarc_report_count(rep));
    for (size_t i = 0; i < demarc_report_count(rep); i++) {
        const demarc_finding *x = demarc_report_finding(rep, i);
        json_object *item = json_object_array_get_idx(findings, i);
        const double want[4] = {x->lon, x->lat, x->value, x->limit};
        static const char *const keys[4] = {"lon", "lat", "value", "limit"};
        for (int k = 0; k < 4; k++) {
            json_object *v = json_object_object_get(item, keys[k]);
            if (!isfinite(want[k])) {
                ck_assert_msg(v == NULL, "finding %zu %s: null expected", i, keys[k]);
                continue;
            }
            double got = strtod(json_object_get_string(v), NULL);
            ck_assert_msg(got == want[k], "finding %zu %s: %s reads as %.17g, not %.17g", i,
                          keys[k], json_object_get_string(v), got, want[k]);
        }
    }
    json_object_put(doc);
    free(text);
    demarc_report_free(rep);
    demarc_catalogue_free(cat);
    demarc_border_free(b);
    demarc_ctx_free(ctx);
    setlocale(LC_NUMERIC, "C");
}
END_TEST

Suite *locale_suite(void)
{
    Suite *s = suite_create("locale");
    TCase *tc = tcase_create("locale");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_files_and_json_under_a_comma_locale);
    suite_add_tcase(s, tc);
    return s;
}
