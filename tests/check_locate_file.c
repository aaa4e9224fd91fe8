/* check_locate_file.c -- demarc_locate_file: a GDAL point layer located and
 * written back as a copy with the location fields.
 *
 * Points: Tashkent 69.2401E 41.2995N (in Uzbekistan) and Almaty 76.8512E
 * 43.2220N (in Kazakhstan), published positions, as in tests/cli_test.sh.
 * In UTM 42N: `echo "41.2995 69.2401" | cs2cs EPSG:4326 EPSG:32642 -f %.4f`
 * -> 520101.1036 4572033.0673; Almaty -> 1137751.7683 4815489.2394. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "testutil.h"

static demarc_ctx *ctx;
static demarc_border *border;
static char tmpdir[256];

static void setup(void)
{
    tu_open_default(&ctx, &border);
    tu_tmpdir(tmpdir, sizeof tmpdir, "locfile");
    GDALAllRegister();
}

static void teardown(void)
{
    tu_rm_rf(tmpdir);
    tu_close(&ctx, &border);
}

static const double WGS[2][2] = {{69.2401, 41.2995}, {76.8512, 43.2220}};
static const double UTM42[2][2] = {{520101.1036, 4572033.0673}, {1137751.7683, 4815489.2394}};

/* A point layer: fields id (and `extra`), the two points in EPSG `epsg`. */
static const char *write_points(const char *name, const char *driver, int epsg,
                                const double (*xy)[2], const char *extra, int lines)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName(driver), path, 0, 0, 0, GDT_Unknown, NULL);
    ck_assert_ptr_nonnull(ds);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, epsg);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayerH l = GDALDatasetCreateLayer(ds, "pts", srs, lines ? wkbLineString : wkbPoint, NULL);
    OSRDestroySpatialReference(srs);
    ck_assert_ptr_nonnull(l);
    OGRFieldDefnH fd = OGR_Fld_Create("id", OFTString);
    ck_assert_int_eq(OGR_L_CreateField(l, fd, 1), OGRERR_NONE);
    OGR_Fld_Destroy(fd);
    if (extra) {
        fd = OGR_Fld_Create(extra, OFTString);
        ck_assert_int_eq(OGR_L_CreateField(l, fd, 1), OGRERR_NONE);
        OGR_Fld_Destroy(fd);
    }
    for (int k = 0; k < 2; k++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, 0, k ? "Almaty" : "Tashkent");
        OGRGeometryH g = OGR_G_CreateGeometry(lines ? wkbLineString : wkbPoint);
        OGR_G_SetPoint_2D(g, 0, xy[k][0], xy[k][1]);
        if (lines) OGR_G_SetPoint_2D(g, 1, xy[k][0] + 0.1, xy[k][1]);
        OGR_F_SetGeometryDirectly(f, g);
        ck_assert_int_eq(OGR_L_CreateFeature(l, f), OGRERR_NONE);
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return path;
}

/* Reopen `path` and check both features against demarc_locate. */
static void check_output(const char *path, int transformed)
{
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    ck_assert_ptr_nonnull(ds);
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    ck_assert_int_eq(OGR_L_GetFeatureCount(l, 1), 2);
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
    int fi = OGR_FD_GetFieldIndex(d, "id"), fp = OGR_FD_GetFieldIndex(d, "party"),
        fo = OGR_FD_GetFieldIndex(d, "on_border"), fd = OGR_FD_GetFieldIndex(d, "distance_m"),
        fc = OGR_FD_GetFieldIndex(d, "chainage_m"), fs = OGR_FD_GetFieldIndex(d, "nearest_sign");
    ck_assert(fi >= 0 && fp >= 0 && fo >= 0 && fd >= 0 && fc >= 0 && fs >= 0);
    OGR_L_ResetReading(l);
    for (int j = 0; j < 2; j++) {
        OGRFeatureH f = OGR_L_GetNextFeature(l);
        ck_assert_ptr_nonnull(f);
        /* FlatGeobuf orders the features along its spatial index: by id */
        int k = !strcmp(OGR_F_GetFieldAsString(f, fi), "Almaty");
        ck_assert_str_eq(OGR_F_GetFieldAsString(f, fi), k ? "Almaty" : "Tashkent");
        ck_assert_str_eq(OGR_F_GetFieldAsString(f, fp), k ? "KZ" : "UZ");
        ck_assert_int_eq(OGR_F_GetFieldAsInteger(f, fo), 0);
        demarc_location loc;
        tu_assert_status(demarc_locate(ctx, border, WGS[k][0], WGS[k][1], NULL, &loc),
                         DEMARC_OK);
        /* the UTM copy goes through PROJ and back: the cs2cs values are
         * rounded to 0.1 mm, so 1 mm */
        double tol = transformed ? 1e-3 : 1e-6;
        tu_assert_near(OGR_F_GetFieldAsDouble(f, fd), loc.distance_m, tol);
        tu_assert_near(OGR_F_GetFieldAsDouble(f, fc), loc.chainage_m, tol);
        ck_assert_str_eq(OGR_F_GetFieldAsString(f, fs),
                         demarc_border_sign(border, loc.nearest_sign)->id);
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
}

START_TEST(test_gpkg_wgs84)
{
    const char *in = write_points("in.gpkg", "GPKG", 4326, WGS, NULL, 0);
    char in_copy[512], out[512];
    snprintf(in_copy, sizeof in_copy, "%s", in);
    snprintf(out, sizeof out, "%s/out.gpkg", tmpdir);
    size_t n = 0;
    tu_assert_status(demarc_locate_file(ctx, border, in_copy, out, NULL, &n), DEMARC_OK);
    ck_assert_uint_eq(n, 2);
    check_output(out, 0);
}
END_TEST

START_TEST(test_utm_geojson_to_fgb)
{
    const char *in = write_points("in.geojson", "GeoJSON", 32642, UTM42, "name", 0);
    char in_copy[512], out[512];
    snprintf(in_copy, sizeof in_copy, "%s", in);
    snprintf(out, sizeof out, "%s/out.fgb", tmpdir);
    tu_assert_status(demarc_locate_file(ctx, border, in_copy, out, NULL, NULL), DEMARC_OK);
    check_output(out, 1);
}
END_TEST

START_TEST(test_refusals)
{
    const char *in = write_points("in.gpkg", "GPKG", 4326, WGS, NULL, 0);
    char in_copy[512], out[512];
    snprintf(in_copy, sizeof in_copy, "%s", in);
    /* output = input */
    tu_assert_status(demarc_locate_file(ctx, border, in_copy, in_copy, NULL, NULL),
                     DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "the output is the input");
    /* an existing file we did not write: untouched, unless asked */
    snprintf(out, sizeof out, "%s/mine.gpkg", tmpdir);
    FILE *f = fopen(out, "w");
    ck_assert_ptr_nonnull(f);
    fputs("not ours", f);
    fclose(f);
    tu_assert_status(demarc_locate_file(ctx, border, in_copy, out, NULL, NULL), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "exists");
    struct stat st;
    ck_assert_int_eq(stat(out, &st), 0);
    ck_assert_int_eq(st.st_size, 8);
    demarc_locate_file_options o = DEMARC_LOCATE_FILE_OPTIONS_INIT;
    o.flags = DEMARC_LOCATE_FILE_REPLACE;
    tu_assert_status(demarc_locate_file(ctx, border, in_copy, out, &o, NULL), DEMARC_OK);
    check_output(out, 0);
    /* unknown extension, unknown flag, a missing directory: nothing written */
    snprintf(out, sizeof out, "%s/out.xyz", tmpdir);
    tu_assert_status(demarc_locate_file(ctx, border, in_copy, out, NULL, NULL),
                     DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "unknown output format");
    o.flags = 0x40;
    snprintf(out, sizeof out, "%s/out2.gpkg", tmpdir);
    tu_assert_status(demarc_locate_file(ctx, border, in_copy, out, &o, NULL), DEMARC_ERR_ARG);
    snprintf(out, sizeof out, "%s/no/such/dir/out.gpkg", tmpdir);
    tu_assert_status(demarc_locate_file(ctx, border, in_copy, out, NULL, NULL), DEMARC_ERR_IO);
    /* a field that clashes with the added ones; a layer of lines */
    const char *clash = write_points("clash.gpkg", "GPKG", 4326, WGS, "party", 0);
    snprintf(in_copy, sizeof in_copy, "%s", clash);
    snprintf(out, sizeof out, "%s/out3.gpkg", tmpdir);
    tu_assert_status(demarc_locate_file(ctx, border, in_copy, out, NULL, NULL),
                     DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "'party'");
    const char *lines = write_points("lines.gpkg", "GPKG", 4326, WGS, NULL, 1);
    snprintf(in_copy, sizeof in_copy, "%s", lines);
    tu_assert_status(demarc_locate_file(ctx, border, in_copy, out, NULL, NULL),
                     DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "not points");
    ck_assert_int_ne(stat(out, &st), 0);
    /* no temporary directory left behind */
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -q demarc-locate", tmpdir);
    ck_assert_int_ne(system(cmd), 0);
}
END_TEST

/* A GeoJSON file of `body` (the features array), optionally with a CRS. */
static const char *write_geojson(const char *name, const char *crs, const char *body)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "{\"type\":\"FeatureCollection\",%s%s%s\"features\":[%s]}\n",
            crs ? "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"" : "",
            crs ? crs : "", crs ? "\"}}," : "", body);
    fclose(f);
    return path;
}

#define PT(lon, lat) "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\"," \
                     "\"coordinates\":[" #lon "," #lat "]}}"

static int no_temporary_left(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -q demarc-locate", tmpdir);
    return system(cmd) != 0;
}

START_TEST(test_bad_features_named)
{
    char in[512], out[512];
    struct stat st;
    snprintf(out, sizeof out, "%s/out.gpkg", tmpdir);
    /* the second feature a line, in a layer of mixed geometries */
    snprintf(in, sizeof in, "%s",
             write_geojson("mixed.geojson", NULL,
                           PT(69.2401, 41.2995) ",{\"type\":\"Feature\",\"properties\":{},"
                           "\"geometry\":{\"type\":\"LineString\",\"coordinates\":"
                           "[[69,41],[70,42]]}}"));
    tu_assert_status(demarc_locate_file(ctx, border, in, out, NULL, NULL), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "feature 2 has no point");
    /* an empty point */
    snprintf(in, sizeof in, "%s",
             write_geojson("empty.geojson", NULL,
                           "{\"type\":\"Feature\",\"properties\":{},\"geometry\":"
                           "{\"type\":\"Point\",\"coordinates\":[]}}"));
    tu_assert_status(demarc_locate_file(ctx, border, in, out, NULL, NULL), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "feature 1 has no point");
    /* a latitude beyond the pole */
    snprintf(in, sizeof in, "%s",
             write_geojson("lat95.geojson", NULL, PT(69.2401, 41.2995) "," PT(60.0, 95.0)));
    tu_assert_status(demarc_locate_file(ctx, border, in, out, NULL, NULL), DEMARC_ERR_RANGE);
    tu_assert_msg_has(ctx, "feature 2");
    tu_assert_msg_has(ctx, "lat95.geojson");
    /* a UTM 42N point PROJ cannot bring back (1e12 m from the origin) */
    snprintf(in, sizeof in, "%s",
             write_geojson("far.geojson", "urn:ogc:def:crs:EPSG::32642",
                           PT(520101.1036, 4572033.0673) "," PT(1e12, 1e12)));
    tu_assert_status(demarc_locate_file(ctx, border, in, out, NULL, NULL), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "far.geojson: feature 2");
    ck_assert_int_ne(stat(out, &st), 0);
    ck_assert(no_temporary_left());
}
END_TEST

START_TEST(test_inputs_and_outputs_refused)
{
    char in[512], out[512], missing[512];
    struct stat st;
    snprintf(in, sizeof in, "%s", write_points("in.gpkg", "GPKG", 4326, WGS, NULL, 0));
    snprintf(missing, sizeof missing, "%s/no-such-input.gpkg", tmpdir);
    snprintf(out, sizeof out, "%s/out.gpkg", tmpdir);
    tu_assert_status(demarc_locate_file(ctx, border, NULL, out, NULL, NULL), DEMARC_ERR_ARG);
    tu_assert_status(demarc_locate_file(ctx, border, in, NULL, NULL, NULL), DEMARC_ERR_ARG);
    /* an input that is not there: named, nothing written */
    demarc_status rc = demarc_locate_file(ctx, border, missing, out, NULL, NULL);
    ck_assert_msg(rc != DEMARC_OK, "missing input accepted");
    tu_assert_msg_has(ctx, "no-such-input.gpkg");
    ck_assert_int_ne(stat(out, &st), 0);
    /* ... nor does a replaceable output make it one: the output stays */
    FILE *f = fopen(out, "w");
    ck_assert_ptr_nonnull(f);
    fputs("earlier", f);
    fclose(f);
    demarc_locate_file_options o = DEMARC_LOCATE_FILE_OPTIONS_INIT;
    o.flags = DEMARC_LOCATE_FILE_REPLACE;
    ck_assert_int_eq(demarc_locate_file(ctx, border, missing, out, &o, NULL), rc);
    ck_assert_int_eq(stat(out, &st), 0);
    ck_assert_int_eq(st.st_size, 7);
    /* an empty layer name is no name: a file of two layers asks for one */
    char two[512];
    snprintf(two, sizeof two, "%s/two.gpkg", tmpdir);
    tu_assert_status(demarc_border_export(ctx, border, two, NULL), DEMARC_OK);
    o.layer = "";
    tu_assert_status(demarc_locate_file(ctx, border, two, out, &o, NULL), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "choose one (--layer NAME)");
    o.layer = NULL;
    /* a KML document without a folder or placemark: no layer at all */
    char kml[512];
    snprintf(kml, sizeof kml, "%s/empty.kml", tmpdir);
    f = fopen(kml, "w");
    ck_assert_ptr_nonnull(f);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document></Document></kml>\n", f);
    fclose(f);
    tu_assert_status(demarc_locate_file(ctx, border, kml, out, &o, NULL), DEMARC_ERR_EMPTY);
    tu_assert_msg_has(ctx, "empty.kml: no layer");
    /* forty layers: the message names as many as fit, and stays whole */
    char many[512];
    snprintf(many, sizeof many, "%s/many.gpkg", tmpdir);
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GPKG"), many, 0, 0, 0, GDT_Unknown, NULL);
    ck_assert_ptr_nonnull(ds);
    for (int i = 0; i < 40; i++) {
        char name[32];
        snprintf(name, sizeof name, "points_layer_%02d", i);
        ck_assert_ptr_nonnull(GDALDatasetCreateLayer(ds, name, NULL, wkbPoint, NULL));
    }
    GDALClose(ds);
    tu_assert_status(demarc_locate_file(ctx, border, many, out, &o, NULL), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "has 40 layers");
    tu_assert_msg_has(ctx, "'points_layer_00', 'points_layer_01'");
    ck_assert_ptr_null(strstr(demarc_ctx_errmsg(ctx), "points_layer_39"));
    /* a file name longer than NAME_MAX (255): the temporary folder is
     * made, the file in it cannot be */
    char longout[600];
    int k = snprintf(longout, sizeof longout, "%s/", tmpdir);
    memset(longout + k, 'n', 295);
    snprintf(longout + k + 295, sizeof longout - (size_t)k - 295, ".gpkg");
    tu_assert_status(demarc_locate_file(ctx, border, in, longout, NULL, NULL), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "cannot create");
    ck_assert(no_temporary_left());
}
END_TEST

START_TEST(test_border_without_signs)
{
    /* tests/data/small (README there): BB is the square 60.0..60.1E,
     * 40.0..40.1N, AA the rest of 59.9..60.1E, 40.0..40.2N; no catalogue,
     * so no nearest sign.  60.05E 40.05N lies 0.05 deg (about 4.3 km) from
     * both of BB's line edges; 59.95E 40.15N as far inside AA. */
    demarc_border *b = NULL;
    char dir[4096], out[512];
    tu_path(dir, sizeof dir, tu_test_data_dir(), "small");
    ck_assert_int_eq(demarc_border_open(ctx, &b, dir, NULL), DEMARC_OK);
    const char *in = write_geojson("sq.geojson", NULL, PT(60.05, 40.05) "," PT(59.95, 40.15));
    snprintf(out, sizeof out, "%s/sq.csv", tmpdir);
    size_t n = 0;
    tu_assert_status(demarc_locate_file(ctx, b, in, out, NULL, &n), DEMARC_OK);
    ck_assert_uint_eq(n, 2);
    GDALDatasetH ds = GDALOpenEx(out, GDAL_OF_VECTOR, NULL, NULL, NULL);
    ck_assert_ptr_nonnull(ds);
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
    int fp = OGR_FD_GetFieldIndex(d, "party"), fs = OGR_FD_GetFieldIndex(d, "nearest_sign");
    ck_assert(fp >= 0 && fs >= 0);
    static const char *want[] = {"BB", "AA"};
    OGR_L_ResetReading(l);
    for (int k = 0; k < 2; k++) {
        OGRFeatureH f = OGR_L_GetNextFeature(l);
        ck_assert_ptr_nonnull(f);
        ck_assert_str_eq(OGR_F_GetFieldAsString(f, fp), want[k]);
        ck_assert_str_eq(OGR_F_GetFieldAsString(f, fs), "");
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    demarc_border_free(b);
}
END_TEST

Suite *locate_file_suite(void)
{
    Suite *s = suite_create("locate_file");
    TCase *tc = tcase_create("files");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_gpkg_wgs84);
    tcase_add_test(tc, test_utm_geojson_to_fgb);
    tcase_add_test(tc, test_refusals);
    tcase_add_test(tc, test_bad_features_named);
    tcase_add_test(tc, test_inputs_and_outputs_refused);
    tcase_add_test(tc, test_border_without_signs);
    suite_add_tcase(s, tc);
    return s;
}
