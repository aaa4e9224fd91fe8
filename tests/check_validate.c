/* check_validate.c -- sign catalogue validation: the embedded catalogue is
 * clean, and for every rule a corrupted copy of it (built here, written to
 * a temporary directory) gives exactly the expected finding at the right
 * sign.
 *
 * Positions moved by a known distance come from GeographicLib's GeodSolve
 * (direct problem, WGS 84); the command is beside each value.  The SK-42
 * copy of the catalogue is made with PROJ's EPSG:15865 (through
 * demarc_transform, issue 4), checked on sign 1 against
 *   echo "41.32428 56.00179 0 0" | cct -I -d 9 EPSG:15865
 *   -> 41.324229171 56.002845216
 * Read as WGS 84 those SK-42 values land east and south of the true place:
 *   printf "41.32428 56.00179 41.324229171 56.002845216\n" | GeodSolve -i -p 6
 *     -> 88.524 m at azimuth 93.66 (5.7 m S, 88.3 m E), west tripoint
 *   (41.5, 63.5):   76.150 m at 101.58 (15.3 m S, 74.6 m E), mid-border
 *   (42.26347, 70.9433): 64.750 m at 112.91 (25.2 m S, 59.6 m E), east tripoint
 * i.e. "about 14 m south, 75-80 m east" holds mid-border; the offset turns
 * and shrinks along the 1,500 km of the border.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define NCOL 12
#define FLEN 48
enum { C_ID, C_SEQ, C_KIND, C_LON, C_LAT, C_H, C_CHAIN, C_NEXT, C_AZI, C_SEG, C_PROV, C_SIDE };

typedef struct table {
    size_t n;
    char (*f)[NCOL][FLEN];
} table;

static demarc_ctx *ctx;
static demarc_border *border;
static char tmpdir[256];
static table tab;

static void load_table(table *t)
{
    char path[4096], line[1024];
    FILE *f = fopen(tu_path(path, sizeof path, tu_data_dir(), "kz-uz/signs.csv"), "r");
    ck_assert_ptr_nonnull(f);
    t->f = calloc(1400, sizeof *t->f);
    t->n = 0;
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f)); /* header */
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        char *p = line;
        for (int c = 0; c < NCOL - 1; c++) {
            size_t k = strcspn(p, ",");
            snprintf(t->f[t->n][c], FLEN, "%.*s", (int)k, p);
            p += k + (p[k] == ',');
        }
        t->n++;
    }
    fclose(f);
    ck_assert_uint_eq(t->n, 1301);
}

static void setup(void)
{
    tu_open_default(&ctx, &border);
    tu_tmpdir(tmpdir, sizeof tmpdir, "validate");
    load_table(&tab);
}

static void teardown(void)
{
    tu_rm_rf(tmpdir);
    free(tab.f);
    tu_close(&ctx, &border);
}

/* Row index of a sign id in the table. */
static size_t row_of(const char *id)
{
    for (size_t i = 0; i < tab.n; i++)
        if (!strcmp(tab.f[i][C_ID], id)) return i;
    ck_abort_msg("no sign %s", id);
    return 0;
}

static void set(const char *id, int col, const char *v)
{
    snprintf(tab.f[row_of(id)][col], FLEN, "%s", v);
}

static void drop(const char *id)
{
    size_t i = row_of(id);
    memmove(&tab.f[i], &tab.f[i + 1], (tab.n - i - 1) * sizeof tab.f[0]);
    tab.n--;
}

/* Write the table as CSV (with the side column when side is set). */
static const char *write_table(const char *name, int side)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "id,seq,kind,lon,lat,h_m,chainage_m,next_dist_m,next_azimuth_deg,segment,"
               "provenance%s\n", side ? ",side" : "");
    for (size_t i = 0; i < tab.n; i++)
        for (int c = 0; c < NCOL - !side; c++)
            fprintf(f, "%s%c", tab.f[i][c], c + 1 < NCOL - !side ? ',' : '\n');
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

static demarc_report *validate_file(const char *path, const char *crs,
                                    const demarc_validate_options *o)
{
    demarc_catalogue *cat = NULL;
    demarc_catalogue_options co = DEMARC_CATALOGUE_OPTIONS_INIT;
    co.crs = crs;
    ck_assert_msg(demarc_catalogue_open(ctx, &cat, path, &co) == DEMARC_OK, "open: %s",
                  demarc_ctx_errmsg(ctx));
    demarc_report *r = NULL;
    ck_assert_msg(demarc_catalogue_validate(ctx, &r, border, cat, o) == DEMARC_OK,
                  "validate: %s", demarc_ctx_errmsg(ctx));
    demarc_catalogue_free(cat);
    return r;
}

static demarc_report *validate_table(int side, const demarc_validate_options *o)
{
    return validate_file(write_table("cat.csv", side), NULL, o);
}

static void dump(const demarc_report *r)
{
    for (size_t i = 0; i < demarc_report_count(r); i++) {
        const demarc_finding *f = demarc_report_finding(r, i);
        fprintf(stderr, "  %s [%s] %s\n", f->code, f->sign_id, f->message);
    }
}

/* Exactly `count` findings in all; the one with `code` is at `sign`. */
static const demarc_finding *expect_only(const demarc_report *r, size_t count, const char *code,
                                         const char *sign)
{
    if (demarc_report_count(r) != count) dump(r);
    ck_assert_uint_eq(demarc_report_count(r), count);
    for (size_t i = 0; i < count; i++) {
        const demarc_finding *f = demarc_report_finding(r, i);
        if (!strcmp(f->code, code)) {
            ck_assert_str_eq(f->sign_id, sign);
            ck_assert_ptr_nonnull(strstr(f->message, sign));
            return f;
        }
    }
    dump(r);
    ck_abort_msg("no finding %s", code);
    return NULL;
}

/* ---- clean --------------------------------------------------------- */

START_TEST(test_embedded_clean)
{
    demarc_catalogue *cat = NULL;
    demarc_report *r = NULL;
    ck_assert_int_eq(demarc_catalogue_from_border(ctx, &cat, border), DEMARC_OK);
    ck_assert_uint_eq(demarc_catalogue_count(cat), 1301);
    ck_assert_int_eq(demarc_catalogue_validate(ctx, &r, border, cat, NULL), DEMARC_OK);
    if (demarc_report_count(r)) dump(r);
    ck_assert_uint_eq(demarc_report_count(r), 0);
    ck_assert_double_eq(demarc_report_stat_get(r, "signs"), 1301);
    ck_assert_str_eq(demarc_report_transformation(r), "");
    demarc_report_free(r);
    demarc_catalogue_free(cat);
}
END_TEST

START_TEST(test_file_clean)
{
    char path[4096];
    demarc_report *r = validate_file(tu_path(path, sizeof path, tu_data_dir(), "kz-uz/signs.csv"),
                                     NULL, NULL);
    ck_assert_uint_eq(demarc_report_count(r), 0);
    demarc_report_free(r);
}
END_TEST

/* ---- coordinates ----------------------------------------------------- */

START_TEST(test_coord_missing)
{
    set("1B", C_LAT, "");
    demarc_report *r = validate_table(0, NULL);
    const demarc_finding *f = expect_only(r, 1, "sign.coord_missing", "1B");
    ck_assert_int_eq(f->severity, DEMARC_SEVERITY_ERROR);
    /* 1B is the 3rd data row: line 4 of the file (header = line 1) */
    ck_assert_ptr_nonnull(strstr(f->message, "line 4"));
    demarc_report_free(r);
}
END_TEST

START_TEST(test_coord_not_finite)
{
    set("1B", C_LON, "nan");
    demarc_report *r = validate_table(0, NULL);
    expect_only(r, 1, "sign.coord_not_finite", "1B");
    demarc_report_free(r);
}
END_TEST

START_TEST(test_coord_range)
{
    set("1B", C_LAT, "95.5");
    demarc_report *r = validate_table(0, NULL);
    expect_only(r, 1, "sign.coord_range", "1B");
    demarc_report_free(r);
}
END_TEST

START_TEST(test_kind_unknown)
{
    set("1B", C_KIND, "pillar");
    demarc_report *r = validate_table(0, NULL);
    const demarc_finding *f = expect_only(r, 1, "sign.kind", "1B");
    ck_assert_int_eq(f->severity, DEMARC_SEVERITY_WARNING);
    ck_assert_ptr_nonnull(strstr(f->message, "pillar"));
    demarc_report_free(r);
}
END_TEST

/* ---- count, ids, numbering ------------------------------------------ */

START_TEST(test_count)
{
    /* data/kz-uz/border.json declares 1,301 signs; hold them to 1,300. */
    demarc_validate_options o = DEMARC_VALIDATE_OPTIONS_INIT;
    o.expected_signs = 1300;
    demarc_report *r = validate_table(0, &o);
    const demarc_finding *f = expect_only(r, 1, "catalogue.count", "");
    ck_assert_double_eq(f->value, 1301);
    ck_assert_double_eq(f->limit, 1300);
    demarc_report_free(r);
}
END_TEST

START_TEST(test_duplicate_id)
{
    set("1B", C_ID, "1A"); /* rows 2 and 3 both "1A" */
    demarc_report *r = validate_table(0, NULL);
    const demarc_finding *f = expect_only(r, 1, "sign.duplicate_id", "1A");
    ck_assert_double_eq(f->value, 3); /* the later row */
    ck_assert_double_eq(f->limit, 2);
    demarc_report_free(r);
}
END_TEST

START_TEST(test_numbering)
{
    set("1B", C_ID, "1ZZZ"); /* 1A, 1ZZZ, 1C: 1ZZZ is out of numbering order */
    demarc_report *r = validate_table(0, NULL);
    expect_only(r, 1, "sign.numbering", "1ZZZ");
    demarc_report_free(r);
}
END_TEST

/* ---- positions -------------------------------------------------------- */

START_TEST(test_coincident)
{
    /* 1B put 0.3 m north of 1A:
     * echo "41.369270675 56.001732760 0 0.3" | GeodSolve -p 12
     *   -> 41.369273376216974 56.001732760000003 */
    set("1B", C_LON, "56.001732760");
    set("1B", C_LAT, "41.369273376217");
    demarc_report *r = validate_table(0, NULL);
    const demarc_finding *f = expect_only(r, 1, "sign.coincident", "1B");
    tu_assert_near(f->value, 0.3, 1e-6);
    tu_assert_near(f->limit, 0.5, 0);
    demarc_report_free(r);
}
END_TEST

START_TEST(test_order_swapped)
{
    /* Positions (and declared data) of 1J and 1K exchanged; ids stay. */
    char tmp[NCOL][FLEN];
    size_t a = row_of("1J"), b = row_of("1K");
    for (int c = C_KIND; c <= C_PROV; c++) {
        memcpy(tmp[c], tab.f[a][c], FLEN);
        memcpy(tab.f[a][c], tab.f[b][c], FLEN);
        memcpy(tab.f[b][c], tmp[c], FLEN);
    }
    demarc_report *r = validate_table(0, NULL);
    const demarc_finding *f = expect_only(r, 1, "sign.order", "1J");
    /* chainages from data/kz-uz/signs.csv: 1K at 54963.639, 1J at 49966.944 */
    tu_assert_near(f->value, 54963.639, 0.01);
    tu_assert_near(f->limit, 49966.944, 0.01);
    ck_assert_ptr_nonnull(strstr(f->message, "1K"));
    demarc_report_free(r);
}
END_TEST

START_TEST(test_off_line)
{
    /* 1B moved 0.5 m east, square to the line (which runs at 359.945 deg):
     * echo "41.414260998 56.001675440 90 0.5" | GeodSolve -p 12
     *   -> 41.414260997999847 56.001681420417633
     * Its distance to the line, from the foot on the geodesic sign 1 -> sign 2:
     * echo "41.32428 56.00179 43.75327 55.99858" | GeodSolve -i -p 12
     *   -> azi1 -0.054913696856573
     * echo 9993.389 | GeodSolve -L 41.32428 56.00179 -0.054913696856573 -p 12
     *   -> 41.414260998680206 56.001675440236831
     * then the distance from each foot, s = 9993.3880 .. 9993.3888 step 0.0002:
     * p=$(echo $s | GeodSolve -L 41.32428 56.00179 -0.054913696856573 -p 12 | cut -d' ' -f1,2)
     * echo "$p 41.414260997999847 56.001681420417633" | GeodSolve -i -p 9
     *   -> 0.499980094 0.499979956 0.499979898 0.499979920 0.499980023
     * minimum 0.4999799 m at s = 9993.3884. */
    set("1B", C_LON, "56.001681420418");
    set("1B", C_LAT, "41.414260998");
    demarc_report *r = validate_table(0, NULL);
    const demarc_finding *f = expect_only(r, 1, "sign.off_line", "1B");
    tu_assert_near(f->value, 0.4999799, 2e-6);
    tu_assert_near(f->limit, 0.10, 0);
    demarc_report_free(r);
    /* With a 1 m tolerance it passes. */
    demarc_validate_options o = DEMARC_VALIDATE_OPTIONS_INIT;
    o.off_line_m = 1.0;
    r = validate_table(0, &o);
    ck_assert_uint_eq(demarc_report_count(r), 0);
    demarc_report_free(r);
}
END_TEST

START_TEST(test_latlon_swapped)
{
    char t[FLEN];
    size_t i = row_of("1J");
    memcpy(t, tab.f[i][C_LON], FLEN);
    memcpy(tab.f[i][C_LON], tab.f[i][C_LAT], FLEN);
    memcpy(tab.f[i][C_LAT], t, FLEN);
    demarc_report *r = validate_table(0, NULL);
    expect_only(r, 1, "sign.latlon_swapped", "1J");
    demarc_report_free(r);
}
END_TEST

START_TEST(test_side)
{
    /* 1B and 1C recorded as offset pillars, both moved 30 m west (left of
     * the line walking north-east: Kazakhstan's side):
     * echo "41.414260998 56.001675440 270 30" | GeodSolve -p 12
     *   -> 41.414260997440493 56.001316614942027
     * echo "41.459250967 56.001618042 270 30" | GeodSolve -p 12
     *   -> 41.459250966439605 56.001258969070726
     * 1B says KZ (right), 1C says UZ (wrong: it stands in KZ). */
    set("1B", C_LON, "56.001316614942");
    set("1B", C_LAT, "41.414260997440");
    set("1B", C_SIDE, "KZ");
    set("1C", C_LON, "56.001258969071");
    set("1C", C_LAT, "41.459250966440");
    set("1C", C_SIDE, "UZ");
    demarc_report *r = validate_table(1, NULL);
    const demarc_finding *f = expect_only(r, 1, "sign.side", "1C");
    tu_assert_near(f->value, 30.0, 0.01);
    ck_assert_ptr_nonnull(strstr(f->message, "recorded in UZ but lies in KZ"));
    demarc_report_free(r);
}
END_TEST

/* ---- runs -------------------------------------------------------------- */

START_TEST(test_next_dist)
{
    set("1B", C_NEXT, "5001.694"); /* declared 4996.694 + 5 m */
    demarc_report *r = validate_table(0, NULL);
    const demarc_finding *f = expect_only(r, 1, "sign.next_dist", "1B");
    /* computed = chainage 1C - 1B = 14990.083 - 9993.389 = 4996.694 (signs.csv) */
    tu_assert_near(f->value, 5.0, 0.002);
    tu_assert_near(f->limit, 1.0, 0);
    demarc_report_free(r);
}
END_TEST

START_TEST(test_next_azimuth)
{
    set("1B", C_AZI, "0.445011"); /* declared 359.945011 + 0.5 deg, wrapped */
    demarc_report *r = validate_table(0, NULL);
    const demarc_finding *f = expect_only(r, 1, "sign.next_azimuth", "1B");
    /* reference_signs.txt (GeodSolve -i 1B -> 1C) gives 359.945011 to 1e-6 */
    tu_assert_near(f->value, 0.5, 2e-6);
    demarc_report_free(r);
}
END_TEST

START_TEST(test_gap)
{
    drop("1A"); /* 1 -> 1B: 9993.389 m (chainage of 1B in signs.csv) */
    demarc_report *r = validate_table(0, NULL);
    const demarc_finding *f = expect_only(r, 3, "sign.gap", "1");
    tu_assert_near(f->value, 9993.389, 0.002);
    tu_assert_near(f->limit, 5000.0, 0);
    ck_assert_int_eq(f->severity, DEMARC_SEVERITY_WARNING);
    /* and the two findings a dropped sign necessarily brings */
    expect_only(r, 3, "catalogue.count", "");
    expect_only(r, 3, "sign.next_dist", "1");
    demarc_report_free(r);
}
END_TEST

START_TEST(test_tripoint)
{
    set("1", C_KIND, "main");
    demarc_report *r = validate_table(0, NULL);
    expect_only(r, 1, "catalogue.tripoint", "1");
    demarc_report_free(r);
}
END_TEST

/* ---- datum ------------------------------------------------------------- */

START_TEST(test_datum_sk42)
{
    demarc_transform *t = NULL;
    ck_assert_msg(demarc_transform_new(ctx, &t, "EPSG:4326", "EPSG:4284", NULL) == DEMARC_OK,
                  "%s", demarc_ctx_errmsg(ctx));
    for (size_t i = 0; i < tab.n; i++) {
        double x = atof(tab.f[i][C_LON]), y = atof(tab.f[i][C_LAT]);
        ck_assert_int_eq(demarc_transform_apply(ctx, t, 1, &x, sizeof x, &y, sizeof y, NULL, 0),
                         DEMARC_OK);
        if (i == 0) { /* cct -I EPSG:15865, see the top of the file */
            tu_assert_near(x, 56.002845216, 2e-9);
            tu_assert_near(y, 41.324229171, 2e-9);
        }
        snprintf(tab.f[i][C_LON], FLEN, "%.10f", x);
        snprintf(tab.f[i][C_LAT], FLEN, "%.10f", y);
    }
    demarc_transform_free(t);
    /* Labelled WGS 84 (no CRS in a CSV): one catalogue-level finding. */
    demarc_report *r = validate_table(0, NULL);
    const demarc_finding *f = expect_only(r, 1, "catalogue.datum", "");
    ck_assert_ptr_nonnull(strstr(f->message, "EPSG:15865"));
    ck_assert_ptr_nonnull(strstr(f->message, "Pulkovo 1942"));
    ck_assert_msg(f->value > 20 && f->value < 100, "median offset %g m", f->value);
    demarc_report_free(r);
    /* Declared as Pulkovo 1942: clean, and the report names the operation. */
    /* EPSG:15865 is accurate to 4.5 m (`projinfo EPSG:15865`: "Accuracy 4.5"),
     * coarser than the 0.10 m tolerance: the one finding says so. */
    r = validate_file(write_table("sk42.csv", 0), "EPSG:4284", NULL);
    f = expect_only(r, 1, "catalogue.accuracy", "");
    ck_assert_int_eq(f->severity, DEMARC_SEVERITY_WARNING);
    tu_assert_near(f->value, 4.5, 1e-9);
    tu_assert_near(f->limit, 0.10, 1e-12);
    ck_assert_ptr_nonnull(strstr(f->message, "EPSG:15865"));
    ck_assert_ptr_nonnull(strstr(f->message, "coarser than the tolerance"));
    ck_assert_ptr_nonnull(strstr(demarc_report_transformation(r), "EPSG:15865"));
    tu_assert_near(demarc_report_stat_get(r, "transformation_accuracy_m"), 4.5, 1e-9);
    demarc_report_free(r);
    /* With a tolerance coarser than 4.5 m, nothing to say. */
    demarc_validate_options vo = DEMARC_VALIDATE_OPTIONS_INIT;
    vo.off_line_m = 5.0;
    r = validate_file(write_table("sk42.csv", 0), "EPSG:4284", &vo);
    if (demarc_report_count(r)) dump(r);
    ck_assert_uint_eq(demarc_report_count(r), 0);
    demarc_report_free(r);
}
END_TEST

START_TEST(test_datum_double_transform)
{
    /* The other mix-up: WGS 84 values run through Pulkovo 1942 -> WGS 84
     * once more (cct -d 9 EPSG:15865 on sign 1: 41.324330818 56.000734758). */
    demarc_transform *t = NULL;
    ck_assert_msg(demarc_transform_new(ctx, &t, "EPSG:4284", "EPSG:4326", NULL) == DEMARC_OK,
                  "%s", demarc_ctx_errmsg(ctx));
    for (size_t i = 0; i < tab.n; i++) {
        double x = atof(tab.f[i][C_LON]), y = atof(tab.f[i][C_LAT]);
        ck_assert_int_eq(demarc_transform_apply(ctx, t, 1, &x, sizeof x, &y, sizeof y, NULL, 0),
                         DEMARC_OK);
        if (i == 0) {
            tu_assert_near(x, 56.000734758, 2e-9);
            tu_assert_near(y, 41.324330818, 2e-9);
        }
        snprintf(tab.f[i][C_LON], FLEN, "%.10f", x);
        snprintf(tab.f[i][C_LAT], FLEN, "%.10f", y);
    }
    demarc_transform_free(t);
    demarc_report *r = validate_table(0, NULL);
    const demarc_finding *f = expect_only(r, 1, "catalogue.datum", "");
    ck_assert_ptr_nonnull(strstr(f->message, "WGS 84 already"));
    ck_assert_ptr_nonnull(strstr(f->message, "EPSG:15865"));
    ck_assert_double_eq(demarc_report_stat_get(r, "datum_corrected"), 1);
    demarc_report_free(r);
}
END_TEST

/* ---- CRS of the file ---------------------------------------------------- */

START_TEST(test_projected_crs)
{
    char path[4096];
    demarc_catalogue *cat = NULL;
    demarc_catalogue_options co = DEMARC_CATALOGUE_OPTIONS_INIT;
    /* tests/data/validate/README.md gives the cs2cs/cct commands. */
    co.crs = "EPSG:32641";
    ck_assert_int_eq(demarc_catalogue_open(ctx, &cat,
                                           tu_path(path, sizeof path, tu_test_data_dir(),
                                                   "validate/utm41n.csv"),
                                           &co),
                     DEMARC_OK);
    tu_assert_near(demarc_catalogue_entry_get(cat, 0)->lon, 63.5, 1e-8);
    tu_assert_near(demarc_catalogue_entry_get(cat, 0)->lat, 41.5, 1e-8);
    demarc_catalogue_free(cat);
    co.crs = "EPSG:28411";
    ck_assert_int_eq(demarc_catalogue_open(ctx, &cat,
                                           tu_path(path, sizeof path, tu_test_data_dir(),
                                                   "validate/gk11.csv"),
                                           &co),
                     DEMARC_OK);
    tu_assert_near(demarc_catalogue_entry_get(cat, 0)->lon, 63.499106527, 2e-8);
    tu_assert_near(demarc_catalogue_entry_get(cat, 0)->lat, 41.500137664, 2e-8);
    ck_assert_ptr_nonnull(
        strstr(demarc_catalogue_transformation(cat), "Pulkovo 1942 to WGS 84 (16)"));
    demarc_catalogue_free(cat);
}
END_TEST

START_TEST(test_geopackage_utm)
{
    /* The catalogue as a GeoPackage point layer in UTM 41N (EPSG:32641),
     * made by GDAL's own ogr2ogr; positions come from the geometry in the
     * layer's CRS (the lon/lat columns ogr2ogr keeps are ignored). */
    char src[4096], cmd[8192], gpkg[512];
    snprintf(gpkg, sizeof gpkg, "%s/signs.gpkg", tmpdir);
    snprintf(cmd, sizeof cmd,
             "ogr2ogr -f GPKG '%s' '%s' -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat "
             "-oo AUTODETECT_TYPE=YES -s_srs EPSG:4326 -t_srs EPSG:32641 -nln signs",
             gpkg, tu_path(src, sizeof src, tu_data_dir(), "kz-uz/signs.csv"));
    ck_assert_msg(system("command -v ogr2ogr >/dev/null 2>&1") == 0,
                  "ogr2ogr (Debian gdal-bin) is needed to build the GeoPackage catalogue");
    ck_assert_int_eq(system(cmd), 0);
    demarc_report *r = validate_file(gpkg, NULL, NULL);
    if (demarc_report_count(r)) dump(r);
    ck_assert_uint_eq(demarc_report_count(r), 0);
    ck_assert_ptr_nonnull(strstr(demarc_report_transformation(r), "UTM zone 41N"));
    demarc_report_free(r);
}
END_TEST

/* ---- bad files ---------------------------------------------------------- */

static void write_text(const char *name, const char *text, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

static void expect_open_fail(const char *name, const char *text, const char *crs,
                             demarc_status want, const char *n1, const char *n2)
{
    char path[512];
    write_text(name, text, path, sizeof path);
    demarc_catalogue *cat = (demarc_catalogue *)&tab; /* must be reset */
    demarc_catalogue_options co = DEMARC_CATALOGUE_OPTIONS_INIT;
    co.crs = crs;
    tu_assert_status(demarc_catalogue_open(ctx, &cat, path, &co), want);
    ck_assert_ptr_null(cat);
    tu_assert_msg_has(ctx, name);
    if (n1) tu_assert_msg_has(ctx, n1);
    if (n2) tu_assert_msg_has(ctx, n2);
}

START_TEST(test_bad_files)
{
    expect_open_fail("noid.csv", "name,lon,lat\nA,60,40\n", NULL, DEMARC_ERR_FORMAT, "'id'", NULL);
    expect_open_fail("nolat.csv", "id,lon\nA,60\n", NULL, DEMARC_ERR_FORMAT, "'lat'", NULL);
    expect_open_fail("badnum.csv", "id,lon,lat\nA,60,40\nB,60,4x0\n", NULL, DEMARC_ERR_FORMAT,
                     "line 3", "'lat'");
    expect_open_fail("crs.csv", "id,lon,lat\nA,60,40\n", "EPSG:999999", DEMARC_ERR_CRS,
                     "999999", NULL);
    expect_open_fail("nocrs.csv", "id,x,y\nA,500000,4500000\n", NULL, DEMARC_ERR_CRS, "'x'",
                     NULL);
    expect_open_fail("empty.csv", "id,lon,lat\n", NULL, DEMARC_ERR_EMPTY, NULL, NULL);
    expect_open_fail("empty.geojson", "{\"type\": \"FeatureCollection\", \"features\": []}\n",
                     NULL, DEMARC_ERR_EMPTY, NULL, NULL);
    demarc_catalogue *cat = NULL;
    tu_assert_status(demarc_catalogue_open(ctx, &cat, "/nonexistent/x.csv", NULL), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "/nonexistent/x.csv");
}
END_TEST

START_TEST(test_geojson_points)
{
    char path[512];
    write_text("pts.geojson",
               "{\"type\": \"FeatureCollection\", \"features\": ["
               "{\"type\": \"Feature\", \"properties\": {\"id\": \"1\", \"seq\": 1},"
               " \"geometry\": {\"type\": \"Point\", \"coordinates\": [56.00179, 41.32428]}},"
               "{\"type\": \"Feature\", \"properties\": {\"id\": \"2\", \"seq\": 2},"
               " \"geometry\": null}]}\n",
               path, sizeof path);
    demarc_catalogue *cat = NULL;
    ck_assert_int_eq(demarc_catalogue_open(ctx, &cat, path, NULL), DEMARC_OK);
    ck_assert_uint_eq(demarc_catalogue_count(cat), 2);
    tu_assert_near(demarc_catalogue_entry_get(cat, 0)->lon, 56.00179, 1e-12);
    ck_assert(demarc_catalogue_entry_get(cat, 1)->flags & DEMARC_ENTRY_COORD_MISSING);
    demarc_catalogue_free(cat);
}
END_TEST

/* ---- options, progress, rendering -------------------------------------- */

static int cancel_at_half(void *ud, double frac, const char *stage)
{
    (void)stage;
    int *calls = ud;
    ++*calls;
    return frac >= 0.5;
}

static int count_calls(void *ud, double frac, const char *stage)
{
    (void)stage;
    double *last = ud;
    ck_assert(frac >= *last);
    *last = frac;
    return 0;
}

START_TEST(test_options_progress)
{
    demarc_catalogue *cat = NULL;
    demarc_report *r = (demarc_report *)&tab;
    ck_assert_int_eq(demarc_catalogue_from_border(ctx, &cat, border), DEMARC_OK);
    demarc_validate_options o = DEMARC_VALIDATE_OPTIONS_INIT;
    o.max_gap_m = -1;
    tu_assert_status(demarc_catalogue_validate(ctx, &r, border, cat, &o), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "max_gap_m");
    ck_assert_ptr_null(r);
    o.max_gap_m = 0;
    int calls = 0;
    o.progress = cancel_at_half;
    o.progress_userdata = &calls;
    tu_assert_status(demarc_catalogue_validate(ctx, &r, border, cat, &o), DEMARC_ERR_CANCELLED);
    ck_assert_ptr_null(r);
    ck_assert_int_gt(calls, 2);
    double last = -1;
    o.progress = count_calls;
    o.progress_userdata = &last;
    ck_assert_int_eq(demarc_catalogue_validate(ctx, &r, border, cat, &o), DEMARC_OK);
    ck_assert_double_eq(last, 1.0);
    demarc_report_free(r);
    demarc_catalogue_free(cat);
}
END_TEST

/* The text report keeps one finding on one line: a control character of an
 * id is written \xNN (report.c's rule, so "X<U+0001>" is "X\x01"); both
 * writers refuse a full disk (/dev/full: ENOSPC) with DEMARC_ERR_IO, and
 * bad arguments with DEMARC_ERR_ARG. */
START_TEST(test_render_edges)
{
    set("1B", C_ID, "\"X\x01\"");
    demarc_report *r = validate_table(0, NULL);
    char *buf = NULL;
    ck_assert_int_eq(demarc_report_render(ctx, r, 0, 0, &buf, NULL), DEMARC_OK);
    ck_assert_msg(strstr(buf, "ERROR sign.id [sign X\\x01]: ") != NULL, "%s", buf);
    ck_assert_ptr_null(strchr(buf, '\x01'));
    free(buf);
    FILE *full = fopen("/dev/full", "w");
    ck_assert_ptr_nonnull(full);
    tu_assert_status(demarc_report_write_text(ctx, r, full), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "writing the text report failed: No space left on device");
    clearerr(full);
    tu_assert_status(demarc_report_write_json(ctx, r, full, 0), DEMARC_ERR_IO);
    tu_assert_msg_has(ctx, "writing the JSON report failed: No space left on device");
    fclose(full);
    tu_assert_status(demarc_report_write_text(ctx, NULL, stdout), DEMARC_ERR_ARG);
    tu_assert_status(demarc_report_write_json(ctx, r, NULL, 0), DEMARC_ERR_ARG);
    tu_assert_status(demarc_report_write_json(ctx, r, stdout, 0x80), DEMARC_ERR_ARG);
    tu_assert_msg_has(ctx, "unknown flag bits 0x80");
    tu_assert_status(demarc_report_render(ctx, r, 1, 0x80, &buf, NULL), DEMARC_ERR_ARG);
    ck_assert_ptr_null(buf);
    tu_assert_status(demarc_report_render(ctx, NULL, 1, 0, &buf, NULL), DEMARC_ERR_ARG);
    demarc_report_free(r);
}
END_TEST

START_TEST(test_render)
{
    set("1B", C_NEXT, "5001.694");
    demarc_report *r = validate_table(0, NULL);
    char *buf = NULL;
    size_t len = 0;
    ck_assert_int_eq(demarc_report_render(ctx, r, 1, 0, &buf, &len), DEMARC_OK);
    ck_assert_uint_eq(strlen(buf), len);
    ck_assert_ptr_nonnull(strstr(buf, "\"findings\": ["));
    ck_assert_ptr_nonnull(strstr(buf, "\"summary\": {"));
    ck_assert_ptr_nonnull(strstr(buf, "\"code\": \"sign.next_dist\""));
    ck_assert_ptr_nonnull(strstr(buf, "\"sign\": \"1B\""));
    ck_assert_ptr_nonnull(strstr(buf, "\"errors\": 1"));
    free(buf);
    ck_assert_int_eq(demarc_report_render(ctx, r, 0, 0, &buf, &len), DEMARC_OK);
    ck_assert_ptr_nonnull(strstr(buf, "ERROR sign.next_dist [sign 1B]"));
    free(buf);
    ck_assert_ptr_null(demarc_report_finding(r, 1));
    demarc_report_free(r);
    demarc_report_free(NULL);
    demarc_catalogue_free(NULL);
}
END_TEST

Suite *validate_suite(void)
{
    Suite *s = suite_create("validate");
    TCase *tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_embedded_clean);
    tcase_add_test(tc, test_file_clean);
    tcase_add_test(tc, test_coord_missing);
    tcase_add_test(tc, test_coord_not_finite);
    tcase_add_test(tc, test_coord_range);
    tcase_add_test(tc, test_kind_unknown);
    tcase_add_test(tc, test_count);
    tcase_add_test(tc, test_duplicate_id);
    tcase_add_test(tc, test_numbering);
    tcase_add_test(tc, test_coincident);
    tcase_add_test(tc, test_order_swapped);
    tcase_add_test(tc, test_off_line);
    tcase_add_test(tc, test_latlon_swapped);
    tcase_add_test(tc, test_side);
    tcase_add_test(tc, test_next_dist);
    tcase_add_test(tc, test_next_azimuth);
    tcase_add_test(tc, test_gap);
    tcase_add_test(tc, test_tripoint);
    tcase_add_test(tc, test_datum_sk42);
    tcase_add_test(tc, test_datum_double_transform);
    tcase_add_test(tc, test_projected_crs);
    tcase_add_test(tc, test_geopackage_utm);
    tcase_add_test(tc, test_bad_files);
    tcase_add_test(tc, test_geojson_points);
    tcase_add_test(tc, test_options_progress);
    tcase_add_test(tc, test_render);
    tcase_add_test(tc, test_render_edges);
    suite_add_tcase(s, tc);
    return s;
}
