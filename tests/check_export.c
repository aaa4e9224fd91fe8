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

#include <gdal.h>

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


/* ---- the small fixture: no catalogue, no border.json ------------------ */

/* tests/data/small (README there): the line 60E 40N -> 60E 40.1N -> 60.1E
 * 40.1N, parties AA and BB, no signs, no metadata file.  Its length from
 * GeodSolve -i -p 9: "40 60 40.1 60" -> 11103.559364591 m and
 * "40.1 60 40.1 60.1" -> 8526.915481053 m, 19630.474845644 m in all. */
#define SMALL_LENGTH_M 19630.474845644

static demarc_border *open_fixture(const char *rel)
{
    char path[4096];
    demarc_border *b = NULL;
    tu_path(path, sizeof path, tu_test_data_dir(), rel);
    ck_assert_msg(demarc_border_open(ctx, &b, path, NULL) == DEMARC_OK, "%s: %s", path,
                  demarc_ctx_errmsg(ctx));
    return b;
}

static long feature_count(const char *text)
{
    const char *fc = strstr(text, "Feature Count: ");
    ck_assert_msg(fc != NULL, "no feature count in %.300s", text);
    return atol(fc + 15);
}

START_TEST(small_border_every_format)
{
    const fmt_case *c = &CASES[_i];
    demarc_border *b = open_fixture("small");
    char out[512], lp[700], args[1200];
    snprintf(out, sizeof out, "%s/%s", dir, c->name);
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.format = c->format;
    o.densify_m = -1;
    tu_assert_status(demarc_border_export(ctx, b, out, &o), DEMARC_OK);
    static const char *layers[] = {"border_line", "border_vertices", "signs", "territories"};
    static const long counts[] = {1, 3, 0, 2};
    for (int k = 0; k < 4; k++) {
        layer_path(c, out, layers[k], lp, sizeof lp);
        snprintf(args, sizeof args, "-ro -so %s", lp);
        char *t = ogrinfo(args);
        ck_assert_msg(feature_count(t) == counts[k], "%s %s: %ld features, expected %ld",
                      c->format, layers[k], feature_count(t), counts[k]);
        free(t);
    }
    layer_path(c, out, "border_line", lp, sizeof lp);
    snprintf(args, sizeof args, "-ro -q %s", lp);
    char *t = ogrinfo(args);
    const char *ls = strstr(t, "LINESTRING (");
    ck_assert_msg(ls != NULL, "%s: no line in %.300s", c->format, t);
    double x[3], y[3];
    ck_assert_int_eq(sscanf(ls, "LINESTRING (%lf %lf,%lf %lf,%lf %lf)", &x[0], &y[0], &x[1],
                            &y[1], &x[2], &y[2]), 6);
    tu_assert_near(x[0], 60.0, 1e-12);
    tu_assert_near(y[1], 40.1, 1e-12);
    tu_assert_near(x[2], 60.1, 1e-12);
    tu_assert_near(field_num(t, "length_m", "Real"), SMALL_LENGTH_M, 1e-6);
    /* no border.json: no declared figures (null or unset, never 0 or -1) */
    const char *decl[] = {"decl_signs (Integer) = ", "declared_signs (Integer) = ",
                          "insp_years (Integer) = ", "inspection_interval_years (Integer) = ",
                          "decl_len_m (Real) = ", "declared_length_m (Real) = "};
    for (int k = 0; k < 6; k++) {
        const char *v = strstr(t, decl[k]);
        ck_assert_msg(!v || !strncmp(v + strlen(decl[k]), "(null)", 6), "%s: %.60s",
                      c->format, v);
    }
    ck_assert_msg(strstr(t, "AA") != NULL, "%s: %.400s", c->format, t);
    free(t);
    demarc_border_free(b);
}
END_TEST

START_TEST(line_only_border_has_no_territories)
{
    /* tests/data/bad/line.geojson is the fixture's line alone. */
    demarc_border *b = open_fixture("bad/line.geojson");
    ck_assert_uint_eq(demarc_border_info_get(b)->territory_count, 0);
    char out[512], args[700];
    snprintf(out, sizeof out, "%s/line.gpkg", dir);
    tu_assert_status(demarc_border_export(ctx, b, out, NULL), DEMARC_OK);
    snprintf(args, sizeof args, "-ro -so '%s'", out);
    char *t = ogrinfo(args);
    ck_assert_msg(strstr(t, "territories") == NULL, "%.600s", t);
    ck_assert_msg(strstr(t, "border_line") != NULL && strstr(t, "signs") != NULL, "%.600s", t);
    free(t);
    demarc_border_free(b);
}
END_TEST

/* ---- names of formats, paths and options ------------------------------ */

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

START_TEST(format_names_and_paths)
{
    /* GDAL's names and the aliases documented in demarc/io.h */
    static const struct { const char *format, *name, *probe; } names[] = {
        {"geopackage", "a.gpkg", ""},
        {"json", "b", "/border_line.geojson"},
        {"ESRI Shapefile", "c", "/signs.shp"},
        {"shapefile", "d", "/signs.dbf"},
        {"FlatGeobuf", "e", "/territories.fgb"},
    };
    char out[512], probe[600];
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.densify_m = -1;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        o.format = names[k].format;
        snprintf(out, sizeof out, "%s/%s", dir, names[k].name);
        ck_assert_msg(demarc_border_export(ctx, border, out, &o) == DEMARC_OK, "%s: %s",
                      names[k].format, demarc_ctx_errmsg(ctx));
        snprintf(probe, sizeof probe, "%s%s", out, names[k].probe);
        ck_assert_msg(exists(probe), "%s: no %s", names[k].format, probe);
    }
    /* .json names GeoJSON; trailing slashes are dropped */
    o.format = NULL;
    snprintf(out, sizeof out, "%s/f.json//", dir);
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    snprintf(probe, sizeof probe, "%s/f.json/signs.geojson", dir);
    ck_assert(exists(probe));
    /* a dot in a folder's name is no extension */
    snprintf(out, sizeof out, "%s/v1.2/out", dir);
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "no extension");
    /* a relative name with an unknown extension */
    char cwd[512];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    ck_assert_int_eq(chdir(dir), 0);
    tu_assert_status(demarc_border_export(ctx, border, "out.xyz", &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "unknown extension '.xyz'");
    ck_assert_int_eq(chdir(cwd), 0);
    /* no output */
    tu_assert_status(demarc_border_export(ctx, border, NULL, &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "output path is NULL or empty");
    tu_assert_status(demarc_border_export(ctx, border, "", &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "output path");
    tu_assert_status(demarc_border_export(NULL, border, "x.gpkg", &o), DEMARC_ERR_ARG);
    /* a path longer than PATH_MAX */
    char *longp = malloc(5000);
    ck_assert_ptr_nonnull(longp);
    memset(longp, 'a', 4990);
    memcpy(longp + 4990, ".gpkg", 6);
    tu_assert_status(demarc_border_export(ctx, border, longp, &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "too long");
    free(longp);
    /* densify_m: not finite, below the 0.1 mm kept */
    snprintf(out, sizeof out, "%s/d.gpkg", dir);
    o.densify_m = NAN;
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "not finite");
    o.densify_m = 5e-5;
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "below 0.1 mm");
    /* options version 0 is unknown; version 1 has no densify_m: its
     * default, 0.10 m, applies whatever the field holds */
    o.version = 0;
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "version 0");
    o.version = 1;
    o.densify_m = -1;
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    char args[700];
    snprintf(args, sizeof args, "-ro -q -where \"key = 'densify_m'\" '%s' metadata", out);
    char *t = ogrinfo(args);
    ck_assert_msg(strstr(t, "value (String) = 0.1\n") != NULL, "%.400s", t);
    free(t);
    /* a.gpkg b c d e f.json d.gpkg: the refused paths left nothing */
    ck_assert_int_eq(entries(dir), 7);
}
END_TEST

/* ---- what is at OUT already ------------------------------------------- */

/* The bytes of a file, for "unchanged" (malloc'd, *len set). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void assert_same_bytes(const char *path, const char *was, size_t was_len)
{
    size_t n;
    char *now = slurp(path, &n);
    ck_assert_msg(n == was_len && !memcmp(now, was, n), "%s changed", path);
    free(now);
}

static void run(const char *cmd)
{
    ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
}

START_TEST(existing_files_of_others)
{
    char out[512], cmd[8192], src[4096], csv[600];
    size_t n;
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.densify_m = -1;
    /* a folder where one file is to be written */
    snprintf(out, sizeof out, "%s/folder.gpkg", dir);
    ck_assert_int_eq(mkdir(out, 0777), 0);
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "is a folder; this format writes one file");
    ck_assert_int_eq(entries(out), 0);
    /* someone's GeoPackage (ogr2ogr of the fixture's line: no metadata
     * layer) is refused and left as it was */
    tu_path(src, sizeof src, tu_test_data_dir(), "small/border.geojson");
    snprintf(out, sizeof out, "%s/theirs.gpkg", dir);
    snprintf(cmd, sizeof cmd, "ogr2ogr -f GPKG '%s' '%s'", out, src);
    run(cmd);
    char *was = slurp(out, &n);
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "exists and is not an export of libdemarc");
    assert_same_bytes(out, was, n);
    free(was);
    /* a metadata table of another program, and one without key/value */
    static const char *tables[] = {"key,value\ngenerator,QGIS 3.28\nname,x\n",
                                   "k,v\ngenerator,libdemarc 0.1.0\n",
                                   "key,v\ngenerator,libdemarc 0.1.0\n"};
    for (int k = 0; k < 3; k++) {
        snprintf(csv, sizeof csv, "%s/metadata.csv", dir);
        FILE *f = fopen(csv, "w");
        ck_assert_ptr_nonnull(f);
        fputs(tables[k], f);
        fclose(f);
        snprintf(out, sizeof out, "%s/meta%d.gpkg", dir, k);
        snprintf(cmd, sizeof cmd, "ogr2ogr -f GPKG '%s' '%s' -nln metadata", out, csv);
        run(cmd);
        unlink(csv);
        was = slurp(out, &n);
        tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_IO);
        tu_assert_msg_has(ctx, "not an export of libdemarc");
        assert_same_bytes(out, was, n);
        free(was);
    }
    /* the root folder, for a one-file format */
    o.format = "GPKG";
    tu_assert_status(demarc_border_export(ctx, border, "/", &o), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "export /: is a folder");
    o.format = NULL;
    /* a border read from files, written over someone's file: on the same
     * file system (/tmp, like tests/data here) and on another (/dev/shm) */
    demarc_border *small = open_fixture("small");
    snprintf(out, sizeof out, "%s/theirs.gpkg", dir);
    tu_assert_status(demarc_border_export(ctx, small, out, &o), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "not an export of libdemarc");
    char shm[64];
    snprintf(shm, sizeof shm, "/dev/shm/demarc-export-%ld.gpkg", (long)getpid());
    FILE *sf = fopen(shm, "w");
    if (sf) { /* no /dev/shm: nothing to compare */
        fputs("theirs", sf);
        fclose(sf);
        tu_assert_status(demarc_border_export(ctx, small, shm, &o), DEMARC_ERR_IO);
        tu_assert_msg_has(ctx, "not an export of libdemarc");
        was = slurp(shm, &n);
        ck_assert(n == 6 && !memcmp(was, "theirs", 6));
        free(was);
        unlink(shm);
    }
    demarc_border_free(small);
    /* force replaces it with an export (five layers, read by ogrinfo) */
    o.force = 1;
    snprintf(out, sizeof out, "%s/theirs.gpkg", dir);
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    snprintf(cmd, sizeof cmd, "-ro -so '%s' metadata", out);
    char *t = ogrinfo(cmd);
    ck_assert_int_eq(feature_count(t), 30);
    free(t);
}
END_TEST

START_TEST(existing_folder_export_with_other_files)
{
    char out[512], extra[600], shp[600];
    size_t n;
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.format = "SHP";
    o.densify_m = -1;
    snprintf(out, sizeof out, "%s/shp", dir);
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    int files = entries(out);
    snprintf(shp, sizeof shp, "%s/signs.shp", out);
    char *was = slurp(shp, &n);
    /* a file of someone's beside the layers: without an extension, with
     * a layer's stem but not an export's extension */
    static const char *theirs[] = {"README", "signs.txt"};
    for (int k = 0; k < 2; k++) {
        snprintf(extra, sizeof extra, "%s/%s", out, theirs[k]);
        FILE *f = fopen(extra, "w");
        ck_assert_ptr_nonnull(f);
        fputs("notes\n", f);
        fclose(f);
        tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_IO);
        tu_assert_msg_has(ctx, "is not (only) an export of libdemarc");
        ck_assert(exists(extra));
        assert_same_bytes(shp, was, n);
        unlink(extra);
    }
    /* force: files are replaced, never a folder or a link inside */
    o.force = 1;
    static const char *kinds[] = {"folder", "link"};
    for (int k = 0; k < 2; k++) {
        snprintf(extra, sizeof extra, "%s/sub", out);
        if (k == 0) ck_assert_int_eq(mkdir(extra, 0777), 0);
        else ck_assert_int_eq(symlink("signs.shp", extra), 0);
        tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_IO);
        ck_assert_msg(strstr(demarc_ctx_errmsg(ctx), "sub-folders or links") != NULL, "%s: %s",
                      kinds[k], demarc_ctx_errmsg(ctx));
        ck_assert(exists(extra));
        assert_same_bytes(shp, was, n);
        if (k == 0) rmdir(extra);
        else unlink(extra);
    }
    ck_assert_int_eq(entries(out), files);
    free(was);
    /* an earlier FlatGeobuf export whose metadata file another tool
     * rewrote under another layer name (ogr2ogr -nln) is still ours: its
     * one layer holds the generator row, and it is replaced */
    o.format = "FGB";
    o.force = 0;
    snprintf(out, sizeof out, "%s/fgb", dir);
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "ogr2ogr -f FlatGeobuf '%s/m.fgb' '%s/metadata.fgb' -nln renamed && "
             "mv '%s/m.fgb' '%s/metadata.fgb'", dir, out, dir, out);
    run(cmd);
    snprintf(cmd, sizeof cmd, "-ro -so '%s/metadata.fgb'", out);
    char *t = ogrinfo(cmd);
    ck_assert_msg(strstr(t, "1: renamed (") != NULL, "%.300s", t);
    free(t);
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    t = ogrinfo(cmd);
    ck_assert_msg(strstr(t, "1: metadata (") != NULL, "%.300s", t);
    free(t);
    o.format = "SHP";
    /* a folder whose metadata.dbf is a folder is no export of ours */
    snprintf(out, sizeof out, "%s/odd", dir);
    ck_assert_int_eq(mkdir(out, 0777), 0);
    snprintf(extra, sizeof extra, "%s/metadata.dbf", out);
    ck_assert_int_eq(mkdir(extra, 0777), 0);
    o.force = 0;
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "is not (only) an export of libdemarc");
    ck_assert_int_eq(entries(out), 1);
}
END_TEST

/* ---- findings of a bad catalogue ---------------------------------------- */

START_TEST(findings_errors_and_no_place)
{
    /* The first 100 rows of data/kz-uz/signs.csv: 1,301 declared (border.json),
     * so catalogue.count is an error, and it has no place. */
    char src[4096], cat_path[600], line[1024];
    tu_path(src, sizeof src, tu_data_dir(), "kz-uz/signs.csv");
    snprintf(cat_path, sizeof cat_path, "%s/first100.csv", dir);
    FILE *in = fopen(src, "r"), *outf = fopen(cat_path, "w");
    ck_assert(in && outf);
    for (int k = 0; k < 101 && fgets(line, sizeof line, in); k++) fputs(line, outf);
    fclose(in);
    fclose(outf);
    demarc_catalogue *cat = NULL;
    demarc_report *rep = NULL;
    ck_assert_msg(demarc_catalogue_open(ctx, &cat, cat_path, NULL) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    ck_assert_int_eq(demarc_catalogue_validate(ctx, &rep, border, cat, NULL), DEMARC_OK);
    size_t nerr = demarc_report_count_severity(rep, DEMARC_SEVERITY_ERROR), noplace = 0;
    for (size_t i = 0; i < demarc_report_count(rep); i++)
        noplace += isnan(demarc_report_finding(rep, i)->lon);
    ck_assert_uint_gt(nerr, 0);
    ck_assert_uint_gt(noplace, 0);
    unlink(cat_path);
    char out[512], args[1200];
    snprintf(out, sizeof out, "%s/f.gpkg", dir);
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.report = rep;
    o.densify_m = -1;
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    snprintf(args, sizeof args,
             "-ro -so -dialect SQLite -sql \"SELECT * FROM findings WHERE severity = 'error'\" '%s'",
             out);
    char *t = ogrinfo(args);
    ck_assert_int_eq(feature_count(t), (long)nerr);
    free(t);
    snprintf(args, sizeof args,
             "-ro -so -dialect SQLite -sql \"SELECT * FROM findings WHERE geom IS NULL\" '%s'",
             out);
    t = ogrinfo(args);
    ck_assert_int_eq(feature_count(t), (long)noplace);
    free(t);
    snprintf(args, sizeof args, "-ro -q -where \"code = 'catalogue.count'\" '%s' findings", out);
    t = ogrinfo(args);
    ck_assert_msg(strstr(t, "severity (String) = error") != NULL, "%.400s", t);
    ck_assert_msg(strstr(t, "POINT") == NULL, "%.400s", t);
    free(t);
    demarc_report_free(rep);
    demarc_catalogue_free(cat);
}
END_TEST

/* ---- CRS given as WKT; CRS whose domain leaves part of the border out ---- */

START_TEST(crs_as_wkt)
{
    /* PROJ's projinfo spells EPSG:32641 as WKT (over 1,000 characters) */
    FILE *p = popen("projinfo -q -o WKT2_2019 --single-line EPSG:32641", "r");
    ck_assert_ptr_nonnull(p);
    char wkt[8192];
    size_t n = fread(wkt, 1, sizeof wkt - 1, p);
    ck_assert_int_eq(pclose(p), 0);
    wkt[n] = '\0';
    while (n && (wkt[n - 1] == '\n' || wkt[n - 1] == ' ')) wkt[--n] = '\0';
    ck_assert_uint_gt(n, 250);
    char out[512], args[1200];
    snprintf(out, sizeof out, "%s/wkt.gpkg", dir);
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.crs = wkt;
    o.densify_m = -1;
    ck_assert_msg(demarc_border_export(ctx, border, out, &o) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    snprintf(args, sizeof args, "-ro -so '%s' signs", out);
    char *t = ogrinfo(args);
    ck_assert_int_eq(top_epsg(t), 32641);
    free(t);
    snprintf(args, sizeof args, "-ro -q -where \"id = '1'\" '%s' signs", out);
    t = ogrinfo(args);
    const char *pt = strstr(t, "POINT (");
    ck_assert_ptr_nonnull(pt);
    double x, y;
    ck_assert_int_eq(sscanf(pt, "POINT (%lf %lf", &x, &y), 2);
    tu_assert_near(x, UTM_X0, 0.001);
    tu_assert_near(y, UTM_Y0, 0.001);
    free(t);
}
END_TEST

START_TEST(crs_domain_excludes_part)
{
    /* Orthographic views show one hemisphere.  Centred at 41S 116W (the
     * antipode of the border area) no point of the line is visible; centred
     * at 0N 10W every point of the line is within 84 degrees (great-circle
     * angle from the centre, python3 over data/kz-uz/border.geojson) but
     * the territories reach 95 degrees (north-east Kazakhstan). */
    static const struct { const char *crs, *what; } cases[] = {
        {"+proj=ortho +lat_0=-41 +lon_0=-116 +datum=WGS84 +type=crs", "border_line"},
        {"+proj=ortho +lat_0=0 +lon_0=-10 +datum=WGS84 +type=crs", "territories"},
    };
    char out[512];
    snprintf(out, sizeof out, "%s/ortho.gpkg", dir);
    for (int k = 0; k < 2; k++) {
        demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
        o.crs = cases[k].crs;
        o.densify_m = -1;
        tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_CRS);
        tu_assert_msg_has(ctx, cases[k].what);
        tu_assert_msg_has(ctx, "ortho.gpkg");
        ck_assert_int_eq(entries(dir), 0);
    }
}
END_TEST

/* A catalogue whose second sign sits in the other hemisphere (120W 40S: its
 * longitude and latitude signs flipped), with the small fixture's line: an
 * orthographic view centred on the line (60E 40N) cannot show that sign
 * (over 90 degrees away), so an export of the signs fails naming the layer
 * and the point; exported without the catalogue but with the findings of
 * its validation, the findings layer fails the same way. */
START_TEST(far_sign_outside_the_crs)
{
    char csv[600], small[4096], out[512];
    snprintf(csv, sizeof csv, "%s/far.csv", dir);
    FILE *f = fopen(csv, "w");
    ck_assert_ptr_nonnull(f);
    fputs("id,seq,kind,lon,lat,h_m,chainage_m,next_dist_m,next_azimuth_deg,segment,provenance\n"
          "1,1,tripoint,60.0,40.0,,0,,,straight,test\n"
          "2,2,main,-120.0,-40.0,,,,,,test\n", f);
    fclose(f);
    tu_path(small, sizeof small, tu_test_data_dir(), "small");
    demarc_open_options oo = DEMARC_OPEN_OPTIONS_INIT;
    oo.signs_path = csv;
    demarc_border *b = NULL;
    ck_assert_msg(demarc_border_open(ctx, &b, small, &oo) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.crs = "+proj=ortho +lat_0=40 +lon_0=60 +datum=WGS84 +type=crs";
    snprintf(out, sizeof out, "%s/far.gpkg", dir);
    tu_assert_status(demarc_border_export(ctx, b, out, &o), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "signs: point 1");
    demarc_border_free(b);
    demarc_border *plain = open_fixture("small");
    demarc_catalogue *cat = NULL;
    demarc_report *rep = NULL;
    ck_assert_msg(demarc_catalogue_open(ctx, &cat, csv, NULL) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    ck_assert_int_eq(demarc_catalogue_validate(ctx, &rep, plain, cat, NULL), DEMARC_OK);
    int far = 0;
    for (size_t i = 0; i < demarc_report_count(rep); i++)
        far |= demarc_report_finding(rep, i)->lon == -120.0;
    ck_assert(far);
    o.report = rep;
    tu_assert_status(demarc_border_export(ctx, plain, out, &o), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "findings");
    unlink(csv);
    ck_assert_int_eq(entries(dir), 0);
    o.report = NULL; /* without them it is written */
    tu_assert_status(demarc_border_export(ctx, plain, out, &o), DEMARC_OK);
    demarc_report_free(rep);
    demarc_catalogue_free(cat);
    demarc_border_free(plain);
}
END_TEST

/* ---- the file system and GDAL refusing ----------------------------------- */

START_TEST(name_too_long_for_the_file_system)
{
    /* A file name of 300 bytes (NAME_MAX is 255): the folder beside it
     * can be made, the file in it cannot. */
    char out[600];
    int k = snprintf(out, sizeof out, "%s/", dir);
    memset(out + k, 'n', 295);
    snprintf(out + k + 295, sizeof out - (size_t)k - 295, ".gpkg");
    tu_assert_status(demarc_border_export(ctx, border, out, NULL), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "cannot create the file");
    ck_assert_int_eq(entries(dir), 0);
}
END_TEST

START_TEST(driver_not_registered)
{
    /* An application that registered its own set of GDAL drivers, without
     * FlatGeobuf (this test runs in its own process: CK_FORK) */
    GDALAllRegister();
    GDALDriverH fgb = GDALGetDriverByName("FlatGeobuf");
    ck_assert_ptr_nonnull(fgb);
    GDALDeregisterDriver(fgb);
    char out[512];
    snprintf(out, sizeof out, "%s/fgb", dir);
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.format = "FGB";
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_INTERNAL);
    tu_assert_msg_has(ctx, "GDAL has no FlatGeobuf driver");
    ck_assert_int_eq(entries(dir), 0);
    GDALRegisterDriver(fgb);
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    /* a KML in a CRS PROJ does not know: the CRS is the error */
    snprintf(out, sizeof out, "%s/x.kml", dir);
    o.format = NULL;
    o.crs = "EPSG:999999";
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "EPSG:999999");
    ck_assert(!exists(out));
}
END_TEST

/* ---- densified to 1 mm, checked with GeodSolve ------------------------- */

/* Densified to 1 mm in WGS 84 the line has over 11,000 points (so its
 * point array grows past its first 4,096).  Every straight lon/lat piece
 * between two consecutive written points must stay within 1 mm of the
 * geodesic it stands for: the geodesic's midpoint G (GeodSolve -i for the
 * piece's azimuth and length, then GeodSolve at half the length) lies
 * within 1 mm of the piece, measured perpendicular to it in the plane
 * tangent at G (east N cos(lat), north M per radian: WGS 84 radii of
 * curvature, Snyder 1987 eqs. 4-18, 4-20); 0.1 mm more for that plane. */
START_TEST(densified_to_a_millimetre)
{
    char out[512], args[700], a[600], b[600];
    snprintf(out, sizeof out, "%s/mm.gpkg", dir);
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.densify_m = 0.001;
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    snprintf(args, sizeof args, "-ro -q '%s' border_line", out);
    char *t = ogrinfo(args);
    const char *p = strstr(t, "LINESTRING (");
    ck_assert_ptr_nonnull(p);
    p += strlen("LINESTRING (");
    size_t n = 0, cap = 1 << 15;
    double *xy = malloc(2 * cap * sizeof *xy);
    ck_assert_ptr_nonnull(xy);
    for (;;) {
        char *end;
        double x = strtod(p, &end);
        ck_assert_msg(end != p, "bad point %zu in %.40s", n, p);
        double y = strtod(end, &end);
        ck_assert(n < cap);
        xy[2 * n] = x;
        xy[2 * n + 1] = y;
        n++;
        if (*end != ',') break;
        p = end + 1;
    }
    free(t);
    ck_assert_uint_gt(n, 4096);
    snprintf(a, sizeof a, "%s/pieces.txt", dir);
    snprintf(b, sizeof b, "%s/geodsolve.txt", dir);
    FILE *f = fopen(a, "w");
    ck_assert_ptr_nonnull(f);
    for (size_t k = 0; k + 1 < n; k++)
        fprintf(f, "%.15f %.15f %.15f %.15f\n", xy[2 * k + 1], xy[2 * k], xy[2 * k + 3],
                xy[2 * k + 2]);
    fclose(f);
    tu_geodsolve("-i -p 12", a, b); /* azi1 azi2 s12 */
    FILE *in = fopen(b, "r");
    f = fopen(a, "w");
    ck_assert(in && f);
    for (size_t k = 0; k + 1 < n; k++) {
        double azi1, azi2, s12;
        ck_assert_int_eq(fscanf(in, "%lf %lf %lf", &azi1, &azi2, &s12), 3);
        fprintf(f, "%.15f %.15f %.15f %.12f\n", xy[2 * k + 1], xy[2 * k], azi1, s12 / 2);
    }
    fclose(in);
    fclose(f);
    tu_geodsolve("-p 12", a, b); /* lat2 lon2 azi2 of G */
    in = fopen(b, "r");
    ck_assert_ptr_nonnull(in);
    const double deg = 3.14159265358979323846 / 180, e2 = 0.00669437999014;
    double worst = 0;
    size_t worst_k = 0;
    for (size_t k = 0; k + 1 < n; k++) {
        double gy, gx, azi;
        ck_assert_int_eq(fscanf(in, "%lf %lf %lf", &gy, &gx, &azi), 3);
        double w = sqrt(1 - e2 * sin(gy * deg) * sin(gy * deg));
        double sy = 6378137.0 * (1 - e2) / (w * w * w) * deg;
        double sx = 6378137.0 / w * cos(gy * deg) * deg;
        double ax = (xy[2 * k + 2] - xy[2 * k]) * sx, ay = (xy[2 * k + 3] - xy[2 * k + 1]) * sy;
        double qx = (gx - xy[2 * k]) * sx, qy = (gy - xy[2 * k + 1]) * sy;
        double d = fabs(ax * qy - ay * qx) / hypot(ax, ay);
        if (d > worst) {
            worst = d;
            worst_k = k;
        }
    }
    fclose(in);
    ck_assert_msg(worst <= 0.0011, "piece %zu: its geodesic is %.6f m from it", worst_k, worst);
    free(xy);
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
    tcase_add_loop_test(tc, small_border_every_format, 0, (int)NCASES);
    tcase_add_test(tc, line_only_border_has_no_territories);
    tcase_add_test(tc, format_names_and_paths);
    tcase_add_test(tc, existing_files_of_others);
    tcase_add_test(tc, existing_folder_export_with_other_files);
    tcase_add_test(tc, findings_errors_and_no_place);
    tcase_add_test(tc, crs_as_wkt);
    tcase_add_test(tc, crs_domain_excludes_part);
    tcase_add_test(tc, far_sign_outside_the_crs);
    tcase_add_test(tc, name_too_long_for_the_file_system);
    tcase_add_test(tc, driver_not_registered);
    tcase_add_test(tc, densified_to_a_millimetre);
    suite_add_tcase(s, tc);
    return s;
}
