/* check_edges.c -- issue 18: the rarely taken paths of the public API that
 * no other suite reaches: NULL and out-of-range arguments of the report,
 * zone, projection and locate_file calls, the UTM exceptions, JSON output
 * of text that is not UTF-8, every status's text.  Each failure is checked
 * for its status and its message.
 *
 * Expected zones: the UTM definition (Snyder 1987, p. 57; NGA.SIG.0012,
 * §2.1.4: zone 32V widened to 3-12 E for 56-64 N; 31X 0-9 E, 33X 9-21 E,
 * 35X 21-33 E, 37X 33-42 E for 72-84 N) and the Gauss-Krueger 6-degree
 * zones (zone = floor(lon / 6) + 1, lon in [0, 360)). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gdal.h>
#include <ogr_api.h>

#include "testutil.h"

static demarc_ctx *ctx;
static demarc_border *border;
static char tmpdir[256];

static void setup(void)
{
    tu_open_default(&ctx, &border);
    tu_tmpdir(tmpdir, sizeof tmpdir, "edges");
}

static void teardown(void)
{
    tu_rm_rf(tmpdir);
    tu_close(&ctx, &border);
}

START_TEST(test_status_texts)
{
    /* every status its own text; an unknown number one too */
    const char *seen[13];
    for (int s = 0; s <= 12; s++) {
        seen[s] = demarc_status_str((demarc_status)s);
        ck_assert_ptr_nonnull(seen[s]);
        for (int k = 0; k < s; k++) ck_assert_str_ne(seen[s], seen[k]);
    }
    ck_assert_str_eq(demarc_status_str(DEMARC_ERR_CANCELLED), "cancelled");
    ck_assert_int_eq(demarc_ctx_new(NULL), DEMARC_ERR_ARG);
    ck_assert_int_eq(demarc_ctx_errcode(ctx), DEMARC_OK);
}
END_TEST

START_TEST(test_zone_exceptions)
{
    demarc_zone z;
    /* Norway 32V: 5 E 60 N is in zone 32 (not 31) */
    tu_assert_status(demarc_zone_utm(ctx, 5, 60, &z), DEMARC_OK);
    ck_assert_int_eq(z.zone, 32);
    ck_assert_int_eq(z.epsg, 32632);
    /* Svalbard: 8 E -> 31X, 10 E -> 33X, 25 E -> 35X, 40 E -> 37X at 75 N */
    const double lon[4] = {8, 10, 25, 40};
    const int want[4] = {31, 33, 35, 37};
    for (int i = 0; i < 4; i++) {
        tu_assert_status(demarc_zone_utm(ctx, lon[i], 75, &z), DEMARC_OK);
        ck_assert_int_eq(z.zone, want[i]);
    }
    /* west of Svalbard's zones, 72 N: the plain rule, zone 30 */
    tu_assert_status(demarc_zone_utm(ctx, -3, 75, &z), DEMARC_OK);
    ck_assert_int_eq(z.zone, 30);
    /* lon 180 is zone 60 (not 61), central meridian 177 */
    tu_assert_status(demarc_zone_utm(ctx, 180, 0, &z), DEMARC_OK);
    ck_assert_int_eq(z.zone, 60);
    tu_assert_near(z.central_meridian_deg, 177, 0);
    /* southern hemisphere: 327zz */
    tu_assert_status(demarc_zone_utm(ctx, 63, -30, &z), DEMARC_OK);
    ck_assert_int_eq(z.epsg, 32741);
    /* outside UTM's -80..84 */
    tu_assert_status(demarc_zone_utm(ctx, 63, 85, &z), DEMARC_ERR_RANGE);
    tu_assert_status(demarc_zone_utm(ctx, 63, -81, &z), DEMARC_ERR_RANGE);
    tu_assert_status(demarc_zone_utm(ctx, NAN, 40, &z), DEMARC_ERR_RANGE);
    tu_assert_status(demarc_zone_utm(ctx, 63, 40, NULL), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "out is NULL");
    /* NULL ctx: DEMARC_ERR_ARG, the rule of every call (demarc.h) */
    tu_assert_status(demarc_zone_utm(NULL, 63, 40, &z), DEMARC_ERR_ARG);
    /* Gauss-Krueger: 180 E is zone 31 (lon in [0, 360)), 359.9 -> 60 */
    tu_assert_status(demarc_zone_gk(ctx, 180, 40, &z), DEMARC_OK);
    ck_assert_int_eq(z.zone, 31);
    ck_assert_int_eq(z.epsg, 28431);
    tu_assert_status(demarc_zone_gk(ctx, -0.1, 40, &z), DEMARC_OK);
    ck_assert_int_eq(z.zone, 60);
    ck_assert_int_eq(z.epsg, 0); /* zones 2-32 only in EPSG */
    ck_assert_str_eq(z.crs, "");
    tu_assert_status(demarc_zone_gk(ctx, 63, 40, NULL), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "out is NULL");
    tu_assert_status(demarc_zone_gk(ctx, 181, 40, &z), DEMARC_ERR_RANGE);
}
END_TEST

START_TEST(test_grid_factors_and_projection_args)
{
    demarc_grid_factors f;
    tu_assert_status(demarc_grid_factors_at(ctx, "EPSG:32641", 63, 40, NULL), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "out is NULL");
    /* a bound CRS (a PROJ string with +towgs84): its projected base is used;
     * on the central meridian of UTM 41N, k0 = 0.9996 (the UTM definition) */
    tu_assert_status(demarc_grid_factors_at(ctx,
                                            "+proj=utm +zone=41 +ellps=krass "
                                            "+towgs84=23.92,-141.27,-80.9 +type=crs",
                                            63, 40, &f),
                     DEMARC_OK);
    tu_assert_near(f.scale_factor, 0.9996, 1e-9);
    /* geographic: not projected */
    tu_assert_status(demarc_grid_factors_at(ctx, "EPSG:4326", 63, 40, &f), DEMARC_ERR_CRS);
    double xy[2];
    tu_assert_status(demarc_border_project_signs(ctx, NULL, "EPSG:32641", NULL, xy, 1),
                     DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "is NULL");
    tu_assert_status(demarc_border_project_signs(ctx, border, "EPSG:32641", NULL, NULL, 1),
                     DEMARC_ERR_ARG);
    tu_assert_status(demarc_border_project_vertices(ctx, NULL, "EPSG:32641", NULL, xy, 1),
                     DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "is NULL");
    tu_assert_status(demarc_border_project_vertices(ctx, border, "EPSG:32641", NULL, xy, 1),
                     DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "room for 1 points");
    tu_assert_status(demarc_border_project_vertices(ctx, border, "EPSG:999999", NULL, xy, 1),
                     DEMARC_ERR_ARG); /* capacity is checked first */
}
END_TEST

START_TEST(test_transform_refusals)
{
    demarc_transform *t = (demarc_transform *)1;
    tu_assert_status(demarc_transform_new(ctx, &t, NULL, "EPSG:4326", NULL), DEMARC_ERR_ARG);
    ck_assert_ptr_null(t);
    tu_assert_msg_has(ctx, "CRS is NULL");
    tu_assert_status(demarc_transform_new(ctx, &t, "", "EPSG:4326", NULL), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "empty CRS");
    /* a conversion alone is not a CRS */
    tu_assert_status(demarc_transform_new(ctx, &t, "+proj=merc", "EPSG:4326", NULL),
                     DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "not a coordinate reference system");
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.version = 0;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4284", "EPSG:4326", &o), DEMARC_ERR_ARG);
    o = (demarc_transform_options)DEMARC_TRANSFORM_OPTIONS_INIT;
    o.west = 60, o.south = 40, o.east = 60, o.north = 41; /* no width */
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4284", "EPSG:4326", &o),
                     DEMARC_ERR_RANGE);
    o.east = 61, o.north = NAN;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4284", "EPSG:4326", &o),
                     DEMARC_ERR_RANGE);
    /* an area across the antimeridian (west > east) is accepted */
    o.west = 170, o.south = 50, o.east = -170, o.north = 60;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4284", "EPSG:4326", &o), DEMARC_OK);
    demarc_transform_free(t);
    t = NULL;
    /* a forced operation that joins other CRSs: EPSG:1241 is NAD27 to NAD83 */
    o = (demarc_transform_options)DEMARC_TRANSFORM_OPTIONS_INIT;
    o.operation = "EPSG:1241";
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4284", "EPSG:4326", &o), DEMARC_ERR_CRS);
    ck_assert_ptr_null(t);

    /* apply: a NULL transform, no points, NULL arrays, a NaN point */
    double x[2] = {60, NAN}, y[2] = {40, 40};
    tu_assert_status(demarc_transform_apply(ctx, NULL, 1, x, sizeof *x, y, sizeof *y, NULL, 0),
                     DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "transform is NULL");
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:32641", NULL), DEMARC_OK);
    tu_assert_status(demarc_transform_apply(ctx, t, 0, NULL, 0, NULL, 0, NULL, 0), DEMARC_OK);
    tu_assert_status(demarc_transform_apply(ctx, t, 1, NULL, 0, y, sizeof *y, NULL, 0),
                     DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "array is NULL");
    double z[2] = {0, 0};
    tu_assert_status(demarc_transform_apply(ctx, t, 2, x, sizeof *x, y, sizeof *y, z, sizeof *z),
                     DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "point 1");
    ck_assert(x[1] == HUGE_VAL && z[1] == HUGE_VAL);
    /* another context's transform */
    demarc_ctx *other = NULL;
    ck_assert_int_eq(demarc_ctx_new(&other), DEMARC_OK);
    x[0] = 60, y[0] = 40;
    tu_assert_status(demarc_transform_apply(other, t, 1, x, 0, y, 0, NULL, 0), DEMARC_ERR_ARG);
    demarc_ctx_free(other);
    demarc_transform_free(t);
    /* operation of a NULL transform: "", "", -1 */
    const char *name = NULL, *code = NULL;
    double acc = 0;
    demarc_transform_operation(NULL, &name, &code, &acc);
    ck_assert_str_eq(name, "");
    ck_assert_str_eq(code, "");
    tu_assert_near(acc, -1, 0);
    demarc_transform_operation(NULL, NULL, NULL, NULL);
    /* crs_geographic: NULL output; a bound CRS is judged by its base */
    int geo = -1;
    tu_assert_status(demarc_crs_geographic(ctx, "EPSG:4326", NULL), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "output is NULL");
    tu_assert_status(demarc_crs_geographic(ctx, "+proj=longlat +ellps=krass "
                                                "+towgs84=23.92,-141.27,-80.9 +type=crs",
                                           &geo),
                     DEMARC_OK);
    ck_assert_int_eq(geo, 1);
    tu_assert_status(demarc_crs_geographic(ctx, "EPSG:4978", &geo), DEMARC_OK);
    ck_assert_int_eq(geo, 0); /* geocentric */
}
END_TEST

START_TEST(test_report_getters)
{
    /* NULL reports: zero counts, NULL items, NaN stats, "" transformation */
    ck_assert_uint_eq(demarc_report_count(NULL), 0);
    ck_assert_ptr_null(demarc_report_finding(NULL, 0));
    ck_assert_uint_eq(demarc_report_count_severity(NULL, DEMARC_SEVERITY_ERROR), 0);
    ck_assert_uint_eq(demarc_report_stat_count(NULL), 0);
    ck_assert_int_eq(demarc_report_stat(NULL, 0, NULL, NULL), 0);
    ck_assert(isnan(demarc_report_stat_get(NULL, "rms_m")));
    ck_assert_str_eq(demarc_report_transformation(NULL), "");
    ck_assert_uint_eq(demarc_report_displacement_count(NULL), 0);
    ck_assert_ptr_null(demarc_report_displacement(NULL, 0));
    ck_assert_str_eq(demarc_severity_name(DEMARC_SEVERITY_INFO), "info");
    ck_assert_ptr_null(demarc_severity_name((demarc_severity)99));
    tu_assert_status(demarc_report_write_json(ctx, NULL, stdout, 0), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "must not be NULL");
    tu_assert_status(demarc_report_write_text(ctx, NULL, stdout), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "must not be NULL");
    char *buf = (char *)1;
    tu_assert_status(demarc_report_render(ctx, NULL, 1, 0, &buf, NULL), DEMARC_ERR_ARG);
    ck_assert_ptr_null(buf);

    /* an inspection of the border's catalogue against itself: displacements */
    demarc_catalogue *cat = NULL;
    demarc_report *rep = NULL;
    tu_assert_status(demarc_catalogue_from_border(ctx, &cat, border), DEMARC_OK);
    tu_assert_status(demarc_inspect(ctx, &rep, cat, cat, NULL), DEMARC_OK);
    size_t nd = demarc_report_displacement_count(rep);
    ck_assert_uint_eq(nd, demarc_border_info_get(border)->sign_count);
    ck_assert_ptr_nonnull(demarc_report_displacement(rep, nd - 1));
    ck_assert_ptr_null(demarc_report_displacement(rep, nd));
    ck_assert_ptr_null(demarc_report_finding(rep, demarc_report_count(rep)));
    size_t ns = demarc_report_stat_count(rep);
    ck_assert_uint_gt(ns, 0);
    const char *name = NULL;
    double value = NAN;
    ck_assert_int_eq(demarc_report_stat(rep, 0, &name, &value), 1);
    ck_assert_ptr_nonnull(name);
    ck_assert(value == demarc_report_stat_get(rep, name));
    ck_assert_int_eq(demarc_report_stat(rep, 0, NULL, NULL), 1);
    ck_assert_int_eq(demarc_report_stat(rep, ns, &name, &value), 0);
    ck_assert(isnan(demarc_report_stat_get(rep, "no-such-stat")));
    ck_assert(isnan(demarc_report_stat_get(rep, NULL)));
    /* every sign at its place: moved 0 */
    tu_assert_near(demarc_report_stat_get(rep, "moved"), 0, 0);
    size_t len = 0;
    tu_assert_status(demarc_report_render(ctx, rep, 1, 0, &buf, &len), DEMARC_OK);
    ck_assert_uint_eq(strlen(buf), len);
    ck_assert_ptr_nonnull(strstr(buf, "\"displacements\""));
    free(buf);
    tu_assert_status(demarc_report_render(ctx, rep, 0, 0, &buf, NULL), DEMARC_OK);
    free(buf);
    /* a report but nowhere to write it */
    tu_assert_status(demarc_report_write_text(ctx, rep, NULL), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "must not be NULL");
    tu_assert_status(demarc_report_render(ctx, rep, 0, 0, NULL, &len), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "report and out must not be NULL");
    demarc_report_free(rep);
    demarc_catalogue_free(cat);
}
END_TEST

/* A catalogue whose sign ids are not UTF-8 is refused, naming the byte
 * (RFC 3629: a stray continuation byte, an overlong '/', a surrogate, a
 * code point above U+10FFFF are all invalid); 2-, 3- and 4-byte sequences
 * are read, and come through the JSON report as they are. */
START_TEST(test_catalogue_ids_utf8)
{
    char path[512];
    snprintf(path, sizeof path, "%s/ids.csv", tmpdir);
    static const char *const bad[] = {"\x80x", "\xe2\x82", "\xc0\xaf", "\xed\xa0\x80",
                                      "\xf4\x90\x80\x80"};
    for (size_t i = 0; i <= sizeof bad / sizeof bad[0]; i++) {
        FILE *f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        fputs("id,lon,lat\n\xd0\x96,60.0,42.0\n\xe2\x82\xac,60.01,42.0\n"
              "\xf0\x9d\x84\x9e,60.02,42.0\n", f);
        if (i < sizeof bad / sizeof bad[0]) fprintf(f, "%s,60.03,42.0\n", bad[i]);
        fclose(f);
        demarc_catalogue *cat = NULL;
        demarc_status rc = demarc_catalogue_open(ctx, &cat, path, NULL);
        if (i < sizeof bad / sizeof bad[0]) {
            tu_assert_status(rc, DEMARC_ERR_FORMAT);
            tu_assert_msg_has(ctx, "line 5: field 'id': invalid UTF-8");
            ck_assert_ptr_null(cat);
            continue;
        }
        tu_assert_status(rc, DEMARC_OK);
        demarc_report *rep = NULL;
        tu_assert_status(demarc_catalogue_validate(ctx, &rep, border, cat, NULL), DEMARC_OK);
        char *json = NULL;
        tu_assert_status(demarc_report_render(ctx, rep, 1, 0, &json, NULL), DEMARC_OK);
        ck_assert_ptr_nonnull(strstr(json, "\xd0\x96"));
        ck_assert_ptr_nonnull(strstr(json, "\xe2\x82\xac"));
        ck_assert_ptr_nonnull(strstr(json, "\xf0\x9d\x84\x9e"));
        free(json);
        demarc_report_free(rep);
        demarc_catalogue_free(cat);
    }
}
END_TEST

/* Write `text` to tmpdir/name; the path in buf. */
static const char *put_file(char *buf, size_t size, const char *name, const char *text)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
    FILE *f = fopen(buf, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return buf;
}

START_TEST(test_catalogue_refusals)
{
    /* NULL catalogue getters */
    ck_assert_uint_eq(demarc_catalogue_count(NULL), 0);
    ck_assert_ptr_null(demarc_catalogue_entry_get(NULL, 0));
    ck_assert_str_eq(demarc_catalogue_source(NULL), "");
    ck_assert_str_eq(demarc_catalogue_transformation(NULL), "");
    demarc_catalogue *cat = (demarc_catalogue *)1;
    tu_assert_status(demarc_catalogue_from_border(ctx, &cat, NULL), DEMARC_ERR_ARG);
    ck_assert_ptr_null(cat);
    tu_assert_msg_has(ctx, "must not be NULL");
    tu_assert_status(demarc_catalogue_open(ctx, &cat, NULL, NULL), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "must not be NULL");
    char path[512];
    put_file(path, sizeof path, "c.csv", "id,lon,lat,seq,h_m\n1,60.0,42.0,x,\n2,60.1,42.0,2,abc\n");
    demarc_catalogue_options o = DEMARC_CATALOGUE_OPTIONS_INIT;
    o.version = 7;
    tu_assert_status(demarc_catalogue_open(ctx, &cat, path, &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "version 7");
    /* an unknown CRS of the positions */
    o = (demarc_catalogue_options)DEMARC_CATALOGUE_OPTIONS_INIT;
    o.crs = "EPSG:999999";
    tu_assert_status(demarc_catalogue_open(ctx, &cat, path, &o), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "CRS of the positions");
    /* a bad optional number is kept and flagged, not refused: the entry
     * says which field */
    tu_assert_status(demarc_catalogue_open(ctx, &cat, path, NULL), DEMARC_OK);
    ck_assert_uint_eq(demarc_catalogue_count(cat), 2);
    ck_assert_ptr_null(demarc_catalogue_entry_get(cat, 2));
    const demarc_catalogue_entry *e = demarc_catalogue_entry_get(cat, 0);
    ck_assert_ptr_nonnull(strstr(e->field_problem, "'seq'"));
    e = demarc_catalogue_entry_get(cat, 1);
    ck_assert_ptr_nonnull(strstr(e->field_problem, "'h_m'"));
    ck_assert_str_eq(demarc_catalogue_transformation(cat), "");
    demarc_catalogue_free(cat);
    cat = NULL;
    /* in Pulkovo 1942: one operation named in the catalogue */
    o.crs = "EPSG:4284";
    tu_assert_status(demarc_catalogue_open(ctx, &cat, path, &o), DEMARC_OK);
    ck_assert_ptr_nonnull(strstr(demarc_catalogue_transformation(cat), "EPSG:15865"));
    demarc_catalogue_free(cat);
    cat = NULL;
    /* no position at all: neither columns nor geometry */
    put_file(path, sizeof path, "nopos.csv", "id,name\n1,a\n");
    tu_assert_status(demarc_catalogue_open(ctx, &cat, path, NULL), DEMARC_ERR_FORMAT);
    ck_assert_ptr_null(cat);
    /* a GeoJSON catalogue with a point missing and one with a line */
    put_file(path, sizeof path, "g.geojson",
             "{\"type\":\"FeatureCollection\",\"features\":["
             "{\"type\":\"Feature\",\"properties\":{\"id\":\"1\"},"
             "\"geometry\":{\"type\":\"Point\",\"coordinates\":[60.0,42.0]}},"
             "{\"type\":\"Feature\",\"properties\":{\"id\":\"2\"},\"geometry\":null},"
             "{\"type\":\"Feature\",\"properties\":{\"id\":\"3\"},"
             "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[60,42],[61,42]]}}]}\n");
    tu_assert_status(demarc_catalogue_open(ctx, &cat, path, NULL), DEMARC_OK);
    ck_assert_uint_eq(demarc_catalogue_count(cat), 3);
    demarc_report *rep = NULL;
    tu_assert_status(demarc_catalogue_validate(ctx, &rep, border, cat, NULL), DEMARC_OK);
    ck_assert_uint_gt(demarc_report_count_severity(rep, DEMARC_SEVERITY_ERROR), 0);
    demarc_report_free(rep);
    demarc_catalogue_free(cat);
}
END_TEST

/* demarc_locate_file's refusals that check_locate_file does not make. */
START_TEST(test_locate_file_refusals)
{
    char in[512], out[512];
    /* an export of the border: a GeoPackage of several layers */
    snprintf(in, sizeof in, "%s/k.gpkg", tmpdir);
    tu_assert_status(demarc_border_export(ctx, border, in, NULL), DEMARC_OK);
    snprintf(out, sizeof out, "%s/o.gpkg", tmpdir);
    tu_assert_status(demarc_locate_file(ctx, border, in, out, NULL, NULL), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "choose one (--layer NAME)");
    tu_assert_msg_has(ctx, "'signs'");
    demarc_locate_file_options o = DEMARC_LOCATE_FILE_OPTIONS_INIT;
    o.layer = "no_such_layer";
    tu_assert_status(demarc_locate_file(ctx, border, in, out, &o, NULL), DEMARC_ERR_NOT_FOUND);
    tu_assert_msg_has(ctx, "no layer 'no_such_layer'");
    o.layer = "signs"; /* has chainage_m already */
    tu_assert_status(demarc_locate_file(ctx, border, in, out, &o, NULL), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "'chainage_m'");
    o.layer = "metadata"; /* a table without geometry */
    tu_assert_status(demarc_locate_file(ctx, border, in, out, &o, NULL), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "no geometries");
    o.layer = "territories"; /* polygons */
    tu_assert_status(demarc_locate_file(ctx, border, in, out, &o, NULL), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "not points");
    /* bad options */
    demarc_locate_file_options bad = DEMARC_LOCATE_FILE_OPTIONS_INIT;
    bad.version = 99;
    tu_assert_status(demarc_locate_file(ctx, border, in, out, &bad, NULL), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "version 99");
    bad.version = DEMARC_LOCATE_FILE_OPTIONS_VERSION;
    bad.on_border_tolerance_m = NAN;
    tu_assert_status(demarc_locate_file(ctx, border, in, out, &bad, NULL), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "on_border_tolerance_m");
    tu_assert_status(demarc_locate_file(ctx, NULL, in, out, NULL, NULL), DEMARC_ERR_ARG);
    tu_assert_status(demarc_locate_file(NULL, border, in, out, NULL, NULL), DEMARC_ERR_ARG);
    /* a driver GDAL does not have */
    demarc_locate_file_options fo = DEMARC_LOCATE_FILE_OPTIONS_INIT;
    fo.format = "NoSuchDriver";
    char pts[512];
    snprintf(pts, sizeof pts, "%s/pts.geojson", tmpdir);
    FILE *f = fopen(pts, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"type\":\"FeatureCollection\",\"features\":["
          "{\"type\":\"Feature\",\"properties\":{\"name\":\"a\"},"
          "\"geometry\":{\"type\":\"Point\",\"coordinates\":[69.2401,41.2995]}},"
          "{\"type\":\"Feature\",\"properties\":{\"name\":\"b\"},\"geometry\":null}]}\n",
          f);
    fclose(f);
    tu_assert_status(demarc_locate_file(ctx, border, pts, out, &fo, NULL), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "no GDAL driver 'NoSuchDriver'");
    /* a feature without a point: named, nothing written */
    size_t count = 99;
    tu_assert_status(demarc_locate_file(ctx, border, pts, out, NULL, &count), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "feature 2 has no point");
    ck_assert_uint_eq(count, 0);
    struct stat st;
    ck_assert_int_ne(stat(out, &st), 0);
    /* an empty point layer */
    snprintf(pts, sizeof pts, "%s/none.geojson", tmpdir);
    f = fopen(pts, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"type\":\"FeatureCollection\",\"features\":[]}\n", f);
    fclose(f);
    tu_assert_status(demarc_locate_file(ctx, border, pts, out, NULL, NULL), DEMARC_ERR_EMPTY);
    tu_assert_msg_has(ctx, "no points");
    ck_assert_int_ne(stat(out, &st), 0);
    /* a relative output path (no folder part): written in the current one */
    snprintf(pts, sizeof pts, "%s/good.geojson", tmpdir);
    f = fopen(pts, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"type\":\"FeatureCollection\",\"features\":["
          "{\"type\":\"Feature\",\"properties\":{\"name\":\"a\"},"
          "\"geometry\":{\"type\":\"Point\",\"coordinates\":[69.2401,41.2995]}}]}\n",
          f);
    fclose(f);
    char cwd[512];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    ck_assert_int_eq(chdir(tmpdir), 0);
    tu_assert_status(demarc_locate_file(ctx, border, pts, "rel.csv", NULL, &count), DEMARC_OK);
    ck_assert_uint_eq(count, 1);
    ck_assert_int_eq(stat("rel.csv", &st), 0);
    ck_assert_int_eq(chdir(cwd), 0);
}
END_TEST

Suite *edges_suite(void)
{
    Suite *s = suite_create("edges");
    TCase *tc = tcase_create("edges");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_status_texts);
    tcase_add_test(tc, test_zone_exceptions);
    tcase_add_test(tc, test_grid_factors_and_projection_args);
    tcase_add_test(tc, test_transform_refusals);
    tcase_add_test(tc, test_report_getters);
    tcase_add_test(tc, test_catalogue_ids_utf8);
    tcase_add_test(tc, test_catalogue_refusals);
    tcase_add_test(tc, test_locate_file_refusals);
    suite_add_tcase(s, tc);
    return s;
}
