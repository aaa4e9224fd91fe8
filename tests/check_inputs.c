/* check_inputs.c -- catalogue input taken at its word only (issue 14):
 * CRS against column names, position pairs, layers, directories, text
 * fields that are not UTF-8, bad optional numbers, blank ids, ids of any
 * length, catalogues without a kind column, and systematic errors that
 * must give a bounded report.
 *
 * Each test copies data/kz-uz/signs.csv (1,301 signs; header
 * id,seq,kind,lon,lat,h_m,chainage_m,next_dist_m,next_azimuth_deg,segment,
 * provenance) with one change, so that the clean rest gives no finding. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "testutil.h"

#define MAXROWS 1400
#define MAXCOL 16

static demarc_ctx *ctx;
static demarc_border *border;
static char tmpdir[256];
static char *lines[MAXROWS + 1]; /* lines[0]: the header */
static size_t nlines;

static void setup(void)
{
    tu_open_default(&ctx, &border);
    tu_tmpdir(tmpdir, sizeof tmpdir, "inputs");
    char path[4096], buf[2048];
    FILE *f = fopen(tu_path(path, sizeof path, tu_data_dir(), "kz-uz/signs.csv"), "r");
    ck_assert_ptr_nonnull(f);
    nlines = 0;
    while (nlines <= MAXROWS && fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\r\n")] = 0;
        lines[nlines++] = strdup(buf);
    }
    fclose(f);
    ck_assert_uint_eq(nlines, 1302);
}

static void teardown(void)
{
    for (size_t i = 0; i < nlines; i++) free(lines[i]);
    nlines = 0;
    tu_rm_rf(tmpdir);
    tu_close(&ctx, &border);
}

/* Replace field `col` of line `ln` (0: header) with v. */
static void set_field(size_t ln, int col, const char *v)
{
    char *l = lines[ln], *p = l;
    for (int c = 0; c < col; c++) p = strchr(p, ',') + 1;
    size_t k = strcspn(p, ",");
    size_t pre = (size_t)(p - l), vl = strlen(v), post = strlen(p + k);
    char *n = malloc(pre + vl + post + 1);
    ck_assert_ptr_nonnull(n);
    memcpy(n, l, pre);
    memcpy(n + pre, v, vl);
    memcpy(n + pre + vl, p + k, post + 1);
    free(l);
    lines[ln] = n;
}

/* Remove field `col` of every line. */
static void drop_column(int col)
{
    for (size_t i = 0; i < nlines; i++) {
        char *l = lines[i], *p = l;
        for (int c = 0; c < col; c++) p = strchr(p, ',') + 1;
        size_t k = strcspn(p, ",");
        memmove(p, p + k + (p[k] == ','), strlen(p + k + (p[k] == ',')) + 1);
        if (col > 0 && p[-1] == ',' && !p[0]) p[-1] = 0;
    }
}

static const char *write_lines(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    for (size_t i = 0; i < nlines; i++) fprintf(f, "%s\n", lines[i]);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

static const char *write_text(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

static demarc_catalogue *open_ok(const char *path, const demarc_catalogue_options *o)
{
    demarc_catalogue *cat = NULL;
    ck_assert_msg(demarc_catalogue_open(ctx, &cat, path, o) == DEMARC_OK, "open %s: %s", path,
                  demarc_ctx_errmsg(ctx));
    return cat;
}

static void open_fails(const char *path, const demarc_catalogue_options *o, demarc_status want,
                       const char *n1, const char *n2)
{
    demarc_catalogue *cat = (demarc_catalogue *)&cat;
    tu_assert_status(demarc_catalogue_open(ctx, &cat, path, o), want);
    ck_assert_ptr_null(cat);
    if (n1) tu_assert_msg_has(ctx, n1);
    if (n2) tu_assert_msg_has(ctx, n2);
}

static demarc_report *validate(demarc_catalogue *cat)
{
    demarc_report *r = NULL;
    ck_assert_msg(demarc_catalogue_validate(ctx, &r, border, cat, NULL) == DEMARC_OK, "%s",
                  demarc_ctx_errmsg(ctx));
    return r;
}

static void dump(const demarc_report *r)
{
    for (size_t i = 0; i < demarc_report_count(r) && i < 20; i++)
        fprintf(stderr, "  %s [%s] %s\n", demarc_report_finding(r, i)->code,
                demarc_report_finding(r, i)->sign_id, demarc_report_finding(r, i)->message);
}

/* Findings with `code`. */
static size_t count_code(const demarc_report *r, const char *code)
{
    size_t k = 0;
    for (size_t i = 0; i < demarc_report_count(r); i++)
        k += !strcmp(demarc_report_finding(r, i)->code, code);
    return k;
}

static const demarc_finding *only(const demarc_report *r, const char *code)
{
    if (demarc_report_count(r) != 1) dump(r);
    ck_assert_uint_eq(demarc_report_count(r), 1);
    const demarc_finding *f = demarc_report_finding(r, 0);
    ck_assert_str_eq(f->code, code);
    return f;
}

/* ---- CRS and position columns --------------------------------------- */

/* The README's old example: lon/lat columns read as Gauss-Kruger metres. */
START_TEST(test_projected_crs_for_lonlat_columns)
{
    demarc_catalogue_options o = DEMARC_CATALOGUE_OPTIONS_INIT;
    o.crs = "EPSG:28411";
    open_fails(write_lines("signs.csv"), &o, DEMARC_ERR_CRS, "'lon'/'lat'", "projected");
    tu_assert_msg_has(ctx, "EPSG:28411");
    /* a geographic CRS for them is fine (EPSG:4284, Pulkovo 1942) */
    o.crs = "EPSG:4284";
    demarc_catalogue *cat = open_ok(write_lines("signs.csv"), &o);
    ck_assert_ptr_nonnull(strstr(demarc_catalogue_transformation(cat), "EPSG:15865"));
    demarc_catalogue_free(cat);
}
END_TEST

/* 63 E 41 N in UTM 41N: `echo 41 63 | cs2cs EPSG:4326 EPSG:32641 -f %.4f`
 * -> 500000.0000 4538757.0619.  The lon/lat pair says 60 E 40 N instead. */
START_TEST(test_two_position_pairs)
{
    const char *p = write_text("pairs.csv", "id,lon,lat,x,y\nA,60,40,500000,4538757.0619\n");
    open_fails(p, NULL, DEMARC_ERR_FORMAT, "'lon'/'lat' and 'x'/'y'", "--position");
    demarc_catalogue_options o = DEMARC_CATALOGUE_OPTIONS_INIT;
    o.position = "x,y";
    o.crs = "EPSG:32641";
    demarc_catalogue *cat = open_ok(p, &o);
    const demarc_catalogue_entry *e = demarc_catalogue_entry_get(cat, 0);
    tu_assert_near(e->lon, 63.0, 1e-8);
    tu_assert_near(e->lat, 41.0, 1e-8);
    demarc_catalogue_free(cat);
    o.position = "lon,lat";
    o.crs = NULL;
    cat = open_ok(p, &o);
    e = demarc_catalogue_entry_get(cat, 0);
    ck_assert(e->lon == 60.0 && e->lat == 40.0);
    demarc_catalogue_free(cat);
    o.position = "easting,northing";
    open_fails(p, &o, DEMARC_ERR_FORMAT, "'easting'/'northing'", NULL);
    o.position = "lat,lon";
    open_fails(p, &o, DEMARC_ERR_ARG, "lat,lon", NULL);
    /* a version-1 options struct (crs only) is still read */
    demarc_catalogue_options v1 = {1, NULL, "ignored", "ignored", "ignored"};
    open_fails(p, &v1, DEMARC_ERR_FORMAT, "--position", NULL);
}
END_TEST

/* A directory is a catalogue only as a border folder (data/kz-uz: its
 * signs.csv, 1,301 rows); any other is an error, not "some file inside". */
START_TEST(test_directory_is_not_a_catalogue)
{
    write_lines("signs.csv"); /* a catalogue inside, but no border.* */
    open_fails(tmpdir, NULL, DEMARC_ERR_FORMAT, "not a border folder", NULL);
    char path[4096];
    demarc_catalogue *cat = open_ok(tu_path(path, sizeof path, tu_data_dir(), "kz-uz"), NULL);
    ck_assert_uint_eq(demarc_catalogue_count(cat), 1301);
    ck_assert_ptr_nonnull(strstr(demarc_catalogue_source(cat), "signs.csv"));
    demarc_catalogue_free(cat);
    /* a border folder without signs */
    write_text("border.geojson", "{}");
    remove(write_lines("signs.csv"));
    open_fails(tmpdir, NULL, DEMARC_ERR_EMPTY, "without a catalogue", NULL);
}
END_TEST

/* A GeoPackage with layers named as given, each with one point sign. */
static const char *write_gpkg(const char *name, const char *l1, const char *l2)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    GDALAllRegister();
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    ck_assert_ptr_nonnull(drv);
    GDALDatasetH ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    ck_assert_ptr_nonnull(ds);
    const char *names[2] = {l1, l2};
    for (int k = 0; k < 2; k++) {
        OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
        OSRImportFromEPSG(srs, 4326);
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
        OGRLayerH l = GDALDatasetCreateLayer(ds, names[k], srs, wkbPoint, NULL);
        OSRDestroySpatialReference(srs);
        ck_assert_ptr_nonnull(l);
        OGRFieldDefnH fd = OGR_Fld_Create("id", OFTString);
        ck_assert_int_eq(OGR_L_CreateField(l, fd, 1), OGRERR_NONE);
        OGR_Fld_Destroy(fd);
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, 0, k ? "B" : "A");
        OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(g, 0, 60.0 + k, 40.0);
        OGR_F_SetGeometryDirectly(f, g);
        ck_assert_int_eq(OGR_L_CreateFeature(l, f), OGRERR_NONE);
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return path;
}

START_TEST(test_layers)
{
    /* two layers, neither called signs: ambiguous, the error lists them */
    const char *p = write_gpkg("two.gpkg", "alpha", "beta");
    open_fails(p, NULL, DEMARC_ERR_FORMAT, "'alpha', 'beta'", "--layer");
    demarc_catalogue_options o = DEMARC_CATALOGUE_OPTIONS_INIT;
    o.layer = "beta";
    demarc_catalogue *cat = open_ok(p, &o);
    ck_assert_str_eq(demarc_catalogue_entry_get(cat, 0)->id, "B");
    ck_assert(demarc_catalogue_entry_get(cat, 0)->lon == 61.0);
    demarc_catalogue_free(cat);
    o.layer = "gamma";
    open_fails(p, &o, DEMARC_ERR_NOT_FOUND, "'gamma'", "'alpha', 'beta'");
    /* a layer called signs is taken without asking, wherever it is */
    p = write_gpkg("named.gpkg", "border_line", "signs");
    cat = open_ok(p, NULL);
    ck_assert_str_eq(demarc_catalogue_entry_get(cat, 0)->id, "B");
    demarc_catalogue_free(cat);
}
END_TEST

/* What demarc_border_export writes: the signs layer, all 1,301 signs,
 * validated clean. */
START_TEST(test_catalogue_of_no_layer)
{
    /* a KML document without folders or placemarks: ogrinfo (LIBKML)
     * opens it and lists no layer */
    const char *p = write_text("none.kml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                           "<kml xmlns=\"http://www.opengis.net/kml/2.2\">"
                                           "<Document></Document></kml>\n");
    open_fails(p, NULL, DEMARC_ERR_EMPTY, p, "no layer");
    /* an empty crs option is no CRS: the layer's (here none: lon/lat) */
    demarc_catalogue_options o = DEMARC_CATALOGUE_OPTIONS_INIT;
    o.crs = "";
    demarc_catalogue *cat = open_ok(write_lines("signs.csv"), &o);
    ck_assert_str_eq(demarc_catalogue_transformation(cat), "");
    demarc_catalogue_free(cat);
}
END_TEST

START_TEST(test_exported_gpkg_signs_layer)
{
    char path[512];
    snprintf(path, sizeof path, "%s/kzuz.gpkg", tmpdir);
    tu_assert_status(demarc_border_export(ctx, border, path, NULL), DEMARC_OK);
    demarc_catalogue *cat = open_ok(path, NULL);
    ck_assert_uint_eq(demarc_catalogue_count(cat), 1301);
    ck_assert_str_eq(demarc_catalogue_entry_get(cat, 0)->id, demarc_border_sign(border, 0)->id);
    demarc_report *r = validate(cat);
    size_t errors = demarc_report_count_severity(r, DEMARC_SEVERITY_ERROR);
    if (errors) dump(r);
    ck_assert_uint_eq(errors, 0);
    demarc_report_free(r);
    demarc_catalogue_free(cat);
}
END_TEST

/* ---- text fields -------------------------------------------------------- */

/* Invalid UTF-8 would make JSON, SVG and GeoJSON unreadable: the file is
 * refused, naming line and field.  A control character is valid text: the
 * row is kept and the finding names it (sign.id, sign.field). */
START_TEST(test_id_not_utf8_or_control)
{
    /* line 4 is the third sign (1B); byte 0xff never occurs in UTF-8, C0 AF
     * is an overlong '/', ED A0 80 a surrogate (RFC 3629) */
    static const char *const bad[] = {"1B\xff", "1\xc0\xaf", "1\xed\xa0\x80"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        set_field(3, 0, bad[k]);
        open_fails(write_lines("bad.csv"), NULL, DEMARC_ERR_FORMAT, "line 4", "field 'id'");
        tu_assert_msg_has(ctx, "invalid UTF-8");
    }
    static const char *const ctl[] = {"1B\x01", "1\tB"};
    for (size_t k = 0; k < 2; k++) {
        set_field(3, 0, ctl[k]);
        demarc_catalogue *cat = open_ok(write_lines("ctl.csv"), NULL);
        demarc_report *r = validate(cat);
        const demarc_finding *f = only(r, "sign.id");
        ck_assert_str_eq(f->sign_id, ctl[k]);
        ck_assert_ptr_nonnull(strstr(f->message, "line 4"));
        ck_assert_ptr_nonnull(strstr(f->message, k ? "U+0009 at byte 2" : "U+0001 at byte 3"));
        demarc_report_free(r);
        demarc_catalogue_free(cat);
    }
    set_field(3, 0, "1B");
    set_field(3, 10, "surveyed\xe2\x82"); /* provenance, a cut 3-byte sequence */
    open_fails(write_lines("bad.csv"), NULL, DEMARC_ERR_FORMAT, "line 4", "'provenance'");
    set_field(3, 10, "surveyed\x1b[31m"); /* an escape sequence: a finding */
    demarc_catalogue *cat = open_ok(write_lines("esc.csv"), NULL);
    demarc_report *r = validate(cat);
    const demarc_finding *f = only(r, "sign.field");
    ck_assert_ptr_nonnull(strstr(f->message, "'provenance': control character U+001B"));
    demarc_report_free(r);
    demarc_catalogue_free(cat);
    /* valid multi-byte UTF-8 passes: Cyrillic "знак" */
    set_field(3, 10, "\xd0\xb7\xd0\xbd\xd0\xb0\xd0\xba");
    cat = open_ok(write_lines("ok.csv"), NULL);
    r = validate(cat);
    ck_assert_uint_eq(demarc_report_count(r), 0);
    demarc_report_free(r);
    demarc_catalogue_free(cat);
}
END_TEST

START_TEST(test_blank_and_padded_ids)
{
    set_field(3, 0, "");
    demarc_catalogue *cat = open_ok(write_lines("blank.csv"), NULL);
    demarc_report *r = validate(cat);
    const demarc_finding *f = only(r, "sign.id");
    ck_assert_int_eq(f->severity, DEMARC_SEVERITY_ERROR);
    ck_assert_ptr_nonnull(strstr(f->message, "line 4"));
    ck_assert_ptr_nonnull(strstr(f->message, "blank"));
    demarc_report_free(r);
    demarc_catalogue_free(cat);
    set_field(3, 0, " 1B");
    cat = open_ok(write_lines("padded.csv"), NULL);
    ck_assert_str_eq(demarc_catalogue_entry_get(cat, 2)->id, " 1B");
    r = validate(cat);
    f = only(r, "sign.id");
    ck_assert_str_eq(f->sign_id, " 1B");
    ck_assert_ptr_nonnull(strstr(f->message, "line 4"));
    demarc_report_free(r);
    /* the re-survey: the padded id is an inspect.id finding, not "unknown" */
    demarc_catalogue *ref = NULL;
    tu_assert_status(demarc_catalogue_from_border(ctx, &ref, border), DEMARC_OK);
    tu_assert_status(demarc_inspect(ctx, &r, ref, cat, NULL), DEMARC_OK);
    ck_assert_uint_eq(count_code(r, "inspect.id"), 1);
    ck_assert_uint_eq(count_code(r, "inspect.unknown"), 0);
    ck_assert_uint_eq(count_code(r, "inspect.missing"), 1); /* 1B itself */
    demarc_report_free(r);
    demarc_catalogue_free(ref);
    demarc_catalogue_free(cat);
}
END_TEST

/* ---- numbers ------------------------------------------------------------ */

START_TEST(test_bad_optional_field_is_a_finding)
{
    set_field(3, 5, "12.5m"); /* h_m of 1B */
    demarc_catalogue *cat = open_ok(write_lines("h.csv"), NULL);
    const demarc_catalogue_entry *e = demarc_catalogue_entry_get(cat, 2);
    ck_assert_str_eq(e->id, "1B");
    ck_assert_int_eq(e->line, 4);
    ck_assert(e->flags & DEMARC_ENTRY_FIELD_BAD);
    ck_assert(isnan(e->h_m));
    ck_assert_ptr_nonnull(strstr(e->field_problem, "'h_m'"));
    ck_assert_ptr_nonnull(strstr(e->field_problem, "'12.5m'"));
    demarc_report *r = validate(cat);
    const demarc_finding *f = only(r, "sign.field");
    ck_assert_str_eq(f->sign_id, "1B");
    ck_assert_ptr_nonnull(strstr(f->message, "line 4"));
    ck_assert_ptr_nonnull(strstr(f->message, "12.5m"));
    demarc_report_free(r);
    demarc_catalogue_free(cat);
    /* next_dist_m "abc" likewise (it aborted the whole validation before) */
    set_field(3, 5, "");
    set_field(3, 7, "abc");
    cat = open_ok(write_lines("n.csv"), NULL);
    r = validate(cat);
    f = only(r, "sign.field");
    ck_assert_ptr_nonnull(strstr(f->message, "'next_dist_m'"));
    demarc_report_free(r);
    demarc_catalogue_free(cat);
    /* a coordinate that does not parse stays an error naming the line */
    set_field(3, 7, "");
    set_field(3, 4, "4x0");
    open_fails(write_lines("c.csv"), NULL, DEMARC_ERR_FORMAT, "line 4", "'lat'");
}
END_TEST

/* Line numbers are the file's, not row + 1: empty lines (skipped by GDAL)
 * and quoted fields holding a line break are counted.  Counted by hand in
 * each file below: 1 header, 2 A, 3 empty, 4 empty (CRLF), 5 the record
 * after them (B, with a line break in a quoted field in the first two
 * files), then D. */
/* Every record has the header's field count, whatever the separator GDAL
 * detects (',' else ';' else tab) and with or without a final line break;
 * a quoted separator is no separator.  Counted by hand in each text. */
START_TEST(test_field_count_any_separator)
{
    demarc_catalogue *cat = NULL;
    const char *p = write_text("semi.csv", "id;lon;lat\nA;60;40\nB;60;40.001;x");
    tu_assert_status(demarc_catalogue_open(ctx, &cat, p, NULL), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "semi.csv: line 3: 4 fields, the header has 3");
    p = write_text("tab.csv", "id\tlon\tlat\nA\t60\t40\nB\t60\n");
    tu_assert_status(demarc_catalogue_open(ctx, &cat, p, NULL), DEMARC_ERR_FORMAT);
    tu_assert_msg_has(ctx, "tab.csv: line 3: 2 fields, the header has 3");
    p = write_text("quoted.csv", "id,lon,lat,provenance\nA,60,40,\"a,b\"\nB,60,40.001,c");
    cat = open_ok(p, NULL);
    ck_assert_uint_eq(demarc_catalogue_count(cat), 2);
    demarc_catalogue_free(cat);
}
END_TEST

/* Numbers as text may be padded with blanks and tabs (and a CR of a CRLF
 * file) and still read, by hand: " 60.5 " is 60.5; a catalogue said to be
 * in WGS 84 by any of its usual names needs no transformation. */
START_TEST(test_padded_numbers_and_wgs84_names)
{
    const char *p = write_text("padded.csv", "id,lon,lat,h_m\nA, 60.5 ,\t40.25\t, 7 \r\n"
                                             "B,60.5,40.5,\n");
    demarc_catalogue *cat = open_ok(p, NULL);
    const demarc_catalogue_entry *e = demarc_catalogue_entry_get(cat, 0);
    ck_assert_double_eq(e->lon, 60.5);
    ck_assert_double_eq(e->lat, 40.25);
    ck_assert_double_eq(e->h_m, 7);
    ck_assert(!e->field_problem || !e->field_problem[0]);
    ck_assert(isnan(demarc_catalogue_entry_get(cat, 1)->h_m));
    demarc_catalogue_free(cat);
    static const char *const names[] = {"WGS84", "wgs 84", "OGC:CRS84", "epsg:4326"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        demarc_catalogue_options o = DEMARC_CATALOGUE_OPTIONS_INIT;
        o.crs = names[i];
        cat = open_ok(p, &o);
        ck_assert_msg(!demarc_catalogue_transformation(cat)[0], "%s: transformed by '%s'",
                      names[i], demarc_catalogue_transformation(cat));
        ck_assert_double_eq(demarc_catalogue_entry_get(cat, 0)->lon, 60.5);
        demarc_catalogue_free(cat);
    }
    /* A header and no rows: empty, named. */
    p = write_text("header.csv", "id,lon,lat\n");
    demarc_catalogue *none = NULL;
    tu_assert_status(demarc_catalogue_open(ctx, &none, p, NULL), DEMARC_ERR_EMPTY);
    ck_assert_ptr_null(none);
    tu_assert_msg_has(ctx, "header.csv");
}
END_TEST

START_TEST(test_line_numbers_are_the_files)
{
    const char *p = write_text("lines.csv", "id,lon,lat,h_m\nA,60,40,1\n\n\r\n"
                                            "\"B\nC\",60,40.001,2\nD,60,40.002,12.5m\n");
    /* the id with a line break is a finding naming the line it starts on */
    demarc_catalogue *cat = open_ok(p, NULL);
    ck_assert_int_eq(demarc_catalogue_entry_get(cat, 1)->line, 5);
    ck_assert_int_eq(demarc_catalogue_entry_get(cat, 2)->line, 7);
    ck_assert_str_eq(demarc_catalogue_entry_get(cat, 1)->id, "B\nC");
    demarc_catalogue_free(cat);
    p = write_text("lines.csv", "id,lon,lat,h_m,provenance\nA,60,40,1,x\n\n\r\n"
                                "B,60,40.001,2,\"two\nlines\"\nD,60,40.002,12.5m,y\n");
    cat = open_ok(p, NULL);
    ck_assert_int_eq(demarc_catalogue_entry_get(cat, 2)->line, 7);
    ck_assert_ptr_nonnull(strstr(demarc_catalogue_entry_get(cat, 1)->field_problem,
                                 "'provenance': control character U+000A"));
    demarc_catalogue_free(cat);
    p = write_text("lines.csv", "id,lon,lat,h_m\nA,60,40,1\n\n\r\nB,60,40.001,2\n"
                                "D,60,40.002,12.5m\n");
    cat = open_ok(p, NULL);
    ck_assert_uint_eq(demarc_catalogue_count(cat), 3);
    ck_assert_int_eq(demarc_catalogue_entry_get(cat, 0)->line, 2);
    ck_assert_int_eq(demarc_catalogue_entry_get(cat, 1)->line, 5);
    ck_assert_int_eq(demarc_catalogue_entry_get(cat, 2)->line, 6);
    ck_assert_ptr_nonnull(strstr(demarc_catalogue_entry_get(cat, 2)->field_problem, "h_m"));
    demarc_catalogue_free(cat);
    /* staged in GDAL's memory by a program (the PostgreSQL binding does):
     * rows, as its caller counts them -- row 1 is the first data row */
    static const char text[] = "id,lon,lat\nA,abc,41\n";
    VSILFILE *vf = VSIFileFromMemBuffer("/vsimem/inputs_rows.csv", (GByte *)text,
                                        sizeof text - 1, FALSE);
    ck_assert_ptr_nonnull(vf);
    VSIFCloseL(vf);
    open_fails("/vsimem/inputs_rows.csv", NULL, DEMARC_ERR_FORMAT, "row 1: field 'lon': 'abc'",
               NULL);
    VSIUnlink("/vsimem/inputs_rows.csv");
}
END_TEST

/* The last sign's id as a number past LONG_MAX (2^64 + 1 =
 * 18446744073709551617; a long wraps it to 1, which would sort before its
 * predecessor), then 2,000,000 digits: both larger than every other id, so
 * no numbering finding -- and no overflow (UBSan). */
START_TEST(test_ids_of_any_length)
{
    size_t last = nlines - 1;
    set_field(last, 0, "18446744073709551617");
    demarc_catalogue *cat = open_ok(write_lines("big.csv"), NULL);
    demarc_report *r = validate(cat);
    if (demarc_report_count(r)) dump(r);
    ck_assert_uint_eq(demarc_report_count(r), 0);
    demarc_report_free(r);
    demarc_catalogue_free(cat);
    enum { DIGITS = 2000000 };
    char *id = malloc(DIGITS + 1);
    ck_assert_ptr_nonnull(id);
    memset(id, '9', DIGITS);
    id[0] = '1';
    id[DIGITS] = 0;
    set_field(last, 0, id);
    cat = open_ok(write_lines("huge.csv"), NULL);
    ck_assert_uint_eq(strlen(demarc_catalogue_entry_get(cat, last - 1)->id), DIGITS);
    r = validate(cat);
    if (demarc_report_count(r)) dump(r);
    ck_assert_uint_eq(demarc_report_count(r), 0);
    demarc_report_free(r);
    demarc_catalogue_free(cat);
    /* leading zeros do not count: "000" + the last id is that id, no
     * finding; "0" is before every other id: one numbering finding */
    snprintf(id, DIGITS, "000%s", demarc_border_sign(border, 1300)->id);
    set_field(last, 0, id);
    cat = open_ok(write_lines("zeros.csv"), NULL);
    r = validate(cat);
    if (demarc_report_count(r)) dump(r);
    ck_assert_uint_eq(demarc_report_count(r), 0);
    demarc_report_free(r);
    demarc_catalogue_free(cat);
    set_field(last, 0, "0");
    cat = open_ok(write_lines("zero.csv"), NULL);
    r = validate(cat);
    ck_assert_uint_eq(count_code(r, "sign.numbering"), 1);
    demarc_report_free(r);
    demarc_catalogue_free(cat);
    free(id);
}
END_TEST

/* ---- kinds and systematic errors ---------------------------------------- */

START_TEST(test_no_kind_column)
{
    drop_column(2);
    ck_assert_ptr_null(strstr(lines[0], "kind"));
    demarc_catalogue *cat = open_ok(write_lines("nokind.csv"), NULL);
    demarc_report *r = validate(cat);
    if (demarc_report_count(r)) dump(r);
    ck_assert_uint_eq(count_code(r, "catalogue.tripoint"), 0);
    ck_assert_uint_eq(demarc_report_count(r), 0);
    demarc_report_free(r);
    demarc_catalogue_free(cat);
}
END_TEST

/* Every sign at sign 1's place: C(1301, 2) = 1301 * 1300 / 2 = 845,650
 * coincident pairs.  The report lists 100 of them and one summary. */
START_TEST(test_systematic_coincident_is_bounded)
{
    char lon[64], lat[64];
    char *p = lines[1];
    for (int c = 0; c < 3; c++) p = strchr(p, ',') + 1;
    snprintf(lon, sizeof lon, "%.*s", (int)strcspn(p, ","), p);
    p = strchr(p, ',') + 1;
    snprintf(lat, sizeof lat, "%.*s", (int)strcspn(p, ","), p);
    for (size_t i = 2; i < nlines; i++) {
        set_field(i, 3, lon);
        set_field(i, 4, lat);
    }
    demarc_catalogue *cat = open_ok(write_lines("one_spot.csv"), NULL);
    demarc_report *r = validate(cat);
    ck_assert_uint_eq(count_code(r, "sign.coincident"), 101);
    const demarc_finding *sum = NULL;
    for (size_t i = 0; i < demarc_report_count(r); i++) {
        const demarc_finding *f = demarc_report_finding(r, i);
        if (!strcmp(f->code, "sign.coincident") && !f->sign_id[0]) sum = f;
    }
    ck_assert_ptr_nonnull(sum);
    ck_assert(sum->value == 845650.0);
    ck_assert_ptr_nonnull(strstr(sum->message, "845650 findings"));
    ck_assert_ptr_nonnull(strstr(sum->message, "systematic"));
    ck_assert(demarc_report_stat_get(r, "unlisted_findings") >= 845650.0 - 100);
    ck_assert_uint_lt(demarc_report_count(r), 20 * 101);
    demarc_report_free(r);
    demarc_catalogue_free(cat);
}
END_TEST

/* Every row with longitude and latitude swapped: 1,301 latlon_swapped,
 * 100 listed and one summary with the count. */
START_TEST(test_systematic_swap_is_bounded)
{
    for (size_t i = 1; i < nlines; i++) {
        char lon[64], lat[64], *p = lines[i];
        for (int c = 0; c < 3; c++) p = strchr(p, ',') + 1;
        snprintf(lon, sizeof lon, "%.*s", (int)strcspn(p, ","), p);
        p = strchr(p, ',') + 1;
        snprintf(lat, sizeof lat, "%.*s", (int)strcspn(p, ","), p);
        set_field(i, 3, lat);
        set_field(i, 4, lon);
    }
    demarc_catalogue *cat = open_ok(write_lines("swapped.csv"), NULL);
    demarc_report *r = validate(cat);
    ck_assert_uint_eq(count_code(r, "sign.latlon_swapped"), 101);
    int summarised = 0;
    for (size_t i = 0; i < demarc_report_count(r); i++) {
        const demarc_finding *f = demarc_report_finding(r, i);
        if (!strcmp(f->code, "sign.latlon_swapped") && !f->sign_id[0])
            summarised = f->value == 1301.0;
    }
    ck_assert(summarised);
    demarc_report_free(r);
    demarc_catalogue_free(cat);
}
END_TEST

Suite *inputs_suite(void)
{
    Suite *s = suite_create("inputs");
    TCase *tc = tcase_create("catalogue");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_projected_crs_for_lonlat_columns);
    tcase_add_test(tc, test_two_position_pairs);
    tcase_add_test(tc, test_directory_is_not_a_catalogue);
    tcase_add_test(tc, test_layers);
    tcase_add_test(tc, test_exported_gpkg_signs_layer);
    tcase_add_test(tc, test_id_not_utf8_or_control);
    tcase_add_test(tc, test_blank_and_padded_ids);
    tcase_add_test(tc, test_bad_optional_field_is_a_finding);
    tcase_add_test(tc, test_line_numbers_are_the_files);
    tcase_add_test(tc, test_field_count_any_separator);
    tcase_add_test(tc, test_padded_numbers_and_wgs84_names);
    tcase_add_test(tc, test_ids_of_any_length);
    tcase_add_test(tc, test_no_kind_column);
    tcase_add_test(tc, test_catalogue_of_no_layer);
    tcase_add_test(tc, test_systematic_coincident_is_bounded);
    tcase_add_test(tc, test_systematic_swap_is_bounded);
    suite_add_tcase(s, tc);
    return s;
}
