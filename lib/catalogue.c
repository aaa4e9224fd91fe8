/* catalogue.c -- a lenient reader of sign catalogues.
 *
 * Unlike the border's own reader (border_ogr.c), which refuses a catalogue
 * with a duplicate id or a coordinate out of range, this one keeps every
 * row as written and flags what is wrong with it, so that validation can
 * report each problem at its sign.  Only what makes the file unreadable as
 * a catalogue is an error: no id column, no position, a number that does
 * not parse, an unknown CRS, no rows. */
#include "validate_internal.h"
#include "context_internal.h"
#include "ogr_internal.h"

#include <cpl_conv.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void entry_free_strings(demarc_catalogue_entry *e)
{
    free((char *)e->id);
    free((char *)e->kind_text);
    free((char *)e->provenance);
    free((char *)e->side);
}

void demarc_catalogue_free(demarc_catalogue *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) entry_free_strings(&c->e[i]);
    free(c->e);
    free(c->source);
    free(c->transformation);
    free(c);
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
    demarc_catalogue *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->e = calloc(n ? n : 1, sizeof *c->e);
    c->source = demarc__strdup(source);
    c->transformation = demarc__strdup("");
    if (!c->e || !c->source || !c->transformation) {
        free(c->e);
        free(c->source);
        free(c->transformation);
        free(c);
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
    return e->id && e->kind_text && e->provenance && e->side;
}

demarc_status demarc_catalogue_from_border(demarc_ctx *ctx, demarc_catalogue **out,
                                           const demarc_border *border)
{
    static const char *const kinds[] = {"tripoint", "main", "intermediate", "point"};
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
        if (!set_strings(e, s->id, kinds[s->kind], s->provenance, "")) {
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

/* A coordinate field: empty -> MISSING, nan/inf -> NOT_FINITE (kept, to be
 * reported), text that is not a number -> DEMARC_ERR_FORMAT. */
static demarc_status read_coord(demarc_ctx *ctx, OGRFeatureH f, int fi, const char *path,
                                long row, const char *name, double *v, unsigned int *flags)
{
    demarc_status rc = demarc__ogr_double(ctx, f, fi, path, row, name, 0, v);
    if (rc == DEMARC_ERR_RANGE) {
        demarc__clear(ctx);
        *v = NAN;
        *flags |= DEMARC_ENTRY_COORD_NOT_FINITE;
        return DEMARC_OK;
    }
    if (rc) return rc;
    if (isnan(*v)) *flags |= DEMARC_ENTRY_COORD_MISSING;
    return DEMARC_OK;
}

static int is_wgs84_text(const char *s)
{
    return !strcasecmp(s, "EPSG:4326") || !strcasecmp(s, "WGS84") || !strcasecmp(s, "WGS 84") ||
           !strcasecmp(s, "OGC:CRS84");
}

/* The CRS text of a layer: "AUTH:CODE" when it has one, else WKT.  NULL
 * when the layer has no CRS or it is WGS 84 geographic.  Caller frees. */
static char *layer_crs(OGRLayerH layer)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    if (!srs) return NULL;
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRSetWellKnownGeogCS(wgs, "WGS84");
    int same = OSRIsSame(srs, wgs);
    OSRDestroySpatialReference(wgs);
    if (same) return NULL;
    const char *auth = OSRGetAuthorityName(srs, NULL), *code = OSRGetAuthorityCode(srs, NULL);
    if (auth && code) {
        size_t n = strlen(auth) + strlen(code) + 2;
        char *s = malloc(n);
        if (s) snprintf(s, n, "%s:%s", auth, code);
        return s;
    }
    char *wkt = NULL;
    const char *wopts[] = {"FORMAT=WKT2_2019", NULL};
    if (OSRExportToWktEx(srs, &wkt, wopts) != OGRERR_NONE) { CPLFree(wkt); return NULL; }
    char *s = demarc__strdup(wkt);
    CPLFree(wkt);
    return s;
}

typedef struct cols {
    int id, seq, kind, x, y, h, chain, next, azi, segment, prov, side;
    const char *xname, *yname;
} cols;

static demarc_status read_row(demarc_ctx *ctx, demarc_catalogue_entry *e, OGRFeatureH f,
                              const cols *c, const char *path, long row)
{
    static const char *const kinds[] = {"tripoint", "main", "intermediate", "point"};
    const char *kind = fstr(f, c->kind), *seg = fstr(f, c->segment);
    if (!set_strings(e, fstr(f, c->id), kind, fstr(f, c->prov), fstr(f, c->side)))
        return demarc__fail(ctx, DEMARC_ERR_NOMEM, "%s: row %ld: out of memory", path, row);
    e->row = row;
    demarc_status rc;
    double seq;
    if ((rc = demarc__ogr_double(ctx, f, c->seq, path, row, "seq", 0, &seq))) return rc;
    e->seq = isfinite(seq) ? (long)seq : 0;
    e->kind = DEMARC_SIGN_MAIN;
    if (kind[0]) {
        int k;
        for (k = 0; k < 4 && strcasecmp(kind, kinds[k]); k++) {}
        if (k < 4) e->kind = (demarc_sign_kind)k;
        else e->flags |= DEMARC_ENTRY_KIND_UNKNOWN;
    }
    e->segment = !strcasecmp(seg, "straight")  ? DEMARC_SEGMENT_STRAIGHT
                 : !strcasecmp(seg, "natural") ? DEMARC_SEGMENT_NATURAL
                                               : DEMARC_SEGMENT_NONE;
    if (c->x >= 0) {
        if ((rc = read_coord(ctx, f, c->x, path, row, c->xname, &e->x, &e->flags))) return rc;
        if ((rc = read_coord(ctx, f, c->y, path, row, c->yname, &e->y, &e->flags))) return rc;
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
    if ((rc = demarc__ogr_double(ctx, f, c->h, path, row, "h_m", 0, &e->h_m))) return rc;
    if ((rc = demarc__ogr_double(ctx, f, c->chain, path, row, "chainage_m", 0, &e->chainage_m)))
        return rc;
    if ((rc = demarc__ogr_double(ctx, f, c->next, path, row, "next_dist_m", 0, &e->next_dist_m)))
        return rc;
    return demarc__ogr_double(ctx, f, c->azi, path, row, "next_azimuth_deg", 0,
                              &e->next_azimuth_deg);
}

/* Bring the positions to WGS 84 with one operation; a point PROJ cannot
 * transform is flagged COORD_RANGE.  crs NULL: already WGS 84. */
static demarc_status to_wgs84(demarc_ctx *ctx, demarc_catalogue *c, const char *crs,
                              const char *path)
{
    for (size_t i = 0; i < c->n; i++) {
        c->e[i].lon = c->e[i].x;
        c->e[i].lat = c->e[i].y;
    }
    if (crs) {
        demarc_transform *t = NULL;
        demarc_status rc = demarc_transform_new(ctx, &t, crs, "EPSG:4326", NULL);
        if (rc) {
            char detail[512];
            snprintf(detail, sizeof detail, "%s", demarc_ctx_errmsg(ctx));
            return demarc__fail(ctx, rc, "%s: CRS of the positions: %s", path, detail);
        }
        const char *name = "", *code = "";
        double acc = -1;
        demarc_transform_operation(t, &name, &code, &acc);
        char desc[512], codebuf[64];
        code = demarc__op_code_text(code, codebuf, sizeof codebuf);
        if (acc >= 0)
            snprintf(desc, sizeof desc, "%s%s%s, %g m", code, code[0] ? " " : "", name, acc);
        else
            snprintf(desc, sizeof desc, "%s%s%s", code, code[0] ? " " : "", name);
        free(c->transformation);
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

demarc_status demarc_catalogue_open(demarc_ctx *ctx, demarc_catalogue **out, const char *path,
                                    const demarc_catalogue_options *opts)
{
    DEMARC__ENTER_OUT(ctx, out);
    if (!out || !path) return demarc__fail(ctx, DEMARC_ERR_ARG, "out and path must not be NULL");
    *out = NULL;
    if (opts && opts->version != DEMARC_CATALOGUE_OPTIONS_VERSION)
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "demarc_catalogue_options: version %u, expected %u", opts->version,
                            DEMARC_CATALOGUE_OPTIONS_VERSION);
    demarc_status rc;
    demarc__ogr_push_errors(ctx);
    GDALDatasetH ds = demarc__ogr_open(ctx, path, &rc);
    if (!ds) { demarc__ogr_pop_errors(); return rc; }
    demarc_catalogue *c = NULL;
    char *crs = NULL;
    OGRLayerH layer = demarc__ogr_first_layer(ctx, ds, path, &rc);
    if (rc) goto done;
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
    static const char *const pairs[][2] = {{"lon", "lat"}, {"x", "y"}, {"easting", "northing"}};
    /* A layer with geometry (GeoJSON, GeoPackage, ...) gives the position
     * in its own CRS; columns serve layers without one (CSV). */
    int has_geom = OGR_L_GetGeomType(layer) != wkbNone;
    for (int p = 0; p < 3 && k.x < 0 && !has_geom; p++) {
        int xi = demarc__ogr_field(d, pairs[p][0]), yi = demarc__ogr_field(d, pairs[p][1]);
        if (xi >= 0 && yi >= 0) {
            k.x = xi; k.y = yi; k.xname = pairs[p][0]; k.yname = pairs[p][1];
        } else if ((xi >= 0) != (yi >= 0)) {
            rc = demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: missing column '%s' (beside '%s')",
                              path, pairs[p][xi >= 0], pairs[p][xi < 0]);
            goto done;
        }
    }
    if (k.x < 0 && !has_geom) {
        rc = demarc__fail(ctx, DEMARC_ERR_FORMAT,
                          "%s: missing columns 'lon'/'lat' (or 'x'/'y', 'easting'/'northing') "
                          "and no point geometry",
                          path);
        goto done;
    }
    /* The CRS of the positions: the caller's, else the layer's. */
    if (opts && opts->crs && opts->crs[0]) {
        if (!is_wgs84_text(opts->crs)) {
            crs = demarc__strdup(opts->crs);
            if (!crs) { rc = demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory"); goto done; }
        }
    } else {
        crs = layer_crs(layer);
        if (!crs && k.x >= 0 && strcmp(k.xname, "lon") != 0 && !OGR_L_GetSpatialRef(layer)) {
            rc = demarc__fail(ctx, DEMARC_ERR_CRS,
                              "%s: columns '%s'/'%s' need a CRS: the file has none, give one "
                              "(e.g. --crs EPSG:28411)",
                              path, k.xname, k.yname);
            goto done;
        }
    }
    c = cat_alloc((size_t)n, path);
    if (!c) {
        rc = demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory for %lld rows", (long long)n);
        goto done;
    }
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    while (c->n < (size_t)n && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        demarc_catalogue_entry *e = &c->e[c->n++];
        rc = read_row(ctx, e, f, &k, path, (long)c->n);
        OGR_F_Destroy(f);
        if (rc) goto done;
    }
    if (c->n == 0) {
        rc = demarc__fail(ctx, DEMARC_ERR_EMPTY, "%s: the catalogue layer has no rows", path);
        goto done;
    }
    rc = to_wgs84(ctx, c, crs, path);
done:
    GDALClose(ds);
    demarc__ogr_pop_errors();
    free(crs);
    if (rc) {
        demarc_catalogue_free(c);
        return rc;
    }
    *out = c;
    return DEMARC_OK;
}
