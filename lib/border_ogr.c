/* border_ogr.c -- opens a border from files through GDAL/OGR: the line,
 * the sign catalogue, the territories and the border.json metadata. */
#define _LARGEFILE64_SOURCE 1 /* struct stat64: GDAL's VSIStatBufL */
#include "border_internal.h"
#include "alloc_internal.h"
#include "context_internal.h"
#include "geojson_internal.h"
#include "ogr_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <sys/stat.h>

#define METADATA_MAX_BYTES (1u << 20)

/* Sign lon/lat fields and point geometry agree within this, m (an export
 * keeps both at full precision: they differ by 1e-8 m at most); degrees
 * are turned into metres by 111,320 m, the equatorial degree, a bound. */
#define FIELDS_VS_GEOMETRY_M 1e-3
#define M_PER_DEG 111320.0

/* VSIStatL: plain paths and GDAL's virtual file systems alike (path not
 * NULL: demarc_border_open checks it first). */
static int is_dir(const char *path)
{
    VSIStatBufL st;
    return VSIStatL(path, &st) == 0 && VSI_ISDIR(st.st_mode);
}

static int exists(const char *path)
{
    VSIStatBufL st;
    return VSIStatL(path, &st) == 0;
}

/* ---- the line ------------------------------------------------------- */

/* What the metadata says about the file (read before the layers). */
typedef struct file_meta {
    char crs[256];     /* the "crs" row: for layers without one (CSV) */
    char op[128];      /* the "operation" row: AUTH:CODE, forced back */
    double *dens;      /* border_line points that are no defining vertex (the
                          export's densification), file CRS, sorted x then y */
    size_t ndens;
} file_meta;

static int xy_cmp(const void *pa, const void *pb)
{
    const double *a = pa, *b = pb;
    if (a[0] != b[0]) return a[0] < b[0] ? -1 : 1;
    return a[1] < b[1] ? -1 : a[1] > b[1];
}

/* 1 when (x, y) is one of fm's densification points (exactly: an export
 * writes the same doubles into border_line and territories). */
static int is_dens_point(const file_meta *fm, double x, double y)
{
    size_t lo = 0, hi = fm->ndens;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const double *q = &fm->dens[2 * mid];
        if (q[0] < x || (q[0] == x && q[1] < y)) lo = mid + 1;
        else hi = mid;
    }
    return lo < fm->ndens && fm->dens[2 * lo] == x && fm->dens[2 * lo + 1] == y;
}

/* Append the points of a LineString to b->xy (in the file's CRS), joining
 * to what is there (the first point must repeat the last one read). */
static demarc_status append_linestring(demarc_ctx *ctx, demarc_border *b, OGRGeometryH g,
                                       const char *path)
{
    int n = OGR_G_GetPointCount(g);
    /* An empty part adds nothing; realloc(p, 0) would free b->xy (found by
     * tests/fuzz/fuzz_border_line: a double free on [[],[]]). */
    if (n <= 0) return DEMARC_OK;
    size_t start = 0;
    if (b->nvert > 0) {
        double x = OGR_G_GetX(g, 0), y = OGR_G_GetY(g, 0);
        if (x != b->xy[2 * b->nvert - 2] || y != b->xy[2 * b->nvert - 1])
            return demarc__fail(ctx, DEMARC_ERR_GEOMETRY,
                                "%s: the line's parts do not join: part starts at (%.9f, %.9f), "
                                "previous ends at (%.9f, %.9f)",
                                path, x, y, b->xy[2 * b->nvert - 2], b->xy[2 * b->nvert - 1]);
        start = 1;
    }
    double *xy = demarc__realloc(b->xy, 2 * (b->nvert + (size_t)n) * sizeof *xy);
    if (!xy) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory for the line");
    b->xy = xy;
    for (int i = (int)start; i < n; i++) {
        b->xy[2 * b->nvert] = OGR_G_GetX(g, i);
        b->xy[2 * b->nvert + 1] = OGR_G_GetY(g, i);
        b->nvert++;
    }
    return DEMARC_OK;
}

/* Read the defining vertices (layer border_vertices: points, field
 * `vertex`) and replace the densified line by them; each must be a point
 * of the line, in order (both in the file's CRS, as written). */
static demarc_status read_vertices(demarc_ctx *ctx, demarc_border *b, OGRLayerH layer,
                                   const char *path, file_meta *fm)
{
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(layer);
    int fv = demarc__ogr_field(d, "vertex");
    if (fv < 0) return demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: border_vertices: no field "
                                    "'vertex'", path);
    GIntBig n = OGR_L_GetFeatureCount(layer, 1);
    if (n < 2 || (size_t)n > b->nvert)
        return demarc__fail(ctx, DEMARC_ERR_GEOMETRY,
                            "%s: border_vertices: %lld vertices for a line of %zu points", path,
                            (long long)n, b->nvert);
    double *v = demarc__malloc(2 * (size_t)n * sizeof *v);
    unsigned char *seen = demarc__calloc((size_t)n, 1);
    if (!v || !seen) {
        demarc__free(v);
        demarc__free(seen);
        return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    }
    demarc_status rc = DEMARC_OK;
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    long row = 0;
    while (!rc && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        row++;
        double k;
        rc = demarc__ogr_double(ctx, f, fv, path, row, "vertex", 1, &k);
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (!rc && (k != floor(k) || k < 0 || k >= (double)n || seen[(size_t)k]))
            rc = demarc__fail(ctx, DEMARC_ERR_FORMAT,
                              "%s: border_vertices: row %ld: vertex %g is not a new index in "
                              "0..%lld",
                              path, row, k, (long long)n - 1);
        else if (!rc && (!g || wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint ||
                         OGR_G_IsEmpty(g)))
            rc = demarc__fail(ctx, DEMARC_ERR_GEOMETRY,
                              "%s: border_vertices: row %ld: not a point", path, row);
        if (!rc) {
            size_t i = (size_t)k;
            seen[i] = 1;
            v[2 * i] = OGR_G_GetX(g, 0);
            v[2 * i + 1] = OGR_G_GetY(g, 0);
        }
        OGR_F_Destroy(f);
    }
    for (GIntBig i = 0; !rc && i < n; i++)
        if (!seen[i])
            rc = demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: border_vertices: vertex %lld missing",
                              path, (long long)i);
    /* In order along the line, the first and last at its ends; the points
     * between are the densification's, kept aside for the territories. */
    size_t at = 0;
    fm->dens = demarc__malloc(2 * b->nvert * sizeof *fm->dens); /* a vertex not found passes all */
    if (!rc && !fm->dens) rc = demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    for (GIntBig i = 0; !rc && i < n; i++) {
        while (at < b->nvert && (b->xy[2 * at] != v[2 * i] || b->xy[2 * at + 1] != v[2 * i + 1])) {
            fm->dens[2 * fm->ndens] = b->xy[2 * at];
            fm->dens[2 * fm->ndens++ + 1] = b->xy[2 * at + 1];
            at++;
        }
        if (at == b->nvert || (i == 0 && at != 0) || (i == n - 1 && at != b->nvert - 1))
            rc = demarc__fail(ctx, DEMARC_ERR_GEOMETRY,
                              "%s: border_vertices: vertex %lld (%.9f, %.9f) is not %s of "
                              "border_line",
                              path, (long long)i, v[2 * i], v[2 * i + 1],
                              i == 0 ? "the first point" : i == n - 1 ? "the last point"
                                                                      : "a point, in order,");
        at++;
    }
    demarc__free(seen);
    if (rc) {
        demarc__free(v);
        return rc;
    }
    qsort(fm->dens, fm->ndens, 2 * sizeof *fm->dens, xy_cmp);
    demarc__free(b->xy);
    b->xy = v;
    b->nvert = (size_t)n;
    return DEMARC_OK;
}

/* The line of `layer`, or (layer NULL) the WGS 84 points already in b->xy
 * (geojson_read.c read them). */
static demarc_status read_line(demarc_ctx *ctx, demarc_border *b, OGRLayerH layer,
                               OGRLayerH vertices, file_meta *fm, const char *path)
{
    demarc_layer_crs lc;
    memset(&lc, 0, sizeof lc);
    demarc_status rc =
        layer ? demarc__layer_crs_new(ctx, &lc, layer, path, fm->crs, fm->op) : DEMARC_OK;
    if (rc) return rc;
    if (layer) OGR_L_ResetReading(layer);
    OGRFeatureH f;
    size_t lines = layer ? 0 : 1;
    long row = 0;
    while (!rc && layer && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        row++;
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        OGRwkbGeometryType t = g ? wkbFlatten(OGR_G_GetGeometryType(g)) : wkbNone;
        if (t == wkbLineString) {
            rc = append_linestring(ctx, b, g, path);
            lines++;
        } else if (t == wkbMultiLineString) {
            for (int i = 0; !rc && i < OGR_G_GetGeometryCount(g); i++)
                rc = append_linestring(ctx, b, OGR_G_GetGeometryRef(g, i), path);
            lines++;
        } else {
            rc = demarc__fail(ctx, DEMARC_ERR_GEOMETRY,
                              "%s: feature %ld: expected a LineString, found %s", path, row,
                              g ? OGRGeometryTypeToName(t) : "no geometry");
        }
        OGR_F_Destroy(f);
        if (!rc && lines > 1)
            rc = demarc__fail(ctx, DEMARC_ERR_GEOMETRY,
                              "%s: more than one line feature; join them into one LineString",
                              path);
    }
    if (!rc && lines == 0)
        rc = demarc__fail(ctx, DEMARC_ERR_EMPTY, "%s: the layer has no line feature", path);
    /* Before GEOS sees it (check_simple): GEOS cannot build a line of 1 point. */
    if (!rc && b->nvert == 0)
        rc = demarc__fail(ctx, DEMARC_ERR_EMPTY, "%s: the line is empty (no vertices)", path);
    if (!rc && b->nvert == 1)
        rc = demarc__fail(ctx, DEMARC_ERR_GEOMETRY,
                          "%s: the line has 1 vertex, at least 2 are needed", path);
    if (!rc && vertices) rc = read_vertices(ctx, b, vertices, path, fm);
    if (!rc) rc = demarc__layer_crs_apply(ctx, &lc, b->nvert, b->xy, path, "the line");
    for (size_t i = 0; !rc && i < b->nvert; i++) {
        double x = b->xy[2 * i], y = b->xy[2 * i + 1];
        if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90))
            rc = demarc__fail(ctx, DEMARC_ERR_RANGE,
                              "%s: line vertex %zu: lon/lat (%g, %g) not finite or out of range",
                              path, i, x, y);
    }
    if (!rc && lc.inv &&
        (!demarc__border_string(b, BS_CRS, lc.label) ||
         !demarc__border_string(b, BS_OPERATION, lc.op)))
        rc = demarc__fail(ctx, DEMARC_ERR_NOMEM, "%s: out of memory for the line's CRS", path);
    demarc__layer_crs_free(&lc);
    return rc;
}

/* A border line must not cross itself (checked in lon/lat by GEOS). */
static demarc_status check_simple(demarc_ctx *ctx, const demarc_border *b, const char *path)
{
    GEOSCoordSequence *seq = GEOSCoordSeq_copyFromBuffer_r(ctx->geos, b->xy,
                                                           (unsigned)b->nvert, 0, 0);
    GEOSGeometry *g = seq ? GEOSGeom_createLineString_r(ctx->geos, seq) : NULL;
    if (!g) return demarc__fail(ctx, DEMARC_ERR_INTERNAL, "%s: GEOS cannot build the line", path);
    char simple = GEOSisSimple_r(ctx->geos, g);
    GEOSGeom_destroy_r(ctx->geos, g);
    if (simple == 0)
        return demarc__fail(ctx, DEMARC_ERR_GEOMETRY, "%s: the line intersects itself", path);
    return DEMARC_OK;
}

/* ---- the sign catalogue --------------------------------------------- */

static demarc_status parse_kind(demarc_ctx *ctx, const char *s, const char *path, long row,
                                demarc_sign_kind *out)
{
    if (!*s) { *out = DEMARC_SIGN_MAIN; return DEMARC_OK; } /* field_string: never NULL */
    int k = demarc__sign_kind_parse(s);
    if (k >= 0) { *out = (demarc_sign_kind)k; return DEMARC_OK; }
    return demarc__fail(ctx, DEMARC_ERR_FORMAT,
                        "%s: row %ld: field 'kind': '%.40s' is not tripoint, main, "
                        "intermediate or point",
                        path, row, s);
}

static demarc_status parse_segment(demarc_ctx *ctx, const char *s, const char *path, long row,
                                   demarc_segment_kind *out)
{
    if (!*s) *out = DEMARC_SEGMENT_NONE;
    else if (!strcasecmp(s, "straight")) *out = DEMARC_SEGMENT_STRAIGHT;
    else if (!strcasecmp(s, "natural")) *out = DEMARC_SEGMENT_NATURAL;
    else
        return demarc__fail(ctx, DEMARC_ERR_FORMAT,
                            "%s: row %ld: field 'segment': '%.40s' is not straight or natural",
                            path, row, s);
    return DEMARC_OK;
}

static const char *field_string(OGRFeatureH f, int fi)
{
    return fi >= 0 && OGR_F_IsFieldSetAndNotNull(f, fi) ? OGR_F_GetFieldAsString(f, fi) : "";
}

typedef struct sign_fields {
    int id, seq, kind, lon, lat, h, chain, next, azi, segment, prov;
} sign_fields;

static demarc_status read_sign(demarc_ctx *ctx, demarc_border *b, size_t i, OGRFeatureH f,
                               const sign_fields *c, const demarc_layer_crs *lc,
                               const char *path, long row)
{
    demarc_sign *s = &b->signs[i];
    demarc_status rc = demarc__border_sign_strings(ctx, b, i, field_string(f, c->id),
                                                   field_string(f, c->prov));
    if (rc) return rc;
    if (!s->id[0])
        return demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: row %ld: field 'id' is empty", path, row);
    double seq;
    if ((rc = demarc__ogr_double(ctx, f, c->seq, path, row, "seq", 0, &seq))) return rc;
    if (isfinite(seq)) {
        if (seq != floor(seq) || seq < 1 || seq > 1e9)
            return demarc__fail(ctx, DEMARC_ERR_RANGE,
                                "%s: row %ld: field 'seq': %g is not a positive whole number",
                                path, row, seq);
        s->seq = (long)seq;
    }
    if ((rc = parse_kind(ctx, field_string(f, c->kind), path, row, &s->kind))) return rc;
    if (c->lon >= 0) { /* and c->lat: read_signs refuses one without the other */
        if ((rc = demarc__ogr_double(ctx, f, c->lon, path, row, "lon", 1, &s->lon))) return rc;
        if ((rc = demarc__ogr_double(ctx, f, c->lat, path, row, "lat", 1, &s->lat))) return rc;
        /* Fields and geometry both present (an export): they must agree,
         * or one of them was edited alone. */
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        /* (lon, lat are finite: required fields, demarc__ogr_double) */
        if (g && wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPoint && !OGR_G_IsEmpty(g)) {
            double xy[2] = {OGR_G_GetX(g, 0), OGR_G_GetY(g, 0)};
            char what[64];
            snprintf(what, sizeof what, "row %ld", row);
            if ((rc = demarc__layer_crs_apply(ctx, lc, 1, xy, path, what))) return rc;
            double d = hypot(xy[0] - s->lon, xy[1] - s->lat) * M_PER_DEG;
            if (d > FIELDS_VS_GEOMETRY_M)
                return demarc__fail(ctx, DEMARC_ERR_FORMAT,
                                    "%s: row %ld: sign '%s': fields lon/lat (%.9f, %.9f) and "
                                    "the point geometry (%.9f, %.9f in WGS 84) are %.3g m "
                                    "apart: edited in one place only?",
                                    path, row, s->id, s->lon, s->lat, xy[0], xy[1], d);
        }
    } else {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (!g || wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint || OGR_G_IsEmpty(g))
            return demarc__fail(ctx, DEMARC_ERR_FORMAT,
                                "%s: row %ld: no lon/lat fields and no point geometry", path, row);
        double xy[2] = {OGR_G_GetX(g, 0), OGR_G_GetY(g, 0)};
        char what[64];
        snprintf(what, sizeof what, "row %ld", row);
        if ((rc = demarc__layer_crs_apply(ctx, lc, 1, xy, path, what))) return rc;
        s->lon = xy[0];
        s->lat = xy[1];
    }
    if (!(s->lon >= -180 && s->lon <= 180))
        return demarc__fail(ctx, DEMARC_ERR_RANGE,
                            "%s: row %ld: field 'lon': %.9g is outside [-180, 180]", path, row,
                            s->lon);
    if (!(s->lat >= -90 && s->lat <= 90))
        return demarc__fail(ctx, DEMARC_ERR_RANGE,
                            "%s: row %ld: field 'lat': %.9g is outside [-90, 90]", path, row,
                            s->lat);
    if ((rc = demarc__ogr_double(ctx, f, c->h, path, row, "h_m", 0, &s->h_m))) return rc;
    if ((rc = demarc__ogr_double(ctx, f, c->chain, path, row, "chainage_m", 0, &s->chainage_m)))
        return rc;
    if ((rc = demarc__ogr_double(ctx, f, c->next, path, row, "next_dist_m", 0, &s->next_dist_m)))
        return rc;
    if ((rc = demarc__ogr_double(ctx, f, c->azi, path, row, "next_azimuth_deg", 0,
                                 &s->next_azimuth_deg)))
        return rc;
    if (isfinite(s->next_dist_m) && s->next_dist_m < 0)
        return demarc__fail(ctx, DEMARC_ERR_RANGE,
                            "%s: row %ld: field 'next_dist_m': %g is negative", path, row,
                            s->next_dist_m);
    if (isfinite(s->next_azimuth_deg) && !(s->next_azimuth_deg >= 0 && s->next_azimuth_deg < 360))
        return demarc__fail(ctx, DEMARC_ERR_RANGE,
                            "%s: row %ld: field 'next_azimuth_deg': %g is outside [0, 360)", path,
                            row, s->next_azimuth_deg);
    return parse_segment(ctx, field_string(f, c->segment), path, row, &s->segment);
}

static int cmp_seq(const void *a, const void *b)
{
    long x = ((const demarc_sign *)a)->seq, y = ((const demarc_sign *)b)->seq;
    return (x > y) - (x < y);
}

/* The catalogue's order is its `seq` column, not the order of the features
 * (FlatGeobuf, for one, stores features in spatial order). */
static demarc_status order_by_seq(demarc_ctx *ctx, demarc_border *b, const char *path)
{
    qsort(b->signs, b->nsign, sizeof *b->signs, cmp_seq);
    for (size_t i = 1; i < b->nsign; i++)
        if (b->signs[i].seq == b->signs[i - 1].seq)
            return demarc__fail(ctx, DEMARC_ERR_FORMAT,
                                "%s: signs '%s' and '%s' have the same seq %ld", path,
                                b->signs[i - 1].id, b->signs[i].id, b->signs[i].seq);
    return DEMARC_OK;
}

/* Field `name`, else its short name in an export's Shapefile (dBase names
 * hold 10 characters: export.c's SIGN_FIELDS). */
static int field_or(OGRFeatureDefnH d, const char *name, const char *shortname)
{
    int i = demarc__ogr_field(d, name);
    return i >= 0 ? i : demarc__ogr_field(d, shortname);
}

static demarc_status read_signs(demarc_ctx *ctx, demarc_border *b, OGRLayerH layer,
                                const file_meta *fm, const char *path)
{
    demarc_status rc = DEMARC_OK;
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(layer);
    sign_fields c = {demarc__ogr_field(d, "id"), demarc__ogr_field(d, "seq"),
                     demarc__ogr_field(d, "kind"), demarc__ogr_field(d, "lon"),
                     demarc__ogr_field(d, "lat"), demarc__ogr_field(d, "h_m"),
                     demarc__ogr_field(d, "chainage_m"), field_or(d, "next_dist_m", "next_dist"),
                     field_or(d, "next_azimuth_deg", "next_azim"), demarc__ogr_field(d, "segment"),
                     demarc__ogr_field(d, "provenance")};
    if (c.id < 0) return demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: missing column 'id'", path);
    if ((c.lon < 0) != (c.lat < 0))
        return demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: missing column '%s'", path,
                            c.lon < 0 ? "lon" : "lat");
    /* lon/lat fields are WGS 84 (the catalogue schema); else the geometry,
     * brought back with the one operation. */
    demarc_layer_crs lc;
    memset(&lc, 0, sizeof lc);
    if (OGR_L_GetGeomType(layer) != wkbNone)
        rc = demarc__layer_crs_new(ctx, &lc, layer, path, fm->crs, fm->op);
    GIntBig n = rc ? 0 : OGR_L_GetFeatureCount(layer, 1);
    if (!rc && n <= 0)
        rc = demarc__fail(ctx, DEMARC_ERR_EMPTY, "%s: the catalogue has no rows", path);
    if (!rc) rc = demarc__border_alloc_signs(ctx, b, (size_t)n);
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    size_t i = 0;
    while (!rc && i < (size_t)n && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        rc = read_sign(ctx, b, i, f, &c, &lc, path, (long)i + 1);
        OGR_F_Destroy(f);
        i++;
    }
    if (!rc && i != (size_t)n)
        rc = demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: read %zu of %lld rows", path, i,
                          (long long)n);
    if (!rc && c.seq >= 0) rc = order_by_seq(ctx, b, path);
    demarc__layer_crs_free(&lc);
    return rc;
}

/* ---- territories ---------------------------------------------------- */

/* Append polygon `poly` (already valid) to territory t. */
static demarc_status append_polygon(demarc_ctx *ctx, demarc_territory_data *t, OGRGeometryH poly,
                                    const char *path)
{
    int nrings = OGR_G_GetGeometryCount(poly);
    for (int r = 0; r < nrings; r++) {
        OGRGeometryH ring = OGR_G_GetGeometryRef(poly, r);
        int n = OGR_G_GetPointCount(ring);
        if (n < 4 || OGR_G_GetX(ring, 0) != OGR_G_GetX(ring, n - 1) ||
            OGR_G_GetY(ring, 0) != OGR_G_GetY(ring, n - 1))
            return demarc__fail(ctx, DEMARC_ERR_GEOMETRY,
                                "%s: territory '%s': ring %d is not closed or has fewer than 4 "
                                "points",
                                path, t->party, r);
        size_t k = t->pub.ring_count;
        size_t *rs = demarc__realloc(t->ring_start, (k + 2) * sizeof *rs);
        if (rs) t->ring_start = rs;
        size_t *rp = demarc__realloc(t->ring_polygon, (k + 1) * sizeof *rp);
        if (rp) t->ring_polygon = rp;
        unsigned char *rh = demarc__realloc(t->ring_is_hole, k + 1);
        if (rh) t->ring_is_hole = rh;
        double *pts = demarc__realloc(t->points, 2 * (t->pub.point_count + (size_t)n) * sizeof *pts);
        if (pts) t->points = pts;
        if (!rs || !rp || !rh || !pts)
            return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory for territories");
        t->ring_start[k] = t->pub.point_count;
        t->ring_polygon[k] = t->pub.polygon_count;
        t->ring_is_hole[k] = r > 0;
        for (int i = 0; i < n; i++) {
            double x = OGR_G_GetX(ring, i), y = OGR_G_GetY(ring, i);
            if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90))
                return demarc__fail(ctx, DEMARC_ERR_RANGE,
                                    "%s: territory '%s': point (%g, %g) out of range", path,
                                    t->party, x, y);
            t->points[2 * t->pub.point_count] = x;
            t->points[2 * t->pub.point_count + 1] = y;
            t->pub.point_count++;
        }
        t->pub.ring_count = k + 1;
        t->ring_start[k + 1] = t->pub.point_count;
    }
    t->pub.polygon_count++;
    return DEMARC_OK;
}

static demarc_territory_data *territory_for(demarc_ctx *ctx, demarc_border *b, const char *party,
                                            const char *name, const char *path,
                                            demarc_status *rc)
{
    for (size_t i = 0; i < b->nterr; i++)
        if (!strcmp(b->terr[i].party, party)) return &b->terr[i];
    if (b->nterr == 2) {
        *rc = demarc__fail(ctx, DEMARC_ERR_FORMAT,
                           "%s: a third party '%s'; a border has two territories", path, party);
        return NULL;
    }
    demarc_territory_data *t = &b->terr[b->nterr];
    t->party = demarc__strdup(party);
    t->name = demarc__strdup(name);
    if (!t->party || !t->name) {
        *rc = demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    b->nterr++;
    return t;
}

/* Territory feature `row`: party and name, and its geometry g0 (changed in
 * place: densification points dropped, brought to WGS 84). */
static demarc_status read_territory_feature(demarc_ctx *ctx, demarc_border *b, const char *party,
                                            const char *name, OGRGeometryH g0,
                                            const demarc_layer_crs *lc, const file_meta *fm,
                                            const char *path, long row)
{
    if (!party[0])
        return demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: feature %ld: field 'party' is empty",
                            path, row);
    OGRwkbGeometryType t = g0 ? wkbFlatten(OGR_G_GetGeometryType(g0)) : wkbNone;
    if (t != wkbPolygon && t != wkbMultiPolygon)
        return demarc__fail(ctx, DEMARC_ERR_GEOMETRY,
                            "%s: feature %ld: expected a Polygon or MultiPolygon, found %s", path,
                            row, g0 ? OGRGeometryTypeToName(t) : "no geometry");
    /* The points an export's densification put along the line go (the
     * border's own rings are the defining ones), in the file's CRS. */
    for (int p = 0; fm->ndens && p < (t == wkbPolygon ? 1 : OGR_G_GetGeometryCount(g0)); p++) {
        OGRGeometryH poly = t == wkbPolygon ? g0 : OGR_G_GetGeometryRef(g0, p);
        for (int r = 0; r < OGR_G_GetGeometryCount(poly); r++) {
            OGRGeometryH ring = OGR_G_GetGeometryRef(poly, r);
            int n = OGR_G_GetPointCount(ring), m = 0;
            for (int i = 0; i < n; i++) {
                double x = OGR_G_GetX(ring, i), y = OGR_G_GetY(ring, i);
                if (i > 0 && i < n - 1 && is_dens_point(fm, x, y)) continue;
                if (m < i) OGR_G_SetPoint_2D(ring, m, x, y);
                m++;
            }
            if (m < n) OGR_G_SetPointCount(ring, m);
        }
    }
    char what[64];
    snprintf(what, sizeof what, "feature %ld", row);
    demarc_status rc = demarc__layer_crs_geometry(ctx, lc, g0, path, what);
    if (rc) return rc;
    demarc_territory_data *terr = territory_for(ctx, b, party, name, path, &rc);
    if (!terr) return rc;
    /* Unclosed rings are an error, not something to repair silently. */
    for (int p = 0; p < (t == wkbPolygon ? 1 : OGR_G_GetGeometryCount(g0)); p++) {
        OGRGeometryH poly = t == wkbPolygon ? g0 : OGR_G_GetGeometryRef(g0, p);
        for (int r = 0; r < OGR_G_GetGeometryCount(poly); r++) {
            OGRGeometryH ring = OGR_G_GetGeometryRef(poly, r);
            int n = OGR_G_GetPointCount(ring);
            if (n < 4 || OGR_G_GetX(ring, 0) != OGR_G_GetX(ring, n - 1) ||
                OGR_G_GetY(ring, 0) != OGR_G_GetY(ring, n - 1))
                return demarc__fail(ctx, DEMARC_ERR_GEOMETRY,
                                    "%s: feature %ld ('%s'): polygon %d ring %d is not closed "
                                    "or has fewer than 4 points",
                                    path, row, party, p, r);
            /* Range first: MakeValid below may drop a spike (e.g. one point
             * at latitude 4040) that would otherwise never be seen. */
            for (int i = 0; i < n; i++) {
                double x = OGR_G_GetX(ring, i), y = OGR_G_GetY(ring, i);
                if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90))
                    return demarc__fail(ctx, DEMARC_ERR_RANGE,
                                        "%s: feature %ld ('%s'): point (%g, %g) out of range",
                                        path, row, party, x, y);
            }
        }
    }
    size_t rings_before = terr->pub.ring_count;
    /* Invalid polygons (nested shells, self-touching rings) are repaired
     * with GEOS MakeValid, as the reference data was. */
    OGRGeometryH g = OGR_G_IsValid(g0) ? OGR_G_Clone(g0) : OGR_G_MakeValid(g0);
    if (!g)
        return demarc__fail(ctx, DEMARC_ERR_GEOMETRY,
                            "%s: feature %ld ('%s'): invalid polygon that GEOS cannot repair",
                            path, row, party);
    OGRwkbGeometryType gt = wkbFlatten(OGR_G_GetGeometryType(g));
    if (gt == wkbPolygon) {
        rc = append_polygon(ctx, terr, g, path);
    } else {
        for (int i = 0; !rc && i < OGR_G_GetGeometryCount(g); i++) {
            OGRGeometryH part = OGR_G_GetGeometryRef(g, i);
            if (wkbFlatten(OGR_G_GetGeometryType(part)) == wkbPolygon)
                rc = append_polygon(ctx, terr, part, path);
        }
    }
    OGR_G_DestroyGeometry(g);
    /* An empty (Multi)Polygon would leave a territory without rings. */
    if (!rc && terr->pub.ring_count == rings_before)
        rc = demarc__fail(ctx, DEMARC_ERR_EMPTY, "%s: feature %ld ('%s'): empty polygon", path,
                          row, party);
    return rc;
}

static demarc_status read_territories(demarc_ctx *ctx, demarc_border *b, OGRLayerH layer,
                                      const file_meta *fm, const char *path)
{
    demarc_layer_crs lc;
    demarc_status rc = demarc__layer_crs_new(ctx, &lc, layer, path, fm->crs, fm->op);
    if (rc) return rc;
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(layer);
    int fparty = demarc__ogr_field(d, "party"), fname = demarc__ogr_field(d, "name");
    if (fparty < 0) rc = demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: missing field 'party'", path);
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    long row = 0;
    while (!rc && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        rc = read_territory_feature(ctx, b, field_string(f, fparty), field_string(f, fname),
                                    OGR_F_GetGeometryRef(f), &lc, fm, path, ++row);
        OGR_F_Destroy(f);
    }
    if (!rc && b->nterr == 0)
        rc = demarc__fail(ctx, DEMARC_ERR_EMPTY, "%s: no territory features", path);
    demarc__layer_crs_free(&lc);
    return rc;
}

/* The same from the features geojson_read.c read (WGS 84). */
static demarc_status read_territories_fast(demarc_ctx *ctx, demarc_border *b,
                                           const demarc_geojson_territory *t, size_t n,
                                           const file_meta *fm, const char *path)
{
    demarc_layer_crs lc;
    memset(&lc, 0, sizeof lc);
    demarc_status rc = DEMARC_OK;
    for (size_t i = 0; !rc && i < n; i++)
        rc = read_territory_feature(ctx, b, t[i].party, t[i].name, t[i].geometry, &lc, fm, path,
                                    (long)i + 1);
    return rc;
}

/* ---- metadata -------------------------------------------------------- */

static demarc_status read_metadata(demarc_ctx *ctx, demarc_border *b, const char *path)
{
    errno = 0;
    VSILFILE *fp = VSIFOpenL(path, "rb");
    if (!fp) return demarc__fail_open(ctx, path, errno);
    char *buf = demarc__malloc(METADATA_MAX_BYTES + 1);
    if (!buf) { VSIFCloseL(fp); return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory"); }
    size_t n = VSIFReadL(buf, 1, METADATA_MAX_BYTES + 1, fp);
    VSIFCloseL(fp); /* GDAL 3.6 has no VSIFErrorL: a failed read reads as empty */
    demarc_status rc;
    if (n == 0) rc = demarc__fail(ctx, DEMARC_ERR_EMPTY, "%s: the file is empty", path);
    else if (n > METADATA_MAX_BYTES)
        rc = demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: larger than %u bytes", path,
                          METADATA_MAX_BYTES);
    else rc = demarc__metadata_parse(ctx, b, buf, n, path);
    demarc__free(buf);
    return rc;
}

/* Territories must be the border's two parties, stored left then right. */
static demarc_status check_parties(demarc_ctx *ctx, demarc_border *b, const char *path)
{
    if (b->nterr == 0) return DEMARC_OK;
    const char *left = b->strings[BS_LEFT], *right = b->strings[BS_RIGHT];
    if (!left || !left[0]) { /* no metadata: take the parties from the file */
        int ok = demarc__border_string(b, BS_LEFT, b->terr[0].party) &&
                 demarc__border_string(b, BS_LEFT_NAME, b->terr[0].name);
        if (ok && b->nterr > 1)
            ok = demarc__border_string(b, BS_RIGHT, b->terr[1].party) &&
                 demarc__border_string(b, BS_RIGHT_NAME, b->terr[1].name);
        return ok ? DEMARC_OK
                  : demarc__fail(ctx, DEMARC_ERR_NOMEM, "%s: out of memory for the parties", path);
    }
    if (b->nterr != 2)
        return demarc__fail(ctx, DEMARC_ERR_FORMAT,
                            "%s: territories of %zu parties, expected %s and %s", path,
                            b->nterr, left, right);
    if (!strcmp(b->terr[0].party, right) && !strcmp(b->terr[1].party, left)) {
        demarc_territory_data tmp = b->terr[0];
        b->terr[0] = b->terr[1];
        b->terr[1] = tmp;
    }
    if (strcmp(b->terr[0].party, left) || strcmp(b->terr[1].party, right))
        return demarc__fail(ctx, DEMARC_ERR_FORMAT,
                            "%s: territories of parties '%s' and '%s', expected '%s' and '%s'",
                            path, b->terr[0].party, b->terr[1].party, left, right);
    return DEMARC_OK;
}

/* ---- the metadata layer of an export (rows key, value) --------------- */

static demarc_status meta_number(demarc_ctx *ctx, const char *path, const char *key,
                                 const char *v, double lo, double hi, int whole, double *out)
{
    char *end;
    double x = CPLStrtod(v, &end);
    if (end == v || *end || !isfinite(x) || x < lo || x > hi || (whole && x != floor(x)))
        return demarc__fail(ctx, DEMARC_ERR_FORMAT,
                            "%s: metadata: '%s' = '%.40s' is not a %s in [%g, %g]", path, key, v,
                            whole ? "whole number" : "number", lo, hi);
    *out = x;
    return DEMARC_OK;
}

static demarc_status read_metadata_layer(demarc_ctx *ctx, demarc_border *b, OGRLayerH layer,
                                         const char *path, file_meta *fm)
{
    static const struct { const char *key; int slot; } STR[] = {
        {"id", BS_ID}, {"name", BS_NAME}, {"left_party", BS_LEFT}, {"right_party", BS_RIGHT},
        {"left_name", BS_LEFT_NAME}, {"right_name", BS_RIGHT_NAME},
        {"demarcation_finalised", BS_FINALISED}, {"agreement_signed", BS_SIGNED},
        {"agreement_place", BS_PLACE}, {"source", BS_SOURCE}, {"licence", BS_LICENCE},
        {"attribution", BS_ATTRIBUTION},
    };
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(layer);
    int fk = demarc__ogr_field(d, "key"), fv = demarc__ogr_field(d, "value");
    if (fk < 0 || fv < 0)
        return demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: metadata: fields 'key' and 'value' "
                            "expected", path);
    demarc_status rc = DEMARC_OK;
    demarc_border_info *in = &b->info;
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    while (!rc && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        const char *k = field_string(f, fk), *v = field_string(f, fv);
        double x = 0;
        int known = 0;
        for (size_t i = 0; i < sizeof STR / sizeof STR[0]; i++)
            if (!strcmp(k, STR[i].key)) {
                known = 1;
                if (!demarc__border_string(b, STR[i].slot, v))
                    rc = demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
            }
        if (known || !*v) {
            /* done, or an empty value: unknown */
        } else if (!strcmp(k, "declared_length_m")) {
            if (!(rc = meta_number(ctx, path, k, v, 1e-9, 1e9, 0, &x))) in->declared_length_m = x;
        } else if (!strcmp(k, "declared_signs")) {
            if (!(rc = meta_number(ctx, path, k, v, 0, 1e9, 1, &x))) in->declared_signs = (long)x;
        } else if (!strcmp(k, "inspection_interval_years")) {
            if (!(rc = meta_number(ctx, path, k, v, 0, 1e4, 1, &x)))
                in->inspection_interval_years = (int)x;
        } else if (!strcmp(k, "signs_modelled")) {
            if (!(rc = meta_number(ctx, path, k, v, 0, 1, 1, &x))) in->signs_modelled = (int)x;
        } else if (!strcmp(k, "edge_model")) {
            b->declared_model = demarc__edge_model_parse(v);
        } else if (!strcmp(k, "crs")) {
            snprintf(fm->crs, sizeof fm->crs, "%s", v);
        } else if (!strcmp(k, "operation")) {
            snprintf(fm->op, sizeof fm->op, "%s", v);
        }
        OGR_F_Destroy(f);
    }
    return rc;
}

/* ---- entry point ----------------------------------------------------- */

/* Resolve the path of one component: explicit, else DIR/STEM.EXT for the
 * first extension in `exts` (comma-separated) that exists. */
static const char *component(char *buf, size_t cap, const char *explicit_path, const char *dir,
                             const char *stem, const char *exts)
{
    if (explicit_path) return explicit_path;
    if (!dir) return NULL;
    for (const char *e = exts; *e;) {
        size_t n = strcspn(e, ",");
        snprintf(buf, cap, "%s/%s.%.*s", dir, stem, (int)n, e);
        if (exists(buf)) return buf;
        e += n + (e[n] == ',');
    }
    return NULL;
}

#define EXTS "geojson,gpkg,fgb,shp,kml,gml,csv"

/* The layer named one of `names` (comma-separated, case-insensitive). */
static OGRLayerH layer_named(GDALDatasetH ds, const char *names)
{
    int n = GDALDatasetGetLayerCount(ds);
    for (const char *e = names; *e;) {
        size_t k = strcspn(e, ",");
        for (int i = 0; i < n; i++) {
            OGRLayerH l = GDALDatasetGetLayer(ds, i);
            const char *ln = OGR_L_GetName(l);
            if (strlen(ln) == k && !strncasecmp(ln, e, k)) return l;
        }
        e += k + (e[k] == ',');
    }
    return NULL;
}

/* DEMARC_ERR_FORMAT: "PATH: N layers (a, b, ...), none named WANT". */
static demarc_status fail_layers(demarc_ctx *ctx, GDALDatasetH ds, const char *path,
                                 const char *want)
{
    char list[320] = "";
    size_t len = 0;
    int n = GDALDatasetGetLayerCount(ds);
    for (int i = 0; i < n && len + 4 < sizeof list; i++) {
        int w = snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "",
                         OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
        if (w < 0) break;
        len += (size_t)w;
    }
    if (len >= sizeof list) snprintf(list + sizeof list - 4, 4, "...");
    return demarc__fail(ctx, DEMARC_ERR_FORMAT,
                        "%s: %d layers (%s), none named %s: which one is meant is ambiguous",
                        path, n, list, want);
}

/* A file of one role (signs, territories, ...): its only layer, else the
 * one named for the role. */
static OGRLayerH role_layer(demarc_ctx *ctx, GDALDatasetH ds, const char *path,
                            const char *names, demarc_status *rc)
{
    *rc = DEMARC_OK;
    int n = GDALDatasetGetLayerCount(ds);
    if (n < 1) {
        *rc = demarc__fail(ctx, DEMARC_ERR_EMPTY, "%s: no layer", path);
        return NULL;
    }
    if (n == 1) return GDALDatasetGetLayer(ds, 0);
    OGRLayerH l = layer_named(ds, names);
    if (!l) *rc = fail_layers(ctx, ds, path, names);
    return l;
}

/* Datasets opened for one border (up to one per component). */
typedef struct opened {
    GDALDatasetH ds[6];
    int n;
} opened;

static OGRLayerH open_role(demarc_ctx *ctx, opened *o, const char *path, const char *names,
                           demarc_status *rc)
{
    GDALDatasetH ds = demarc__ogr_open(ctx, path, rc);
    if (!ds) return NULL;
    o->ds[o->n++] = ds;
    return role_layer(ctx, ds, path, names, rc);
}

static void note_source(demarc_border *b, const char *path)
{
    struct stat st;
    if (!path || b->nsource >= 6 || stat(path, &st) != 0) return;
    b->source_dev[b->nsource] = (unsigned long long)st.st_dev;
    b->source_ino[b->nsource] = (unsigned long long)st.st_ino;
    b->nsource++;
}

demarc_status demarc_border_open(demarc_ctx *ctx, demarc_border **out, const char *path,
                                 const demarc_open_options *opts)
{
    demarc__clear(ctx);
    if (!out) return demarc__fail(ctx, DEMARC_ERR_ARG, "border_open: out is NULL");
    *out = NULL;
    if (!ctx || !path) return demarc__fail(ctx, DEMARC_ERR_ARG, "border_open: NULL argument");
    if (opts && (opts->version < 1 || opts->version > DEMARC_OPEN_OPTIONS_VERSION))
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "border_open: options version %u, expected 1 to %u", opts->version,
                            DEMARC_OPEN_OPTIONS_VERSION);
    const char *dir = is_dir(path) ? path : NULL;
    char line_buf[4096], vert_buf[4096], sign_buf[4096], terr_buf[4096], meta_buf[4096],
        metal_buf[4096];
    const char *line = path, *vert = NULL, *metal = NULL;
    if (dir) {
        /* A folder export (border_line.EXT ...) or the data/kz-uz layout. */
        line = component(line_buf, sizeof line_buf, NULL, dir, "border_line", EXTS);
        if (!line) line = component(line_buf, sizeof line_buf, NULL, dir, "border", EXTS);
        if (!line)
            return demarc__fail(ctx, DEMARC_ERR_IO,
                                "%s: no border_line.* or border.{geojson,gpkg,fgb,shp,kml,gml,"
                                "csv} in this directory",
                                path);
        vert = component(vert_buf, sizeof vert_buf, NULL, dir, "border_vertices", EXTS);
    }
    const char *signs = component(sign_buf, sizeof sign_buf, opts ? opts->signs_path : NULL, dir,
                                  "signs", "csv,geojson,gpkg,fgb,shp,kml,gml");
    const char *terr = component(terr_buf, sizeof terr_buf, opts ? opts->territories_path : NULL,
                                 dir, "territories", "geojson,gpkg,fgb,shp,kml,gml,csv");
    const char *meta = component(meta_buf, sizeof meta_buf, opts ? opts->metadata_path : NULL,
                                 dir, "border", "json");
    /* metadata.dbf: a Shapefile table without geometry is a .dbf alone. */
    if (dir && !meta)
        metal = component(metal_buf, sizeof metal_buf, NULL, dir, "metadata", EXTS ",dbf");

    demarc_border *b = demarc__border_alloc();
    if (!b) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    demarc__ogr_push_errors(ctx);
    opened o = {{NULL}, 0};
    file_meta fm;
    memset(&fm, 0, sizeof fm);
    OGRLayerH ll = NULL, lv = NULL, ls = NULL, lt = NULL, lm = NULL;
    demarc_status rc = DEMARC_OK;
    /* A GeoJSON line in one pass (geojson_read.c), else through GDAL. */
    size_t nline = strlen(line);
    int fast = 0;
    if ((nline > 8 && !strcasecmp(line + nline - 8, ".geojson")) ||
        (nline > 5 && !strcasecmp(line + nline - 5, ".json")))
        fast = demarc__geojson_line_read(ctx, line, &b->xy, &b->nvert, &rc);
    GDALDatasetH lds = fast ? NULL : demarc__ogr_open(ctx, line, &rc);
    if (lds) {
        o.ds[o.n++] = lds;
        if (GDALDatasetGetLayerCount(lds) > 1) {
            /* One file of several layers (GPKG, KML): by name. */
            ll = layer_named(lds, "border_line,border");
            if (!ll) rc = fail_layers(ctx, lds, line, "border_line or border");
            if (!vert) lv = layer_named(lds, "border_vertices");
            if (!signs) ls = layer_named(lds, "signs");
            if (!terr) lt = layer_named(lds, "territories");
            if (!meta && !metal) lm = layer_named(lds, "metadata");
        } else {
            ll = role_layer(ctx, lds, line, "border_line", &rc);
        }
    }
    if (!rc && vert) lv = open_role(ctx, &o, vert, "border_vertices", &rc);
    /* ls, lt from the line file only when no file was named for them */
    if (!rc && signs) ls = open_role(ctx, &o, signs, "signs", &rc);
    demarc_geojson_territory *ft = NULL;
    size_t nft = 0;
    if (!rc && terr) {
        size_t nt = strlen(terr);
        int tfast = 0;
        if ((nt > 8 && !strcasecmp(terr + nt - 8, ".geojson")) ||
            (nt > 5 && !strcasecmp(terr + nt - 5, ".json")))
            tfast = demarc__geojson_territories_read(ctx, terr, &ft, &nft, &rc);
        if (!tfast) lt = open_role(ctx, &o, terr, "territories", &rc);
    }
    if (!rc && metal) lm = open_role(ctx, &o, metal, "metadata", &rc);
    const char *lpath = line, *spath = signs ? signs : line, *tpath = terr ? terr : line;
    if (!rc && meta) rc = read_metadata(ctx, b, meta);
    if (!rc && lm) rc = read_metadata_layer(ctx, b, lm, metal ? metal : line, &fm);
    if (!rc) rc = read_line(ctx, b, ll, lv, &fm, lpath);
    if (!rc) rc = check_simple(ctx, b, lpath);
    if (!rc && ls) rc = read_signs(ctx, b, ls, &fm, spath);
    if (!rc && lt) rc = read_territories(ctx, b, lt, &fm, tpath);
    if (!rc && ft) rc = read_territories_fast(ctx, b, ft, nft, &fm, tpath);
    demarc__geojson_territories_free(ft, nft);
    if (!rc) rc = check_parties(ctx, b, tpath);
    for (int i = 0; i < o.n; i++) GDALClose(o.ds[i]);
    demarc__free(fm.dens);
    demarc_edge_model model = opts ? opts->edge_model : DEMARC_EDGE_GEODESIC;
    if (!rc && opts && opts->version >= 2 && opts->declared_edge_model) {
        if (b->declared_model == -2)
            rc = demarc__fail(ctx, DEMARC_ERR_FORMAT,
                              "%s: the declared edge_model is not geodesic, rhumb or planar",
                              meta ? meta : metal ? metal : line);
        else if (b->declared_model >= 0)
            model = (demarc_edge_model)b->declared_model;
    }
    if (!rc) rc = demarc__border_finish(ctx, b, model, ls ? spath : lpath);
    demarc__ogr_pop_errors();
    if (rc) {
        demarc_border_free(b);
        return rc;
    }
    note_source(b, path);
    note_source(b, line);
    note_source(b, signs);
    note_source(b, terr);
    note_source(b, meta);
    demarc__clear(ctx);
    *out = b;
    return DEMARC_OK;
}
