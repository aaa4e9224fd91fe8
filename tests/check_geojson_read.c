/* check_geojson_read.c -- the one-pass GeoJSON readers (lib/geojson_read.c)
 * give what GDAL gives.
 *
 * Expected values come from GDAL's own GeoJSON driver: each file is read
 * with OGR (OGR_G_GetX/GetY of the one feature) and the border's vertices
 * must be those doubles bit for bit.  The numbers are written in every form
 * a writer uses (%.17g as bench_growth and Python's repr write them, %.15g
 * as GDAL writes them, exponents, integers, -0, a third coordinate), and the
 * files in shapes the reader does not handle (it must then leave them to
 * GDAL, with the same result or GDAL's error).  Territories: data/kz-uz's,
 * read by the one-pass reader and (a member it does not know added) by
 * GDAL, must be the same rings bit for bit. */
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define NPOS 20000

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static double uniform(void) { return (double)(next() >> 11) / 9007199254740992.0; }

/* One position in one of the number forms. */
static void put_number(FILE *f, double x, int form)
{
    switch (form % 8) {
    case 0: fprintf(f, "%.17g", x); break;
    case 1: fprintf(f, "%.15g", x); break;
    case 2: fprintf(f, "%.16g", x); break;
    case 3: fprintf(f, "%.17e", x); break;
    case 4: fprintf(f, "%.10f", x); break;
    case 5: fprintf(f, "%.20f", x); break; /* more digits than a double holds */
    case 6: fprintf(f, "%.9E", x); break;
    default: fprintf(f, "%.18g", x); break;
    }
}

/* A line of NPOS positions, x-monotone (so simple): lon from 50 to 80,
 * lat in 40..45; `head` and `tail` wrap the coordinate array. */
static void write_line(const char *path, const char *head, const char *tail, int heights)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(head, f);
    for (int i = 0; i < NPOS; i++) {
        double lon = 50 + 30.0 * (i + uniform() * 0.9) / NPOS, lat = 40 + 5 * uniform();
        if (i == 0) lon = 50, lat = 41;
        if (i == 1) lon = 50.00001, lat = 42; /* integers and short forms */
        fputs(i ? ",\n [" : "[", f);
        if (i == 2) fputs("50.0000200", f);
        else put_number(f, lon, (int)(next() % 8));
        fputs(i % 3 ? ", " : ",", f);
        if (i == 1) fputs("42", f);
        else if (i == 2) fputs("4.2e1", f);
        else put_number(f, lat, (int)(next() % 8));
        if (heights && i % 5 == 0) fputs(", -0", f); /* a height */
        fputs("]", f);
    }
    fputs(tail, f);
    ck_assert_int_eq(fclose(f), 0);
}

/* The line's points as GDAL's driver reads them. */
static double *gdal_points(const char *path, size_t *n)
{
    if (GDALGetDriverCount() == 0) GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    ck_assert_ptr_nonnull(ds);
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    OGRFeatureH f = OGR_L_GetNextFeature(l);
    ck_assert_ptr_nonnull(f);
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    *n = (size_t)OGR_G_GetPointCount(g);
    double *xy = malloc(2 * *n * sizeof *xy);
    ck_assert_ptr_nonnull(xy);
    for (size_t i = 0; i < *n; i++) {
        xy[2 * i] = OGR_G_GetX(g, (int)i);
        xy[2 * i + 1] = OGR_G_GetY(g, (int)i);
    }
    OGR_F_Destroy(f);
    GDALClose(ds);
    return xy;
}

/* The border of `path` has GDAL's points and `crs` ("": WGS 84). */
static void check_same_as_gdal(const char *path, const char *crs)
{
    demarc_ctx *ctx;
    demarc_border *b;
    ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK);
    demarc_status rc = demarc_border_open(ctx, &b, path, NULL);
    ck_assert_msg(rc == DEMARC_OK, "%s: %s", path, demarc_ctx_errmsg(ctx));
    size_t n, ng;
    const double *v = demarc_border_vertices(b, &n);
    double *ref = gdal_points(path, &ng);
    ck_assert_uint_eq(n, ng);
    for (size_t i = 0; i < 2 * n; i++)
        ck_assert_msg(memcmp(&v[i], &ref[i], sizeof *v) == 0,
                      "%s: coordinate %zu: %.17g, GDAL %.17g", path, i, v[i], ref[i]);
    ck_assert_str_eq(demarc_border_info_get(b)->crs, crs);
    free(ref);
    demarc_border_free(b);
    demarc_ctx_free(ctx);
}

START_TEST(test_numbers_as_gdal)
{
    char dir[256], path[512];
    tu_tmpdir(dir, sizeof dir, "geojson-line");
    snprintf(path, sizeof path, "%s/line.geojson", dir);
    /* the handled shape, with members in another order and the CRS84 crs */
    write_line(path,
               " {\"features\": [ {\"properties\": {\"id\": \"a\\\"b\", \"n\": [1, null, true]},"
               " \"type\": \"Feature\", \"geometry\": {\"coordinates\": [",
               "], \"type\": \"LineString\"}, \"id\": 7}],\n \"name\": \"border_line\","
               " \"crs\": {\"type\": \"name\", \"properties\": {\"name\":"
               " \"urn:ogc:def:crs:OGC:1.3:CRS84\"}}, \"type\": \"FeatureCollection\"}\n",
               1);
    check_same_as_gdal(path, "");
    /* no crs: WGS 84, and EPSG:4979 (GDAL's choice) when there are heights */
    static const char *const head = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
                                    "\"Feature\",\"properties\":{},\"geometry\":{\"type\":"
                                    "\"LineString\",\"coordinates\":[";
    write_line(path, head, "]}}]}", 0);
    check_same_as_gdal(path, "");
    write_line(path, head, "]}}]}", 1);
    check_same_as_gdal(path, "EPSG:4979");
    tu_rm_rf(dir);
}
END_TEST

START_TEST(test_other_shapes_left_to_gdal)
{
    /* Not handled by the one-pass reader: each must still open as GDAL
     * reads it (GDAL's own path), the same points. */
    static const char *const heads[] = {
        /* an unknown member */
        "{\"type\":\"FeatureCollection\",\"foo\":1,\"features\":[{\"type\":\"Feature\","
        "\"properties\":{},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[",
        /* a single Feature, not a collection */
        "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"LineString\","
        "\"coordinates\":[",
        /* an escaped key */
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
        "\"properties\":{},\"geom\\u0065try\":{\"type\":\"LineString\",\"coordinates\":[",
    };
    static const char *const tails[] = {"]}}]}", "]}}", "]}}]}"};
    char dir[256], path[512];
    tu_tmpdir(dir, sizeof dir, "geojson-line");
    for (int k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s/line%d.geojson", dir, k);
        write_line(path, heads[k], tails[k], 0);
        check_same_as_gdal(path, "");
    }
    tu_rm_rf(dir);
}
END_TEST

START_TEST(test_bad_json_is_gdals_error)
{
    /* Broken files fall through to GDAL, whose error stands. */
    static const char *const texts[] = {
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
        "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[56,41],[57,42]",
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
        "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[56,41],[57,4O]]}}]}",
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
        "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[56,41]]}}]}",
    };
    char dir[256], path[512];
    tu_tmpdir(dir, sizeof dir, "geojson-line");
    for (int k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s/bad%d.geojson", dir, k);
        FILE *f = fopen(path, "w");
        ck_assert_ptr_nonnull(f);
        fputs(texts[k], f);
        ck_assert_int_eq(fclose(f), 0);
        demarc_ctx *ctx;
        demarc_border *b = NULL;
        ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK);
        demarc_status rc = demarc_border_open(ctx, &b, path, NULL);
        ck_assert_msg(rc != DEMARC_OK && b == NULL, "%s opened", texts[k]);
        ck_assert_msg(strstr(demarc_ctx_errmsg(ctx), path) != NULL, "message '%s'",
                      demarc_ctx_errmsg(ctx));
        demarc_ctx_free(ctx);
    }
    tu_rm_rf(dir);
}
END_TEST

/* Copy file `from` to `to`, replacing the first `find` (if any) by `repl`. */
static void copy_replace(const char *from, const char *to, const char *find, const char *repl)
{
    FILE *f = fopen(from, "rb");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    ck_assert_int_ge(n, 0);
    rewind(f);
    char *t = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(fread(t, 1, (size_t)n, f), (size_t)n);
    t[n] = '\0';
    fclose(f);
    FILE *g = fopen(to, "wb");
    ck_assert_ptr_nonnull(g);
    char *at = find ? strstr(t, find) : NULL;
    if (at) {
        fwrite(t, 1, (size_t)(at - t), g);
        fputs(repl, g);
        fputs(at + strlen(find), g);
    } else {
        fputs(t, g);
    }
    ck_assert_int_eq(fclose(g), 0);
    free(t);
}

/* DIR: data/kz-uz with territories.geojson's first `find` replaced. */
static void kzuz_dir(const char *dir, const char *find, const char *repl)
{
    static const char *const files[] = {"border.geojson", "border.json", "signs.csv"};
    char src[4096], dst[4096], kz[4096];
    snprintf(kz, sizeof kz, "%s/kz-uz", tu_data_dir());
    for (int i = 0; i < 3; i++)
        copy_replace(tu_path(src, sizeof src, kz, files[i]),
                     tu_path(dst, sizeof dst, dir, files[i]), NULL, NULL);
    copy_replace(tu_path(src, sizeof src, kz, "territories.geojson"),
                 tu_path(dst, sizeof dst, dir, "territories.geojson"), find, repl);
}

START_TEST(test_territories_as_gdal)
{
    /* names in Cyrillic (UTF-8) as well, in both */
#define KAZ "\xd2\x9a\xd0\xb0\xd0\xb7\xd0\xb0\xd2\x9b\xd1\x81\xd1\x82\xd0\xb0\xd0\xbd"
    static const char *const names[][2] = {{NULL, NULL}, {"\"Kazakhstan\"", "\"" KAZ "\""}};
    for (int v = 0; v < 2; v++) {
        char fast[256], slow[256];
        tu_tmpdir(fast, sizeof fast, "geojson-terr");
        tu_tmpdir(slow, sizeof slow, "geojson-terr");
        kzuz_dir(fast, names[v][0], names[v][1]);
        /* an unknown root member: GDAL's driver reads it */
        char unknown[128];
        snprintf(unknown, sizeof unknown, "{\"foo\": 1, ");
        kzuz_dir(slow, "{", unknown);
        if (v) { /* the same name in the GDAL copy too */
            char path[4096], tmp[4200];
            tu_path(path, sizeof path, slow, "territories.geojson");
            snprintf(tmp, sizeof tmp, "%s.tmp", path);
            copy_replace(path, tmp, names[v][0], names[v][1]);
            ck_assert_int_eq(rename(tmp, path), 0);
        }
        demarc_ctx *ctx;
        demarc_border *a, *b;
        ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK);
        ck_assert_msg(demarc_border_open(ctx, &a, fast, NULL) == DEMARC_OK, "%s",
                      demarc_ctx_errmsg(ctx));
        ck_assert_msg(demarc_border_open(ctx, &b, slow, NULL) == DEMARC_OK, "%s",
                      demarc_ctx_errmsg(ctx));
        ck_assert_uint_eq(demarc_border_info_get(a)->territory_count, 2);
        ck_assert_uint_eq(demarc_border_info_get(b)->territory_count, 2);
        for (size_t i = 0; i < 2; i++) {
            const demarc_territory *p = demarc_border_territory(a, i),
                                   *q = demarc_border_territory(b, i);
            ck_assert_str_eq(p->party, q->party);
            ck_assert_str_eq(p->name, q->name);
            ck_assert_uint_eq(p->polygon_count, q->polygon_count);
            ck_assert_uint_eq(p->ring_count, q->ring_count);
            ck_assert_uint_eq(p->point_count, q->point_count);
            ck_assert(!memcmp(p->ring_start, q->ring_start, (p->ring_count + 1) * sizeof(size_t)));
            ck_assert(!memcmp(p->ring_polygon, q->ring_polygon, p->ring_count * sizeof(size_t)));
            ck_assert(!memcmp(p->ring_is_hole, q->ring_is_hole, p->ring_count));
            ck_assert(!memcmp(p->points, q->points, 2 * p->point_count * sizeof(double)));
        }
        if (v) ck_assert_str_eq(demarc_border_territory(a, 0)->name, KAZ);
        demarc_border_free(a);
        demarc_border_free(b);
        demarc_ctx_free(ctx);
        tu_rm_rf(fast);
        tu_rm_rf(slow);
    }
}
END_TEST

Suite *geojson_read_suite(void)
{
    Suite *s = suite_create("geojson_read");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_numbers_as_gdal);
    tcase_add_test(tc, test_other_shapes_left_to_gdal);
    tcase_add_test(tc, test_bad_json_is_gdals_error);
    tcase_add_test(tc, test_territories_as_gdal);
    suite_add_tcase(s, tc);
    return s;
}
