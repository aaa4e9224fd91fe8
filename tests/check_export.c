/* check_export.c -- demarc_border_export in every format, reopened with
 * GDAL's own `ogrinfo` (gdal-bin, a test dependency in .ci/deps.sh; the
 * suites do not link GDAL themselves): layers, feature counts, CRS,
 * coordinates and attributes; and failures that leave nothing behind.
 *
 * Expected values from outside the code under test:
 *   counts 1 line, 1,301 signs, 2 territories: data/kz-uz (`ogrinfo -so
 *       data/kz-uz/signs.csv signs` prints Feature Count: 1301; border.json
 *       parties KZ and UZ).
 *   length_m 2360691.042282710: tests/data/reference_geodesic.txt (GeodSolve).
 *   sign 1 in UTM 41N (-85852.629372, 4598444.643424): tests/data/project/
 *       utm41.txt, `cs2cs -d 6 EPSG:4326 EPSG:32641` of 41.32428 56.00179.
 * findings: a report from demarc_catalogue_validate (issue #3) with
 *   max_gap_m = 1000 m, so that every ~5 km run gives a sign.gap warning;
 *   the layer must hold exactly demarc_report_count(report) features.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#define UTM_X0 -85852.629372   /* utm41.txt row 1 (sign 1, western tripoint) */
#define UTM_Y0 4598444.643424
#define LENGTH_M 2360691.042282710

static demarc_ctx *ctx;
static demarc_border *border;
static char dir[256];

static void setup(void)
{
    tu_open_default(&ctx, &border);
    tu_tmpdir(dir, sizeof dir, "export");
}

static void teardown(void)
{
    tu_rm_rf(dir);
    tu_close(&ctx, &border);
}

/* Entries of a folder, "." and ".." excluded. */
static int entries(const char *path)
{
    DIR *d = opendir(path);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    if (d) closedir(d);
    return n;
}

typedef struct fmt_case {
    const char *format, *name, *ext; /* ext NULL: one file; else per-layer files */
    int has_crs;                     /* the format stores a CRS */
} fmt_case;

static const fmt_case CASES[] = {
    {"GPKG", "out.gpkg", NULL, 1},      {"KML", "out.kml", NULL, 1},
    {"GeoJSON", "gj", "geojson", 1},    {"SHP", "shp", "shp", 1},
    {"FGB", "fgb", "fgb", 1},           {"CSV", "csv", "csv", 1},
};
#define NCASES (sizeof CASES / sizeof CASES[0])

/* Everything `ogrinfo ARGS` prints (stdout and stderr), malloc'd. */
static char *ogrinfo(const char *args)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "ogrinfo %s 2>&1", args);
    FILE *f = popen(cmd, "r");
    ck_assert_msg(f != NULL, "cannot run %s", cmd);
    size_t cap = 1 << 16, len = 0, n;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 4096) {
            cap *= 2;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
    }
    buf[len] = '\0';
    int st = pclose(f);
    ck_assert_msg(st == 0, "%s failed (%d): %.300s", cmd, st, buf);
    return buf;
}

/* ogrinfo arguments naming the file holding `layer` of an export, and it. */
static void layer_path(const fmt_case *c, const char *out, const char *layer, char *path,
                       size_t size)
{
    if (c->ext) snprintf(path, size, "'%s/%s.%s' %s", out, layer, c->ext, layer);
    else snprintf(path, size, "'%s' %s", out, layer);
}

/* Top-level EPSG code of the layer's CRS as ogrinfo prints it (the WKT2
 * line `    ID["EPSG",N]]` indented by 4), 0 when none. */
static int top_epsg(const char *text)
{
    const char *p = text, *hit;
    int code = 0;
    while ((hit = strstr(p, "\n    ID[\"EPSG\","))) {
        code = atoi(hit + strlen("\n    ID[\"EPSG\","));
        p = hit + 1;
    }
    return code;
}

static double field_num(const char *text, const char *name, const char *type)
{
    char key[128];
    snprintf(key, sizeof key, "  %s (%s) = ", name, type);
    const char *p = strstr(text, key);
    ck_assert_msg(p != NULL, "no field %s in %.400s", name, text);
    return atof(p + strlen(key));
}

/* Export in `crs` (NULL: WGS 84), reopen, check counts, CRS, sign 1, line. */
static void round_trip(const fmt_case *c, const char *crs, int epsg)
{
    char out[512], args[1200], lp[700];
    snprintf(out, sizeof out, "%s/%s%s", dir, crs ? "p-" : "", c->name);
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.format = c->format;
    o.crs = crs;
    o.densify_m = -1; /* the defining vertices only (densification: check_roundtrip.c) */
    demarc_status rc = demarc_border_export(ctx, border, out, &o);
    ck_assert_msg(rc == DEMARC_OK, "%s: %s", c->format, demarc_ctx_errmsg(ctx));
    static const char *layers[] = {"border_line", "signs", "territories", "border_vertices"};
    static const long counts[] = {1, 1301, 2, 2014};
    for (int k = 0; k < 4; k++) {
        layer_path(c, out, layers[k], lp, sizeof lp);
        snprintf(args, sizeof args, "-ro -so %s", lp);
        char *t = ogrinfo(args);
        const char *fc = strstr(t, "Feature Count: ");
        ck_assert_msg(fc != NULL, "%s %s: no feature count in %.300s", c->format, layers[k], t);
        long n = atol(fc + 15);
        ck_assert_msg(n == counts[k], "%s %s: %ld features, expected %ld", c->format, layers[k],
                      n, counts[k]);
        ck_assert_msg(top_epsg(t) == epsg, "%s %s: CRS EPSG:%d, expected EPSG:%d", c->format,
                      layers[k], top_epsg(t), epsg);
        free(t);
    }
    /* Sign 1, the western tripoint: attributes and position. */
    layer_path(c, out, "signs", lp, sizeof lp);
    snprintf(args, sizeof args, "-ro -q -where \"id = '1'\" %s", lp);
    char *t = ogrinfo(args);
    ck_assert_msg(strstr(t, "kind (String) = tripoint") != NULL, "%s: %.400s", c->format, t);
    if (strcmp(c->format, "KML")) tu_assert_near(field_num(t, "seq", "Integer"), 1.0, 0.0);
    const char *pt = strstr(t, "POINT (");
    ck_assert_msg(pt != NULL, "%s: no point in %.400s", c->format, t);
    double x, y;
    ck_assert_int_eq(sscanf(pt, "POINT (%lf %lf", &x, &y), 2);
    if (crs) {
        tu_assert_near(x, UTM_X0, 0.001);
        tu_assert_near(y, UTM_Y0, 0.001);
    } else {
        tu_assert_near(x, 56.00179, 1e-7); /* GeoJSON: 7 decimals (RFC 7946 sec. 11.2) */
        tu_assert_near(y, 41.32428, 1e-7);
    }
    free(t);
    /* The line: 2,014 vertices and its metadata. */
    layer_path(c, out, "border_line", lp, sizeof lp);
    snprintf(args, sizeof args, "-ro -q %s", lp);
    t = ogrinfo(args);
    const char *ls = strstr(t, "LINESTRING (");
    ck_assert_msg(ls != NULL, "%s: no line in %.300s", c->format, t);
    long commas = 0;
    for (const char *q = ls; *q && *q != ')'; q++) commas += *q == ',';
    ck_assert_int_eq(commas + 1, 2014);
    tu_assert_near(field_num(t, "length_m", "Real"), LENGTH_M, 0.001);
    ck_assert_msg(strstr(t, "id (String) = kz-uz") != NULL, "%s: %.300s", c->format, t);
    free(t);
    /* Nothing but OUT was created beside it (no temporary left). */
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        ck_assert_msg(e->d_name[0] != '.' || !strcmp(e->d_name, ".") ||
                          !strcmp(e->d_name, ".."),
                      "temporary %s left", e->d_name);
    if (d) closedir(d);
}

START_TEST(every_format_wgs84)
{
    round_trip(&CASES[_i], NULL, 4326);
}
END_TEST

START_TEST(projected_formats_utm41)
{
    /* KML and GeoJSON are WGS 84 by definition: tested below. */
    static const int idx[] = {0, 3, 4, 5}; /* GPKG, SHP, FGB, CSV */
    round_trip(&CASES[idx[_i]], "EPSG:32641", 32641);
}
END_TEST

START_TEST(wgs84_only_formats_refuse_other_crs)
{
    static const int idx[] = {1, 2}; /* KML, GeoJSON */
    const fmt_case *c = &CASES[idx[_i]];
    char out[512];
    snprintf(out, sizeof out, "%s/%s", dir, c->name);
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.format = c->format;
    o.crs = "EPSG:32641";
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "WGS 84");
    tu_assert_msg_has(ctx, "EPSG:32641");
    ck_assert_int_eq(entries(dir), 0);
    /* WGS 84 spelt another way is fine. */
    o.crs = "OGC:CRS84";
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
}
END_TEST

START_TEST(failures_leave_nothing)
{
    char out[512], file[512];
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    snprintf(out, sizeof out, "%s/x.gpkg", dir);
    o.format = "DXF";
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "unknown format 'DXF'");
    o.format = "GPKG";
    o.crs = "EPSG:999999";
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "EPSG:999999");
    ck_assert_int_eq(entries(dir), 0);
    /* A folder that cannot exist (its parent is a file). */
    snprintf(file, sizeof file, "%s/plain", dir);
    FILE *f = fopen(file, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    o.crs = NULL;
    snprintf(out, sizeof out, "%s/plain/x.gpkg", dir);
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "plain");
    o.format = "SHP";
    snprintf(out, sizeof out, "%s/plain/shp", dir);
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_IO);
    /* A folder format onto an existing file, a non-empty folder. */
    tu_assert_status(demarc_border_export(ctx, border, file, &o), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "is a file");
    ck_assert_int_eq(entries(dir), 1);
    unlink(file);
    snprintf(out, sizeof out, "%s/full", dir);
    ck_assert_int_eq(mkdir(out, 0777), 0);
    snprintf(file, sizeof file, "%s/full/keep.txt", dir);
    f = fopen(file, "w");
    fclose(f);
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "not empty");
    ck_assert_int_eq(entries(out), 1);
    /* An empty folder is filled. */
    unlink(file);
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    ck_assert_int_ge(entries(out), 9); /* 3 layers x .shp .shx .dbf (.prj .cpg) */
    tu_assert_status(demarc_border_export(ctx, NULL, out, &o), DEMARC_ERR_ARG);
    o.version = 7;
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_ARG);
}
END_TEST

typedef struct prog {
    int calls, stop_at;
    double last;
    int monotonic;
} prog;

static int on_progress(void *ud, double fraction, const char *stage)
{
    prog *p = ud;
    ck_assert_ptr_nonnull(stage);
    if (fraction < p->last) p->monotonic = 0;
    p->last = fraction;
    p->calls++;
    return p->stop_at && p->calls >= p->stop_at;
}

START_TEST(progress_and_cancel)
{
    char out[512];
    snprintf(out, sizeof out, "%s/p.gpkg", dir);
    prog p = {0, 0, 0.0, 1};
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.progress = on_progress;
    o.progress_userdata = &p;
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    ck_assert_int_ge(p.calls, 5);
    ck_assert(p.monotonic);
    tu_assert_near(p.last, 1.0, 1e-12);
    unlink(out);
    /* Cancel in the middle of the signs (GPKG and a folder format). */
    for (int k = 0; k < 2; k++) {
        prog q = {0, 4, 0.0, 1};
        o.progress_userdata = &q;
        o.format = k ? "FGB" : "GPKG";
        snprintf(out, sizeof out, "%s/%s", dir, k ? "fgb" : "c.gpkg");
        tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_CANCELLED);
        tu_assert_msg_has(ctx, "cancelled");
        ck_assert_int_eq(entries(dir), 0);
    }
}
END_TEST

START_TEST(ogrinfo_reads_it)
{
    if (system("ogrinfo --version >/dev/null 2>&1") != 0) return; /* not installed */
    char out[512], cmd[1024], line[512];
    snprintf(out, sizeof out, "%s/o.gpkg", dir);
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.crs = "EPSG:28411";
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    snprintf(cmd, sizeof cmd, "ogrinfo -ro -so -al '%s' 2>&1", out);
    FILE *f = popen(cmd, "r");
    ck_assert_ptr_nonnull(f);
    int counts = 0, epsg = 0;
    /* border_line 1, border_vertices 2014, signs 1301, territories 2, and
     * the metadata table (no CRS) 30 rows. */
    while (fgets(line, sizeof line, f)) {
        if (!strcmp(line, "Feature Count: 1301\n") || !strcmp(line, "Feature Count: 2\n") ||
            !strcmp(line, "Feature Count: 1\n") || !strcmp(line, "Feature Count: 2014\n") ||
            !strcmp(line, "Feature Count: 30\n"))
            counts++;
        if (strstr(line, "ID[\"EPSG\",28411]")) epsg++;
    }
    pclose(f);
    ck_assert_int_eq(counts, 5);
    ck_assert_int_eq(epsg, 4);
}
END_TEST

START_TEST(findings_layer)
{
    demarc_catalogue *cat = NULL;
    demarc_report *rep = NULL;
    ck_assert_int_eq(demarc_catalogue_from_border(ctx, &cat, border), DEMARC_OK);
    demarc_validate_options vo = DEMARC_VALIDATE_OPTIONS_INIT;
    vo.max_gap_m = 1000;
    ck_assert_msg(demarc_catalogue_validate(ctx, &rep, border, cat, &vo) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    size_t n = demarc_report_count(rep);
    ck_assert_uint_gt(n, 100);
    static const fmt_case gpkg = {"GPKG", "f.gpkg", NULL, 1}, shp = {"SHP", "fs", "shp", 1};
    const fmt_case *cs[2] = {&gpkg, &shp};
    for (int k = 0; k < 2; k++) {
        char out[512], lp[700], args[1200];
        snprintf(out, sizeof out, "%s/%s", dir, cs[k]->name);
        demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
        o.format = cs[k]->format;
        o.crs = "EPSG:32641";
        o.report = rep;
        tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
        layer_path(cs[k], out, "findings", lp, sizeof lp);
        snprintf(args, sizeof args, "-ro -so %s", lp);
        char *t = ogrinfo(args);
        const char *fc = strstr(t, "Feature Count: ");
        ck_assert_ptr_nonnull(fc);
        ck_assert_int_eq(atol(fc + 15), (long)n);
        ck_assert_int_eq(top_epsg(t), 32641);
        free(t);
        snprintf(args, sizeof args, "-ro -q -where \"code = 'sign.gap'\" %s", lp);
        t = ogrinfo(args);
        ck_assert_msg(strstr(t, "severity (String) = warning") != NULL, "%.400s", t);
        ck_assert_msg(strstr(t, "message (String) = ") != NULL, "%.400s", t);
        free(t);
    }
    demarc_report_free(rep);
    demarc_catalogue_free(cat);
}
END_TEST

Suite *export_suite(void)
{
    Suite *s = suite_create("export");
    TCase *tc = tcase_create("export");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, every_format_wgs84, 0, (int)NCASES);
    tcase_add_loop_test(tc, projected_formats_utm41, 0, 4);
    tcase_add_loop_test(tc, wgs84_only_formats_refuse_other_crs, 0, 2);
    tcase_add_test(tc, failures_leave_nothing);
    tcase_add_test(tc, progress_and_cancel);
    tcase_add_test(tc, ogrinfo_reads_it);
    tcase_add_test(tc, findings_layer);
    suite_add_tcase(s, tc);
    return s;
}
