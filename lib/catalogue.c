/* catalogue.c -- a lenient reader of sign catalogues.
 *
 * Unlike the border's own reader (border_ogr.c), which refuses a catalogue
 * with a duplicate id or a coordinate out of range, this one keeps every
 * row as written and flags what is wrong with it, so that validation can
 * report each problem at its sign.  Only what makes the file unreadable as
 * a catalogue is an error: no id column, no position, a number that does
 * not parse, an unknown CRS, no rows. */
#define _LARGEFILE64_SOURCE 1 /* struct stat64: GDAL's VSIStatBufL */
#include "validate_internal.h"
#include "alloc_internal.h"
#include "border_internal.h"
#include "context_internal.h"
#include "ogr_internal.h"
#include "text_internal.h"

#include <cpl_conv.h>
#include <cpl_vsi.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void entry_free_strings(demarc_catalogue_entry *e)
{
    demarc__free((char *)e->id);
    demarc__free((char *)e->kind_text);
    demarc__free((char *)e->provenance);
    demarc__free((char *)e->side);
    demarc__free((char *)e->field_problem);
}

void demarc_catalogue_free(demarc_catalogue *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) entry_free_strings(&c->e[i]);
    demarc__free(c->e);
    demarc__free(c->source);
    demarc__free(c->transformation);
    demarc__free(c);
}

size_t demarc_catalogue_count(const demarc_catalogue *c) { return c ? c->n : 0; }

const demarc_catalogue_entry *demarc_catalogue_entry_get(const demarc_catalogue *c, size_t i)
{
    return c && i < c->n ? &c->e[i] : NULL;
}

const char *demarc_catalogue_source(const demarc_catalogue *c) { return c ? c->source : ""; }

const char *demarc_catalogue_transformation(const demarc_catalogue *c)
{
    return c && c->transformation ? c->transformation : "";
}

static demarc_catalogue *cat_alloc(size_t n, const char *source)
{
    demarc_catalogue *c = demarc__calloc(1, sizeof *c);
    if (!c) return NULL;
    c->e = demarc__calloc(n ? n : 1, sizeof *c->e);
    c->source = demarc__strdup(source);
    c->transformation = demarc__strdup("");
    c->has_kind = 1;
    if (!c->e || !c->source || !c->transformation) {
        demarc__free(c->e);
        demarc__free(c->source);
        demarc__free(c->transformation);
        demarc__free(c);
        return NULL;
    }
    return c;
}

static int set_strings(demarc_catalogue_entry *e, const char *id, const char *kind,
                       const char *prov, const char *side)
{
    e->id = demarc__strdup(id ? id : "");
    e->kind_text = demarc__strdup(kind ? kind : "");
    e->provenance = demarc__strdup(prov ? prov : "");
    e->side = demarc__strdup(side ? side : "");
    if (!e->field_problem) e->field_problem = demarc__strdup("");
    return e->id && e->kind_text && e->provenance && e->side && e->field_problem;
}

const char *demarc__entry_where(const demarc_catalogue_entry *e, char *buf, size_t size)
{
    if (e->line > 0) snprintf(buf, size, "line %ld", e->line);
    else snprintf(buf, size, "row %ld", e->row);
    return buf;
}

demarc_status demarc_catalogue_from_border(demarc_ctx *ctx, demarc_catalogue **out,
                                           const demarc_border *border)
{
    DEMARC__ENTER_OUT(ctx, out);
    if (!out || !border)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "out and border must not be NULL");
    *out = NULL;
    const demarc_border_info *in = demarc_border_info_get(border);
    size_t n = in->sign_count;
    if (n == 0)
        return demarc__fail(ctx, DEMARC_ERR_EMPTY, "border '%s' has no sign catalogue", in->id);
    demarc_catalogue *c = cat_alloc(n, "embedded");
    if (!c) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory copying %zu signs", n);
    for (size_t i = 0; i < n; i++) {
        const demarc_sign *s = demarc_border_sign(border, i);
        demarc_catalogue_entry *e = &c->e[i];
        c->n = i + 1;
        if (!set_strings(e, s->id, demarc_sign_kind_name(s->kind), s->provenance, "")) {
            demarc_catalogue_free(c);
            return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory copying %zu signs", n);
        }
        e->seq = s->seq;
        e->row = (long)i + 1;
        e->kind = s->kind;
        e->x = e->lon = s->lon;
        e->y = e->lat = s->lat;
        e->h_m = s->h_m;
        e->chainage_m = s->chainage_m;
        e->next_dist_m = s->next_dist_m;
        e->next_azimuth_deg = s->next_azimuth_deg;
        e->segment = s->segment;
    }
    *out = c;
    return DEMARC_OK;
}

/* ---- files ----------------------------------------------------------- */

static const char *fstr(OGRFeatureH f, int fi)
{
    return fi >= 0 && OGR_F_IsFieldSetAndNotNull(f, fi) ? OGR_F_GetFieldAsString(f, fi) : "";
}

/* Outcome of reading a number field. */
enum { NUM_OK, NUM_EMPTY, NUM_BAD, NUM_NOT_FINITE };

/* Field fi of f as a number ('.' whatever LC_NUMERIC): NUM_EMPTY (unset
 * or blank, *v NaN), NUM_BAD (not a number: text in *text), NUM_NOT_FINITE
 * ("nan", "inf", 1e999). */
static int read_number(OGRFeatureH f, int fi, double *v, const char **text)
{
    *v = NAN;
    *text = "";
    if (fi < 0 || !OGR_F_IsFieldSetAndNotNull(f, fi)) return NUM_EMPTY;
    OGRFieldType type = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, fi));
    if (type == OFTReal || type == OFTInteger || type == OFTInteger64) {
        *v = OGR_F_GetFieldAsDouble(f, fi);
        return isfinite(*v) ? NUM_OK : NUM_NOT_FINITE;
    }
    const char *s = OGR_F_GetFieldAsString(f, fi);
    *text = s;
    while (*s == ' ' || *s == '\t') s++;
    if (*s == '\0') return NUM_EMPTY;
    char *end;
    double d = CPLStrtod(s, &end);
    while (*end == ' ' || *end == '\t' || *end == '\r') end++;
    if (end == s || *end != '\0') return NUM_BAD;
    *v = d;
    return isfinite(d) ? NUM_OK : NUM_NOT_FINITE;
}

typedef struct cols {
    int id, seq, kind, x, y, h, chain, next, azi, segment, prov, side;
    const char *xname, *yname;
} cols;

/* A coordinate: empty -> MISSING, nan/inf -> NOT_FINITE (kept, to be
 * reported), text that is not a number -> DEMARC_ERR_FORMAT. */
static demarc_status read_coord(demarc_ctx *ctx, demarc_catalogue_entry *e, OGRFeatureH f,
                                int fi, const char *path, const char *name, double *v)
{
    const char *text;
    switch (read_number(f, fi, v, &text)) {
    case NUM_EMPTY: e->flags |= DEMARC_ENTRY_COORD_MISSING; return DEMARC_OK;
    case NUM_NOT_FINITE: *v = NAN; e->flags |= DEMARC_ENTRY_COORD_NOT_FINITE; return DEMARC_OK;
    case NUM_BAD:
        return demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: %s: field '%s': '%.40s' is not a number",
                            path, WHERE(e), name, text);
    }
    return DEMARC_OK;
}

/* An optional number: a bad one is flagged (a finding), taken as not given. */
static demarc_status read_optional(demarc_ctx *ctx, demarc_catalogue_entry *e, OGRFeatureH f,
                                   int fi, const char *path, const char *name, double *v)
{
    const char *text;
    int r = read_number(f, fi, v, &text);
    if (r == NUM_OK || r == NUM_EMPTY) return DEMARC_OK;
    *v = NAN;
    if (e->flags & DEMARC_ENTRY_FIELD_BAD) return DEMARC_OK; /* the first one is named */
    e->flags |= DEMARC_ENTRY_FIELD_BAD;
    char msg[160], shown[48];
    snprintf(shown, sizeof shown, "%.40s", text);
    char tp[64];
    int fatal;
    if (demarc__text_problem(shown, tp, sizeof tp, &fatal))
        snprintf(shown, sizeof shown, "(unreadable text)");
    snprintf(msg, sizeof msg, "field '%s': '%s' is not a %snumber; taken as not given", name,
             shown, r == NUM_BAD ? "" : "finite ");
    demarc__free((char *)e->field_problem);
    e->field_problem = demarc__strdup(msg);
    if (!e->field_problem)
        return demarc__fail(ctx, DEMARC_ERR_NOMEM, "%s: %s: out of memory", path, WHERE(e));
    return DEMARC_OK;
}

static demarc_status read_row(demarc_ctx *ctx, demarc_catalogue_entry *e, OGRFeatureH f,
                              const cols *c, const char *path, long row, long line)
{
    e->row = row;
    e->line = line;
    const struct { int fi; const char *name; } texts[] = {
        {c->id, "id"}, {c->kind, "kind"}, {c->prov, "provenance"}, {c->side, "side"},
        {c->segment, "segment"}};
    char problem[160] = "";
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        char why[80];
        int fatal;
        if (!demarc__text_problem(fstr(f, texts[t].fi), why, sizeof why, &fatal)) continue;
        if (fatal)
            return demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: %s: field '%s': %s", path,
                                WHERE(e), texts[t].name, why);
        /* a control character in the id: the sign.id rule says so; in
         * another field: a sign.field finding */
        if (t > 0 && !problem[0])
            snprintf(problem, sizeof problem, "field '%s': %s (kept as written)",
                     texts[t].name, why);
    }
    const char *kind = fstr(f, c->kind), *seg = fstr(f, c->segment);
    if (!set_strings(e, fstr(f, c->id), kind, fstr(f, c->prov), fstr(f, c->side)))
        return demarc__fail(ctx, DEMARC_ERR_NOMEM, "%s: %s: out of memory", path, WHERE(e));
    if (problem[0]) {
        demarc__free((char *)e->field_problem);
        e->field_problem = demarc__strdup(problem);
        if (!e->field_problem)
            return demarc__fail(ctx, DEMARC_ERR_NOMEM, "%s: %s: out of memory", path, WHERE(e));
        e->flags |= DEMARC_ENTRY_FIELD_BAD;
    }
    demarc_status rc;
    double seq;
    if ((rc = read_optional(ctx, e, f, c->seq, path, "seq", &seq))) return rc;
    e->seq = isfinite(seq) && fabs(seq) < 9e15 ? (long)seq : 0;
    e->kind = DEMARC_SIGN_MAIN;
    if (kind[0]) {
        int k = demarc__sign_kind_parse(kind);
        if (k >= 0) e->kind = (demarc_sign_kind)k;
        else e->flags |= DEMARC_ENTRY_KIND_UNKNOWN;
    }
    e->segment = !strcasecmp(seg, "straight")  ? DEMARC_SEGMENT_STRAIGHT
                 : !strcasecmp(seg, "natural") ? DEMARC_SEGMENT_NATURAL
                                               : DEMARC_SEGMENT_NONE;
    if (c->x >= 0) {
        if ((rc = read_coord(ctx, e, f, c->x, path, c->xname, &e->x))) return rc;
        if ((rc = read_coord(ctx, e, f, c->y, path, c->yname, &e->y))) return rc;
    } else {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (!g || wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint || OGR_G_IsEmpty(g)) {
            e->x = e->y = NAN;
            e->flags |= DEMARC_ENTRY_COORD_MISSING;
        } else {
            e->x = OGR_G_GetX(g, 0);
            e->y = OGR_G_GetY(g, 0);
            if (!isfinite(e->x) || !isfinite(e->y)) e->flags |= DEMARC_ENTRY_COORD_NOT_FINITE;
        }
    }
    if ((rc = read_optional(ctx, e, f, c->h, path, "h_m", &e->h_m))) return rc;
    if ((rc = read_optional(ctx, e, f, c->chain, path, "chainage_m", &e->chainage_m))) return rc;
    if ((rc = read_optional(ctx, e, f, c->next, path, "next_dist_m", &e->next_dist_m)))
        return rc;
    return read_optional(ctx, e, f, c->azi, path, "next_azimuth_deg", &e->next_azimuth_deg);
}

int demarc__is_wgs84_text(const char *s)
{
    return !strcasecmp(s, "EPSG:4326") || !strcasecmp(s, "WGS84") || !strcasecmp(s, "WGS 84") ||
           !strcasecmp(s, "OGC:CRS84");
}

/* The CRS text of a layer: "AUTH:CODE" when it has one, else WKT, into
 * *out (caller frees); NULL when the layer has no CRS or it is WGS 84
 * geographic.  No memory for the text is DEMARC_ERR_NOMEM: a NULL then
 * would read projected positions as degrees. */
demarc_status demarc__layer_crs_text(demarc_ctx *ctx, OGRLayerH layer, char **out)
{
    *out = NULL;
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    if (!srs) return DEMARC_OK;
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRSetWellKnownGeogCS(wgs, "WGS84");
    int same = OSRIsSame(srs, wgs);
    OSRDestroySpatialReference(wgs);
    if (same) return DEMARC_OK;
    const char *auth = OSRGetAuthorityName(srs, NULL), *code = OSRGetAuthorityCode(srs, NULL);
    if (auth && code && !strcasecmp(auth, "EPSG") && !strcmp(code, "4326")) return DEMARC_OK;
    char *s = NULL;
    if (auth && code) {
        size_t n = strlen(auth) + strlen(code) + 2;
        s = demarc__malloc(n);
        if (s) snprintf(s, n, "%s:%s", auth, code);
    } else {
        char *wkt = NULL;
        const char *wopts[] = {"FORMAT=WKT2_2019", NULL};
        if (OSRExportToWktEx(srs, &wkt, wopts) != OGRERR_NONE) { CPLFree(wkt); return DEMARC_OK; }
        s = demarc__strdup(wkt);
        CPLFree(wkt);
    }
    if (!s) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory for the CRS of a layer");
    *out = s;
    return DEMARC_OK;
}

/* Bring the positions to WGS 84 with one operation; a point PROJ cannot
 * transform is flagged COORD_RANGE.  crs NULL: already WGS 84. */
static demarc_status to_wgs84(demarc_ctx *ctx, demarc_catalogue *c, const char *crs,
                              const char *operation, const char *path)
{
    for (size_t i = 0; i < c->n; i++) {
        c->e[i].lon = c->e[i].x;
        c->e[i].lat = c->e[i].y;
    }
    if (crs) {
        demarc_transform *t = NULL;
        demarc_transform_options to = DEMARC_TRANSFORM_OPTIONS_INIT;
        to.operation = operation && operation[0] ? operation : NULL;
        demarc_status rc = demarc_transform_new(ctx, &t, crs, "EPSG:4326", &to);
        if (rc) {
            char detail[512];
            snprintf(detail, sizeof detail, "%s", demarc_ctx_errmsg(ctx));
            return demarc__fail(ctx, rc, "%s: CRS of the positions: %s", path, detail);
        }
        const char *name = "", *code = "";
        double acc = -1;
        demarc_transform_operation(t, &name, &code, &acc);
        c->accuracy_m = acc;
        char desc[512], codebuf[64];
        code = demarc__op_code_text(code, codebuf, sizeof codebuf);
        if (acc >= 0)
            snprintf(desc, sizeof desc, "%s%s%s, %g m", code, code[0] ? " " : "", name, acc);
        else
            snprintf(desc, sizeof desc, "%s%s%s", code, code[0] ? " " : "", name);
        demarc__free(c->transformation);
        c->transformation = demarc__strdup(desc);
        if (!c->transformation) {
            demarc_transform_free(t);
            return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
        }
        /* One point at a time: a failure marks that point only. */
        for (size_t i = 0; i < c->n; i++) {
            demarc_catalogue_entry *e = &c->e[i];
            if (!isfinite(e->lon) || !isfinite(e->lat)) continue;
            if (demarc_transform_apply(ctx, t, 1, &e->lon, sizeof(double), &e->lat,
                                       sizeof(double), NULL, 0) != DEMARC_OK ||
                !isfinite(e->lon) || !isfinite(e->lat) || fabs(e->lon) > 1e300) {
                e->flags |= DEMARC_ENTRY_COORD_RANGE;
                demarc__clear(ctx);
            }
        }
        demarc_transform_free(t);
    }
    for (size_t i = 0; i < c->n; i++) {
        demarc_catalogue_entry *e = &c->e[i];
        if (isfinite(e->lon) && isfinite(e->lat) &&
            !(e->lon >= -180 && e->lon <= 180 && e->lat >= -90 && e->lat <= 90))
            e->flags |= DEMARC_ENTRY_COORD_RANGE;
        if (e->flags & (DEMARC_ENTRY_COORD_MISSING | DEMARC_ENTRY_COORD_NOT_FINITE |
                        DEMARC_ENTRY_COORD_RANGE))
            e->lon = e->lat = NAN;
    }
    return DEMARC_OK;
}

/* The line on which each data record of a CSV file starts: lines[k] for
 * data row k + 1 (the header is record 0).  Quoted fields (RFC 4180) may
 * hold line breaks, and empty lines are skipped, as GDAL's CSV reader
 * skips them, so the row number alone does not give the line.  *out is
 * NULL when the file cannot be read again (then row + 1 is used); no
 * memory for the table is DEMARC_ERR_NOMEM, not a silent fallback. */
static demarc_status csv_record_lines(demarc_ctx *ctx, const char *path, size_t nrec,
                                      long **out)
{
    *out = NULL;
    VSILFILE *f = VSIFOpenL(path, "rb");
    if (!f) return DEMARC_OK;
    long *lines = demarc__calloc(nrec + 1, sizeof *lines);
    if (!lines) {
        VSIFCloseL(f);
        return demarc__fail(ctx, DEMARC_ERR_NOMEM, "%s: out of memory for the line numbers of "
                            "%zu rows", path, nrec);
    }
    unsigned char buf[65536];
    long line = 1, start = 1;
    size_t rec = 0, got;
    int inq = 0, at_start = 1;
    while ((got = VSIFReadL(buf, 1, sizeof buf, f)) > 0) {
        for (size_t i = 0; i < got; i++) {
            unsigned char c = buf[i];
            if (at_start) {
                if (c == '\n') { line++; continue; } /* an empty line */
                if (c == '\r') continue;
                start = line;
                at_start = 0;
            }
            if (c == '"') inq = !inq;
            if (c != '\n') continue;
            line++;
            if (inq) continue;
            if (rec >= 1 && rec <= nrec) lines[rec - 1] = start;
            rec++;
            at_start = 1;
        }
    }
    if (!at_start && rec >= 1 && rec <= nrec) lines[rec - 1] = start;
    VSIFCloseL(f);
    *out = lines;
    return DEMARC_OK;
}

/* The names of the layers of ds, "a, b, c", into buf. */
static const char *layer_names(GDALDatasetH ds, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; i < GDALDatasetGetLayerCount(ds) && n + 1 < size; i++) {
        int w = snprintf(buf + n, size - n, "%s'%s'", i ? ", " : "",
                         OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
        if (w < 0) break;
        n += (size_t)w;
    }
    return buf;
}

/* The layer to read: opts' name, else the only one, else "signs". */
static OGRLayerH pick_layer(demarc_ctx *ctx, GDALDatasetH ds, const char *path,
                            const char *want, demarc_status *rc)
{
    int n = GDALDatasetGetLayerCount(ds);
    char names[400];
    *rc = DEMARC_OK;
    if (n < 1) {
        *rc = demarc__fail(ctx, DEMARC_ERR_EMPTY, "%s: no layer", path);
        return NULL;
    }
    if (want && want[0]) {
        OGRLayerH l = GDALDatasetGetLayerByName(ds, want);
        if (!l)
            *rc = demarc__fail(ctx, DEMARC_ERR_NOT_FOUND, "%s: no layer '%s'; its layers: %s",
                               path, want, layer_names(ds, names, sizeof names));
        return l;
    }
    if (n == 1) return GDALDatasetGetLayer(ds, 0);
    OGRLayerH l = GDALDatasetGetLayerByName(ds, "signs");
    if (l) return l;
    *rc = demarc__fail(ctx, DEMARC_ERR_FORMAT,
                       "%s has %d layers and none is called 'signs': choose one (--layer NAME) "
                       "of %s",
                       path, n, layer_names(ds, names, sizeof names));
    return NULL;
}

/* path + "/" + stem + "." + one of exts (comma-separated, in order) that
 * exists, into buf; 0 when none does. */
static int find_by_stem(const char *dir, const char *stem, const char *exts, char *buf,
                        size_t size)
{
    for (const char *e = exts; *e;) {
        size_t n = strcspn(e, ",");
        VSIStatBufL sb;
        if (snprintf(buf, size, "%s/%s.%.*s", dir, stem, (int)n, e) < (int)size &&
            VSIStatL(buf, &sb) == 0 && VSI_ISREG(sb.st_mode))
            return 1;
        e += n + (e[n] == ',');
    }
    return 0;
}

/* A directory is a catalogue only as a border folder (border.* beside
 * signs.*, the layout demarc_border_open reads, same extensions in the
 * same order): its signs file.  Any other directory is an error, not
 * "some file inside". */
static demarc_status open_border_folder(demarc_ctx *ctx, demarc_catalogue **out,
                                        const char *dir, const demarc_catalogue_options *opts)
{
    char line[4096], signs[4096];
    if (!find_by_stem(dir, "border", "geojson,gpkg,fgb,shp,kml,gml,csv", line, sizeof line))
        return demarc__fail(ctx, DEMARC_ERR_FORMAT,
                            "%s is a directory and not a border folder (no "
                            "border.{geojson,gpkg,fgb,shp,kml,gml,csv}): give the catalogue "
                            "file",
                            dir);
    if (!find_by_stem(dir, "signs", "csv,geojson,gpkg,fgb,shp,kml,gml", signs, sizeof signs))
        return demarc__fail(ctx, DEMARC_ERR_EMPTY,
                            "%s: a border folder without a catalogue (no "
                            "signs.{csv,geojson,gpkg,fgb,shp,kml,gml})",
                            dir);
    return demarc_catalogue_open(ctx, out, signs, opts);
}

demarc_status demarc_catalogue_open(demarc_ctx *ctx, demarc_catalogue **out, const char *path,
                                    const demarc_catalogue_options *opts)
{
    DEMARC__ENTER_OUT(ctx, out);
    if (!out || !path) return demarc__fail(ctx, DEMARC_ERR_ARG, "out and path must not be NULL");
    *out = NULL;
    if (opts && opts->version != 1 && opts->version != DEMARC_CATALOGUE_OPTIONS_VERSION)
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "demarc_catalogue_options: version %u, expected 1 or %u",
                            opts->version, DEMARC_CATALOGUE_OPTIONS_VERSION);
    const char *opt_crs = opts ? opts->crs : NULL;
    const char *opt_layer = opts && opts->version >= 2 ? opts->layer : NULL;
    const char *opt_position = opts && opts->version >= 2 ? opts->position : NULL;
    const char *opt_operation = opts && opts->version >= 2 ? opts->operation : NULL;
    static const char *const pairs[][2] = {{"lon", "lat"}, {"x", "y"}, {"easting", "northing"}};
    int want_pair = -1;
    if (opt_position && opt_position[0]) {
        for (int p = 0; p < 3 && want_pair < 0; p++) {
            char t[32];
            snprintf(t, sizeof t, "%s,%s", pairs[p][0], pairs[p][1]);
            if (!strcasecmp(opt_position, t)) want_pair = p;
        }
        if (want_pair < 0)
            return demarc__fail(ctx, DEMARC_ERR_ARG,
                                "position columns '%.40s': not lon,lat, x,y or easting,northing",
                                opt_position);
    }
    VSIStatBufL sb;
    if (VSIStatL(path, &sb) == 0 && VSI_ISDIR(sb.st_mode))
        return open_border_folder(ctx, out, path, opts);
    demarc_status rc;
    demarc__ogr_push_errors(ctx);
    GDALDatasetH ds = demarc__ogr_open(ctx, path, &rc);
    if (!ds) { demarc__ogr_pop_errors(); return rc; }
    demarc_catalogue *c = NULL;
    char *crs = NULL;
    OGRLayerH layer = pick_layer(ctx, ds, path, opt_layer, &rc);
    if (rc) goto done;
    const char *drv = GDALGetDriverShortName(GDALGetDatasetDriver(ds));
    /* Lines are named for CSV files a person can open; a CSV staged by a
     * program in GDAL's memory (the PostgreSQL binding writes a table's rows
     * to /vsimem/) keeps "row N", the row its caller knows. */
    int csv = drv && !strcmp(drv, "CSV") && strncmp(path, "/vsimem/", 8) != 0;
    GIntBig n = OGR_L_GetFeatureCount(layer, 1);
    if (n <= 0) {
        rc = demarc__fail(ctx, DEMARC_ERR_EMPTY, "%s: the catalogue layer has no rows", path);
        goto done;
    }
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(layer);
    cols k = {demarc__ogr_field(d, "id"), demarc__ogr_field(d, "seq"),
              demarc__ogr_field(d, "kind"), -1, -1, demarc__ogr_field(d, "h_m"),
              demarc__ogr_field(d, "chainage_m"), demarc__ogr_field(d, "next_dist_m"),
              demarc__ogr_field(d, "next_azimuth_deg"), demarc__ogr_field(d, "segment"),
              demarc__ogr_field(d, "provenance"), demarc__ogr_field(d, "side"), NULL, NULL};
    if (k.id < 0) {
        rc = demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: missing column 'id'", path);
        goto done;
    }
    /* A layer with geometry (GeoJSON, GeoPackage, ...) gives the position
     * in its own CRS; columns serve layers without one (CSV).  Of the
     * column pairs exactly one may be present, unless the caller says. */
    OGRwkbGeometryType gt = wkbFlatten(OGR_L_GetGeomType(layer));
    int has_geom = gt != wkbNone;
    if (has_geom && gt != wkbPoint && gt != wkbUnknown) {
        rc = demarc__fail(ctx, DEMARC_ERR_FORMAT,
                          "%s: layer '%s' holds %s geometries, not the points of signs%s", path,
                          OGR_L_GetName(layer), OGRGeometryTypeToName(gt),
                          GDALDatasetGetLayerCount(ds) > 1 ? " (--layer NAME)" : "");
        goto done;
    }
    int found = 0, first = -1, second = -1;
    for (int p = 0; p < 3 && !has_geom; p++) {
        int xi = demarc__ogr_field(d, pairs[p][0]), yi = demarc__ogr_field(d, pairs[p][1]);
        if (xi >= 0 && yi >= 0) {
            found++;
            if (first < 0) first = p; else if (second < 0) second = p;
            if (want_pair < 0 ? first == p : want_pair == p) {
                k.x = xi; k.y = yi; k.xname = pairs[p][0]; k.yname = pairs[p][1];
            }
        } else if ((xi >= 0) != (yi >= 0) && (want_pair < 0 || want_pair == p)) {
            rc = demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: missing column '%s' (beside '%s')",
                              path, pairs[p][xi >= 0], pairs[p][xi < 0]);
            goto done;
        }
    }
    if (!has_geom && want_pair >= 0 && k.x < 0) {
        rc = demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: no columns '%s'/'%s'", path,
                          pairs[want_pair][0], pairs[want_pair][1]);
        goto done;
    }
    if (!has_geom && want_pair < 0 && found > 1) {
        rc = demarc__fail(ctx, DEMARC_ERR_FORMAT,
                          "%s: both '%s'/'%s' and '%s'/'%s' columns: say which holds the "
                          "position (--position %s,%s or %s,%s)",
                          path, pairs[first][0], pairs[first][1], pairs[second][0],
                          pairs[second][1], pairs[first][0], pairs[first][1], pairs[second][0],
                          pairs[second][1]);
        goto done;
    }
    if (k.x < 0 && !has_geom) {
        rc = demarc__fail(ctx, DEMARC_ERR_FORMAT,
                          "%s: missing columns 'lon'/'lat' (or 'x'/'y', 'easting'/'northing') "
                          "and no point geometry",
                          path);
        goto done;
    }
    /* The CRS of the positions: the caller's, else the layer's. */
    if (opt_crs && opt_crs[0]) {
        if (!demarc__is_wgs84_text(opt_crs)) {
            crs = demarc__strdup(opt_crs);
            if (!crs) { rc = demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory"); goto done; }
        }
    } else {
        if ((rc = demarc__layer_crs_text(ctx, layer, &crs)) != DEMARC_OK) goto done;
        if (!crs && k.x >= 0 && strcmp(k.xname, "lon") != 0 && !OGR_L_GetSpatialRef(layer)) {
            rc = demarc__fail(ctx, DEMARC_ERR_CRS,
                              "%s: columns '%s'/'%s' need a CRS: the file has none, give one "
                              "(e.g. --crs EPSG:28411)",
                              path, k.xname, k.yname);
            goto done;
        }
    }
    /* Columns called lon/lat hold degrees: a projected CRS for them is a
     * mistake (the README's example once gave 328,770 findings). */
    if (crs && k.x >= 0 && !strcmp(k.xname, "lon")) {
        int geographic = 0;
        rc = demarc_crs_geographic(ctx, crs, &geographic);
        if (rc) {
            char detail[DEMARC_ERRMSG_MAX];
            snprintf(detail, sizeof detail, "%s", demarc_ctx_errmsg(ctx));
            rc = demarc__fail(ctx, rc, "%s: CRS of the positions: %s", path, detail);
            goto done;
        }
        if (!geographic) {
            char label[80];
            snprintf(label, sizeof label, "%.60s", crs);
            rc = demarc__fail(ctx, DEMARC_ERR_CRS,
                              "%s: columns 'lon'/'lat' hold degrees, but the CRS '%s' is "
                              "projected (metres): name the columns x/y or easting/northing, "
                              "or give the geographic CRS of the values",
                              path, label);
            goto done;
        }
    }
    c = cat_alloc((size_t)n, path);
    if (!c) {
        rc = demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory for %lld rows", (long long)n);
        goto done;
    }
    c->has_kind = k.kind >= 0;
    long *lines = NULL;
    if (csv && (rc = csv_record_lines(ctx, path, (size_t)n, &lines)) != DEMARC_OK) goto done;
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    while (c->n < (size_t)n && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        demarc_catalogue_entry *e = &c->e[c->n++];
        long row = (long)c->n;
        long line = !csv ? 0 : lines && lines[row - 1] > 0 ? lines[row - 1] : row + 1;
        rc = read_row(ctx, e, f, &k, path, row, line);
        OGR_F_Destroy(f);
        if (rc) break;
    }
    demarc__free(lines);
    if (rc) goto done;
    if (c->n == 0) {
        rc = demarc__fail(ctx, DEMARC_ERR_EMPTY, "%s: the catalogue layer has no rows", path);
        goto done;
    }
    rc = to_wgs84(ctx, c, crs, opt_operation, path);
done:
    GDALClose(ds);
    demarc__ogr_pop_errors();
    demarc__free(crs);
    if (rc) {
        demarc_catalogue_free(c);
        return rc;
    }
    *out = c;
    return DEMARC_OK;
}
