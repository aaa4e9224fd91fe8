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
 * tcase "dirs": border directories written by the test, one defect each
 * (catalogue rows, border_vertices, line parts, parties, a metadata table),
 * against the rules demarc.h states for demarc_border_open; the expected
 * phrases are the library's messages for those rules, the file named.
 */
#include <math.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
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

/* ---- border directories written here, one defect each ---------------- */

/* bad/line.geojson's line, signs_ok.csv's header and first rows. */
#define L3                                                                                 \
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"   \
    "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[60.0,40.0],[60.0,40.1],"           \
    "[60.1,40.1]]}}]}"
#define SH "id,seq,kind,lon,lat,h_m,chainage_m,next_dist_m,next_azimuth_deg,segment,provenance\n"
#define S1 "1,1,tripoint,60.0,40.0,,0.000,2775.872,0.000000,straight,fixture\n"
#define S2 "1A,2,intermediate,60.0,40.025,,2775.872,2775.884,0.000000,straight,fixture\n"
#define S3 "3,3,tripoint,60.1,40.1,,19630.475,,,,fixture\n"
/* the same line densified: defining vertices (60 40) (60 40.1) (60.1 40.1),
 * and (60 40.03) (60 40.07) (60.05 40.1) between them (an export's) */
#define DENSE "[[60.0,40.0],[60.0,40.03],[60.0,40.07],[60.0,40.1],[60.05,40.1],[60.1,40.1]]"
#define LDENSE "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\"," \
               "\"properties\":{},\"geometry\":{\"type\":\"LineString\",\"coordinates\":" DENSE \
               "}}]}"
#define FC(feats) "{\"type\":\"FeatureCollection\",\"features\":[" feats "]}"
#define PT(props, x, y) "{\"type\":\"Feature\",\"properties\":" props ",\"geometry\":" \
                        "{\"type\":\"Point\",\"coordinates\":[" x "," y "]}}"
#define VERTS3 PT("{\"vertex\":0}", "60.0", "40.0") "," PT("{\"vertex\":1}", "60.0", "40.1") \
               "," PT("{\"vertex\":2}", "60.1", "40.1")
#define SQ_AA "{\"type\":\"Feature\",\"properties\":{\"party\":\"AA\"},\"geometry\":" \
              "{\"type\":\"Polygon\",\"coordinates\":[[[59.9,40.0],[60.0,40.0],[60.0,40.1]," \
              "[59.9,40.1],[59.9,40.0]]]}}"
#define SQ_BB "{\"type\":\"Feature\",\"properties\":{\"party\":\"BB\"},\"geometry\":" \
              "{\"type\":\"Polygon\",\"coordinates\":[[[60.0,40.0],[60.1,40.0],[60.1,40.1]," \
              "[60.0,40.1],[60.0,40.0]]]}}"
#define META_AABB "{\"parties\": {\"left\": \"AA\", \"right\": \"BB\"}}"

typedef struct file_text {
    const char *name, *text;
} file_text;

/* Write DIR/name for each file (up to 4), open DIR with `o`; expect `want`,
 * *out NULL and the message naming DIR/named (the directory when NULL) and
 * containing `needle`.  Returns the border when want is DEMARC_OK. */
static demarc_border *dir_open(const char *tmp, const file_text *files,
                               const demarc_open_options *o, demarc_status want,
                               const char *named, const char *needle, const char *what)
{
    char path[4200];
    for (int i = 0; i < 4 && files[i].name; i++) {
        snprintf(path, sizeof path, "%s/%s", tmp, files[i].name);
        FILE *f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        fputs(files[i].text, f);
        ck_assert_int_eq(fclose(f), 0);
    }
    demarc_border *b = (demarc_border *)&sentinel;
    demarc_status rc = demarc_border_open(ctx, &b, tmp, o);
    const char *m = demarc_ctx_errmsg(ctx);
    ck_assert_msg(rc == want, "%s: status %s, expected %s; message \"%s\"", what,
                  demarc_status_str(rc), demarc_status_str(want), m);
    for (int i = 0; i < 4 && files[i].name; i++) {
        if (rc == DEMARC_OK) break;
        snprintf(path, sizeof path, "%s/%s", tmp, files[i].name);
        remove(path);
    }
    if (rc == DEMARC_OK) return b;
    ck_assert_msg(b == NULL, "%s: *out not NULL after a failed open", what);
    snprintf(path, sizeof path, "%s/%s", tmp, named ? named : "");
    if (!named) path[strlen(path) - 1] = '\0';
    ck_assert_msg(strstr(m, path) && strstr(m, needle), "%s: message \"%s\" lacks '%s' or '%s'",
                  what, m, path, needle);
    return NULL;
}

typedef struct dir_case {
    const char *what;
    file_text files[4];
    demarc_status want;
    const char *named, *needle; /* the file the message names, and a phrase of it */
} dir_case;

static void run_dir_cases(const dir_case *c, size_t n)
{
    char tmp[4096];
    for (size_t i = 0; i < n; i++) {
        tu_tmpdir(tmp, sizeof tmp, "baddir");
        demarc_border *b = dir_open(tmp, c[i].files, NULL, c[i].want, c[i].named, c[i].needle,
                                    c[i].what);
        demarc_border_free(b);
        tu_rm_rf(tmp);
    }
}

START_TEST(test_signs_rows)
{
    /* Each catalogue breaks one rule of the header's catalogue schema
     * (demarc.h, demarc_border_open): seq a positive whole number, unique;
     * numbers where numbers are due; next_dist_m >= 0; azimuth in [0, 360);
     * lon and lat together; without them a point geometry in range. */
    static const dir_case cases[] = {
        {"seq 1.5", {{"border.geojson", L3}, {"signs.csv", SH S1
            "1A,1.5,intermediate,60.0,40.025,,2775.872,2775.884,0.000000,straight,f\n"}},
         DEMARC_ERR_RANGE, "signs.csv", "row 2: field 'seq'"},
        {"seq 0", {{"border.geojson", L3}, {"signs.csv", SH S1
            "1A,0,intermediate,60.0,40.025,,2775.872,2775.884,0.000000,straight,f\n"}},
         DEMARC_ERR_RANGE, "signs.csv", "row 2: field 'seq'"},
        {"seq 2e9", {{"border.geojson", L3}, {"signs.csv", SH S1
            "1A,2e9,intermediate,60.0,40.025,,2775.872,2775.884,0.000000,straight,f\n"}},
         DEMARC_ERR_RANGE, "signs.csv", "row 2: field 'seq'"},
        {"seq twice", {{"border.geojson", L3}, {"signs.csv", SH S1
            "1A,1,intermediate,60.0,40.025,,2775.872,2775.884,0.000000,straight,f\n"}},
         DEMARC_ERR_FORMAT, "signs.csv", "the same seq 1"},
        {"h_m text", {{"border.geojson", L3}, {"signs.csv", SH S1
            "1A,2,intermediate,60.0,40.025,high,2775.872,2775.884,0.000000,straight,f\n"}},
         DEMARC_ERR_FORMAT, "signs.csv", "row 2: field 'h_m'"},
        {"chainage_m text", {{"border.geojson", L3}, {"signs.csv", SH S1
            "1A,2,intermediate,60.0,40.025,,far,2775.884,0.000000,straight,f\n"}},
         DEMARC_ERR_FORMAT, "signs.csv", "row 2: field 'chainage_m'"},
        {"next_dist_m text", {{"border.geojson", L3}, {"signs.csv", SH S1
            "1A,2,intermediate,60.0,40.025,,2775.872,near,0.000000,straight,f\n"}},
         DEMARC_ERR_FORMAT, "signs.csv", "row 2: field 'next_dist_m'"},
        {"next_azimuth_deg text", {{"border.geojson", L3}, {"signs.csv", SH S1
            "1A,2,intermediate,60.0,40.025,,2775.872,2775.884,north,straight,f\n"}},
         DEMARC_ERR_FORMAT, "signs.csv", "row 2: field 'next_azimuth_deg'"},
        {"next_dist_m negative", {{"border.geojson", L3}, {"signs.csv", SH S1
            "1A,2,intermediate,60.0,40.025,,2775.872,-1,0.000000,straight,f\n"}},
         DEMARC_ERR_RANGE, "signs.csv", "'next_dist_m': -1 is negative"},
        {"next_azimuth_deg negative", {{"border.geojson", L3}, {"signs.csv", SH S1
            "1A,2,intermediate,60.0,40.025,,2775.872,2775.884,-0.5,straight,f\n"}},
         DEMARC_ERR_RANGE, "signs.csv", "'next_azimuth_deg': -0.5 is outside [0, 360)"},
        {"no lat column", {{"border.geojson", L3}, {"signs.csv", "id,seq,lon\n1,1,60.0\n"}},
         DEMARC_ERR_FORMAT, "signs.csv", "missing column 'lat'"},
        {"point signs: lon 200", {{"border.geojson", L3}, {"signs.geojson",
            FC(PT("{\"id\":\"1\",\"seq\":1}", "200", "40.0"))}},
         DEMARC_ERR_RANGE, "signs.geojson", "row 1: field 'lon': 200"},
        {"point signs: lat 95", {{"border.geojson", L3}, {"signs.geojson",
            FC(PT("{\"id\":\"1\",\"seq\":1}", "60", "95"))}},
         DEMARC_ERR_RANGE, "signs.geojson", "row 1: field 'lat': 95"},
        {"point signs: lat -95", {{"border.geojson", L3}, {"signs.geojson",
            FC(PT("{\"id\":\"1\",\"seq\":1}", "60", "-95"))}},
         DEMARC_ERR_RANGE, "signs.geojson", "row 1: field 'lat': -95"},
        {"point signs: an empty point", {{"border.geojson", L3}, {"signs.geojson",
            FC("{\"type\":\"Feature\",\"properties\":{\"id\":\"1\"},\"geometry\":{\"type\":"
               "\"Point\",\"coordinates\":[]}}")}},
         DEMARC_ERR_FORMAT, "signs.geojson", "row 1: no lon/lat fields and no point geometry"},
        {"point signs: no geometry", {{"border.geojson", L3}, {"signs.geojson",
            FC("{\"type\":\"Feature\",\"properties\":{\"id\":\"1\"},\"geometry\":null}")}},
         DEMARC_ERR_FORMAT, "signs.geojson", "row 1: no lon/lat fields and no point geometry"},
        {"point signs: a line", {{"border.geojson", L3}, {"signs.geojson",
            FC("{\"type\":\"Feature\",\"properties\":{\"id\":\"1\"},\"geometry\":{\"type\":"
               "\"LineString\",\"coordinates\":[[60,40],[60,40.1]]}}")}},
         DEMARC_ERR_FORMAT, "signs.geojson", "row 1: no lon/lat fields and no point geometry"},
    };
    run_dir_cases(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(test_signs_optional_fields)
{
    /* No seq column: file order; kind and segment empty: main, none
     * (demarc.h: "kind ... empty: main", "segment ... empty: none"). */
    static const file_text files[] = {
        {"border.geojson", L3},
        {"signs.csv", "id,lon,lat,kind,segment\n1,60.0,40.0,,\n2,60.0,40.1,,\n3,60.1,40.1,,\n"},
        {NULL, NULL}};
    char tmp[4096];
    tu_tmpdir(tmp, sizeof tmp, "baddir");
    demarc_border *b = dir_open(tmp, files, NULL, DEMARC_OK, NULL, "", "optional fields");
    ck_assert_uint_eq(demarc_border_info_get(b)->sign_count, 3);
    for (size_t i = 0; i < 3; i++) {
        const demarc_sign *s = demarc_border_sign(b, i);
        ck_assert_int_eq(s->id[0], "123"[i]);
        ck_assert_int_eq(s->kind, DEMARC_SIGN_MAIN);
        ck_assert_int_eq(s->segment, DEMARC_SEGMENT_NONE);
    }
    demarc_border_free(b);
    tu_rm_rf(tmp);
}
END_TEST

START_TEST(test_line_parts)
{
    static const dir_case cases[] = {
        {"parts that meet in x only", {{"border.geojson", FC(
            "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"MultiLineString\","
            "\"coordinates\":[[[60.0,40.0],[60.0,40.1]],[[60.0,40.2],[60.1,40.1]]]}}")}},
         DEMARC_ERR_GEOMETRY, "border.geojson", "the line's parts do not join"},
        {"a MultiLineString and another feature", {{"border.geojson", FC(
            "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"MultiLineString\","
            "\"coordinates\":[[[60.0,40.0],[60.0,40.1]]]}},{\"type\":\"Feature\",\"properties\""
            ":{},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[60.0,40.1],[60.1,"
            "40.1]]}}")}},
         DEMARC_ERR_GEOMETRY, "border.geojson", "more than one line feature"},
    };
    run_dir_cases(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(test_vertices_layer)
{
    /* border_vertices of an export: points with a whole `vertex` index
     * 0..n-1, each once, in order along border_line, first and last at its
     * ends (demarc.h, demarc_border_open). */
    static const dir_case cases[] = {
        {"no vertex field", {{"border_line.geojson", LDENSE}, {"border_vertices.geojson",
            FC(PT("{\"v\":0}", "60.0", "40.0") "," PT("{\"v\":1}", "60.1", "40.1"))}},
         DEMARC_ERR_FORMAT, "border_line.geojson", "border_vertices: no field 'vertex'"},
        {"one vertex", {{"border_line.geojson", LDENSE}, {"border_vertices.geojson",
            FC(PT("{\"vertex\":0}", "60.0", "40.0"))}},
         DEMARC_ERR_GEOMETRY, "border_line.geojson", "1 vertices for a line of 6 points"},
        {"more vertices than points", {{"border_line.geojson", L3}, {"border_vertices.geojson",
            FC(VERTS3 "," PT("{\"vertex\":3}", "60.1", "40.1"))}},
         DEMARC_ERR_GEOMETRY, "border_line.geojson", "4 vertices for a line of 3 points"},
        {"vertex 0.5", {{"border_line.geojson", LDENSE}, {"border_vertices.geojson",
            FC(PT("{\"vertex\":0.5}", "60.0", "40.0") "," PT("{\"vertex\":1}", "60.1", "40.1"))}},
         DEMARC_ERR_FORMAT, "border_line.geojson", "row 1: vertex 0.5 is not a new index in 0..1"},
        {"vertex -1", {{"border_line.geojson", LDENSE}, {"border_vertices.geojson",
            FC(PT("{\"vertex\":-1}", "60.0", "40.0") "," PT("{\"vertex\":1}", "60.1", "40.1"))}},
         DEMARC_ERR_FORMAT, "border_line.geojson", "row 1: vertex -1 is not a new index"},
        {"vertex n", {{"border_line.geojson", LDENSE}, {"border_vertices.geojson",
            FC(PT("{\"vertex\":0}", "60.0", "40.0") "," PT("{\"vertex\":2}", "60.1", "40.1"))}},
         DEMARC_ERR_FORMAT, "border_line.geojson", "row 2: vertex 2 is not a new index"},
        {"vertex twice", {{"border_line.geojson", LDENSE}, {"border_vertices.geojson",
            FC(PT("{\"vertex\":0}", "60.0", "40.0") "," PT("{\"vertex\":0}", "60.1", "40.1"))}},
         DEMARC_ERR_FORMAT, "border_line.geojson", "row 2: vertex 0 is not a new index"},
        {"vertex text", {{"border_line.geojson", LDENSE}, {"border_vertices.geojson",
            FC(PT("{\"vertex\":\"first\"}", "60.0", "40.0") "," PT("{\"vertex\":\"1\"}", "60.1",
               "40.1"))}},
         DEMARC_ERR_FORMAT, "border_line.geojson", "row 1: field 'vertex'"},
        {"a vertex without geometry", {{"border_line.geojson", LDENSE},
            {"border_vertices.geojson", FC(PT("{\"vertex\":0}", "60.0", "40.0") ","
             "{\"type\":\"Feature\",\"properties\":{\"vertex\":1},\"geometry\":null}")}},
         DEMARC_ERR_GEOMETRY, "border_line.geojson", "border_vertices: row 2: not a point"},
        {"a vertex that is an empty point", {{"border_line.geojson", LDENSE},
            {"border_vertices.geojson", FC(PT("{\"vertex\":0}", "60.0", "40.0") ","
             "{\"type\":\"Feature\",\"properties\":{\"vertex\":1},\"geometry\":{\"type\":"
             "\"Point\",\"coordinates\":[]}}")}},
         DEMARC_ERR_GEOMETRY, "border_line.geojson", "border_vertices: row 2: not a point"},
        {"a vertex that is a line", {{"border_line.geojson", LDENSE},
            {"border_vertices.geojson", FC(PT("{\"vertex\":0}", "60.0", "40.0") ","
             "{\"type\":\"Feature\",\"properties\":{\"vertex\":1},\"geometry\":{\"type\":"
             "\"LineString\",\"coordinates\":[[60,40],[60.1,40.1]]}}")}},
         DEMARC_ERR_GEOMETRY, "border_line.geojson", "border_vertices: row 2: not a point"},
        {"a vertex off the line", {{"border_line.geojson", LDENSE}, {"border_vertices.geojson",
            FC(PT("{\"vertex\":0}", "60.0", "40.0") "," PT("{\"vertex\":1}", "60.0", "40.05") ","
               PT("{\"vertex\":2}", "60.1", "40.1"))}},
         DEMARC_ERR_GEOMETRY, "border_line.geojson", "vertex 1 (60.000000000, 40.050000000) is not"
         " a point, in order, of border_line"},
        {"the first vertex not first", {{"border_line.geojson", LDENSE},
            {"border_vertices.geojson", FC(PT("{\"vertex\":0}", "60.0", "40.03") ","
             PT("{\"vertex\":1}", "60.1", "40.1"))}},
         DEMARC_ERR_GEOMETRY, "border_line.geojson", "vertex 0 (60.000000000, 40.030000000) is "
         "not the first point of border_line"},
        {"the last vertex not last", {{"border_line.geojson", LDENSE},
            {"border_vertices.geojson", FC(PT("{\"vertex\":0}", "60.0", "40.0") ","
             PT("{\"vertex\":1}", "60.05", "40.1"))}},
         DEMARC_ERR_GEOMETRY, "border_line.geojson", "vertex 1 (60.050000000, 40.100000000) is "
         "not the last point of border_line"},
        {"vertices out of order", {{"border_line.geojson", LDENSE}, {"border_vertices.geojson",
            FC(PT("{\"vertex\":0}", "60.0", "40.0") "," PT("{\"vertex\":1}", "60.05", "40.1") ","
               PT("{\"vertex\":2}", "60.0", "40.07") "," PT("{\"vertex\":3}", "60.1", "40.1"))}},
         DEMARC_ERR_GEOMETRY, "border_line.geojson", "vertex 2 (60.000000000, 40.070000000) is "
         "not a point, in order, of border_line"},
    };
    run_dir_cases(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(test_vertices_drop_densification)
{
    /* The territories' points that are the export's densification points
     * go; (60 40.05), on the line but no densification point, stays.  By
     * hand: AA's ring of 11 points loses (60 40.03) (60 40.07) (60.05 40.1):
     * 8 left; BB's of 8 the same three: 5 left. */
    static const file_text files[] = {
        {"border_line.geojson", LDENSE},
        {"border_vertices.geojson", FC(VERTS3)},
        {"territories.geojson",
         FC("{\"type\":\"Feature\",\"properties\":{\"party\":\"AA\"},\"geometry\":{\"type\":"
            "\"Polygon\",\"coordinates\":[[[59.9,40.0],[60.0,40.0],[60.0,40.03],[60.0,40.05],"
            "[60.0,40.07],[60.0,40.1],[60.05,40.1],[60.1,40.1],[60.1,40.2],[59.9,40.2],"
            "[59.9,40.0]]]}},"
            "{\"type\":\"Feature\",\"properties\":{\"party\":\"BB\"},\"geometry\":{\"type\":"
            "\"Polygon\",\"coordinates\":[[[60.0,40.0],[60.1,40.0],[60.1,40.1],[60.05,40.1],"
            "[60.0,40.1],[60.0,40.07],[60.0,40.03],[60.0,40.0]]]}}")},
        {NULL, NULL}};
    static const double aa[] = {59.9, 40.0, 60.0, 40.0, 60.0, 40.05, 60.0, 40.1,
                                60.1, 40.1, 60.1, 40.2, 59.9, 40.2, 59.9, 40.0};
    static const double bb[] = {60.0, 40.0, 60.1, 40.0, 60.1, 40.1, 60.0, 40.1, 60.0, 40.0};
    char tmp[4096];
    tu_tmpdir(tmp, sizeof tmp, "baddir");
    demarc_border *b = dir_open(tmp, files, NULL, DEMARC_OK, NULL, "", "densified export");
    size_t n;
    const double *v = demarc_border_vertices(b, &n);
    static const double want[] = {60.0, 40.0, 60.0, 40.1, 60.1, 40.1};
    ck_assert_uint_eq(n, 3);
    ck_assert(!memcmp(v, want, sizeof want));
    const demarc_territory *t = demarc_border_territory(b, 0), *u = demarc_border_territory(b, 1);
    ck_assert_str_eq(t->party, "AA");
    ck_assert_uint_eq(t->point_count, 8);
    ck_assert_uint_eq(u->point_count, 5);
    /* GEOS may start a valid ring elsewhere: compare as sets of points */
    for (size_t i = 0; i < 8; i++) {
        int found = 0;
        for (size_t j = 0; j < 8; j++)
            found |= t->points[2 * j] == aa[2 * i] && t->points[2 * j + 1] == aa[2 * i + 1];
        ck_assert_msg(found, "AA point %zu missing", i);
    }
    for (size_t i = 0; i < 5; i++) {
        int found = 0;
        for (size_t j = 0; j < 5; j++)
            found |= u->points[2 * j] == bb[2 * i] && u->points[2 * j + 1] == bb[2 * i + 1];
        ck_assert_msg(found, "BB point %zu missing", i);
    }
    demarc_border_free(b);
    tu_rm_rf(tmp);
}
END_TEST

START_TEST(test_parties_and_metadata_layer)
{
    /* border.json names the parties (left, right): the territories must be
     * theirs; a metadata table (metadata.csv, rows key,value: an export's)
     * holds numbers in the ranges of demarc_border_info. */
    static const dir_case cases[] = {
        {"one party of two", {{"border.geojson", L3}, {"territories.geojson", FC(SQ_AA)},
                              {"border.json", META_AABB}},
         DEMARC_ERR_FORMAT, "territories.geojson", "territories of 1 parties, expected AA and BB"},
        {"another party", {{"border.geojson", L3}, {"territories.geojson", FC(SQ_AA "," SQ_BB)},
                           {"border.json", "{\"parties\": {\"left\": \"AA\", \"right\": \"CC\"}}"}},
         DEMARC_ERR_FORMAT, "territories.geojson",
         "territories of parties 'AA' and 'BB', expected 'AA' and 'CC'"},
        {"metadata: length text", {{"border.geojson", L3},
                                   {"metadata.csv", "key,value\ndeclared_length_m,long\n"}},
         DEMARC_ERR_FORMAT, "metadata.csv",
         "metadata: 'declared_length_m' = 'long' is not a number in [1e-09, 1e+09]"},
        {"metadata: length 12 m and more", {{"border.geojson", L3},
                                   {"metadata.csv", "key,value\ndeclared_length_m,12x\n"}},
         DEMARC_ERR_FORMAT, "metadata.csv", "'declared_length_m' = '12x' is not a number"},
        {"metadata: length inf", {{"border.geojson", L3},
                                  {"metadata.csv", "key,value\ndeclared_length_m,inf\n"}},
         DEMARC_ERR_FORMAT, "metadata.csv", "'declared_length_m' = 'inf' is not a number"},
        {"metadata: length 0", {{"border.geojson", L3},
                                {"metadata.csv", "key,value\ndeclared_length_m,0\n"}},
         DEMARC_ERR_FORMAT, "metadata.csv", "'declared_length_m' = '0' is not a number"},
        {"metadata: signs 1.5", {{"border.geojson", L3},
                                 {"metadata.csv", "key,value\ndeclared_signs,1.5\n"}},
         DEMARC_ERR_FORMAT, "metadata.csv",
         "'declared_signs' = '1.5' is not a whole number in [0, 1e+09]"},
        {"metadata: interval 20000 years", {{"border.geojson", L3},
                                  {"metadata.csv", "key,value\ninspection_interval_years,20000\n"}},
         DEMARC_ERR_FORMAT, "metadata.csv", "'inspection_interval_years' = '20000' is not a whole"},
        {"metadata: signs_modelled 2", {{"border.geojson", L3},
                                        {"metadata.csv", "key,value\nsigns_modelled,2\n"}},
         DEMARC_ERR_FORMAT, "metadata.csv",
         "'signs_modelled' = '2' is not a whole number in [0, 1]"},
        {"metadata: no key field", {{"border.geojson", L3},
                                    {"metadata.csv", "k,value\nid,x\n"}},
         DEMARC_ERR_FORMAT, "metadata.csv", "metadata: fields 'key' and 'value' expected"},
        {"the right party and another", {{"border.geojson", L3},
            {"territories.geojson", FC(SQ_BB ",{\"type\":\"Feature\",\"properties\":{\"party\":"
             "\"CC\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[59.9,40.0],[60.0,40.0],"
             "[60.0,40.1],[59.9,40.1],[59.9,40.0]]]}}")}, {"border.json", META_AABB}},
         DEMARC_ERR_FORMAT, "territories.geojson",
         "territories of parties 'BB' and 'CC', expected 'AA' and 'BB'"},
        {"territories: lon -181", {{"border.geojson", L3}, {"territories.geojson",
            FC("{\"type\":\"Feature\",\"properties\":{\"party\":\"AA\"},\"geometry\":{\"type\":"
               "\"Polygon\",\"coordinates\":[[[59.9,40.0],[60.0,40.0],[-181,40.1],[59.9,40.0]]]}"
               "}")}},
         DEMARC_ERR_RANGE, "territories.geojson",
         "feature 1 ('AA'): point (-181, 40.1) out of range"},
        {"territories: lon 181", {{"border.geojson", L3}, {"territories.geojson",
            FC("{\"type\":\"Feature\",\"properties\":{\"party\":\"AA\"},\"geometry\":{\"type\":"
               "\"Polygon\",\"coordinates\":[[[59.9,40.0],[60.0,40.0],[181,40.1],[59.9,40.0]]]}"
               "}")}},
         DEMARC_ERR_RANGE, "territories.geojson",
         "feature 1 ('AA'): point (181, 40.1) out of range"},
        {"territories: lat -91", {{"border.geojson", L3}, {"territories.geojson",
            FC("{\"type\":\"Feature\",\"properties\":{\"party\":\"AA\"},\"geometry\":{\"type\":"
               "\"Polygon\",\"coordinates\":[[[59.9,40.0],[60.0,40.0],[60,-91],[59.9,40.0]]]}"
               "}")}},
         DEMARC_ERR_RANGE, "territories.geojson",
         "feature 1 ('AA'): point (60, -91) out of range"},
        {"metadata: no value field", {{"border.geojson", L3},
                                      {"metadata.csv", "key,val\nid,x\n"}},
         DEMARC_ERR_FORMAT, "metadata.csv", "metadata: fields 'key' and 'value' expected"},
        {"territories: no feature", {{"border.geojson", L3},
                                     {"territories.csv", "WKT,party,name\n"}},
         DEMARC_ERR_EMPTY, "territories.csv", "no territory features"},
    };
    run_dir_cases(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(test_parties_ordered_and_metadata_read)
{
    /* BB's feature first: stored left (AA) then right (BB), as border.json
     * says; a metadata table's numbers read (empty: unknown). */
    static const file_text files[] = {
        {"border.geojson", L3},
        {"territories.geojson", FC(SQ_BB "," SQ_AA)},
        {"border.json", META_AABB},
        {NULL, NULL}};
    char tmp[4096];
    tu_tmpdir(tmp, sizeof tmp, "baddir");
    demarc_border *b = dir_open(tmp, files, NULL, DEMARC_OK, NULL, "", "BB first");
    ck_assert_str_eq(demarc_border_territory(b, 0)->party, "AA");
    ck_assert_str_eq(demarc_border_territory(b, 1)->party, "BB");
    demarc_border_free(b);
    tu_rm_rf(tmp);

    /* an empty left_party in the metadata: the parties from the file */
    static const file_text empty_left[] = {
        {"border.geojson", L3}, {"territories.geojson", FC(SQ_AA "," SQ_BB)},
        {"metadata.csv", "key,value\nleft_party,\n"}, {NULL, NULL}};
    tu_tmpdir(tmp, sizeof tmp, "baddir");
    b = dir_open(tmp, empty_left, NULL, DEMARC_OK, NULL, "", "empty left_party");
    ck_assert_str_eq(demarc_border_info_get(b)->left_party, "AA");
    ck_assert_str_eq(demarc_border_info_get(b)->right_party, "BB");
    demarc_border_free(b);
    tu_rm_rf(tmp);

    static const file_text one[] = {
        {"border.geojson", L3}, {"territories.geojson", FC(SQ_AA)}, {NULL, NULL}};
    tu_tmpdir(tmp, sizeof tmp, "baddir");
    b = dir_open(tmp, one, NULL, DEMARC_OK, NULL, "", "one party, no metadata");
    ck_assert_str_eq(demarc_border_info_get(b)->left_party, "AA");
    ck_assert_str_eq(demarc_border_info_get(b)->right_party, "");
    demarc_border_free(b);
    tu_rm_rf(tmp);

    static const file_text meta[] = {
        {"border.geojson", L3},
        {"metadata.csv", "key,value\nid,m1\ndeclared_length_m,\ndeclared_signs,6\n"
                         "inspection_interval_years,10\nsigns_modelled,1\nedge_model,planar\n"},
        {NULL, NULL}};
    tu_tmpdir(tmp, sizeof tmp, "baddir");
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    o.declared_edge_model = 1;
    char mpath[4200];
    snprintf(mpath, sizeof mpath, "%s/metadata.csv", tmp);
    b = dir_open(tmp, meta, &o, DEMARC_OK, NULL, "", "metadata table");
    const demarc_border_info *in = demarc_border_info_get(b);
    ck_assert_str_eq(in->id, "m1");
    ck_assert(isnan(in->declared_length_m));
    ck_assert_int_eq(in->declared_signs, 6);
    ck_assert_int_eq(in->inspection_interval_years, 10);
    ck_assert_int_eq(in->signs_modelled, 1);
    ck_assert_int_eq(in->edge_model, DEMARC_EDGE_PLANAR);
    demarc_border_free(b);
    /* an edge model the header does not name, declared and asked for */
    FILE *f = fopen(mpath, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("key,value\nedge_model,spherical\n", f);
    ck_assert_int_eq(fclose(f), 0);
    b = (demarc_border *)&sentinel;
    tu_assert_status(demarc_border_open(ctx, &b, tmp, &o), DEMARC_ERR_FORMAT);
    ck_assert_ptr_null(b);
    tu_assert_msg_has(ctx, mpath);
    tu_assert_msg_has(ctx, "the declared edge_model is not geodesic, rhumb or planar");
    tu_rm_rf(tmp);
}
END_TEST

START_TEST(test_territory_repaired)
{
    /* AA's square with a spike out and back along x = 60, y 40.1..40.15:
     * GEOS MakeValid gives a GEOMETRYCOLLECTION (the square and the
     * spike's LINESTRING: osgeo.ogr Geometry.MakeValid() says so): the square's
     * ring of 5 points stays, the line goes. */
    static const file_text files[] = {
        {"border.geojson", L3},
        {"territories.geojson",
         FC("{\"type\":\"Feature\",\"properties\":{\"party\":\"AA\"},\"geometry\":{\"type\":"
            "\"Polygon\",\"coordinates\":[[[59.9,40.0],[60.0,40.0],[60.0,40.1],[60.0,40.15],"
            "[60.0,40.1],[59.9,40.1],[59.9,40.0]]]}}," SQ_BB)},
        {NULL, NULL}};
    char tmp[4096];
    tu_tmpdir(tmp, sizeof tmp, "baddir");
    demarc_border *b = dir_open(tmp, files, NULL, DEMARC_OK, NULL, "", "spike");
    const demarc_territory *t = demarc_border_territory(b, 0);
    ck_assert_str_eq(t->party, "AA");
    ck_assert_uint_eq(t->ring_count, 1);
    ck_assert_uint_eq(t->point_count, 5);
    for (size_t i = 0; i < 5; i++) ck_assert(t->points[2 * i + 1] <= 40.1);
    demarc_border_free(b);
    tu_rm_rf(tmp);
}
END_TEST

START_TEST(test_open_arguments_and_paths)
{
    char tmp[4096], path[4200];
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    demarc_border *b = (demarc_border *)&sentinel;
    tu_path(path, sizeof path, dir, "line.geojson");
    /* options versions the header does not define */
    o.version = 0;
    tu_assert_status(demarc_border_open(ctx, &b, path, &o), DEMARC_ERR_ARG);
    ck_assert_ptr_null(b);
    tu_assert_msg_has(ctx, "options version 0");
    o.version = 99;
    b = (demarc_border *)&sentinel;
    tu_assert_status(demarc_border_open(ctx, &b, path, &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "options version 99");
    /* a directory without a line */
    tu_tmpdir(tmp, sizeof tmp, "baddir");
    b = (demarc_border *)&sentinel;
    tu_assert_status(demarc_border_open(ctx, &b, tmp, NULL), DEMARC_ERR_IO);
    ck_assert_ptr_null(b);
    tu_assert_msg_has(ctx, tmp);
    tu_assert_msg_has(ctx, "no border_line.* or border.");
    /* a metadata file that is not there */
    demarc_open_options m = DEMARC_OPEN_OPTIONS_INIT;
    char mpath[4200];
    snprintf(mpath, sizeof mpath, "%s/absent.json", tmp);
    m.metadata_path = mpath;
    b = (demarc_border *)&sentinel;
    tu_assert_status(demarc_border_open(ctx, &b, path, &m), DEMARC_ERR_IO);
    ck_assert_ptr_null(b);
    tu_assert_msg_has(ctx, mpath);
    /* territories named .json read as GeoJSON (the one-pass reader's too) */
    char tpath[4200];
    snprintf(tpath, sizeof tpath, "%s/t.json", tmp);
    FILE *f = fopen(tpath, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(FC(SQ_AA "," SQ_BB), f);
    ck_assert_int_eq(fclose(f), 0);
    demarc_open_options t = DEMARC_OPEN_OPTIONS_INIT;
    t.territories_path = tpath;
    ck_assert_msg(demarc_border_open(ctx, &b, path, &t) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    ck_assert_uint_eq(demarc_border_info_get(b)->territory_count, 2);
    demarc_border_free(b);
    tu_rm_rf(tmp);
}
END_TEST

/* A layer for write_gpkg: string fields `fields` (comma-separated, "" for
 * none), and rows "WKT;value;value..." (WKT empty: no geometry). */
typedef struct gpkg_layer {
    const char *name;
    OGRwkbGeometryType type;
    const char *fields;
    const char *rows[4];
} gpkg_layer;

static void write_gpkg(const char *path, const gpkg_layer *layers, int n)
{
    if (GDALGetDriverCount() == 0) GDALAllRegister();
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    ck_assert_ptr_nonnull(drv);
    GDALDatasetH ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    ck_assert_ptr_nonnull(ds);
    for (int k = 0; k < n; k++) {
        OGRSpatialReferenceH srs = NULL;
        if (layers[k].type != wkbNone) {
            srs = OSRNewSpatialReference(NULL);
            OSRImportFromEPSG(srs, 4326);
            OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
        }
        OGRLayerH l = GDALDatasetCreateLayer(ds, layers[k].name, srs, layers[k].type, NULL);
        if (srs) OSRDestroySpatialReference(srs);
        ck_assert_ptr_nonnull(l);
        char names[256];
        snprintf(names, sizeof names, "%s", layers[k].fields);
        for (char *t = strtok(names, ","); t; t = strtok(NULL, ",")) {
            OGRFieldDefnH fd = OGR_Fld_Create(t, OFTString);
            ck_assert_int_eq(OGR_L_CreateField(l, fd, 1), OGRERR_NONE);
            OGR_Fld_Destroy(fd);
        }
        for (int r = 0; r < 4 && layers[k].rows[r]; r++) {
            char row[1024], *save = NULL;
            snprintf(row, sizeof row, "%s", layers[k].rows[r]);
            OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
            char *wkt = strtok_r(row, ";", &save);
            if (wkt && *wkt && strcmp(wkt, "-")) {
                OGRGeometryH g = NULL;
                char *w = wkt;
                ck_assert_int_eq(OGR_G_CreateFromWkt(&w, NULL, &g), OGRERR_NONE);
                OGR_F_SetGeometryDirectly(f, g);
            }
            for (int i = 0; (wkt = strtok_r(NULL, ";", &save)) != NULL; i++)
                OGR_F_SetFieldString(f, i, wkt);
            ck_assert_int_eq(OGR_L_CreateFeature(l, f), OGRERR_NONE);
            OGR_F_Destroy(f);
        }
    }
    GDALClose(ds);
}

/* One GeoPackage holding every component (an export's), and beside it in
 * the directory the components named explicitly: those are the ones read
 * (demarc.h: explicit and DIR/ files before the line file's layers). */
static const gpkg_layer ALL_IN_ONE[] = {
    {"border_line", wkbLineString, "", {"LINESTRING (60 40,60 40.1,60.1 40.1)", NULL}},
    {"border_vertices", wkbPoint, "vertex", {"POINT (60 40);0", "POINT (60.1 40.1);1", NULL}},
    {"signs", wkbPoint, "id,seq", {"POINT (60 40);G1;1", NULL}},
    {"territories", wkbPolygon, "party",
     {"POLYGON ((59.9 40,60 40,60 40.1,59.9 40.1,59.9 40));XX",
      "POLYGON ((60 40,60.1 40,60.1 40.1,60 40.1,60 40));YY", NULL}},
};

START_TEST(test_gpkg_layers_and_explicit_files)
{
    char tmp[4096], path[4200], spath[4200];
    tu_tmpdir(tmp, sizeof tmp, "badgpkg");
    snprintf(path, sizeof path, "%s/border_line.gpkg", tmp);
    gpkg_layer layers[5];
    memcpy(layers, ALL_IN_ONE, sizeof ALL_IN_ONE);
    layers[4] = (gpkg_layer){"metadata", wkbNone, "key,value", {"-;id;from-gpkg", NULL}};
    write_gpkg(path, layers, 5);
    /* the GeoPackage alone: all its layers */
    demarc_border *b = NULL;
    ck_assert_msg(demarc_border_open(ctx, &b, path, NULL) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    ck_assert_str_eq(demarc_border_info_get(b)->id, "from-gpkg");
    ck_assert_uint_eq(demarc_border_info_get(b)->vertex_count, 2);
    ck_assert_str_eq(demarc_border_sign(b, 0)->id, "G1");
    ck_assert_str_eq(demarc_border_territory(b, 0)->party, "XX");
    demarc_border_free(b);
    /* the directory: its border_vertices, signs, territories, metadata */
    static const file_text files[] = {
        {"border_vertices.geojson", FC(VERTS3)},
        {"signs.csv", SH S1 S2 S3},
        {"territories.geojson", FC(SQ_AA "," SQ_BB)},
        {"metadata.csv", "key,value\nid,from-csv\n"}};
    b = dir_open(tmp, files, NULL, DEMARC_OK, NULL, "", "gpkg and files");
    ck_assert_str_eq(demarc_border_info_get(b)->id, "from-csv");
    ck_assert_uint_eq(demarc_border_info_get(b)->vertex_count, 3);
    ck_assert_uint_eq(demarc_border_info_get(b)->sign_count, 3);
    ck_assert_str_eq(demarc_border_territory(b, 0)->party, "AA");
    demarc_border_free(b);
    /* border.json before metadata.csv */
    snprintf(spath, sizeof spath, "%s/border.json", tmp);
    FILE *f = fopen(spath, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("{\"id\": \"from-json\"}", f);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_msg(demarc_border_open(ctx, &b, tmp, NULL) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    ck_assert_str_eq(demarc_border_info_get(b)->id, "from-json");
    demarc_border_free(b);
    tu_rm_rf(tmp);
}
END_TEST

START_TEST(test_gpkg_layer_errors)
{
    char tmp[4096], path[4200], spath[4200], line[4200];
    tu_tmpdir(tmp, sizeof tmp, "badgpkg");
    tu_path(line, sizeof line, dir, "line.geojson");
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    demarc_border *b = (demarc_border *)&sentinel;
    /* a catalogue of no layer: a KML document without folders or
     * placemarks (ogrinfo: opened by LIBKML, no layer listed) */
    snprintf(spath, sizeof spath, "%s/signs.kml", tmp);
    FILE *f = fopen(spath, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/"
          "2.2\"><Document></Document></kml>\n", f);
    ck_assert_int_eq(fclose(f), 0);
    o.signs_path = spath;
    tu_assert_status(demarc_border_open(ctx, &b, line, &o), DEMARC_ERR_EMPTY);
    ck_assert_ptr_null(b);
    tu_assert_msg_has(ctx, spath);
    tu_assert_msg_has(ctx, "no layer");
    /* a catalogue of point geometries, one empty (POINT EMPTY) */
    static const gpkg_layer empty_point[] = {
        {"signs", wkbPoint, "id", {"POINT (60 40);A", "POINT EMPTY;B", NULL}}};
    snprintf(spath, sizeof spath, "%s/empty_point.gpkg", tmp);
    write_gpkg(spath, empty_point, 1);
    b = (demarc_border *)&sentinel;
    tu_assert_status(demarc_border_open(ctx, &b, line, &o), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, spath);
    tu_assert_msg_has(ctx, "row 2: no lon/lat fields and no point geometry");
    /* border_vertices with an empty point */
    static const gpkg_layer verts[] = {
        {"border_line", wkbLineString, "", {"LINESTRING (60 40,60 40.1,60.1 40.1)", NULL}},
        {"border_vertices", wkbPoint, "vertex", {"POINT (60 40);0", "POINT EMPTY;1", NULL}}};
    snprintf(path, sizeof path, "%s/verts.gpkg", tmp);
    write_gpkg(path, verts, 2);
    b = (demarc_border *)&sentinel;
    tu_assert_status(demarc_border_open(ctx, &b, path, NULL), DEMARC_ERR_GEOMETRY);
    tu_assert_msg_has(ctx, path);
    tu_assert_msg_has(ctx, "border_vertices: row 2: not a point");
    /* two layers, neither called signs */
    static const gpkg_layer two[] = {
        {"alpha", wkbPoint, "id", {"POINT (60 40);A", NULL}},
        {"beta", wkbPoint, "id", {"POINT (60 40);B", NULL}}};
    snprintf(spath, sizeof spath, "%s/two.gpkg", tmp);
    write_gpkg(spath, two, 2);
    b = (demarc_border *)&sentinel;
    tu_assert_status(demarc_border_open(ctx, &b, line, &o), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "2 layers (alpha, beta), none named signs");
    /* a line file of 12 layers with long names, none the line: the list
     * is cut at 320 bytes, with "..." */
    gpkg_layer many[12];
    char names[12][48];
    for (int i = 0; i < 12; i++) {
        snprintf(names[i], sizeof names[i], "a_layer_with_a_rather_long_name_%02d", i);
        many[i] = (gpkg_layer){names[i], wkbPoint, "", {NULL}};
    }
    snprintf(path, sizeof path, "%s/many.gpkg", tmp);
    write_gpkg(path, many, 12);
    b = (demarc_border *)&sentinel;
    tu_assert_status(demarc_border_open(ctx, &b, path, NULL), DEMARC_ERR_FORMAT);
    ck_assert_ptr_null(b);
    tu_assert_msg_has(ctx, path);
    tu_assert_msg_has(ctx, "12 layers (a_layer_with_a_rather_long_name_00, ");
    tu_assert_msg_has(ctx, "...), none named border_line or border");
    tu_rm_rf(tmp);
}
END_TEST

START_TEST(test_virtual_paths)
{
    /* /vsimem/ files (GDAL's virtual file system): read as the same files
     * on disk are; no device and inode to note. */
    static const char text[] = L3;
    char mem[64];
    snprintf(mem, sizeof mem, "/vsimem/badinput-%p.geojson", (void *)&mem);
    VSILFILE *f = VSIFileFromMemBuffer(mem, (GByte *)text, sizeof text - 1, FALSE);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(VSIFCloseL(f), 0);
    demarc_border *b = NULL, *c = NULL;
    char path[4096];
    tu_path(path, sizeof path, dir, "line.geojson");
    ck_assert_msg(demarc_border_open(ctx, &b, mem, NULL) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    ck_assert_int_eq(demarc_border_open(ctx, &c, path, NULL), DEMARC_OK);
    size_t n, m;
    const double *p = demarc_border_vertices(b, &n), *q = demarc_border_vertices(c, &m);
    ck_assert_uint_eq(n, m);
    ck_assert(!memcmp(p, q, 2 * n * sizeof *p));
    demarc_border_free(b);
    demarc_border_free(c);
    VSIUnlink(mem);
}
END_TEST

Suite *badinput_suite(void)
{
    Suite *s = suite_create("badinput");
    TCase *td = tcase_create("dirs");
    tcase_add_checked_fixture(td, setup, teardown);
    tcase_set_timeout(td, 120);
    tcase_add_test(td, test_signs_rows);
    tcase_add_test(td, test_signs_optional_fields);
    tcase_add_test(td, test_line_parts);
    tcase_add_test(td, test_vertices_layer);
    tcase_add_test(td, test_vertices_drop_densification);
    tcase_add_test(td, test_parties_and_metadata_layer);
    tcase_add_test(td, test_parties_ordered_and_metadata_read);
    tcase_add_test(td, test_territory_repaired);
    tcase_add_test(td, test_open_arguments_and_paths);
    tcase_add_test(td, test_gpkg_layers_and_explicit_files);
    tcase_add_test(td, test_gpkg_layer_errors);
    tcase_add_test(td, test_virtual_paths);
    suite_add_tcase(s, td);
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
