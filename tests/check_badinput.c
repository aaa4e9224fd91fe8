/* check_badinput.c -- demarc_border_open on broken input: every failure
 * returns its specific status, leaves *out NULL and names the file (and,
 * for catalogue rows, the row and the field).
 *
 * Fixtures in tests/data/bad/ (written by hand, see each test):
 *   line.geojson            valid 3-vertex line 60E 40N -> 60E 40.1N -> 60.1E 40.1N
 *   joined.geojson          the same as a MultiLineString of two joining parts
 *   signs_ok.csv            valid 6-row catalogue on line.geojson (control)
 *   empty.geojson           0 bytes
 *   empty_layer.geojson     FeatureCollection without features
 *   point.geojson           a Point instead of a LineString
 *   nan.geojson             LineString with a NaN longitude (GDAL reads NaN)
 *   lat91.geojson           LineString reaching latitude 91
 *   disjoint.geojson        MultiLineString whose parts do not join
 *   signs_missing_column.csv  signs_ok.csv without the lon column
 *   signs_bad_number.csv    data row 5 (file line 6, sign "2") has lon "12.3.4"
 *   signs_duplicate_id.csv  data rows 2 and 3 both have id "1A"
 *   metadata_broken.json    truncated JSON with a bad number
 * does-not-exist.geojson and no-such-dir/ deliberately do not exist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static demarc_ctx *ctx;
static char dir[4096];
static int sentinel;

static void setup(void)
{
    ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK);
    tu_path(dir, sizeof dir, tu_test_data_dir(), "bad");
}

static void teardown(void)
{
    demarc_ctx_free(ctx);
    ctx = NULL;
}

/* Open `line` (relative to tests/data/bad) with optional catalogue/metadata
 * files; expect `want`, *out reset to NULL, and the message naming `file`. */
static void expect_open(const char *line, const char *signs, const char *meta,
                        demarc_status want, const char *file)
{
    char path[4096], spath[4096], mpath[4096];
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    demarc_border *b = (demarc_border *)&sentinel; /* must be overwritten */
    demarc_status rc;

    tu_path(path, sizeof path, dir, line);
    if (signs)
        o.signs_path = tu_path(spath, sizeof spath, dir, signs);
    if (meta)
        o.metadata_path = tu_path(mpath, sizeof mpath, dir, meta);
    rc = demarc_border_open(ctx, &b, path, &o);
    ck_assert_msg(rc == want, "open %s (signs %s, metadata %s): status %d (%s), expected %d (%s); "
                  "message \"%s\"", line, signs ? signs : "-", meta ? meta : "-", (int)rc,
                  demarc_status_str(rc), (int)want, demarc_status_str(want),
                  demarc_ctx_errmsg(ctx));
    ck_assert_msg(b == NULL, "*out not NULL after a failed open");
    tu_assert_status(demarc_ctx_errcode(ctx), want);
    tu_assert_msg_has(ctx, file);
}

START_TEST(test_controls_open)
{
    /* The fixtures are fine apart from the one defect each: these open. */
    char path[4096], spath[4096];
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    demarc_border *b = NULL;
    size_t idx;

    o.signs_path = tu_path(spath, sizeof spath, dir, "signs_ok.csv");
    tu_path(path, sizeof path, dir, "line.geojson");
    ck_assert_msg(demarc_border_open(ctx, &b, path, &o) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    ck_assert_uint_eq(demarc_border_info_get(b)->vertex_count, 3);
    ck_assert_uint_eq(demarc_border_info_get(b)->sign_count, 6);
    ck_assert_int_eq(demarc_sign_find(ctx, b, "1C", &idx), DEMARC_OK);
    ck_assert_uint_eq(idx, 3);
    demarc_border_free(b);
    b = NULL;

    tu_path(path, sizeof path, dir, "joined.geojson");
    ck_assert_msg(demarc_border_open(ctx, &b, path, NULL) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    ck_assert_uint_eq(demarc_border_info_get(b)->vertex_count, 3);
    demarc_border_free(b);
}
END_TEST

START_TEST(test_missing_file)
{
    expect_open("does-not-exist.geojson", NULL, NULL, DEMARC_ERR_IO, "does-not-exist.geojson");
}
END_TEST

START_TEST(test_missing_directory)
{
    expect_open("no-such-dir", NULL, NULL, DEMARC_ERR_IO, "no-such-dir");
    expect_open("no-such-dir/", NULL, NULL, DEMARC_ERR_IO, "no-such-dir");
}
END_TEST

START_TEST(test_missing_signs_file)
{
    /* an explicitly named catalogue must exist */
    expect_open("line.geojson", "no-signs-here.csv", NULL, DEMARC_ERR_IO, "no-signs-here.csv");
}
END_TEST

START_TEST(test_empty_file)
{
    /* "DEMARC_ERR_EMPTY: an empty file, layer or geometry" */
    expect_open("empty.geojson", NULL, NULL, DEMARC_ERR_EMPTY, "empty.geojson");
}
END_TEST

START_TEST(test_empty_layer)
{
    expect_open("empty_layer.geojson", NULL, NULL, DEMARC_ERR_EMPTY, "empty_layer.geojson");
}
END_TEST

START_TEST(test_point_not_line)
{
    expect_open("point.geojson", NULL, NULL, DEMARC_ERR_GEOMETRY, "point.geojson");
    ck_assert_msg(strstr(demarc_ctx_errmsg(ctx), "Point") ||
                      strstr(demarc_ctx_errmsg(ctx), "POINT") ||
                      strstr(demarc_ctx_errmsg(ctx), "point"),
                  "message \"%s\" does not name the geometry type found",
                  demarc_ctx_errmsg(ctx));
}
END_TEST

START_TEST(test_disjoint_multiline)
{
    /* parts must join end to start; these are ~140 km apart */
    expect_open("disjoint.geojson", NULL, NULL, DEMARC_ERR_GEOMETRY, "disjoint.geojson");
}
END_TEST

START_TEST(test_nan_coordinate)
{
    expect_open("nan.geojson", NULL, NULL, DEMARC_ERR_RANGE, "nan.geojson");
}
END_TEST

START_TEST(test_latitude_91)
{
    expect_open("lat91.geojson", NULL, NULL, DEMARC_ERR_RANGE, "lat91.geojson");
    tu_assert_msg_has(ctx, "91");
}
END_TEST

START_TEST(test_signs_missing_column)
{
    /* "DEMARC_ERR_FORMAT: malformed content: missing column" */
    expect_open("line.geojson", "signs_missing_column.csv", NULL, DEMARC_ERR_FORMAT,
                "signs_missing_column.csv");
    tu_assert_msg_has(ctx, "lon");
}
END_TEST

START_TEST(test_signs_bad_number)
{
    const char *m;

    expect_open("line.geojson", "signs_bad_number.csv", NULL, DEMARC_ERR_FORMAT,
                "signs_bad_number.csv");
    m = demarc_ctx_errmsg(ctx);
    /* the 5th data row, which is line 6 of the file */
    ck_assert_msg(strstr(m, "row 5") || strstr(m, "line 6"),
                  "message \"%s\" names neither row 5 nor line 6", m);
    tu_assert_msg_has(ctx, "lon");
}
END_TEST

START_TEST(test_library_never_prints)
{
    /* House style: the library never prints, also not through GDAL's
     * default error handler.  Capture fds 1 and 2 around failing opens. */
    FILE *cap = tmpfile();
    int saved_out, saved_err;
    long size;
    char path[4096], spath[4096];
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    demarc_border *b = NULL;

    ck_assert_ptr_nonnull(cap);
    fflush(stdout);
    fflush(stderr);
    saved_out = dup(1);
    saved_err = dup(2);
    ck_assert(saved_out >= 0 && saved_err >= 0);
    dup2(fileno(cap), 1);
    dup2(fileno(cap), 2);

    o.signs_path = tu_path(spath, sizeof spath, dir, "signs_bad_number.csv");
    (void)demarc_border_open(ctx, &b, tu_path(path, sizeof path, dir, "line.geojson"), &o);
    o.signs_path = tu_path(spath, sizeof spath, dir, "signs_missing_column.csv");
    (void)demarc_border_open(ctx, &b, path, &o);
    (void)demarc_border_open(ctx, &b, tu_path(path, sizeof path, dir, "empty.geojson"), NULL);
    (void)demarc_border_open(ctx, &b, tu_path(path, sizeof path, dir, "nan.geojson"), NULL);
    (void)demarc_border_open(ctx, &b, tu_path(path, sizeof path, dir, "point.geojson"), NULL);
    (void)demarc_border_open(ctx, &b, tu_path(path, sizeof path, dir, "metadata_broken.json"),
                             NULL);

    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(saved_out);
    close(saved_err);
    fseek(cap, 0, SEEK_END);
    size = ftell(cap);
    if (size > 0) {
        char text[512] = "";
        rewind(cap);
        text[fread(text, 1, sizeof text - 1, cap)] = '\0';
        fclose(cap);
        ck_abort_msg("the library printed %ld bytes: %s", size, text);
    }
    fclose(cap);
}
END_TEST

START_TEST(test_signs_duplicate_id)
{
    expect_open("line.geojson", "signs_duplicate_id.csv", NULL, DEMARC_ERR_FORMAT,
                "signs_duplicate_id.csv");
    tu_assert_msg_has(ctx, "1A");
}
END_TEST

START_TEST(test_metadata_broken)
{
    expect_open("line.geojson", NULL, "metadata_broken.json", DEMARC_ERR_FORMAT,
                "metadata_broken.json");
}
END_TEST

/* border.json read by json-c: each defect named with the file and the line
 * (syntax) or the key (a value of the wrong kind).  Expected texts follow
 * from the documents below; json-c's own wording is not pinned. */
START_TEST(test_metadata_messages)
{
    static const struct { const char *text, *want1, *want2; } cases[] = {
        {"{\"id\": \"x\",\n \"declared_length_m\": 12.3.4}", "line 2", "invalid JSON"},
        {"{\"id\": \"x\", \"declared_length_m\": \"long\"}", "\"declared_length_m\"",
         "expected a number, not string"},
        {"{\"id\": \"x\", \"declared_length_m\": -5}", "\"declared_length_m\"", "positive"},
        {"{\"id\": \"x\", \"declared_signs\": 12.5}", "\"declared_signs\"", "whole number"},
        {"{\"id\": 7}", "\"id\"", "expected a string, not int"},
        {"{\"signs_modelled\": \"yes\"}", "\"signs_modelled\"", "true or false"},
        {"{\"parties\": {\"left\": [\"KZ\"]}}", "\"parties.left\"", "expected a string"},
        {"{\"extra\": [1, NaN]}", "\"extra[1]\"", "not finite"},
        {"{\"id\": \"a\\u0000b\"}", "\"id\"", "U+0000"},
        {"{\"id\": \"x\"}\n\n{\"id\": \"y\"}", "line 3", "trailing content"},
        {"{\"id\": \"x\",\n\"name\": \"Kaz\xff\"}", "line 2", "invalid JSON"},
        {"{\"id\": \"x\",\n\"name\":", "line 2", "unexpected end of file"},
        {"[1, 2]", "line 1", "expected a JSON object"},
        {"{\"id\": \"x\",\n\"name\": \"a\\ud800b\"}", "line 2", "unpaired surrogate"},
        {"{\"id\": \"x\", \"name\": \"a\\udc00\"}", "line 1", "unpaired surrogate"},
        /* json-c 0.16 reads '...' as a string even when strict */
        {"{\"id\": \"x\",\n'name': \"y\"}", "line 2", "single quotes"},
        {"{\"id\": 'x'}", "line 1", "invalid JSON"}, /* json-c refuses this one */
        /* ... but a ' inside a "..." string is text: the error is elsewhere */
        {"{\"id\": \"it's\", \"name\": \"\\\"'\\\"\", \"declared_length_m\": -5}",
         "\"declared_length_m\"", "positive"},
    };
    char tmp[4096], path[4096 + 32], line[4096];
    tu_tmpdir(tmp, sizeof tmp, "badmeta");
    tu_path(line, sizeof line, dir, "line.geojson");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(path, sizeof path, "%s/meta%zu.json", tmp, i);
        FILE *f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        fputs(cases[i].text, f);
        ck_assert_int_eq(fclose(f), 0);
        demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
        o.metadata_path = path;
        demarc_border *b = NULL;
        demarc_status rc = demarc_border_open(ctx, &b, line, &o);
        const char *m = demarc_ctx_errmsg(ctx);
        ck_assert_msg(rc == DEMARC_ERR_FORMAT, "case %zu: status %d, message \"%s\"", i,
                      (int)rc, m);
        ck_assert_msg(strstr(m, path) && strstr(m, cases[i].want1) && strstr(m, cases[i].want2),
                      "case %zu: message \"%s\" lacks the file, '%s' or '%s'", i, m,
                      cases[i].want1, cases[i].want2);
        remove(path);
    }
    remove(tmp);
}
END_TEST

START_TEST(test_bad_arguments)
{
    char path[4096];
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    demarc_border *b = (demarc_border *)&sentinel;

    tu_path(path, sizeof path, dir, "line.geojson");
    tu_assert_status(demarc_border_open(ctx, &b, NULL, NULL), DEMARC_ERR_ARG);
    ck_assert_ptr_null(b);
    ck_assert_msg(demarc_ctx_errmsg(ctx)[0] != '\0', "no message for a NULL path");
    tu_assert_status(demarc_border_open(ctx, NULL, path, NULL), DEMARC_ERR_ARG);
    ck_assert_msg(demarc_ctx_errmsg(ctx)[0] != '\0', "no message for a NULL out");

    /* an edge model the header does not define: "bad option value" */
    b = (demarc_border *)&sentinel;
    o.edge_model = (demarc_edge_model)42;
    tu_assert_status(demarc_border_open(ctx, &b, path, &o), DEMARC_ERR_ARG);
    ck_assert_ptr_null(b);
    tu_assert_msg_has(ctx, "42");
    b = (demarc_border *)&sentinel;
    tu_assert_status(demarc_border_open_default(ctx, &b, &o), DEMARC_ERR_ARG);
    ck_assert_ptr_null(b);
    tu_assert_msg_has(ctx, "42");
}
END_TEST

Suite *badinput_suite(void)
{
    Suite *s = suite_create("badinput");
    TCase *tc = tcase_create("open");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_controls_open);
    tcase_add_test(tc, test_missing_file);
    tcase_add_test(tc, test_missing_directory);
    tcase_add_test(tc, test_missing_signs_file);
    tcase_add_test(tc, test_empty_file);
    tcase_add_test(tc, test_empty_layer);
    tcase_add_test(tc, test_point_not_line);
    tcase_add_test(tc, test_disjoint_multiline);
    tcase_add_test(tc, test_nan_coordinate);
    tcase_add_test(tc, test_latitude_91);
    tcase_add_test(tc, test_signs_missing_column);
    tcase_add_test(tc, test_signs_bad_number);
    tcase_add_test(tc, test_signs_duplicate_id);
    tcase_add_test(tc, test_metadata_broken);
    tcase_add_test(tc, test_metadata_messages);
    tcase_add_test(tc, test_bad_arguments);
    tcase_add_test(tc, test_library_never_prints);
    suite_add_tcase(s, tc);
    return s;
}
