/* check_roundtrip.c -- every demarc_border_export output reopens with
 * demarc_border_open as the same border (issue 14): the matrix of formats x
 * CRSs, and the behaviours around it (layers by name, one operation for
 * the whole border, export safety).
 *
 * The expectation is the border that was exported (the embedded
 * data/kz-uz), compared field by field, and figures from outside the code:
 *   length 2360691.042282710 m: tests/data/reference_geodesic.txt
 *       (GeodSolve, GeographicLib 2.1.2, over data/kz-uz/border.geojson);
 *   1,301 signs, 2,014 vertices, parties KZ/UZ: data/kz-uz (`ogrinfo -so`,
 *       border.json);
 *   positions to 0.1 mm: 1e-4 m, with degrees turned into metres by
 *       111,320 m per degree (the equatorial degree of WGS 84, 2 pi a / 360,
 *       an upper bound for both axes);
 *   lengths to 1 mm.
 * Operation choice: `projinfo -s EPSG:4284 -t EPSG:4326 --bbox
 *   55.9,37.1,71.0,45.6 --spatial-test contains --summary` lists only
 *   EPSG:15865 (4.5 m): a border in SK-42 must reopen through it.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#define LENGTH_M 2360691.042282710 /* reference_geodesic.txt, GeodSolve */
#define M_PER_DEG 111320.0         /* 2 pi 6378137 / 360, upper bound */
#define POS_TOL_M 1e-4             /* 0.1 mm */
#define LEN_TOL_M 1e-3             /* 1 mm */

static demarc_ctx *ctx;
static demarc_border *border;
static char dir[256];

static void setup(void)
{
    tu_open_default(&ctx, &border);
    tu_tmpdir(dir, sizeof dir, "roundtrip");
}

static void teardown(void)
{
    tu_rm_rf(dir);
    tu_close(&ctx, &border);
}

typedef struct fmt_case {
    const char *format, *name; /* name: a file (GPKG, KML) or a folder */
    int wgs84_only;
} fmt_case;

static const fmt_case FORMATS[] = {
    {"GPKG", "b.gpkg", 0}, {"KML", "b.kml", 1}, {"GeoJSON", "b-geojson", 1},
    {"SHP", "b-shp", 0},   {"FGB", "b-fgb", 0}, {"CSV", "b-csv", 0},
};
#define NFORMATS (sizeof FORMATS / sizeof FORMATS[0])

static const char *const CRSS[] = {"EPSG:4326", "EPSG:32641", "EPSG:4284", "EPSG:28411"};
#define NCRSS (sizeof CRSS / sizeof CRSS[0])

/* Distance bound in metres between two lon/lat points. */
static double pos_err_m(double lon1, double lat1, double lon2, double lat2)
{
    return hypot(lon1 - lon2, lat1 - lat2) * M_PER_DEG;
}

/* Equal, or both NaN; numbers that went through text within 1e-12 relative. */
static int same_num(double a, double b)
{
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    return fabs(a - b) <= 1e-12 * fmax(1.0, fabs(a));
}

typedef struct worst_err {
    double vertex_m, sign_m, terr_m, length_m;
} worst_err;

/* Compare border r (reopened) with the original, field by field. */
static void compare(const char *what, const demarc_border *r, worst_err *w)
{
    const demarc_border_info *a = demarc_border_info_get(border), *b = demarc_border_info_get(r);
    /* Metadata. */
    ck_assert_str_eq(b->id, a->id);
    ck_assert_str_eq(b->name, a->name);
    ck_assert_str_eq(b->left_party, "KZ");
    ck_assert_str_eq(b->right_party, "UZ");
    ck_assert_str_eq(b->left_name, a->left_name);
    ck_assert_str_eq(b->right_name, a->right_name);
    ck_assert_msg(same_num(b->declared_length_m, a->declared_length_m), "%s", what);
    ck_assert_int_eq(b->declared_signs, a->declared_signs);
    ck_assert_str_eq(b->demarcation_finalised, a->demarcation_finalised);
    ck_assert_str_eq(b->agreement_signed, a->agreement_signed);
    ck_assert_str_eq(b->agreement_place, a->agreement_place);
    ck_assert_int_eq(b->inspection_interval_years, a->inspection_interval_years);
    ck_assert_int_eq(b->signs_modelled, a->signs_modelled);
    ck_assert_str_eq(b->source, a->source);
    ck_assert_str_eq(b->licence, a->licence);
    ck_assert_str_eq(b->attribution, a->attribution);
    ck_assert_int_eq(b->edge_model, a->edge_model);
    /* The defining vertices, not the densification points. */
    ck_assert_msg(b->vertex_count == 2014, "%s: %zu vertices", what, b->vertex_count);
    size_t n;
    const double *va = demarc_border_vertices(border, &n), *vb = demarc_border_vertices(r, &n);
    for (size_t i = 0; i < n; i++) {
        double e = pos_err_m(va[2 * i], va[2 * i + 1], vb[2 * i], vb[2 * i + 1]);
        if (e > w->vertex_m) w->vertex_m = e;
        ck_assert_msg(e <= POS_TOL_M, "%s: vertex %zu off by %.3g m", what, i, e);
    }
    double la, lb;
    tu_assert_status(demarc_border_length(ctx, r, &lb), DEMARC_OK);
    tu_assert_status(demarc_border_length(ctx, border, &la), DEMARC_OK);
    tu_assert_near(lb, LENGTH_M, LEN_TOL_M);
    if (fabs(lb - la) > w->length_m) w->length_m = fabs(lb - la);
    /* Every sign with every attribute. */
    ck_assert_uint_eq(b->sign_count, 1301);
    for (size_t i = 0; i < b->sign_count; i++) {
        const demarc_sign *s = demarc_border_sign(border, i), *t = demarc_border_sign(r, i);
        ck_assert_str_eq(t->id, s->id);
        ck_assert_int_eq(t->seq, s->seq);
        ck_assert_int_eq(t->kind, s->kind);
        double e = pos_err_m(s->lon, s->lat, t->lon, t->lat);
        if (e > w->sign_m) w->sign_m = e;
        ck_assert_msg(e <= POS_TOL_M, "%s: sign %s off by %.3g m", what, s->id, e);
        ck_assert_msg(same_num(t->h_m, s->h_m), "%s: sign %s h_m %.17g vs %.17g", what, s->id,
                      t->h_m, s->h_m);
        ck_assert_msg(same_num(t->chainage_m, s->chainage_m), "%s: sign %s chainage", what,
                      s->id);
        ck_assert_msg(same_num(t->next_dist_m, s->next_dist_m), "%s: sign %s next_dist", what,
                      s->id);
        ck_assert_msg(same_num(t->next_azimuth_deg, s->next_azimuth_deg),
                      "%s: sign %s azimuth %.17g vs %.17g", what, s->id, t->next_azimuth_deg,
                      s->next_azimuth_deg);
        ck_assert_int_eq(t->segment, s->segment);
        ck_assert_str_eq(t->provenance, s->provenance);
        tu_assert_near(t->line_chainage_m, s->line_chainage_m, LEN_TOL_M);
        tu_assert_near(t->line_offset_m, s->line_offset_m, LEN_TOL_M);
    }
    /* Both territories, ring by ring, point by point. */
    ck_assert_uint_eq(b->territory_count, 2);
    for (size_t k = 0; k < 2; k++) {
        const demarc_territory *ta = demarc_border_territory(border, k),
                               *tb = demarc_border_territory(r, k);
        ck_assert_str_eq(tb->party, ta->party);
        ck_assert_str_eq(tb->name, ta->name);
        ck_assert_uint_eq(tb->polygon_count, ta->polygon_count);
        ck_assert_uint_eq(tb->ring_count, ta->ring_count);
        ck_assert_uint_eq(tb->point_count, ta->point_count);
        /* Ring by ring; a Shapefile stores shells clockwise (ESRI Shapefile
         * Technical Description, 1998, p. 8), so a ring may come back
         * reversed: same first point, the others in the opposite order. */
        for (size_t q = 0; q < ta->ring_count; q++) {
            size_t s0 = ta->ring_start[q], m = ta->ring_start[q + 1] - s0;
            ck_assert_uint_eq(tb->ring_start[q], s0);
            ck_assert_uint_eq(tb->ring_start[q + 1] - s0, m);
            ck_assert_int_eq(tb->ring_is_hole[q], ta->ring_is_hole[q]);
            double fwd = 0, rev = 0;
            for (size_t p = 0; p < m; p++) {
                const double *x = &ta->points[2 * (s0 + p)];
                const double *y = &tb->points[2 * (s0 + p)];
                const double *z = &tb->points[2 * (s0 + (m - 1 - p) % m)];
                fwd = fmax(fwd, pos_err_m(x[0], x[1], y[0], y[1]));
                rev = fmax(rev, pos_err_m(x[0], x[1], z[0], z[1]));
            }
            double e = fmin(fwd, rev);
            if (e > w->terr_m) w->terr_m = e;
            ck_assert_msg(e <= POS_TOL_M, "%s: territory %s ring %zu off by %.3g m", what,
                          ta->party, q, e);
        }
    }
}

/* Export in format f and CRS c, reopen, compare. */
static void round_trip(const fmt_case *f, const char *crs)
{
    char out[512], what[128];
    snprintf(out, sizeof out, "%s/%s", dir, f->name);
    snprintf(what, sizeof what, "%s in %s", f->format, crs);
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.format = f->format;
    o.crs = crs;
    demarc_status rc = demarc_border_export(ctx, border, out, &o);
    if (f->wgs84_only && strcmp(crs, "EPSG:4326")) { /* RFC 7946, OGC KML 2.2 */
        tu_assert_status(rc, DEMARC_ERR_CRS);
        tu_assert_msg_has(ctx, "by definition");
        return;
    }
    ck_assert_msg(rc == DEMARC_OK, "%s: %s", what, demarc_ctx_errmsg(ctx));
    demarc_border *r = NULL;
    rc = demarc_border_open(ctx, &r, out, NULL);
    ck_assert_msg(rc == DEMARC_OK, "%s: reopen: %s", what, demarc_ctx_errmsg(ctx));
    worst_err w = {0, 0, 0, 0};
    compare(what, r, &w);
    const demarc_border_info *in = demarc_border_info_get(r);
    if (!strcmp(crs, "EPSG:4326")) {
        ck_assert_str_eq(in->crs, "");
    } else {
        ck_assert_str_eq(in->crs, crs);
        if (!strcmp(crs, "EPSG:4284") || !strcmp(crs, "EPSG:28411"))
            ck_assert_msg(strstr(in->operation, "Pulkovo 1942 to WGS 84 (16)"),
                          "%s: operation '%s'", what, in->operation);
    }
    printf("roundtrip %-8s %-10s worst: vertex %.2e m, sign %.2e m, territory %.2e m, "
           "length %.2e m\n",
           f->format, crs, w.vertex_m, w.sign_m, w.terr_m, w.length_m);
    demarc_border_free(r);
    /* The same OUT again: an export of ours is replaced without force. */
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
}

START_TEST(matrix)
{
    round_trip(&FORMATS[_i / NCRSS], CRSS[_i % NCRSS]);
}
END_TEST

/* UTM 40N and 42N, GK zones 10 and 12 too (GPKG, FGB). */
START_TEST(other_zones)
{
    static const char *const zones[] = {"EPSG:32640", "EPSG:32642", "EPSG:28410", "EPSG:28412"};
    round_trip(&FORMATS[0], zones[_i]);
    round_trip(&FORMATS[4], zones[_i]);
}
END_TEST

static int run(const char *cmd)
{
    char full[4200];
    snprintf(full, sizeof full, "(%.4096s) >/dev/null 2>&1", cmd);
    return system(full);
}

/* A GPKG of several layers none of which is a border line: an error that
 * lists them; a signs layer read by name, not the first layer. */
START_TEST(layers_by_name)
{
    char out[512], two[512], cmd[2048];
    snprintf(out, sizeof out, "%s/k.gpkg", dir);
    tu_assert_status(demarc_border_export(ctx, border, out, NULL), DEMARC_OK);
    /* Two layers of an export under other names (ogr2ogr -nln). */
    snprintf(two, sizeof two, "%s/two.gpkg", dir);
    snprintf(cmd, sizeof cmd, "ogr2ogr -f GPKG '%s' '%s' signs -nln points_a", two, out);
    ck_assert_int_eq(run(cmd), 0);
    snprintf(cmd, sizeof cmd, "ogr2ogr -update -f GPKG '%s' '%s' border_line -nln line_b", two,
             out);
    ck_assert_int_eq(run(cmd), 0);
    demarc_border *r = NULL;
    tu_assert_status(demarc_border_open(ctx, &r, two, NULL), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "2 layers (points_a, line_b)");
    tu_assert_msg_has(ctx, "none named border_line");
    /* The export's signs layer given as the catalogue of another line. */
    demarc_open_options oo = DEMARC_OPEN_OPTIONS_INIT;
    char line[512];
    snprintf(line, sizeof line, "%s/kz-uz/border.geojson", tu_data_dir());
    oo.signs_path = out;
    tu_assert_status(demarc_border_open(ctx, &r, line, &oo), DEMARC_OK);
    ck_assert_uint_eq(demarc_border_info_get(r)->sign_count, 1301);
    demarc_border_free(r);
    /* A two-layer file as a catalogue with no layer named signs. */
    oo.signs_path = two;
    tu_assert_status(demarc_border_open(ctx, &r, line, &oo), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "none named signs");
}
END_TEST

/* Issue 14: a border exported to EPSG:28411 reopened 1.6 m longer (OGR
 * chose the operation per point).  Without lon/lat fields the signs come
 * back through the geometry, by the same one operation, to 0.1 mm; the
 * file without its metadata (so without the operation's name) too. */
START_TEST(one_operation_back)
{
    char out[512], bare[512], cmd[4096];
    snprintf(out, sizeof out, "%s/gk.gpkg", dir);
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.crs = "EPSG:28411";
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    snprintf(bare, sizeof bare, "%s/bare.gpkg", dir);
    snprintf(cmd, sizeof cmd,
             "ogr2ogr -f GPKG '%s' '%s' border_line border_vertices && "
             "ogr2ogr -update -f GPKG '%s' '%s' signs -select id,seq,kind",
             bare, out, bare, out);
    ck_assert_int_eq(run(cmd), 0);
    demarc_border *r = NULL;
    ck_assert_msg(demarc_border_open(ctx, &r, bare, NULL) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    double len;
    tu_assert_status(demarc_border_length(ctx, r, &len), DEMARC_OK);
    tu_assert_near(len, LENGTH_M, LEN_TOL_M);
    double worst = 0;
    for (size_t i = 0; i < 1301; i++) {
        const demarc_sign *s = demarc_border_sign(border, i), *t = demarc_border_sign(r, i);
        double e = pos_err_m(s->lon, s->lat, t->lon, t->lat);
        if (e > worst) worst = e;
    }
    printf("roundtrip EPSG:28411 without lon/lat fields: worst sign %.2e m, length %.6f m\n",
           worst, len);
    ck_assert_msg(worst <= POS_TOL_M, "sign off by %.3g m", worst);
    ck_assert_msg(strstr(demarc_border_info_get(r)->operation, "Pulkovo 1942 to WGS 84 (16)"),
                  "%s", demarc_border_info_get(r)->operation);
    demarc_border_free(r);
}
END_TEST

/* CSV stores no CRS of its own (GDAL writes a .prj beside it, which a copy
 * may lose): the metadata's `crs` row then names it. */
START_TEST(csv_without_prj)
{
    char out[512], cmd[1024];
    snprintf(out, sizeof out, "%s/c", dir);
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.format = "CSV";
    o.crs = "EPSG:32641";
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    snprintf(cmd, sizeof cmd, "rm '%s'/*.prj", out);
    ck_assert_int_eq(run(cmd), 0);
    demarc_border *r = NULL;
    ck_assert_msg(demarc_border_open(ctx, &r, out, NULL) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    worst_err w = {0, 0, 0, 0};
    compare("CSV in EPSG:32641 without .prj", r, &w);
    ck_assert_str_eq(demarc_border_info_get(r)->crs, "EPSG:32641");
    demarc_border_free(r);
}
END_TEST

/* Densified line: more points than vertices in every CRS, the defining
 * vertices back; off gives exactly the vertices.  (The deviation from the
 * true edge is measured against GeodSolve and cs2cs in roundtrip_test.sh.) */
START_TEST(densified_vertices)
{
    char out[512], cmd[1024], buf[256];
    snprintf(out, sizeof out, "%s/u.gpkg", dir);
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.crs = "EPSG:32641";
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    /* Points of the line, counted by ogrinfo/SQLite: ST_NPoints. */
    snprintf(cmd, sizeof cmd,
             "ogrinfo -ro -q '%s' -dialect SQLite -sql 'SELECT ST_NPoints(geom) AS n FROM "
             "border_line' | sed -n 's/.*n (Integer) = //p'",
             out);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(fgets(buf, sizeof buf, p));
    pclose(p);
    long npts = atol(buf);
    ck_assert_msg(npts > 2014, "densified line of %ld points", npts);
    demarc_border *r = NULL;
    tu_assert_status(demarc_border_open(ctx, &r, out, NULL), DEMARC_OK);
    ck_assert_uint_eq(demarc_border_info_get(r)->vertex_count, 2014);
    demarc_border_free(r);
    o.densify_m = -1;
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(fgets(buf, sizeof buf, p));
    pclose(p);
    ck_assert_int_eq(atol(buf), 2014);
    o.densify_m = 1e-6; /* below what is kept */
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_ARG);
    o.densify_m = NAN;
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_ARG);
}
END_TEST

/* A sign moved in a GIS (its geometry) but not its lon/lat fields: the
 * file contradicts itself; an error, not one of the two taken silently. */
START_TEST(sign_fields_vs_geometry)
{
    char out[512], cmd[2048];
    snprintf(out, sizeof out, "%s/s.gpkg", dir);
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.crs = "EPSG:32641";
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    snprintf(cmd, sizeof cmd,
             "ogrinfo '%s' -dialect SQLite -sql \"UPDATE signs SET geom = "
             "MakePoint(ST_X(geom) + 0.5, ST_Y(geom), 32641) WHERE id = '17'\"",
             out);
    ck_assert_int_eq(run(cmd), 0);
    demarc_border *r = NULL;
    tu_assert_status(demarc_border_open(ctx, &r, out, NULL), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "sign '17'");
    tu_assert_msg_has(ctx, "apart");
}
END_TEST

/* A vertex that is not on the line: the file is inconsistent. */
START_TEST(vertices_must_be_on_the_line)
{
    char out[512], bad[512], cmd[2048];
    snprintf(out, sizeof out, "%s/v.gpkg", dir);
    tu_assert_status(demarc_border_export(ctx, border, out, NULL), DEMARC_OK);
    snprintf(bad, sizeof bad, "%s/bad.gpkg", dir);
    snprintf(cmd, sizeof cmd,
             "cp '%s' '%s' && ogrinfo '%s' -dialect SQLite -sql \"UPDATE border_vertices SET "
             "geom = MakePoint(ST_X(geom) + 0.001, ST_Y(geom), 4326) WHERE vertex = 7\"",
             out, bad, bad);
    ck_assert_int_eq(run(cmd), 0);
    demarc_border *r = NULL;
    tu_assert_status(demarc_border_open(ctx, &r, bad, NULL), DEMARC_ERR_GEOMETRY);
    tu_assert_msg_has(ctx, "vertex 7");
    tu_assert_msg_has(ctx, "border_line");
}
END_TEST

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

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int on_progress_stop(void *ud, double fraction, const char *stage)
{
    (void)fraction;
    (void)stage;
    return ++*(int *)ud >= 3;
}

/* Nothing replaced that we did not write; output = input refused; an
 * unknown extension is an error; a failed export leaves the old one. */
START_TEST(export_safety)
{
    char out[512];
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    /* A file of someone else's with a .gpkg name. */
    snprintf(out, sizeof out, "%s/theirs.gpkg", dir);
    write_file(out, "not ours\n");
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "not an export of libdemarc");
    ck_assert_int_eq(file_size(out), 9);
    o.force = 1;
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    ck_assert_int_gt(file_size(out), 9);
    o.force = 0;
    /* A failure (cancelled) leaves the existing export as it was. */
    long before = file_size(out);
    int calls = 0;
    o.progress = on_progress_stop;
    o.progress_userdata = &calls;
    o.crs = "EPSG:32641";
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_CANCELLED);
    ck_assert_int_eq(file_size(out), before);
    demarc_border *r = NULL;
    tu_assert_status(demarc_border_open(ctx, &r, out, NULL), DEMARC_OK);
    ck_assert_str_eq(demarc_border_info_get(r)->crs, ""); /* still the WGS 84 one */
    /* Output = input: the file the border was read from. */
    o.progress = NULL;
    o.crs = NULL;
    o.force = 1;
    tu_assert_status(demarc_border_export(ctx, r, out, &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "read from");
    demarc_border_free(r);
    /* A folder export read back, then written over itself. */
    char fold[512];
    snprintf(fold, sizeof fold, "%s/fgb", dir);
    o.format = "FGB";
    tu_assert_status(demarc_border_export(ctx, border, fold, &o), DEMARC_OK);
    tu_assert_status(demarc_border_open(ctx, &r, fold, NULL), DEMARC_OK);
    tu_assert_status(demarc_border_export(ctx, r, fold, &o), DEMARC_ERR_ARG);
    demarc_border_free(r);
    /* A folder of ours is replaced; someone else's is not, unless forced;
     * nor ours with a file of someone else's put in it. */
    o.force = 0;
    tu_assert_status(demarc_border_export(ctx, border, fold, &o), DEMARC_OK);
    char extra[600];
    snprintf(extra, sizeof extra, "%s/notes.txt", fold);
    write_file(extra, "mine");
    tu_assert_status(demarc_border_export(ctx, border, fold, &o), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "force");
    ck_assert_int_eq(access(extra, F_OK), 0);
    unlink(extra);
    char mine[512], keep[600];
    snprintf(mine, sizeof mine, "%s/mine", dir);
    ck_assert_int_eq(mkdir(mine, 0777), 0);
    snprintf(keep, sizeof keep, "%s/notes.txt", mine);
    write_file(keep, "x");
    tu_assert_status(demarc_border_export(ctx, border, mine, &o), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "an export of libdemarc");
    ck_assert_int_eq(entries(mine), 1);
    /* Unknown or missing extension, no format: an error, no file. */
    o.format = NULL;
    snprintf(out, sizeof out, "%s/b.xyz", dir);
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "unknown extension '.xyz'");
    snprintf(out, sizeof out, "%s/noext", dir);
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "no extension");
    ck_assert_int_eq(access(out, F_OK), -1);
    /* Nothing temporary left beside the outputs. */
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        ck_assert_msg(e->d_name[0] != '.' || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."),
                      "temporary %s left", e->d_name);
    if (d) closedir(d);
}
END_TEST

/* An unwritable place: nothing written, the reason given.  A full disk,
 * simulated by RLIMIT_FSIZE (writes past 64 KiB fail with EFBIG; the test
 * runs in its own process, CK_FORK), fails every format with
 * DEMARC_ERR_IO and leaves nothing, and the old export stays as it was. */
START_TEST(write_errors)
{
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    tu_assert_status(demarc_border_export(ctx, border, "/dev/full", &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "no extension");
    tu_assert_status(demarc_border_export(ctx, border, "/proc/demarc.gpkg", &o), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "/proc");
    char old[512];
    snprintf(old, sizeof old, "%s/old.gpkg", dir);
    tu_assert_status(demarc_border_export(ctx, border, old, &o), DEMARC_OK);
    long before = file_size(old);
    const char *fork_env = getenv("CK_FORK");
    if (fork_env && !strcmp(fork_env, "no")) return; /* the limit would outlive the test */
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {65536, 65536};
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
    tu_assert_status(demarc_border_export(ctx, border, old, &o), DEMARC_ERR_IO);
    ck_assert_int_eq(file_size(old), before);
    for (size_t k = 0; k < NFORMATS; k++) {
        char out[512];
        snprintf(out, sizeof out, "%s/full-%s", dir, FORMATS[k].name);
        o.format = FORMATS[k].format;
        demarc_status rc = demarc_border_export(ctx, border, out, &o);
        ck_assert_msg(rc == DEMARC_ERR_IO, "%s on a full disk: %s (%s)", FORMATS[k].format,
                      demarc_status_str(rc), demarc_ctx_errmsg(ctx));
        ck_assert_msg(access(out, F_OK) != 0, "%s: %s left", FORMATS[k].format, out);
    }
    ck_assert_int_eq(entries(dir), 1); /* old.gpkg, nothing temporary */
}
END_TEST

/* The metadata table is checked like border.json: a bad number names the
 * key; an operation that is not AUTH:CODE is refused (a file names no PROJ
 * pipeline). */
START_TEST(bad_metadata)
{
    char out[512], cmd[2048];
    snprintf(out, sizeof out, "%s/m.gpkg", dir);
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.crs = "EPSG:4284";
    tu_assert_status(demarc_border_export(ctx, border, out, &o), DEMARC_OK);
    snprintf(cmd, sizeof cmd,
             "ogrinfo '%s' -sql \"UPDATE metadata SET value = '12.5km' WHERE key = "
             "'declared_length_m'\"",
             out);
    ck_assert_int_eq(run(cmd), 0);
    demarc_border *r = NULL;
    tu_assert_status(demarc_border_open(ctx, &r, out, NULL), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "declared_length_m");
    tu_assert_msg_has(ctx, "12.5km");
    snprintf(cmd, sizeof cmd,
             "ogrinfo '%s' -sql \"UPDATE metadata SET value = '2356600' WHERE key = "
             "'declared_length_m'\" && ogrinfo '%s' -sql \"UPDATE metadata SET value = "
             "'+proj=noop' WHERE key = 'operation'\"",
             out, out);
    ck_assert_int_eq(run(cmd), 0);
    tu_assert_status(demarc_border_open(ctx, &r, out, NULL), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "not AUTH:CODE");
    /* AUTH:CODE means letters, a colon, digits: nothing else passes. */
    static const char *const not_codes[] = {"EPSG:", ":15865", "EP5G:15865", "EPSG:15865x",
                                            "EPSG 15865"};
    for (size_t i = 0; i < sizeof not_codes / sizeof not_codes[0]; i++) {
        snprintf(cmd, sizeof cmd,
                 "ogrinfo -q '%s' -sql \"UPDATE metadata SET value = '%s' WHERE key = "
                 "'operation'\"",
                 out, not_codes[i]);
        ck_assert_int_eq(run(cmd), 0);
        tu_assert_status(demarc_border_open(ctx, &r, out, NULL), DEMARC_ERR_FORMAT);
        tu_assert_msg_has(ctx, "not AUTH:CODE");
        tu_assert_msg_has(ctx, not_codes[i]);
    }
    /* A code of the right form for other CRSs: `projinfo EPSG:1188` is
     * NAD83 to WGS 84 (1), so it cannot bring Pulkovo 1942 back. */
    snprintf(cmd, sizeof cmd,
             "ogrinfo -q '%s' -sql \"UPDATE metadata SET value = 'EPSG:1188' WHERE key = "
             "'operation'\"",
             out);
    ck_assert_int_eq(run(cmd), 0);
    tu_assert_status(demarc_border_open(ctx, &r, out, NULL), DEMARC_ERR_CRS);
    tu_assert_msg_has(ctx, "m.gpkg: CRS EPSG:4284: operation 'EPSG:1188' goes from 'NAD83'");
    ck_assert_ptr_null(r);
}
END_TEST

/* A rhumb border reopens as rhumb when the caller asks for the declared
 * model: RhumbSolve's total 2360692.751475912 m (reference_rhumb.txt). */
START_TEST(declared_edge_model)
{
    demarc_open_options oo = DEMARC_OPEN_OPTIONS_INIT;
    oo.edge_model = DEMARC_EDGE_RHUMB;
    demarc_border *rh = NULL, *r = NULL;
    tu_assert_status(demarc_border_open_default(ctx, &rh, &oo), DEMARC_OK);
    char out[512], cmd[2048];
    snprintf(out, sizeof out, "%s/rh.gpkg", dir);
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.crs = "EPSG:32641";
    tu_assert_status(demarc_border_export(ctx, rh, out, &o), DEMARC_OK);
    demarc_border_free(rh);
    demarc_open_options ro = DEMARC_OPEN_OPTIONS_INIT;
    ro.declared_edge_model = 1;
    tu_assert_status(demarc_border_open(ctx, &r, out, &ro), DEMARC_OK);
    ck_assert_int_eq(demarc_border_info_get(r)->edge_model, DEMARC_EDGE_RHUMB);
    ck_assert_uint_eq(demarc_border_info_get(r)->vertex_count, 2014);
    double len;
    tu_assert_status(demarc_border_length(ctx, r, &len), DEMARC_OK);
    tu_assert_near(len, 2360692.751475912, LEN_TOL_M);
    demarc_border_free(r);
    /* Not asked for: the caller's model (geodesic). */
    ro.declared_edge_model = 0;
    tu_assert_status(demarc_border_open(ctx, &r, out, &ro), DEMARC_OK);
    ck_assert_int_eq(demarc_border_info_get(r)->edge_model, DEMARC_EDGE_GEODESIC);
    demarc_border_free(r);
    /* A model libdemarc does not know, asked for: an error naming it. */
    snprintf(cmd, sizeof cmd,
             "ogrinfo '%s' -sql \"UPDATE metadata SET value = 'great circle' WHERE key = "
             "'edge_model'\"",
             out);
    ck_assert_int_eq(run(cmd), 0);
    ro.declared_edge_model = 1;
    tu_assert_status(demarc_border_open(ctx, &r, out, &ro), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "edge_model");
    /* data/kz-uz/border.json declares "geodesic". */
    char kz[512];
    snprintf(kz, sizeof kz, "%s/kz-uz", tu_data_dir());
    ro.edge_model = DEMARC_EDGE_PLANAR;
    tu_assert_status(demarc_border_open(ctx, &r, kz, &ro), DEMARC_OK);
    ck_assert_int_eq(demarc_border_info_get(r)->edge_model, DEMARC_EDGE_GEODESIC);
    demarc_border_free(r);
    /* Version-1 options are still accepted. */
    ro.version = 1;
    tu_assert_status(demarc_border_open(ctx, &r, kz, &ro), DEMARC_OK);
    ck_assert_int_eq(demarc_border_info_get(r)->edge_model, DEMARC_EDGE_PLANAR);
    demarc_border_free(r);
}
END_TEST

Suite *roundtrip_suite(void)
{
    Suite *s = suite_create("roundtrip");
    TCase *tc = tcase_create("roundtrip");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, matrix, 0, (int)(NFORMATS * NCRSS));
    tcase_add_loop_test(tc, other_zones, 0, 4);
    tcase_add_test(tc, layers_by_name);
    tcase_add_test(tc, one_operation_back);
    tcase_add_test(tc, csv_without_prj);
    tcase_add_test(tc, densified_vertices);
    tcase_add_test(tc, vertices_must_be_on_the_line);
    tcase_add_test(tc, sign_fields_vs_geometry);
    tcase_add_test(tc, export_safety);
    tcase_add_test(tc, write_errors);
    tcase_add_test(tc, bad_metadata);
    tcase_add_test(tc, declared_edge_model);
    suite_add_tcase(s, tc);
    return s;
}
