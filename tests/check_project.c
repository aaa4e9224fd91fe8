#define _POSIX_C_SOURCE 200809L /* setenv, strdup, dup2 */
/* check_project.c -- coordinate transformations, zones, grid factors and
 * the border projected into a grid.
 *
 * Independent references: the .txt files of tests/data/project/, written by
 * tests/data/project/make_reference.sh with PROJ's own tools (PROJ 9.1.1):
 *   utm41.txt          cs2cs -d 6 EPSG:4326 EPSG:32641
 *   sk42_to_wgs84.txt  cct -d 10 PIPE (PIPE: `projinfo -s EPSG:4284 -t EPSG:4326
 *                      --bbox 55.9,37.1,71.0,45.6 --spatial-test contains -o PROJ
 *                      -q`, i.e. EPSG:15865)
 *   wgs84_to_sk42.txt  cct -I -d 10 PIPE
 *   gk11.txt           cs2cs -d 6 EPSG:4284 EPSG:28411 (axes swapped to E, N)
 *   factors_*.txt      proj -V +proj=utm +zone=41 +ellps=WGS84 and
 *                      proj -V +proj=tmerc +lon_0=63 +x_0=11500000 +ellps=krass
 * Operation choice: `projinfo -s EPSG:4284 -t EPSG:4326 --bbox
 * 55.9,37.1,71.0,45.6 --spatial-test contains --summary` lists only
 * EPSG:15865, Pulkovo 1942 to WGS 84 (16), 4.5 m (with intersects it lists
 * 15865 first, then 1291, 5044, 1254).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define NPTS 10
#define MM 0.001
#define DEG_MM 1e-8 /* 1e-8 degree is 1.1 mm of latitude */

/* The pipeline of EPSG:15865 in lon/lat order, from `projinfo -s EPSG:4284
 * -t EPSG:4326 --bbox 55.9,37.1,71.0,45.6 -o PROJ -q` without its first
 * step (+proj=axisswap +order=2,1, which turns lat/lon into lon/lat). */
#define PIPE_15865                                                              \
    "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "           \
    "+step +proj=push +v_3 +step +proj=cart +ellps=krass "                       \
    "+step +proj=helmert +x=25 +y=-141 +z=-78.5 +rx=0 +ry=-0.35 +rz=-0.736 "    \
    "+s=0 +convention=coordinate_frame +step +inv +proj=cart +ellps=WGS84 "     \
    "+step +proj=pop +v_3 +step +proj=unitconvert +xy_in=rad +xy_out=deg"

static demarc_ctx *ctx;

static void setup(void) { ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK); }
static void teardown(void)
{
    demarc_ctx_free(ctx);
    ctx = NULL;
}

/* Read n rows of `cols` numbers from tests/data/project/NAME. */
static void load(const char *name, int cols, double *v)
{
    char path[4096];
    char rel[256];
    snprintf(rel, sizeof rel, "project/%s", name);
    FILE *f = fopen(tu_path(path, sizeof path, tu_test_data_dir(), rel), "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    for (int i = 0; i < NPTS * cols; i++)
        ck_assert_msg(fscanf(f, "%lf", &v[i]) == 1, "%s: value %d unreadable", path, i);
    fclose(f);
}

static void points(double *lon, double *lat)
{
    double v[2 * NPTS];
    load("points.txt", 2, v);
    for (int i = 0; i < NPTS; i++) {
        lon[i] = v[2 * i];
        lat[i] = v[2 * i + 1];
    }
}

static demarc_transform *make(const char *from, const char *to, const char *op)
{
    demarc_transform *t = NULL;
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.operation = op;
    demarc_status rc = demarc_transform_new(ctx, &t, from, to, &o);
    ck_assert_msg(rc == DEMARC_OK, "%s -> %s: %s", from, to, demarc_ctx_errmsg(ctx));
    ck_assert_ptr_nonnull(t);
    return t;
}

/* Transform the reference points with t and compare with file NAME. */
static void against(demarc_transform *t, const char *name, double tol)
{
    double x[NPTS], y[NPTS], ref[2 * NPTS];
    points(x, y);
    load(name, 2, ref);
    tu_assert_status(demarc_transform_apply(ctx, t, NPTS, x, sizeof *x, y, sizeof *y, NULL, 0),
                     DEMARC_OK);
    for (int i = 0; i < NPTS; i++) {
        tu_assert_near(x[i], ref[2 * i], tol);
        tu_assert_near(y[i], ref[2 * i + 1], tol);
    }
}

START_TEST(utm41_matches_cs2cs)
{
    demarc_transform *t = make("EPSG:4326", "EPSG:32641", NULL);
    against(t, "utm41.txt", MM);
    const char *name, *code;
    double acc;
    demarc_transform_operation(t, &name, &code, &acc);
    ck_assert_str_eq(name, "UTM zone 41N");
    tu_assert_near(acc, 0.0, 0.0); /* a conversion: exact */
    demarc_transform_free(t);
    /* The same CRS as a PROJ string and as WKT. */
    t = make("EPSG:4326", "+proj=utm +zone=41 +datum=WGS84 +type=crs", NULL);
    against(t, "utm41.txt", MM);
    demarc_transform_free(t);
}
END_TEST

START_TEST(sk42_picks_15865_for_both_sides)
{
    demarc_transform *t = make("EPSG:4284", "EPSG:4326", NULL);
    const char *name, *code;
    double acc;
    demarc_transform_operation(t, &name, &code, &acc);
    ck_assert_str_eq(code, "EPSG:15865");
    ck_assert_str_eq(name, "Pulkovo 1942 to WGS 84 (16)");
    tu_assert_near(acc, 4.5, 1e-9);
    against(t, "sk42_to_wgs84.txt", DEG_MM);
    demarc_transform_free(t);
    t = make("EPSG:4326", "EPSG:4284", NULL);
    against(t, "wgs84_to_sk42.txt", DEG_MM);
    demarc_transform_free(t);
}
END_TEST

START_TEST(forced_operation)
{
    demarc_transform *t = make("EPSG:4284", "EPSG:4326", "EPSG:15865");
    const char *code;
    demarc_transform_operation(t, NULL, &code, NULL);
    ck_assert_str_eq(code, "EPSG:15865");
    against(t, "sk42_to_wgs84.txt", DEG_MM);
    demarc_transform_free(t);
    /* Blanks after the colon and around, as PROJ takes them in a CRS code. */
    t = make("EPSG: 4284 ", "EPSG:4326", " EPSG: 15865\n");
    demarc_transform_operation(t, NULL, &code, NULL);
    ck_assert_str_eq(code, "EPSG:15865");
    against(t, "sk42_to_wgs84.txt", DEG_MM);
    demarc_transform_free(t);
    /* The 44 m Kazakhstan-only transformation is a different one: forcing
     * it must change the result by metres (EPSG:1291 vs 15865). */
    t = make("EPSG:4284", "EPSG:4326", "EPSG:1291");
    double x = 63.0, y = 41.0, ref[2 * NPTS];
    load("sk42_to_wgs84.txt", 2, ref);
    ck_assert_int_eq(demarc_transform_apply(ctx, t, 1, &x, 8, &y, 8, NULL, 0), DEMARC_OK);
    ck_assert_msg(fabs(x - ref[10]) + fabs(y - ref[11]) > 1e-5, "1291 equals 15865?");
    demarc_transform_free(t);
    /* A pipeline string is used exactly as written. */
    t = make("EPSG:4284", "EPSG:4326", PIPE_15865);
    against(t, "sk42_to_wgs84.txt", DEG_MM);
    demarc_transform_free(t);
}
END_TEST

START_TEST(forced_operation_wrong_crs)
{
    demarc_transform *t = (demarc_transform *)1;
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.operation = "EPSG:15865";
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:32641", &o),
                     DEMARC_ERR_CRS);
    ck_assert_ptr_null(t);
    tu_assert_msg_has(ctx, "EPSG:15865");
    tu_assert_msg_has(ctx, "EPSG:32641");
    o.operation = "EPSG:4326";
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:32641", &o),
                     DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "not a coordinate operation");
    o.operation = "+proj=nosuchthing";
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:32641", &o),
                     DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "nosuchthing");
}
END_TEST

/* Issue 14: the help's own example, WGS 84 -> SK-42 with EPSG:15865 (whose
 * source is SK-42), failed; the operation is now inverted (cct -I). */
START_TEST(forced_operation_inverted)
{
    demarc_transform *t = make("EPSG:4326", "EPSG:4284", "EPSG:15865");
    const char *name;
    double acc;
    demarc_transform_operation(t, &name, NULL, &acc);
    ck_assert_msg(strstr(name, "Pulkovo 1942 to WGS 84 (16)"), "%s", name);
    tu_assert_near(acc, 4.5, 1e-9);
    against(t, "wgs84_to_sk42.txt", DEG_MM);
    demarc_transform_free(t);
    /* Into GK zone 11 the forced operation joins other CRSs: refused. */
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.operation = "EPSG:15865";
    demarc_transform *u = NULL;
    tu_assert_status(demarc_transform_new(ctx, &u, "EPSG:4326", "EPSG:28411", &o),
                     DEMARC_ERR_CRS);
}
END_TEST

/* PROJ's ballpark: EPSG:4326 -> EPSG:4289 (Amersfoort, the Netherlands)
 * over Central Asia has no known transformation (`projinfo -s EPSG:4326 -t
 * EPSG:4289 --bbox 55.9,37.1,71.0,45.6 --summary` lists only "Ballpark
 * geographic offset"): refused unless asked for. */
START_TEST(ballpark_refused)
{
    demarc_transform *t = NULL;
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:4289", &o),
                     DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "ballpark");
    ck_assert_ptr_null(t);
    o.allow_ballpark = 1;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:4289", &o), DEMARC_OK);
    const char *name;
    demarc_transform_operation(t, &name, NULL, NULL);
    ck_assert_msg(strstr(name, "Ballpark"), "%s", name);
    demarc_transform_free(t);
    /* Version-1 options (no such field) keep refusing. */
    o.version = 1;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:4289", &o),
                     DEMARC_ERR_CRS);
}
END_TEST

/* `--to foo` resolved to Amersfoort (PROJ's nearest name): a name must be
 * exact, case aside. */
START_TEST(crs_name_exact)
{
    demarc_transform *t = NULL;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "foo", NULL), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "'foo'");
    tu_assert_msg_has(ctx, "exact name");
    int geo = 0;
    tu_assert_status(demarc_crs_geographic(ctx, "WGS 8", &geo), DEMARC_ERR_CRS);
    tu_assert_status(demarc_crs_geographic(ctx, "WGS 84", &geo), DEMARC_OK);
    ck_assert_int_eq(geo, 1);
    tu_assert_status(demarc_crs_geographic(ctx, "wgs84", &geo), DEMARC_OK);
    tu_assert_status(demarc_crs_geographic(ctx, "Amersfoor", &geo), DEMARC_ERR_CRS);
    tu_assert_status(demarc_crs_geographic(ctx, "pulkovo 1942", &geo), DEMARC_OK);
    ck_assert_int_eq(geo, 1);
    t = make("EPSG:4326", "WGS 84 / UTM zone 41N", NULL);
    against(t, "utm41.txt", MM);
    demarc_transform_free(t);
}
END_TEST

/* check_range: out of range, outside the area of use (UTM 41N: 60-66 E,
 * EPSG's area of use of EPSG:32641), outside a projection's domain. */
START_TEST(range_checked)
{
    demarc_transform *t = NULL;
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.check_range = 1;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:32641", &o), DEMARC_OK);
    double x = 63, y = 41;
    tu_assert_status(demarc_transform_apply(ctx, t, 1, &x, 8, &y, 8, NULL, 0), DEMARC_OK);
    tu_assert_near(x, 500000.0, 1e-4); /* central meridian: false easting */
    x = 500;
    y = 41;
    tu_assert_status(demarc_transform_apply(ctx, t, 1, &x, 8, &y, 8, NULL, 0), DEMARC_ERR_RANGE);
    tu_assert_msg_has(ctx, "out of range");
    x = 10;
    tu_assert_status(demarc_transform_apply(ctx, t, 1, &x, 8, &y, 8, NULL, 0), DEMARC_ERR_RANGE);
    tu_assert_msg_has(ctx, "area of use");
    tu_assert_msg_has(ctx, "60..66 E");
    demarc_transform_free(t);
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:32641", "EPSG:4326", &o), DEMARC_OK);
    x = 9e9;
    y = 4e6;
    tu_assert_status(demarc_transform_apply(ctx, t, 1, &x, 8, &y, 8, NULL, 0), DEMARC_ERR_RANGE);
    x = 500000;
    y = 4538757.0619; /* 63 E 41 N: utm41 in cs2cs */
    tu_assert_status(demarc_transform_apply(ctx, t, 1, &x, 8, &y, 8, NULL, 0), DEMARC_OK);
    tu_assert_near(x, 63.0, 1e-9);
    tu_assert_near(y, 41.0, 1e-9);
    demarc_transform_free(t);
}
END_TEST

/* Every way transform_new's arguments can be wrong: each bound of the area
 * of use (degrees, south < north, west != east; west > east crosses 180),
 * the options' version, a NULL CRS; and apply's arrays. */
START_TEST(transform_arguments_checked)
{
    static const double boxes[][4] = {
        /* west, south, east, north */
        {NAN, 37, 71, 45},  {-181, 37, 71, 45}, {56, 37, 181, 45}, {56, -91, 71, 45},
        {56, 37, 71, 91},   {56, 45, 71, 45},   {63, 37, 63, 45},  {56, 37, INFINITY, 45},
    };
    demarc_transform *t = NULL;
    for (size_t i = 0; i < sizeof boxes / sizeof boxes[0]; i++) {
        demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
        o.west = boxes[i][0];
        o.south = boxes[i][1];
        o.east = boxes[i][2];
        o.north = boxes[i][3];
        tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:4284", &o),
                         DEMARC_ERR_RANGE);
        ck_assert_ptr_null(t);
        tu_assert_msg_has(ctx, "is not a box in degrees");
    }
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.version = 0;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:4284", &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "options version 0 unknown");
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", NULL, NULL), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "target CRS is NULL");
    tu_assert_status(demarc_transform_new(ctx, &t, NULL, "EPSG:4326", NULL), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "source CRS is NULL");
    tu_assert_status(demarc_transform_new(ctx, &t, "", "EPSG:4326", NULL), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "source CRS: empty CRS");
    tu_assert_status(demarc_transform_new(NULL, &t, "EPSG:4326", "EPSG:4326", NULL),
                     DEMARC_ERR_ARG);

    t = make("EPSG:4326", "EPSG:32641", NULL);
    double x = 63, y = 41;
    tu_assert_status(demarc_transform_apply(ctx, t, 0, NULL, 8, NULL, 8, NULL, 0), DEMARC_OK);
    tu_assert_status(demarc_transform_apply(ctx, t, 1, NULL, 8, &y, 8, NULL, 0), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "x array is NULL");
    tu_assert_status(demarc_transform_apply(ctx, t, 1, &x, 8, NULL, 8, NULL, 0), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "y array is NULL");
    tu_assert_status(demarc_transform_apply(ctx, NULL, 1, &x, 8, &y, 8, NULL, 0), DEMARC_ERR_ARG);
    tu_assert_status(demarc_transform_apply(ctx, t, 1, &x, 8, &y, 8, NULL, 0), DEMARC_OK);
    tu_assert_near(x, 500000.0, 1e-4); /* the central meridian: false easting */
    demarc_transform_free(t);
    int g = -1;
    tu_assert_status(demarc_crs_geographic(ctx, "EPSG:4326", NULL), DEMARC_ERR_ARG);
    tu_assert_status(demarc_crs_geographic(NULL, "EPSG:4326", &g), DEMARC_ERR_ARG);
}
END_TEST

/* Every form of CRS text PROJ parses is taken as that form, not searched
 * as a name: URN, URL, PROJJSON (projinfo -o PROJJSON EPSG:32641), a PROJ
 * string; geographic or not as projinfo says (EPSG:4326 geographic 2D,
 * EPSG:32641 projected).  A long text is cut to 60 characters in messages,
 * its line breaks and tabs made blanks. */
START_TEST(crs_text_forms)
{
    static const struct {
        const char *text;
        int geographic;
    } forms[] = {
        {"urn:ogc:def:crs:EPSG::4326", 1},
        {"http://www.opengis.net/def/crs/EPSG/0/4326", 1},
        {"  +proj=longlat +datum=WGS84 +type=crs", 1},
        {"{\"type\":\"GeographicCRS\",\"name\":\"WGS 84\",\"datum\":{\"type\":"
         "\"GeodeticReferenceFrame\",\"name\":\"World Geodetic System 1984\",\"ellipsoid\":"
         "{\"name\":\"WGS 84\",\"semi_major_axis\":6378137,\"inverse_flattening\":"
         "298.257223563}},\"coordinate_system\":{\"subtype\":\"ellipsoidal\",\"axis\":"
         "[{\"name\":\"Longitude\",\"abbreviation\":\"lon\",\"direction\":\"east\",\"unit\":"
         "\"degree\"},{\"name\":\"Latitude\",\"abbreviation\":\"lat\",\"direction\":\"north\","
         "\"unit\":\"degree\"}]}}", 1},
        {"\n\tEPSG:32641", 0},
        {"EPSG: 4326", 1},       /* projinfo 'EPSG: 4326': +proj=longlat ... */
        {"epsg:  32641 ", 0},    /* projinfo: +proj=utm +zone=41 ... */
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        int g = -1;
        demarc_status rc = demarc_crs_geographic(ctx, forms[i].text, &g);
        ck_assert_msg(rc == DEMARC_OK, "%s: %s", forms[i].text, demarc_ctx_errmsg(ctx));
        ck_assert_int_eq(g, forms[i].geographic);
    }
    /* projinfo refuses these two ("crs not found"): so does the library. */
    int g0 = -1;
    tu_assert_status(demarc_crs_geographic(ctx, "EPSG : 4326", &g0), DEMARC_ERR_CRS);
    tu_assert_status(demarc_crs_geographic(ctx, "EPSG:43 26", &g0), DEMARC_ERR_CRS);
    char text[128] = "+proj=nosuch\n+type=crs\t";
    size_t n = strlen(text);
    memset(text + n, 'a', sizeof text - 1 - n);
    text[sizeof text - 1] = '\0';
    int g = -1;
    tu_assert_status(demarc_crs_geographic(ctx, text, &g), DEMARC_ERR_CRS);
    char label[80];
    snprintf(label, sizeof label, "'+proj=nosuch +type=crs %.37s...'", text + n);
    tu_assert_msg_has(ctx, label);
}
END_TEST

/* check_range on a geographic source: a NaN and a latitude past the pole
 * are named, before PROJ sees them. */
START_TEST(range_checked_geographic)
{
    demarc_transform *t = NULL;
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.check_range = 1;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:32641", &o), DEMARC_OK);
    double x[2] = {63, 63}, y[2] = {41, NAN};
    tu_assert_status(demarc_transform_apply(ctx, t, 2, x, 8, y, 8, NULL, 0), DEMARC_ERR_RANGE);
    tu_assert_msg_has(ctx, "point 1: (63, nan) is not finite");
    y[1] = 90.5;
    tu_assert_status(demarc_transform_apply(ctx, t, 2, x, 8, y, 8, NULL, 0), DEMARC_ERR_RANGE);
    tu_assert_msg_has(ctx, "point 1: lon/lat (63, 90.5) out of range");
    ck_assert(x[0] == 63 && y[0] == 41); /* nothing transformed */
    demarc_transform_free(t);
}
END_TEST

/* An area of use across the antimeridian (west > east): the Pacific CRS
 * EPSG:3832 (PDC Mercator, BBOX[-60,98.69,66.67,-68] in projinfo) from WGS 84
 * over 170 E .. 170 W; check_range keeps that crossing area.  Expected
 * values: `echo "0 179" | cs2cs -d 4 EPSG:4326 EPSG:3832` is 3228265.2330 0
 * and "10 -170" is 4452779.6317 1111475.1029. */
START_TEST(area_across_antimeridian)
{
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.west = 170;
    o.east = -170;
    o.south = -20;
    o.north = 20;
    o.check_range = 1;
    demarc_transform *t = NULL;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:3832", &o), DEMARC_OK);
    double x[2] = {179, -170}, y[2] = {0, 10};
    tu_assert_status(demarc_transform_apply(ctx, t, 2, x, 8, y, 8, NULL, 0), DEMARC_OK);
    tu_assert_near(x[0], 3228265.2330, 1e-3);
    tu_assert_near(y[0], 0, 1e-3);
    tu_assert_near(x[1], 4452779.6317, 1e-3);
    tu_assert_near(y[1], 1111475.1029, 1e-3);
    /* 0 E is outside EPSG:3832's area of use (98.69 E eastwards to 68 W). */
    double x0 = 0, y0 = 0;
    tu_assert_status(demarc_transform_apply(ctx, t, 1, &x0, 8, &y0, 8, NULL, 0),
                     DEMARC_ERR_RANGE);
    tu_assert_msg_has(ctx, "outside the area of use");
    tu_assert_msg_has(ctx, "98.69..-68 E");
    demarc_transform_free(t);
}
END_TEST

START_TEST(gk11_matches_cs2cs)
{
    demarc_transform *t = make("EPSG:4284", "EPSG:28411", NULL);
    against(t, "gk11.txt", MM);
    demarc_transform_free(t);
}
END_TEST

/* x -> y -> x back to within 1 mm (1e-8 degree). */
static void round_trip(const char *a, const char *b, double tol)
{
    double x[NPTS], y[NPTS], x0[NPTS], y0[NPTS];
    points(x, y);
    points(x0, y0);
    demarc_transform *f = make(a, b, NULL), *r = make(b, a, NULL);
    ck_assert_int_eq(demarc_transform_apply(ctx, f, NPTS, x, 8, y, 8, NULL, 0), DEMARC_OK);
    ck_assert_int_eq(demarc_transform_apply(ctx, r, NPTS, x, 8, y, 8, NULL, 0), DEMARC_OK);
    for (int i = 0; i < NPTS; i++) {
        tu_assert_near(x[i], x0[i], tol);
        tu_assert_near(y[i], y0[i], tol);
    }
    demarc_transform_free(f);
    demarc_transform_free(r);
}

START_TEST(round_trips)
{
    round_trip("EPSG:4326", "EPSG:32641", DEG_MM);
    round_trip("EPSG:4326", "EPSG:4284", DEG_MM);
    round_trip("EPSG:4284", "EPSG:28411", DEG_MM);
    round_trip("EPSG:4326", "EPSG:28412", DEG_MM);
}
END_TEST

START_TEST(strides_and_heights)
{
    /* Interleaved x, y, z records of 4 doubles (the 4th is untouched). */
    double lon[NPTS], lat[NPTS], rec[NPTS][4], ref[2 * NPTS];
    points(lon, lat);
    load("utm41.txt", 2, ref);
    for (int i = 0; i < NPTS; i++) {
        rec[i][0] = lon[i];
        rec[i][1] = lat[i];
        rec[i][2] = 100.0 + i;
        rec[i][3] = -7.0;
    }
    demarc_transform *t = make("EPSG:4326", "EPSG:32641", NULL);
    tu_assert_status(demarc_transform_apply(ctx, t, NPTS, &rec[0][0], sizeof rec[0],
                                            &rec[0][1], sizeof rec[0], &rec[0][2],
                                            sizeof rec[0]),
                     DEMARC_OK);
    for (int i = 0; i < NPTS; i++) {
        tu_assert_near(rec[i][0], ref[2 * i], MM);
        tu_assert_near(rec[i][1], ref[2 * i + 1], MM);
        tu_assert_near(rec[i][2], 100.0 + i, 1e-9); /* a conversion keeps heights */
        tu_assert_near(rec[i][3], -7.0, 0.0);
    }
    demarc_transform_free(t);
}
END_TEST

START_TEST(bad_crs)
{
    demarc_transform *t = NULL;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:999999", "EPSG:4326", NULL),
                     DEMARC_ERR_CRS);
    ck_assert_ptr_null(t);
    tu_assert_msg_has(ctx, "source CRS 'EPSG:999999'");
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "not a crs at all", NULL),
                     DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "target CRS 'not a crs at all'");
    /* An operation is not a CRS. */
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:15865", "EPSG:4326", NULL),
                     DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "source CRS 'EPSG:15865'");
    tu_assert_status(demarc_transform_new(ctx, &t, NULL, "EPSG:4326", NULL), DEMARC_ERR_ARG);
    tu_assert_status(demarc_transform_new(ctx, NULL, "EPSG:4326", "EPSG:4326", NULL),
                     DEMARC_ERR_ARG);
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.west = 70;
    o.east = 60;
    o.south = 45;
    o.north = 41;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:4284", &o),
                     DEMARC_ERR_RANGE);
    tu_assert_msg_has(ctx, "area of use");
    o.version = 99;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:4284", &o),
                     DEMARC_ERR_ARG);
}
END_TEST

/* PROJ's own reason reaches the message, and it is the reason for this
 * text, not one left from an earlier failure (PROJ's errno is not reset by
 * a success).  The reasons as PROJ 9.1 gives them: `projinfo "+proj=foo
 * +type=crs"` says "Unknown projection", `projinfo EPSG:999999` "crs not
 * found", `projinfo -k operation EPSG:99999999` "coordinate operation not
 * found". */
START_TEST(crs_errors_give_proj_reason)
{
    int g = -1;
    tu_assert_status(demarc_crs_geographic(ctx, "+proj=foo +type=crs", &g), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "CRS '+proj=foo +type=crs': PROJ: Unknown projection");
    tu_assert_status(demarc_crs_geographic(ctx, "EPSG:4326", &g), DEMARC_OK);
    tu_assert_status(demarc_crs_geographic(ctx, "EPSG:999999", &g), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "CRS 'EPSG:999999': PROJ: crs not found");
    ck_assert_ptr_null(strstr(demarc_ctx_errmsg(ctx), "projection"));
    demarc_transform *t = NULL;
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.operation = "EPSG:99999999";
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:32642", &o),
                     DEMARC_ERR_CRS);
    ck_assert_ptr_null(t);
    tu_assert_msg_has(ctx, "operation 'EPSG:99999999': PROJ: coordinate operation not found");
}
END_TEST

/* Without proj.db (PROJ_DATA naming an empty directory) an EPSG code
 * fails with PROJ's reason, and nothing is written to the application's
 * standard error (PROJ 9.1's own logger prints "Cannot find proj.db"
 * whatever the log level). */
START_TEST(no_database_is_named_quietly)
{
    char dir[512], errfile[600];
    tu_tmpdir(dir, sizeof dir, "nodb");
    snprintf(errfile, sizeof errfile, "%s/stderr.txt", dir);
    const char *old = getenv("PROJ_DATA");
    char *saved = old ? strdup(old) : NULL;
    setenv("PROJ_DATA", dir, 1);
    fflush(stderr);
    int keep = dup(2);
    FILE *f = fopen(errfile, "w");
    ck_assert_ptr_nonnull(f);
    dup2(fileno(f), 2);
    demarc_ctx *c = NULL;
    ck_assert_int_eq(demarc_ctx_new(&c), DEMARC_OK);
    int g = -1;
    demarc_status rc = demarc_crs_geographic(c, "EPSG:4326", &g);
    char msg[600];
    snprintf(msg, sizeof msg, "%s", demarc_ctx_errmsg(c));
    demarc_ctx_free(c);
    fflush(stderr);
    dup2(keep, 2);
    close(keep);
    fclose(f);
    if (saved) setenv("PROJ_DATA", saved, 1);
    else unsetenv("PROJ_DATA");
    free(saved);
    ck_assert_int_eq(rc, DEMARC_ERR_CRS);
    ck_assert_msg(strstr(msg, "CRS 'EPSG:4326': PROJ: Cannot find proj.db"), "message: %s", msg);
    f = fopen(errfile, "r");
    ck_assert_ptr_nonnull(f);
    char buf[256];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    tu_rm_rf(dir);
    ck_assert_msg(n == 0, "written to stderr: %s", buf);
}
END_TEST

/* A transformation named "Geocentric translations" whose EPSG method code
 * is not 9603, 1031 or 1035 made PROJ 9.1 abort the process when it
 * inverted it (assert in createMethodMapNameEPSGCode; found by
 * fuzz_crs_text; reproducer in tests/fuzz/corpus/crs_text/regress-*).
 * tests/data/project/bound_krass.wkt and bound_krass_point.txt come from
 * projinfo and cs2cs (make_reference.sh, step 5); the bad CRS is the same
 * WKT with method ID EPSG 9603 changed to 9999.  Going to it from WGS 84
 * needs the inverse. */
static char *read_text(const char *rel)
{
    char path[4096];
    FILE *f = fopen(tu_path(path, sizeof path, tu_test_data_dir(), rel), "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *buf = calloc(1, 16384);
    ck_assert_ptr_nonnull(buf);
    size_t n = fread(buf, 1, 16383, f);
    fclose(f);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) buf[--n] = '\0';
    return buf;
}

START_TEST(geocentric_translation_bad_code_is_refused)
{
    char *good = read_text("project/bound_krass.wkt");
    char *bad = read_text("project/bound_krass.wkt");
    char *id = strstr(bad, "ID[\"EPSG\",9603]");
    ck_assert_ptr_nonnull(id);
    memcpy(id + strlen("ID[\"EPSG\","), "9999", 4);
    demarc_transform *t = NULL;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", bad, NULL), DEMARC_ERR_CRS);
    ck_assert_ptr_null(t);
    tu_assert_msg_has(ctx, "(EPSG:9999) is a geocentric translation by name");
    int g = -1;
    tu_assert_status(demarc_crs_geographic(ctx, bad, &g), DEMARC_ERR_CRS);
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.operation = "+proj=noop";
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", bad, &o), DEMARC_ERR_CRS);

    double ref_x, ref_y;
    char *ref = read_text("project/bound_krass_point.txt");
    ck_assert_int_eq(sscanf(ref, "%lf %lf", &ref_x, &ref_y), 2);
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", good, NULL), DEMARC_OK);
    double x = 60.0, y = 40.0;
    tu_assert_status(demarc_transform_apply(ctx, t, 1, &x, 8, &y, 8, NULL, 0), DEMARC_OK);
    tu_assert_near(x, ref_x, 1.5e-9);
    tu_assert_near(y, ref_y, 1.5e-9);
    demarc_transform_free(t);
    free(good);
    free(bad);
    free(ref);
}
END_TEST

/* The fuzzer's reproducer through the API: three lines, source CRS, target
 * CRS and forced operation (a WKT COORDINATEOPERATION whose mangled method
 * reads "CooGeocentric translations", ID EPSG 8610). */
START_TEST(geocentric_translation_fuzz_reproducer)
{
    char *buf = read_text("../fuzz/corpus/crs_text/regress-geocentric-translations-bad-code");
    char *to = strchr(buf, '\n');
    ck_assert_ptr_nonnull(to);
    *to++ = '\0';
    char *op = strchr(to, '\n');
    ck_assert_ptr_nonnull(op);
    *op++ = '\0';
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.operation = op;
    demarc_transform *t = NULL;
    tu_assert_status(demarc_transform_new(ctx, &t, buf, to, &o), DEMARC_ERR_CRS);
    ck_assert_ptr_null(t);
    tu_assert_msg_has(ctx, "method 'CooGeocentric translations' (EPSG:8610)");
    free(buf);
}
END_TEST

START_TEST(bad_point_is_named)
{
    double x[4] = {63, 64, 65, 66}, y[4] = {41, 42, 95, 43};
    demarc_transform *t = make("EPSG:4326", "EPSG:32641", NULL);
    tu_assert_status(demarc_transform_apply(ctx, t, 4, x, 8, y, 8, NULL, 0), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "point 2");
    tu_assert_msg_has(ctx, "EPSG:4326");
    tu_assert_msg_has(ctx, "EPSG:32641");
    ck_assert(x[0] > 0 && x[0] < 1e6 && x[1] > 0 && x[1] < 1e6);
    ck_assert(x[2] == HUGE_VAL && x[3] == HUGE_VAL && y[3] == HUGE_VAL);
    /* A NaN input is named too. */
    double nx[2] = {63, NAN}, ny[2] = {41, 41};
    tu_assert_status(demarc_transform_apply(ctx, t, 2, nx, 8, ny, 8, NULL, 0), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "point 1");
    /* Another thread's context may not use it. */
    demarc_ctx *other;
    ck_assert_int_eq(demarc_ctx_new(&other), DEMARC_OK);
    tu_assert_status(demarc_transform_apply(other, t, 1, x, 8, y, 8, NULL, 0), DEMARC_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(demarc_ctx_errmsg(other), "another context"));
    demarc_ctx_free(other);
    demarc_transform_free(t);
    demarc_transform_free(NULL);
}
END_TEST

START_TEST(zones)
{
    demarc_zone z;
    /* Western tripoint 56.00179E: UTM 40 (54-60E), GK 10 (54-60E). */
    tu_assert_status(demarc_zone_utm(ctx, 56.00179, 41.32428, &z), DEMARC_OK);
    ck_assert_int_eq(z.zone, 40);
    ck_assert_int_eq(z.north, 1);
    ck_assert_int_eq(z.epsg, 32640);
    ck_assert_str_eq(z.crs, "EPSG:32640");
    tu_assert_near(z.central_meridian_deg, 57.0, 0.0);
    tu_assert_status(demarc_zone_gk(ctx, 56.00179, 41.32428, &z), DEMARC_OK);
    ck_assert_int_eq(z.zone, 10);
    ck_assert_int_eq(z.epsg, 28410);
    tu_assert_near(z.central_meridian_deg, 57.0, 0.0);
    /* Eastern tripoint 70.9433E: UTM 42 (66-72E), GK 12 (CM 69E). */
    tu_assert_status(demarc_zone_utm(ctx, 70.9433, 42.26347, &z), DEMARC_OK);
    ck_assert_int_eq(z.zone, 42);
    tu_assert_status(demarc_zone_gk(ctx, 70.9433, 42.26347, &z), DEMARC_OK);
    ck_assert_int_eq(z.zone, 12);
    ck_assert_str_eq(z.crs, "EPSG:28412");
    tu_assert_near(z.central_meridian_deg, 69.0, 0.0);
    tu_assert_status(demarc_zone_utm(ctx, 63.0, 41.0, &z), DEMARC_OK);
    ck_assert_int_eq(z.epsg, 32641);
    /* Elsewhere: southern hemisphere, Norway's 32V, west longitudes. */
    tu_assert_status(demarc_zone_utm(ctx, -70.6, -33.4, &z), DEMARC_OK);
    ck_assert_int_eq(z.epsg, 32719);
    tu_assert_status(demarc_zone_utm(ctx, 5.3, 60.4, &z), DEMARC_OK);
    ck_assert_int_eq(z.zone, 32);
    tu_assert_status(demarc_zone_gk(ctx, -10.0, 50.0, &z), DEMARC_OK);
    ck_assert_int_eq(z.zone, 59); /* 350E */
    ck_assert_int_eq(z.epsg, 0);
    ck_assert_str_eq(z.crs, "");
    tu_assert_near(z.central_meridian_deg, -9.0, 0.0);
    tu_assert_status(demarc_zone_utm(ctx, 63.0, 85.0, &z), DEMARC_ERR_RANGE);
    tu_assert_msg_has(ctx, "85");
    tu_assert_status(demarc_zone_utm(ctx, NAN, 41.0, &z), DEMARC_ERR_RANGE);
    tu_assert_status(demarc_zone_gk(ctx, 181.0, 41.0, &z), DEMARC_ERR_RANGE);
}
END_TEST

static void factors_against(const char *crs, const char *name)
{
    double ref[5 * NPTS];
    load(name, 5, ref);
    for (int i = 0; i < NPTS; i++) {
        const double *r = ref + 5 * i;
        demarc_grid_factors f;
        tu_assert_status(demarc_grid_factors_at(ctx, crs, r[0], r[1], &f), DEMARC_OK);
        tu_assert_near(f.convergence_deg, r[2], 2e-8); /* proj -V prints 8 decimals */
        tu_assert_near(f.meridional_scale, r[3], 1e-8);
        tu_assert_near(f.parallel_scale, r[4], 1e-8);
        tu_assert_near(f.scale_factor, r[4], 1e-8);
        tu_assert_near(f.meridian_distortion_ppm, (r[3] - 1) * 1e6, 0.01);
        /* conformal: proj -V prints 0.000; PROJ's numerical derivatives
         * leave ~1e-6 degree */
        tu_assert_near(f.angular_distortion_deg, 0.0, 1e-5);
    }
}

START_TEST(grid_factors)
{
    factors_against("EPSG:32641", "factors_utm41.txt");
    factors_against("EPSG:28411", "factors_gk11.txt");
    demarc_grid_factors f;
    tu_assert_status(demarc_grid_factors_at(ctx, "EPSG:4326", 63, 41, &f), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "not a projected CRS");
    tu_assert_status(demarc_grid_factors_at(ctx, "EPSG:0", 63, 41, &f), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "EPSG:0");
    tu_assert_status(demarc_grid_factors_at(ctx, "EPSG:32641", 63, 91, &f), DEMARC_ERR_RANGE);
}
END_TEST

START_TEST(border_in_grid)
{
    demarc_border *b;
    ck_assert_int_eq(demarc_border_open_default(ctx, &b, NULL), DEMARC_OK);
    const demarc_border_info *in = demarc_border_info_get(b);
    ck_assert_uint_eq(in->sign_count, 1301);
    double *xy = malloc(2 * in->vertex_count * sizeof *xy), ref[2 * NPTS];
    ck_assert_ptr_nonnull(xy);
    load("utm41.txt", 2, ref);
    /* Sign 1 and sign 981 are the tripoints, rows 1 and 2 of points.txt. */
    tu_assert_status(demarc_border_project_signs(ctx, b, "EPSG:32641", NULL, xy, 1301),
                     DEMARC_OK);
    tu_assert_near(xy[0], ref[0], MM);
    tu_assert_near(xy[1], ref[1], MM);
    tu_assert_near(xy[2 * 1300], ref[2], MM);
    tu_assert_near(xy[2 * 1300 + 1], ref[3], MM);
    tu_assert_status(demarc_border_project_vertices(ctx, b, "EPSG:32641", NULL, xy,
                                                    in->vertex_count),
                     DEMARC_OK);
    tu_assert_near(xy[0], ref[0], MM);
    tu_assert_near(xy[2 * (in->vertex_count - 1) + 1], ref[3], MM);
    tu_assert_status(demarc_border_project_signs(ctx, b, "EPSG:32641", NULL, xy, 1300),
                     DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "1301");
    tu_assert_status(demarc_border_project_signs(ctx, b, "EPSG:nope", NULL, xy, 1301),
                     DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "EPSG:nope");
    free(xy);
    demarc_border_free(b);
}
END_TEST

/* Geographic or not, as projinfo says: EPSG:4979 is WGS 84 geographic 3D;
 * a PROJ string with +towgs84 is a bound CRS (projinfo: "BoundCRS") whose
 * base is geographic, or projected. */
START_TEST(crs_geographic_3d_and_bound)
{
    static const struct { const char *text; int geographic; } forms[] = {
        {"EPSG:4979", 1},
        {"+proj=longlat +ellps=krass +towgs84=23.57,-140.95,-79.8,0,0.35,0.79,-0.22 "
         "+type=crs", 1},
        {"+proj=tmerc +lon_0=63 +k=1 +x_0=11500000 +ellps=krass "
         "+towgs84=23.57,-140.95,-79.8,0,0.35,0.79,-0.22 +units=m +type=crs", 0},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        int g = -1;
        demarc_status rc = demarc_crs_geographic(ctx, forms[i].text, &g);
        ck_assert_msg(rc == DEMARC_OK, "%s: %s", forms[i].text, demarc_ctx_errmsg(ctx));
        ck_assert_msg(g == forms[i].geographic, "%s: %d", forms[i].text, g);
    }
    /* no transform: every output is "nothing" */
    const char *name = "x", *code = "x";
    double acc = 7;
    demarc_transform_operation(NULL, &name, &code, &acc);
    ck_assert_str_eq(name, "");
    ck_assert_str_eq(code, "");
    ck_assert(acc == -1);
    demarc_transform_operation(NULL, NULL, NULL, NULL);
}
END_TEST

/* Operation texts that look like AUTH:CODE but are not one (no
 * authority, no code, a digit in the authority, a blank in the code, an
 * authority of 40 letters, a code no operation has) are refused as CRS
 * errors naming the text; CRS texts likewise (none, a carriage return made
 * a blank, text PROJ cannot parse, "NAME: rest" and ":CODE"); a name
 * after blanks or a carriage return is still the name (WGS 84 is
 * geographic: EPSG:4326, projinfo). */
START_TEST(operation_and_crs_texts_refused)
{
    static const char *ops[] = {":15865", "EPSG:", "EPSG2:15865", "EPSG:158 65",
                                "AVERYLONGAUTHORITYNAMEOFMORETHAN32CHARS:15865", "EPSG:15865x"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        demarc_transform *t = NULL;
        demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
        o.operation = ops[i];
        tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4284", "EPSG:4326", &o),
                         DEMARC_ERR_CRS);
        ck_assert_ptr_null(t);
        char want[128];
        snprintf(want, sizeof want, "operation '%s'", ops[i]);
        tu_assert_msg_has(ctx, want);
    }
    static const struct { const char *text, *label; } bad[] = {
        {NULL, "CRS: empty CRS"},
        {"+proj=nosuch\r+type=crs", "'+proj=nosuch +type=crs'"},
        {"a=b", "'a=b'"},
        {"foo(bar)", "'foo(bar)'"},
        {"Foo: bar", "'Foo: bar'"},
        {":4326", "':4326'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int g = -1;
        tu_assert_status(demarc_crs_geographic(ctx, bad[i].text, &g), DEMARC_ERR_CRS);
        tu_assert_msg_has(ctx, bad[i].label);
        ck_assert_int_eq(g, 0);
    }
    static const char *names[] = {" WGS 84", "\rWGS 84", "WGS84"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        int g = -1;
        tu_assert_status(demarc_crs_geographic(ctx, names[i], &g), DEMARC_OK);
        ck_assert_int_eq(g, 1);
    }
}
END_TEST

/* check_range, each way out: from UTM 41N (area of use 60..66 E,
 * 0..84 N: projinfo EPSG:32641) a NaN, then points that cs2cs EPSG:32641
 * EPSG:4326 puts west of the area (100000 4600000 -> 58.211683 E), south
 * of it (500000 -100000 -> 0.904731 S) and north of it (500000 9500000 ->
 * 85.539828 N); from WGS 84 a latitude each side of the poles, a
 * longitude west of -180, a NaN.  The message names the point's index. */
START_TEST(range_checked_each_bound)
{
    demarc_transform *t = NULL;
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.check_range = 1;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:32641", "EPSG:4326", &o), DEMARC_OK);
    static const struct { double x, y; const char *why; } utm[] = {
        {500000, NAN, "is not finite"},
        {NAN, 4538757.0619, "is not finite"},
        {100000, 4600000, "outside the area of use"},
        {500000, -100000, "outside the area of use"},
        {500000, 9500000, "outside the area of use"},
    };
    for (size_t i = 0; i < sizeof utm / sizeof utm[0]; i++) {
        double x[2] = {500000, utm[i].x}, y[2] = {4538757.0619, utm[i].y};
        tu_assert_status(demarc_transform_apply(ctx, t, 2, x, 8, y, 8, NULL, 0),
                         DEMARC_ERR_RANGE);
        tu_assert_msg_has(ctx, "point 1");
        tu_assert_msg_has(ctx, utm[i].why);
    }
    demarc_transform_free(t);
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:32641", &o), DEMARC_OK);
    static const double geo[][2] = {{63, -91}, {63, 91}, {-181, 41}, {NAN, 41}};
    for (size_t i = 0; i < sizeof geo / sizeof geo[0]; i++) {
        double x = geo[i][0], y = geo[i][1];
        tu_assert_status(demarc_transform_apply(ctx, t, 1, &x, 8, &y, 8, NULL, 0),
                         DEMARC_ERR_RANGE);
        tu_assert_msg_has(ctx, "point 0");
    }
    demarc_transform_free(t);
}
END_TEST

/* The area of use the other way round and without one.
 * From EPSG:3832 (PDC Mercator, centred on 150 E; area of use 98.69 E
 * eastwards to 68 W, across 180) to WGS 84: cs2cs EPSG:4326 EPSG:3832 puts
 * 150 E 0 N at x 0 and 0 E 0 N at x -16697923.619, outside the area.
 * A UTM 41N PROJ string has no area of use: only its domain is checked, so
 * easting 100000 (58.21 E, west of EPSG:32641's area: cs2cs) passes.
 * Boxes with one bound 0 (Greenwich, the equator) are boxes, not "none". */
START_TEST(area_of_use_reversed_and_absent)
{
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.check_range = 1;
    demarc_transform *t = NULL;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:3832", "EPSG:4326", &o), DEMARC_OK);
    double x = 0, y = 0;
    tu_assert_status(demarc_transform_apply(ctx, t, 1, &x, 8, &y, 8, NULL, 0), DEMARC_OK);
    tu_assert_near(x, 150.0, 1e-9);
    x = -16697923.619;
    y = 0;
    tu_assert_status(demarc_transform_apply(ctx, t, 1, &x, 8, &y, 8, NULL, 0), DEMARC_ERR_RANGE);
    tu_assert_msg_has(ctx, "outside the area of use");
    demarc_transform_free(t);
    tu_assert_status(demarc_transform_new(ctx, &t, "+proj=utm +zone=41 +datum=WGS84 +type=crs",
                                          "EPSG:4326", &o),
                     DEMARC_OK);
    x = 100000;
    y = 4600000;
    tu_assert_status(demarc_transform_apply(ctx, t, 1, &x, 8, &y, 8, NULL, 0), DEMARC_OK);
    tu_assert_near(x, 58.211683, 1e-6);
    tu_assert_near(y, 41.451875, 1e-6);
    demarc_transform_free(t);
    static const double boxes[][4] = {{0, 30, 80, 50}, {56, 0, 71, 45}, {-10, 30, 0, 50},
                                      {56, -45, 71, 0}};
    for (size_t i = 0; i < sizeof boxes / sizeof boxes[0]; i++) {
        demarc_transform_options b = DEMARC_TRANSFORM_OPTIONS_INIT;
        b.west = boxes[i][0];
        b.south = boxes[i][1];
        b.east = boxes[i][2];
        b.north = boxes[i][3];
        tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:32641", &b),
                         DEMARC_OK);
        x = 63;
        y = 41;
        tu_assert_status(demarc_transform_apply(ctx, t, 1, &x, 8, &y, 8, NULL, 0), DEMARC_OK);
        tu_assert_near(x, 500000.0, 1e-4); /* the central meridian: false easting */
        demarc_transform_free(t);
    }
    demarc_transform_options nan_south = DEMARC_TRANSFORM_OPTIONS_INIT;
    nan_south.west = 56;
    nan_south.south = NAN;
    nan_south.east = 71;
    nan_south.north = 45;
    tu_assert_status(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:32641", &nan_south),
                     DEMARC_ERR_RANGE);
    tu_assert_msg_has(ctx, "is not a box in degrees");
}
END_TEST

Suite *project_suite(void)
{
    Suite *s = suite_create("project");
    TCase *tc = tcase_create("project");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, utm41_matches_cs2cs);
    tcase_add_test(tc, sk42_picks_15865_for_both_sides);
    tcase_add_test(tc, forced_operation);
    tcase_add_test(tc, forced_operation_wrong_crs);
    tcase_add_test(tc, forced_operation_inverted);
    tcase_add_test(tc, ballpark_refused);
    tcase_add_test(tc, crs_name_exact);
    tcase_add_test(tc, range_checked);
    tcase_add_test(tc, range_checked_each_bound);
    tcase_add_test(tc, gk11_matches_cs2cs);
    tcase_add_test(tc, transform_arguments_checked);
    tcase_add_test(tc, crs_text_forms);
    tcase_add_test(tc, crs_geographic_3d_and_bound);
    tcase_add_test(tc, operation_and_crs_texts_refused);
    tcase_add_test(tc, range_checked_geographic);
    tcase_add_test(tc, area_across_antimeridian);
    tcase_add_test(tc, area_of_use_reversed_and_absent);
    tcase_add_test(tc, round_trips);
    tcase_add_test(tc, strides_and_heights);
    tcase_add_test(tc, bad_crs);
    tcase_add_test(tc, crs_errors_give_proj_reason);
    tcase_add_test(tc, no_database_is_named_quietly);
    tcase_add_test(tc, geocentric_translation_bad_code_is_refused);
    tcase_add_test(tc, geocentric_translation_fuzz_reproducer);
    tcase_add_test(tc, bad_point_is_named);
    tcase_add_test(tc, zones);
    tcase_add_test(tc, grid_factors);
    tcase_add_test(tc, border_in_grid);
    suite_add_tcase(s, tc);
    return s;
}
