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
 * GDAL, must be the same rings bit for bit.  Tables of malformed and unusual
 * files (tcase "table"), each also cut after every byte: read through the
 * one-pass reader (.geojson) and through GDAL alone (the same bytes as .txt,
 * which GDAL identifies by content), same status, same message, same
 * doubles, and the status GDAL's own reading of the file implies. */
#define _POSIX_C_SOURCE 200809L /* truncate, mkdir */
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* ---- files the one-pass readers must read as GDAL does, or leave to it ---- */

/* A small, valid line (tests/data/small's: simple, in range), and pieces to
 * build variants of it. */
#define FC_OPEN "{\"type\":\"FeatureCollection\",\"features\":["
#define FEAT_OPEN "{\"type\":\"Feature\",\"properties\":{},\"geometry\":"
#define LS_OPEN "{\"type\":\"LineString\",\"coordinates\":"
#define COORDS "[[60.0,40.0],[60.0,40.1],[60.1,40.1]]"
#define LINE_WITH(coords) FC_OPEN FEAT_OPEN LS_OPEN coords "}}]}"
#define LINE_OK LINE_WITH(COORDS)
/* The first point's latitude as `y` (any value but 40.1 keeps it simple). */
#define LINE_Y(y) LINE_WITH("[[60.0," y "],[60.0,40.1],[60.1,40.1]]")

static void write_bytes(const char *path, const char *text, size_t n)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, n, f), n);
    ck_assert_int_eq(fclose(f), 0);
}

/* msg with every `from` replaced by `to`, into out. */
static void replace_all(char *out, size_t cap, const char *msg, const char *from, const char *to)
{
    size_t len = 0, nf = strlen(from);
    out[0] = '\0';
    for (const char *p = msg; *p && len + 1 < cap;) {
        if (nf && !strncmp(p, from, nf)) {
            len += (size_t)snprintf(out + len, cap - len, "%s", to);
            p += nf;
        } else {
            out[len++] = *p++;
            out[len] = '\0';
        }
    }
    if (len >= cap) out[cap - 1] = '\0';
}

/* Failures of one table, reported together (case by case). */
typedef struct verdicts {
    char text[8192];
    size_t len;
    int bad;
} verdicts;

static void verdict(verdicts *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (v->len + 2 < sizeof v->text) {
        int w = vsnprintf(v->text + v->len, sizeof v->text - v->len, fmt, ap);
        if (w > 0) v->len += (size_t)w;
        if (v->len >= sizeof v->text) v->len = sizeof v->text - 1;
    }
    va_end(ap);
    v->bad++;
}

/* Open a border both ways: `fast` (the one-pass reader may take it) and
 * `slow` (the same bytes in a file GDAL identifies by content, which the
 * library reads through GDAL only).  The outcomes must be equal: the same
 * status, the same message (file names aside), and (DEMARC_OK) the same
 * line, CRS and territories bit for bit; `want` is GDAL's verdict on the
 * file, turned into the library's status (see each table).  A failure must
 * name the file the caller gave (`fname`; `sname` for the GDAL copy). */
static void compare_open(verdicts *v, const char *what, const char *fast, const char *slow,
                         const demarc_open_options *ofast, const demarc_open_options *oslow,
                         const char *fname, const char *sname, demarc_status want)
{
    demarc_ctx *ctx;
    demarc_border *a = NULL, *b = NULL;
    ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK);
    demarc_status ra = demarc_border_open(ctx, &a, fast, ofast);
    char ma[1024];
    snprintf(ma, sizeof ma, "%s", demarc_ctx_errmsg(ctx));
    demarc_status rb = demarc_border_open(ctx, &b, slow, oslow);
    char mb[1024];
    replace_all(mb, sizeof mb, demarc_ctx_errmsg(ctx), sname, fname);
    if (ra != want || rb != want)
        verdict(v, "%s: status %s, through GDAL %s, expected %s (\"%s\" / \"%s\")\n", what,
                demarc_status_str(ra), demarc_status_str(rb), demarc_status_str(want), ma, mb);
    else if (ra != DEMARC_OK && (strcmp(ma, mb) || !strstr(ma, fname) || a || b))
        verdict(v, "%s: message \"%s\", through GDAL \"%s\"\n", what, ma, mb);
    else if (ra == DEMARC_OK) {
        size_t n, m;
        const double *p = demarc_border_vertices(a, &n), *q = demarc_border_vertices(b, &m);
        const demarc_border_info *ia = demarc_border_info_get(a), *ib = demarc_border_info_get(b);
        int same = n == m && !memcmp(p, q, 2 * n * sizeof *p) && !strcmp(ia->crs, ib->crs) &&
                   ia->territory_count == ib->territory_count;
        for (size_t i = 0; same && i < ia->territory_count; i++) {
            const demarc_territory *s = demarc_border_territory(a, i),
                                   *t = demarc_border_territory(b, i);
            same = !strcmp(s->party, t->party) && !strcmp(s->name, t->name) &&
                   s->polygon_count == t->polygon_count && s->ring_count == t->ring_count &&
                   s->point_count == t->point_count &&
                   !memcmp(s->ring_start, t->ring_start, (s->ring_count + 1) * sizeof(size_t)) &&
                   !memcmp(s->ring_polygon, t->ring_polygon, s->ring_count * sizeof(size_t)) &&
                   !memcmp(s->ring_is_hole, t->ring_is_hole, s->ring_count) &&
                   !memcmp(s->points, t->points, 2 * s->point_count * sizeof(double));
        }
        if (!same) verdict(v, "%s: read, but not as GDAL reads it\n", what);
    }
    demarc_border_free(a);
    demarc_border_free(b);
    demarc_ctx_free(ctx);
}

/* The line file `text` (n bytes) as DIR/line.geojson and DIR/line.txt. */
static void compare_line(verdicts *v, const char *dir, const char *what, const char *text,
                         size_t n, demarc_status want)
{
    char fast[512], slow[512];
    snprintf(fast, sizeof fast, "%s/line.geojson", dir);
    snprintf(slow, sizeof slow, "%s/line.txt", dir);
    write_bytes(fast, text, n);
    write_bytes(slow, text, n);
    compare_open(v, what, fast, slow, NULL, NULL, fast, slow, want);
    if (want == DEMARC_OK && !strstr(text, "MultiLineString")) { /* and GDAL's points, here */
        demarc_ctx *ctx;
        demarc_border *b;
        ck_assert_int_eq(demarc_ctx_new(&ctx), DEMARC_OK);
        if (demarc_border_open(ctx, &b, fast, NULL) == DEMARC_OK) {
            size_t nb, ng;
            const double *p = demarc_border_vertices(b, &nb);
            double *g = gdal_points(fast, &ng);
            if (nb != ng || memcmp(p, g, 2 * nb * sizeof *p))
                verdict(v, "%s: not GDAL's points\n", what);
            free(g);
            demarc_border_free(b);
        }
        demarc_ctx_free(ctx);
    }
}

/* The whole text (len bytes) must open, and every proper prefix of it be
 * refused, each as GDAL's reading says (cmp: compare_line or
 * compare_territories). */
typedef void (*compare_fn)(verdicts *, const char *, const char *, const char *, size_t,
                           demarc_status);
static void compare_truncations(compare_fn cmp, const char *tag, const char *text, size_t len)
{
    char dir[256];
    tu_tmpdir(dir, sizeof dir, tag);
    verdicts v = {"", 0, 0};
    cmp(&v, dir, "the whole file", text, len, DEMARC_OK);
    for (size_t n = 1; n < len; n++) {
        char what[64];
        snprintf(what, sizeof what, "cut after %zu bytes", n);
        cmp(&v, dir, what, text, n, DEMARC_ERR_FORMAT);
    }
    ck_assert_msg(v.bad == 0, "%d of %zu files not as GDAL reads them:\n%s", v.bad, len, v.text);
    tu_rm_rf(dir);
}

typedef struct text_case {
    const char *what, *text;
    demarc_status want;
} text_case;

#define TEXT_CASES_RUN(v, dir, cases, fn)                                                  \
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)                           \
    fn(&v, dir, cases[i].what, cases[i].text, strlen(cases[i].text), cases[i].want)

START_TEST(test_line_table_as_gdal)
{
    /* want: GDAL 3.6's reading of each file (ogrinfo -al, and osgeo.ogr for
     * the exact doubles), turned into the library's status: DEMARC_OK where
     * it lists one LineString (or joining MultiLineString) of >= 2 points in
     * range; ERR_FORMAT where it cannot open the file or reports an error
     * while reading it; otherwise the status for what it lists (a Point:
     * ERR_GEOMETRY, no feature: ERR_EMPTY, latitude 91: ERR_RANGE).  GDAL's
     * parser is lenient where RFC 8259 is not ("040", ".4", "4e", a
     * trailing comma in an object): the one-pass reader must leave those
     * to it. */
    static const text_case cases[] = {
        {"the plain line", LINE_OK, DEMARC_OK},
        {"trailing white space", LINE_OK " \t\r\n", DEMARC_OK},
        {"white space everywhere",
         " {\t\"type\" :\r\n\"FeatureCollection\" , \"features\" : [ { \"type\" : \"Feature\" ,"
         " \"properties\" : { } , \"geometry\" : { \"type\" : \"LineString\" , \"coordinates\""
         " : [ [ 60.0 , 40.0 ] , [ 60.0 , 40.1 ] , [ 60.1 , 40.1 ] ] } } ] } ",
         DEMARC_OK},
        {"bbox, name and ids",
         "{\"type\":\"FeatureCollection\",\"name\":\"x\",\"bbox\":[60,40,60.1,40.1],\"features\":"
         "[{\"id\":\"a\",\"bbox\":[60,40,60.1,40.1],\"type\":\"Feature\",\"properties\":null,"
         "\"geometry\":{\"bbox\":[60,40,60.1,40.1],\"type\":\"LineString\",\"coordinates\":"
         COORDS "}}]}",
         DEMARC_OK},
        {"properties of every JSON type",
         FC_OPEN "{\"type\":\"Feature\",\"properties\":{"
         "\"s\":\"\\u00e9\\n\\t\\\"\\\\\\/\\b\\f\\r\","
         "\"t\":true,\"f\":false,\"z\":null,\"n\":-1.5e-3,\"N\":0,\"a\":[],\"o\":{},"
         "\"deep\":[[[{\"k\":[1,2,{\"x\":[]}]}]]]},\"geometry\":" LS_OPEN COORDS "}}]}",
         DEMARC_OK},
        {"CRS84 with its members the other way round",
         "{\"crs\":{\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"},\"type\":"
         "\"name\"},\"type\":\"FeatureCollection\",\"features\":[" FEAT_OPEN LS_OPEN COORDS
         "}}]}",
         DEMARC_OK},
        /* numbers: each form of RFC 8259's grammar, and the quick path's limits */
        {"an integer", LINE_Y("40"), DEMARC_OK},
        {"an exponent", LINE_Y("4e1"), DEMARC_OK},
        {"an exponent E+", LINE_Y("4E+1"), DEMARC_OK},
        {"a negative exponent", LINE_Y("400e-1"), DEMARC_OK},
        {"a fraction and an exponent", LINE_Y("0.4e2"), DEMARC_OK},
        {"minus zero", LINE_Y("-0"), DEMARC_OK},
        {"zero point zero", LINE_Y("0.0"), DEMARC_OK},
        {"leading zeros of a fraction", LINE_Y("0.000000000000000000000000000123"), DEMARC_OK},
        {"a fraction of 30 digits", LINE_Y("40.0000000000000000000000000001"), DEMARC_OK},
        {"a token of 60 characters",
         LINE_Y("40.000000000000000000000000000000000000000000000000000000001"), DEMARC_OK},
        {"the smallest subnormal", LINE_Y("5e-324"), DEMARC_OK},
        {"an underflow to zero", LINE_Y("1e-400"), DEMARC_OK},
        {"exponent below -22", LINE_Y("4e-23"), DEMARC_OK},
        {"exponent above 22", LINE_Y("0.0000000000000000000000004e23"), DEMARC_OK},
        {"17 digits below 2^54", LINE_Y("12345678901234567e-15"), DEMARC_OK},
        {"17 digits above 2^54", LINE_Y("40123456789012345e-15"), DEMARC_OK},
        {"18 digits", LINE_Y("401234567890123456e-16"), DEMARC_OK},
        {"18 digits, a positive exponent", LINE_Y("401234567890123456e2"), DEMARC_ERR_RANGE},
        {"a power of two in 17 digits", LINE_Y("32000000000000000e-15"), DEMARC_OK},
        {"20 digits", LINE_Y("40.123456789012345678"), DEMARC_OK},
        {"a huge exponent", LINE_Y("4e99999999999"), DEMARC_OK},
        {"an overflow", LINE_Y("4e400"), DEMARC_ERR_RANGE},
        {"a latitude of 91", LINE_Y("91"), DEMARC_ERR_RANGE},
        {"a long integer property",
         FC_OPEN "{\"type\":\"Feature\",\"properties\":{\"n\":12345678901234567890},"
         "\"geometry\":" LS_OPEN COORDS "}}]}",
         DEMARC_OK},
        {"a plus sign", LINE_Y("+40"), DEMARC_ERR_FORMAT},
        {"a leading zero", LINE_Y("040"), DEMARC_OK},
        {"a bare fraction", LINE_Y(".4"), DEMARC_OK},
        {"a point without digits", LINE_Y("40."), DEMARC_OK},
        {"a point before e", LINE_Y("40.e1"), DEMARC_ERR_RANGE},
        {"an e without digits", LINE_Y("4e"), DEMARC_OK},
        {"an e+ without digits", LINE_Y("4e+"), DEMARC_OK},
        {"a minus alone", LINE_Y("-"), DEMARC_OK},
        {"a minus and a space", LINE_Y("- 4"), DEMARC_ERR_FORMAT},
        {"hexadecimal", LINE_Y("0x28"), DEMARC_ERR_FORMAT},
        {"NaN", LINE_Y("NaN"), DEMARC_ERR_RANGE},
        {"Infinity", LINE_Y("-Infinity"), DEMARC_ERR_RANGE},
        {"a number as a string", LINE_Y("\"40\""), DEMARC_ERR_FORMAT},
        {"a point and a colon", LINE_Y("40.:"), DEMARC_ERR_FORMAT},
        {"a point and a minus", LINE_Y("40.-1"), DEMARC_OK},
        {"an e and a colon", LINE_Y("4e:"), DEMARC_ERR_FORMAT},
        {"an e and a slash", LINE_Y("4e/"), DEMARC_ERR_FORMAT},
        {"an e- and a colon", LINE_Y("4e-:"), DEMARC_ERR_FORMAT},
        {"a huge negative exponent", LINE_Y("4e-99999999"), DEMARC_OK},
        {"numbers for GDAL's parser in properties",
         FC_OPEN "{\"type\":\"Feature\",\"properties\":{\"a\":1.000000000000000000001,"
         "\"b\":1e-30,\"c\":12345678901234567},\"geometry\":" LS_OPEN COORDS "}}]}",
         DEMARC_OK},
        {"a crs with empty properties",
         "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{}},"
         "\"features\":[" FEAT_OPEN LS_OPEN COORDS "}}]}", DEMARC_OK},
        {"null for a number", LINE_Y("null"), DEMARC_ERR_GEOMETRY},
        /* strings */
        {"escapes of every kind in a key's value",
         FC_OPEN "{\"type\":\"Feature\",\"properties\":{\"k\":\"\\uD834\\uDD1E \\u0041\\ufffd\"},"
         "\"geometry\":" LS_OPEN COORDS "}}]}",
         DEMARC_OK},
        {"a bad escape", FC_OPEN "{\"type\":\"Feature\",\"properties\":{\"k\":\"a\\qb\"},"
         "\"geometry\":" LS_OPEN COORDS "}}]}", DEMARC_ERR_FORMAT},
        {"a bad \\u escape", FC_OPEN "{\"type\":\"Feature\",\"properties\":{\"k\":\"a\\u12G4\"},"
         "\"geometry\":" LS_OPEN COORDS "}}]}", DEMARC_ERR_FORMAT},
        {"a tab in a string", FC_OPEN "{\"type\":\"Feature\",\"properties\":{\"k\":\"a\tb\"},"
         "\"geometry\":" LS_OPEN COORDS "}}]}", DEMARC_OK},
        {"bytes that are not UTF-8",
         FC_OPEN "{\"type\":\"Feature\",\"properties\":{\"k\":\"\xff\xfe\"},"
         "\"geometry\":" LS_OPEN COORDS "}}]}", DEMARC_OK},
        {"an escaped member name", "{\"\\u0074ype\":\"FeatureCollection\",\"features\":["
         FEAT_OPEN LS_OPEN COORDS "}}]}", DEMARC_OK},
        {"a string for an object", "{\"type\":\"FeatureCollection\",\"features\":[\"x\"]}",
         DEMARC_ERR_EMPTY},
        /* structure */
        {"a byte-order mark", "\xef\xbb\xbf" LINE_OK, DEMARC_OK},
        {"garbage after the end", LINE_OK "x", DEMARC_ERR_FORMAT},
        {"a second object after the end", LINE_OK "{}", DEMARC_ERR_FORMAT},
        {"a trailing comma in the coordinates", LINE_WITH("[[60.0,40.0],[60.0,40.1],[60.1,40.1],]"),
         DEMARC_ERR_FORMAT},
        {"a trailing comma in an object", FC_OPEN FEAT_OPEN LS_OPEN COORDS ",}}]}",
         DEMARC_OK},
        {"an empty root object", "{}", DEMARC_ERR_FORMAT},
        {"an array at the root", "[" LINE_OK "]", DEMARC_ERR_FORMAT},
        {"a member without a colon", "{\"type\" \"FeatureCollection\",\"features\":["
         FEAT_OPEN LS_OPEN COORDS "}}]}", DEMARC_ERR_FORMAT},
        {"a key that is not a string", "{type:\"FeatureCollection\",\"features\":["
         FEAT_OPEN LS_OPEN COORDS "}}]}", DEMARC_ERR_FORMAT},
        {"truncated literal", FC_OPEN "{\"type\":\"Feature\",\"properties\":{\"k\":tru},"
         "\"geometry\":" LS_OPEN COORDS "}}]}", DEMARC_ERR_FORMAT},
        /* members the one-pass reader does not take */
        {"the root type twice", "{\"type\":\"FeatureCollection\",\"type\":\"FeatureCollection\","
         "\"features\":[" FEAT_OPEN LS_OPEN COORDS "}}]}", DEMARC_OK},
        {"the coordinates twice", FC_OPEN FEAT_OPEN "{\"type\":\"LineString\",\"coordinates\":"
         "[[1,1],[2,2]],\"coordinates\":" COORDS "}}]}", DEMARC_OK},
        {"an unknown feature member", FC_OPEN "{\"foo\":1,\"type\":\"Feature\",\"properties\":{},"
         "\"geometry\":" LS_OPEN COORDS "}}]}", DEMARC_OK},
        {"an unknown geometry member", FC_OPEN FEAT_OPEN "{\"foo\":1,\"type\":\"LineString\","
         "\"coordinates\":" COORDS "}}]}", DEMARC_OK},
        {"a root type that is not a collection", "{\"type\":\"Feature\",\"features\":["
         FEAT_OPEN LS_OPEN COORDS "}}]}", DEMARC_ERR_GEOMETRY},
        {"a feature type that is not Feature", FC_OPEN "{\"type\":\"Feat\",\"properties\":{},"
         "\"geometry\":" LS_OPEN COORDS "}}]}", DEMARC_OK},
        {"no feature type", FC_OPEN "{\"properties\":{},\"geometry\":" LS_OPEN COORDS "}}]}",
         DEMARC_OK},
        {"no features member", "{\"type\":\"FeatureCollection\"}", DEMARC_ERR_FORMAT},
        {"features not an array", "{\"type\":\"FeatureCollection\",\"features\":{}}",
         DEMARC_ERR_FORMAT},
        {"no feature", "{\"type\":\"FeatureCollection\",\"features\":[]}", DEMARC_ERR_EMPTY},
        {"two features", FC_OPEN FEAT_OPEN LS_OPEN COORDS "}}," FEAT_OPEN LS_OPEN
         "[[61,40],[61,41]]}}]}", DEMARC_ERR_GEOMETRY},
        {"no geometry", FC_OPEN "{\"type\":\"Feature\",\"properties\":{}}]}",
         DEMARC_ERR_GEOMETRY},
        {"a null geometry", FC_OPEN "{\"type\":\"Feature\",\"properties\":{},\"geometry\":null}]}",
         DEMARC_ERR_GEOMETRY},
        {"no geometry type", FC_OPEN FEAT_OPEN "{\"coordinates\":" COORDS "}}]}",
         DEMARC_ERR_GEOMETRY},
        {"no coordinates", FC_OPEN FEAT_OPEN "{\"type\":\"LineString\"}}]}",
         DEMARC_ERR_FORMAT},
        {"a Point", FC_OPEN FEAT_OPEN "{\"type\":\"Point\",\"coordinates\":[60,40]}}]}",
         DEMARC_ERR_GEOMETRY},
        {"a MultiLineString", FC_OPEN FEAT_OPEN "{\"type\":\"MultiLineString\",\"coordinates\":"
         "[[[60.0,40.0],[60.0,40.1]],[[60.0,40.1],[60.1,40.1]]]}}]}", DEMARC_OK},
        {"no positions", LINE_WITH("[]"), DEMARC_ERR_EMPTY},
        {"one position", LINE_WITH("[[60,40]]"), DEMARC_ERR_GEOMETRY},
        {"a position of one number", LINE_WITH("[[60],[60.0,40.1]]"), DEMARC_ERR_GEOMETRY},
        {"a position of four numbers", LINE_WITH("[[60,40,1,2],[60.0,40.1,1,2]]"), DEMARC_OK},
        {"an empty position", LINE_WITH("[[],[60.0,40.1]]"), DEMARC_ERR_GEOMETRY},
        {"a number for a position", LINE_WITH("[60,40]"), DEMARC_ERR_GEOMETRY},
        {"coordinates a string", LINE_WITH("\"x\""), DEMARC_ERR_GEOMETRY},
        {"heights with CRS84",
         "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
         "\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},\"features\":[" FEAT_OPEN LS_OPEN
         "[[60.0,40.0,5],[60.0,40.1,6],[60.1,40.1,7]]}}]}", DEMARC_OK},
        {"heights, no crs", LINE_WITH("[[60.0,40.0,5],[60.0,40.1,6],[60.1,40.1,7]]"), DEMARC_OK},
        {"a crs EPSG:4326",
         "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
         "\"urn:ogc:def:crs:EPSG::4326\"}},\"features\":[" FEAT_OPEN LS_OPEN COORDS "}}]}",
         DEMARC_OK},
        {"a crs of type link",
         "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"link\",\"properties\":{\"href\":"
         "\"x\"}},\"features\":[" FEAT_OPEN LS_OPEN COORDS "}}]}", DEMARC_ERR_FORMAT},
        {"a crs with another property",
         "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"nom\":"
         "\"x\"}},\"features\":[" FEAT_OPEN LS_OPEN COORDS "}}]}", DEMARC_OK},
        {"a crs without properties",
         "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\"},\"features\":["
         FEAT_OPEN LS_OPEN COORDS "}}]}", DEMARC_OK},
        {"a crs of no type",
         "{\"type\":\"FeatureCollection\",\"crs\":{\"properties\":{\"name\":"
         "\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},\"features\":[" FEAT_OPEN LS_OPEN COORDS "}}]}",
         DEMARC_OK},
        {"a crs that is a string", "{\"type\":\"FeatureCollection\",\"crs\":\"x\",\"features\":["
         FEAT_OPEN LS_OPEN COORDS "}}]}", DEMARC_OK},
        /* words that make GDAL think of its other JSON drivers */
        {"an ESRI JSON word", FC_OPEN "{\"type\":\"Feature\",\"properties\":{\"esriGeometryPolyline"
         "\":1},\"geometry\":" LS_OPEN COORDS "}}]}", DEMARC_OK},
        {"a TopoJSON word", FC_OPEN "{\"type\":\"Feature\",\"properties\":{\"arcs\":1},"
         "\"geometry\":" LS_OPEN COORDS "}}]}", DEMARC_OK},
    };
    char dir[256];
    tu_tmpdir(dir, sizeof dir, "geojson-table");
    verdicts v = {"", 0, 0};
    TEXT_CASES_RUN(v, dir, cases, compare_line);
    size_t count = sizeof cases / sizeof cases[0];
    /* NUL bytes (a text that strlen would cut) */
#define NUL_IN(str)                                                                          \
    FC_OPEN "{\"type\":\"Feature\",\"properties\":{\"k\":\"" str "\"},\"geometry\":" LS_OPEN     \
        COORDS "}}]}"
    static const char nul_escape[] = NUL_IN("a\\\0b"), nul_u[] = NUL_IN("a\\u00\0b"),
                      nul_raw[] = NUL_IN("a\0b"), nul_outside[] = LINE_OK "\0";
    compare_line(&v, dir, "a NUL after a backslash", nul_escape, sizeof nul_escape - 1,
                 DEMARC_ERR_FORMAT);
    compare_line(&v, dir, "a NUL in a \\u escape", nul_u, sizeof nul_u - 1, DEMARC_ERR_FORMAT);
    compare_line(&v, dir, "a NUL in a string", nul_raw, sizeof nul_raw - 1, DEMARC_OK);
    compare_line(&v, dir, "a NUL after the end", nul_outside, sizeof nul_outside - 1,
                 DEMARC_ERR_FORMAT);
    count += 4;
    /* properties nested d deep: the one-pass reader skips 64 levels, GDAL's
     * parser (GDAL 3.6, ogrinfo) reads up to 1000 and refuses 1100. */
    static const struct { int depth; demarc_status want; } nest[] = {
        {63, DEMARC_OK}, {64, DEMARC_OK}, {65, DEMARC_OK}, {1000, DEMARC_OK},
        {1100, DEMARC_ERR_FORMAT}};
    for (size_t i = 0; i < sizeof nest / sizeof nest[0]; i++) {
        char text[4096], what[64];
        int d = nest[i].depth;
        size_t len = (size_t)snprintf(text, sizeof text, "%s",
                                      FC_OPEN "{\"type\":\"Feature\",\"properties\":{\"k\":");
        for (int k = 0; k < 2 * d; k++) text[len++] = k < d ? '[' : ']';
        snprintf(text + len, sizeof text - len, "%s", "},\"geometry\":" LS_OPEN COORDS "}}]}");
        snprintf(what, sizeof what, "properties nested %d deep", d);
        compare_line(&v, dir, what, text, strlen(text), nest[i].want);
        count++;
    }
    ck_assert_msg(v.bad == 0, "%d of %zu files not as GDAL reads them:\n%s", v.bad, count,
                  v.text);
    tu_rm_rf(dir);
}
END_TEST

START_TEST(test_line_truncated_as_gdal)
{
    /* The valid line cut after each of its bytes: a proper prefix of a JSON
     * object is no JSON text (RFC 8259: the closing brace is missing), and
     * GDAL refuses each (ogrinfo: "Failed to read GeoJSON data", or "not
     * recognized" for the first byte); the 1-byte file too. */
    static const char text[] = "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
                               "\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},"
                               "\"features\":[{\"type\":\"Feature\",\"properties\":{\"s\":"
                               "\"a\\u00e9\\n\",\"t\":true,\"n\":null,\"x\":-1.5e-3},\"geometry\":"
                               "{\"type\":\"LineString\",\"coordinates\":[[60.0,40.0],"
                               "[60.0,40.1],[60.1,4.01e1]]}}]}";
    compare_truncations(compare_line, "geojson-cut", text, sizeof text - 1);
}
END_TEST

/* Territories: tests/data/small's line and two parties, AA left and BB
 * right of it, and variants of AA's feature. */
#define LEFT_RING                                                                          \
    "[[59.9,40.0],[60.0,40.0],[60.0,40.1],[60.1,40.1],[60.1,40.2],[59.9,40.2],[59.9,40.0]]"
#define LEFT_HOLE "[[59.92,40.12],[59.95,40.12],[59.95,40.15],[59.92,40.15],[59.92,40.12]]"
#define RIGHT_RING "[[60.0,40.0],[60.1,40.0],[60.1,40.1],[60.0,40.1],[60.0,40.0]]"
#define FAR_RING "[[59.0,41.0],[59.1,41.0],[59.1,41.1],[59.0,41.1],[59.0,41.0]]"
#define TFEAT(props, geom) "{\"type\":\"Feature\",\"properties\":" props ",\"geometry\":" geom "}"
#define POLY(rings) "{\"type\":\"Polygon\",\"coordinates\":" rings "}"
#define MPOLY(polys) "{\"type\":\"MultiPolygon\",\"coordinates\":" polys "}"
#define AA "{\"party\":\"AA\",\"name\":\"Left\"}"
#define BB_FEAT TFEAT("{\"party\":\"BB\",\"name\":\"Right\"}", POLY("[" RIGHT_RING "]"))
#define TERR_WITH(left) FC_OPEN left "," BB_FEAT "]}"
#define TERR_AA(geom) TERR_WITH(TFEAT(AA, geom))
#define TERR_PROPS(props) TERR_WITH(TFEAT(props, POLY("[" LEFT_RING "]")))
#define TERR_OK TERR_AA(POLY("[" LEFT_RING "]"))

/* DIR/territories.geojson (the one-pass reader's) and DIR/territories.txt
 * (GDAL's only) beside tests/data/small's line. */
static void compare_territories(verdicts *v, const char *dir, const char *what,
                                const char *text, size_t n, demarc_status want)
{
    char fast[512], slow[512], line[512], src[4096];
    snprintf(fast, sizeof fast, "%s/territories.geojson", dir);
    snprintf(slow, sizeof slow, "%s/territories.txt", dir);
    snprintf(line, sizeof line, "%s/border.geojson", dir);
    snprintf(src, sizeof src, "%s/small/border.geojson", tu_test_data_dir());
    copy_replace(src, line, NULL, NULL);
    write_bytes(fast, text, n);
    write_bytes(slow, text, n);
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    o.territories_path = slow;
    compare_open(v, what, dir, dir, NULL, &o, fast, slow, want);
}

START_TEST(test_territories_table_as_gdal)
{
    /* want: as for the line; ogrinfo lists the features (GDAL 3.6), the
     * library then requires a party, a (Multi)Polygon, closed rings of >= 4
     * points in range, and at most two parties. */
    static const text_case cases[] = {
        {"the plain territories", TERR_OK, DEMARC_OK},
        {"a hole", TERR_AA(POLY("[" LEFT_RING "," LEFT_HOLE "]")), DEMARC_OK},
        {"a MultiPolygon", TERR_AA(MPOLY("[[" LEFT_RING "]]")), DEMARC_OK},
        {"a MultiPolygon of two", TERR_AA(MPOLY("[[" LEFT_RING "],[" FAR_RING "]]")), DEMARC_OK},
        {"coordinates before type",
         TERR_AA("{\"coordinates\":[" LEFT_RING "],\"type\":\"Polygon\"}"), DEMARC_OK},
        {"coordinates before type, MultiPolygon",
         TERR_AA("{\"bbox\":[59.9,40,60.1,40.2],\"coordinates\":[[" LEFT_RING "]],"
                 "\"type\":\"MultiPolygon\"}"), DEMARC_OK},
        {"coordinates before a type of LineString",
         TERR_AA("{\"coordinates\":" LEFT_RING ",\"type\":\"LineString\"}"),
         DEMARC_ERR_GEOMETRY},
        {"coordinates before type, not closed",
         TERR_AA("{\"coordinates\":[[[59.9,40.0],[60.0,40.0],[60.0,40.1],[59.9,40.1]]],"
                 "\"type\":\"Polygon\"}"), DEMARC_ERR_GEOMETRY},
        {"a member after the coordinates",
         TERR_AA("{\"type\":\"Polygon\",\"coordinates\":[" LEFT_RING "],\"foo\":1}"), DEMARC_OK},
        {"a Point", TERR_AA("{\"type\":\"Point\",\"coordinates\":[59.9,40.1]}"),
         DEMARC_ERR_GEOMETRY},
        {"a ring not closed",
         TERR_AA(POLY("[[[59.9,40.0],[60.0,40.0],[60.0,40.1],[59.9,40.1]]]")),
         DEMARC_ERR_GEOMETRY},
        {"a ring not closed in x",
         TERR_AA(POLY("[[[59.9,40.0],[60.0,40.0],[60.0,40.1],[59.9,40.1],[59.95,40.0]]]")),
         DEMARC_ERR_GEOMETRY},
        {"a ring not closed in y",
         TERR_AA(POLY("[[[59.9,40.0],[60.0,40.0],[60.0,40.1],[59.9,40.1],[59.9,40.05]]]")),
         DEMARC_ERR_GEOMETRY},
        {"a ring of three points", TERR_AA(POLY("[[[59.9,40.0],[60.0,40.0],[59.9,40.0]]]")),
         DEMARC_ERR_GEOMETRY},
        {"a ring with heights",
         TERR_AA(POLY("[[[59.9,40.0,1],[60.0,40.0,1],[60.0,40.1,1],[60.1,40.1,1],[60.1,40.2,1],"
                      "[59.9,40.2,1],[59.9,40.0,1]]]")), DEMARC_OK},
        {"a point out of range",
         TERR_AA(POLY("[[[59.9,40.0],[60.0,40.0],[60.0,91],[59.9,40.0]]]")), DEMARC_ERR_RANGE},
        {"no rings", TERR_AA(POLY("[]")), DEMARC_ERR_GEOMETRY},
        {"no polygons", TERR_AA(MPOLY("[]")), DEMARC_ERR_EMPTY},
        {"coordinates a string", TERR_AA(POLY("\"x\"")), DEMARC_ERR_GEOMETRY},
        {"a ring a string", TERR_AA(POLY("[\"x\"]")), DEMARC_ERR_GEOMETRY},
        {"a polygon a string", TERR_AA(MPOLY("[\"x\"]")), DEMARC_ERR_EMPTY},
        {"two rings without the comma", TERR_AA(POLY("[" LEFT_RING " " LEFT_HOLE "]")),
         DEMARC_ERR_FORMAT},
        {"no geometry", TERR_WITH("{\"type\":\"Feature\",\"properties\":" AA "}"),
         DEMARC_ERR_GEOMETRY},
        {"a null geometry", TERR_WITH("{\"type\":\"Feature\",\"properties\":" AA
                                      ",\"geometry\":null}"), DEMARC_ERR_GEOMETRY},
        {"no geometry type", TERR_AA("{\"coordinates\":[" LEFT_RING "]}"), DEMARC_ERR_GEOMETRY},
        {"a feature type that is not Feature",
         TERR_WITH("{\"type\":\"Feat\",\"properties\":" AA ",\"geometry\":" POLY("[" LEFT_RING "]")
                   "}"), DEMARC_OK},
        {"id and bbox",
         TERR_WITH("{\"id\":1,\"bbox\":[59.9,40,60.1,40.2],\"type\":\"Feature\",\"properties\":"
                   AA ",\"geometry\":" POLY("[" LEFT_RING "]") "}"), DEMARC_OK},
        {"no party", TERR_PROPS("{\"name\":\"Left\"}"), DEMARC_ERR_FORMAT},
        {"an empty party", TERR_PROPS("{\"party\":\"\",\"name\":\"Left\"}"), DEMARC_ERR_FORMAT},
        {"an escaped party", TERR_PROPS("{\"party\":\"A\\u0041\",\"name\":\"Left\"}"), DEMARC_OK},
        {"an escaped name", TERR_PROPS("{\"party\":\"AA\",\"name\":\"L\\u00e9ft\"}"), DEMARC_OK},
        {"no name", TERR_PROPS("{\"party\":\"AA\"}"), DEMARC_OK},
        {"the party twice", TERR_PROPS("{\"party\":\"AA\",\"party\":\"AA\"}"), DEMARC_OK},
        {"the name twice", TERR_PROPS("{\"party\":\"AA\",\"name\":\"L\",\"name\":\"Left\"}"),
         DEMARC_OK},
        {"a party that is a number", TERR_PROPS("{\"party\":7,\"name\":\"Left\"}"), DEMARC_OK},
        {"a null party", TERR_PROPS("{\"party\":null,\"name\":\"Left\"}"), DEMARC_ERR_FORMAT},
        {"a name that is a number", TERR_PROPS("{\"party\":\"AA\",\"name\":7}"), DEMARC_OK},
        {"other properties", TERR_PROPS("{\"area\":1.5,\"party\":\"AA\",\"tags\":[1,{\"a\":2}],"
                                        "\"name\":\"Left\",\"z\":null}"), DEMARC_OK},
        {"no properties", TERR_PROPS("{}"), DEMARC_ERR_FORMAT},
        {"null properties", TERR_PROPS("null"), DEMARC_ERR_FORMAT},
        {"an escaped property name", TERR_PROPS("{\"\\u0070arty\":\"AA\",\"name\":\"Left\"}"),
         DEMARC_OK},
        {"a property without a colon", TERR_PROPS("{\"party\" \"AA\"}"), DEMARC_ERR_FORMAT},
        {"a property list without its brace", TERR_PROPS("{\"party\":\"AA\""), DEMARC_ERR_FORMAT},
        {"a party that is not UTF-8", TERR_PROPS("{\"party\":\"A\xff\",\"name\":\"Left\"}"),
         DEMARC_OK},
        {"a name that is not UTF-8", TERR_PROPS("{\"party\":\"AA\",\"name\":\"L\xc3\"}"),
         DEMARC_OK},
        {"no features", "{\"type\":\"FeatureCollection\",\"features\":[]}", DEMARC_ERR_FORMAT},
        {"features not an array", "{\"type\":\"FeatureCollection\",\"features\":{}}",
         DEMARC_ERR_FORMAT},
        {"a root that is a Feature", "{\"type\":\"Feature\",\"features\":[" TFEAT(AA, POLY("["
         LEFT_RING "]")) "," BB_FEAT "]}", DEMARC_ERR_FORMAT},
        {"five features", FC_OPEN TFEAT(AA, POLY("[" LEFT_RING "]")) "," BB_FEAT ","
         TFEAT(AA, POLY("[" FAR_RING "]")) "," BB_FEAT "," TFEAT(AA, POLY("[" FAR_RING "]"))
         "]}", DEMARC_OK},
        {"a third party", FC_OPEN TFEAT(AA, POLY("[" LEFT_RING "]")) "," BB_FEAT ","
         TFEAT("{\"party\":\"CC\"}", POLY("[" FAR_RING "]")) "]}", DEMARC_ERR_FORMAT},
        {"CRS84", "{\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
         "\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},\"type\":\"FeatureCollection\",\"features\":["
         TFEAT(AA, POLY("[" LEFT_RING "]")) "," BB_FEAT "]}", DEMARC_OK},
        {"a crs EPSG:4326", "{\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
         "\"urn:ogc:def:crs:EPSG::4326\"}},\"type\":\"FeatureCollection\",\"features\":["
         TFEAT(AA, POLY("[" LEFT_RING "]")) "," BB_FEAT "]}", DEMARC_OK},
        {"a name and a bbox", "{\"name\":\"t\",\"bbox\":[59.9,40,60.1,40.2],\"type\":"
         "\"FeatureCollection\",\"features\":[" TFEAT(AA, POLY("[" LEFT_RING "]")) "," BB_FEAT
         "]}", DEMARC_OK},
        {"an unknown root member", "{\"foo\":1,\"type\":\"FeatureCollection\",\"features\":["
         TFEAT(AA, POLY("[" LEFT_RING "]")) "," BB_FEAT "]}", DEMARC_OK},
        {"garbage after the end", TERR_OK "x", DEMARC_ERR_FORMAT},
        {"MultiPolygon coordinates a string", TERR_AA(MPOLY("\"x\"")), DEMARC_ERR_GEOMETRY},
        {"two polygons without the comma", TERR_AA(MPOLY("[[" LEFT_RING "] [" FAR_RING "]]")),
         DEMARC_ERR_FORMAT},
        {"no feature type", TERR_WITH("{\"properties\":" AA ",\"geometry\":"
                                      POLY("[" LEFT_RING "]") "}"), DEMARC_OK},
        {"no root type", "{\"features\":[" TFEAT(AA, POLY("[" LEFT_RING "]")) "," BB_FEAT "]}",
         DEMARC_ERR_FORMAT},
        {"no features member", "{\"type\":\"FeatureCollection\"}", DEMARC_ERR_FORMAT},
        {"a crs without type", "{\"crs\":{\"properties\":{\"name\":"
         "\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},\"type\":\"FeatureCollection\",\"features\":["
         TFEAT(AA, POLY("[" LEFT_RING "]")) "," BB_FEAT "]}", DEMARC_OK},
        {"a crs without properties", "{\"crs\":{\"type\":\"name\"},\"type\":"
         "\"FeatureCollection\",\"features\":[" TFEAT(AA, POLY("[" LEFT_RING "]")) "," BB_FEAT
         "]}", DEMARC_OK},
        {"a crs with empty properties", "{\"crs\":{\"type\":\"name\",\"properties\":{}},"
         "\"type\":\"FeatureCollection\",\"features\":[" TFEAT(AA, POLY("[" LEFT_RING "]")) ","
         BB_FEAT "]}", DEMARC_OK},
        {"a trailing comma in the features", FC_OPEN TFEAT(AA, POLY("[" LEFT_RING "]")) ","
         BB_FEAT ",]}", DEMARC_ERR_FORMAT},
    };
    char dir[256];
    tu_tmpdir(dir, sizeof dir, "geojson-terr-table");
    verdicts v = {"", 0, 0};
    TEXT_CASES_RUN(v, dir, cases, compare_territories);
    ck_assert_msg(v.bad == 0, "%d of %zu files not as GDAL reads them:\n%s", v.bad,
                  sizeof cases / sizeof cases[0], v.text);
    tu_rm_rf(dir);
}
END_TEST

START_TEST(test_territories_truncated_as_gdal)
{
    /* As the line's: every proper prefix is refused, by GDAL (ogrinfo). */
    static const char text[] = TERR_AA("{\"coordinates\":[" LEFT_RING "],\"type\":\"Polygon\"}");
    compare_truncations(compare_territories, "geojson-terr-cut", text, sizeof text - 1);
}
END_TEST

START_TEST(test_not_a_small_file_left_to_gdal)
{
    /* Files the one-pass readers do not load: a line file over 1 GiB (a
     * sparse one: a GeoJSON start, then NUL bytes, which GDAL refuses at
     * once: ogrinfo "At line 1, character 41: Unexpected character"), and a
     * directory given as the territories file (ogrinfo: not recognised). */
    char dir[256], fast[512], slow[512], terr[512], terr_slow[512], src[4096], line[512];
    tu_tmpdir(dir, sizeof dir, "geojson-big");
    snprintf(fast, sizeof fast, "%s/line.geojson", dir);
    snprintf(slow, sizeof slow, "%s/line.txt", dir);
    static const char head[] = "{\"type\":\"FeatureCollection\",\"features\":[";
    const long long size = (1LL << 30) + 1;
    write_bytes(fast, head, sizeof head - 1);
    write_bytes(slow, head, sizeof head - 1);
    ck_assert_int_eq(truncate(fast, (off_t)size), 0);
    ck_assert_int_eq(truncate(slow, (off_t)size), 0);
    verdicts v = {"", 0, 0};
    compare_open(&v, "a line file of 1 GiB + 1 byte", fast, slow, NULL, NULL, fast, slow,
                 DEMARC_ERR_FORMAT);
    ck_assert_int_eq(remove(fast), 0);
    ck_assert_int_eq(remove(slow), 0);
    snprintf(line, sizeof line, "%s/border.geojson", dir);
    snprintf(src, sizeof src, "%s/small/border.geojson", tu_test_data_dir());
    copy_replace(src, line, NULL, NULL);
    snprintf(terr, sizeof terr, "%s/t.geojson", dir);
    snprintf(terr_slow, sizeof terr_slow, "%s/t.txt", dir);
    ck_assert_int_eq(mkdir(terr, 0700), 0);
    ck_assert_int_eq(mkdir(terr_slow, 0700), 0);
    demarc_open_options of = DEMARC_OPEN_OPTIONS_INIT, os = DEMARC_OPEN_OPTIONS_INIT;
    of.territories_path = terr;
    os.territories_path = terr_slow;
    compare_open(&v, "a directory for the territories", dir, dir, &of, &os, terr, terr_slow,
                 DEMARC_ERR_FORMAT);
    ck_assert_msg(v.bad == 0, "%s", v.text);
    tu_rm_rf(dir);
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
    TCase *tt = tcase_create("table");
    tcase_set_timeout(tt, 120);
    tcase_add_test(tt, test_line_table_as_gdal);
    tcase_add_test(tt, test_line_truncated_as_gdal);
    tcase_add_test(tt, test_territories_table_as_gdal);
    tcase_add_test(tt, test_territories_truncated_as_gdal);
    tcase_add_test(tt, test_not_a_small_file_left_to_gdal);
    suite_add_tcase(s, tt);
    return s;
}
