/* layer_crs.c -- a vector layer's CRS to WGS 84 with one operation for the
 * whole border area, never OGR's per-point choice (issue 14: a border
 * exported to EPSG:28411 reopened 1.6 m longer through OGR). */
#include "ogr_internal.h"
#include "alloc_internal.h"
#include "context_internal.h"
#include "project_internal.h"

#include <cpl_conv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Refinement steps of the inverse: each cuts the error of the previous
 * by the non-linearity of inv o fwd (~1e-4 for a 4.5 m datum shift), so two
 * take 0.4 mm to below 1e-12 degrees. */
#define REFINE_STEPS 2

static int is_wgs84_srs(OGRSpatialReferenceH srs)
{
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRSetWellKnownGeogCS(wgs, "WGS84");
    int same = OSRIsSame(srs, wgs);
    OSRDestroySpatialReference(wgs);
    return same;
}

/* "AUTH:CODE" with letters and digits only: the one form of operation a
 * file may name (no PROJ strings: they could name grids or the network). */
static int plain_code(const char *s)
{
    const char *c = s ? strchr(s, ':') : NULL;
    if (!c || c == s || !c[1]) return 0;
    for (const char *p = s; p < c; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))) return 0;
    for (const char *p = c + 1; *p; p++)
        if (!(*p >= '0' && *p <= '9')) return 0;
    return 1;
}

void demarc__layer_crs_free(demarc_layer_crs *lc)
{
    if (!lc) return;
    demarc_transform_free(lc->inv);
    demarc_transform_free(lc->fwd);
    lc->inv = lc->fwd = NULL;
}

demarc_status demarc__layer_crs_new(demarc_ctx *ctx, demarc_layer_crs *lc, OGRLayerH layer,
                                    const char *path, const char *fallback_crs,
                                    const char *op_code)
{
    memset(lc, 0, sizeof *lc);
    OGRSpatialReferenceH srs = layer ? OGR_L_GetSpatialRef(layer) : NULL;
    char *wkt = NULL;
    const char *text = NULL;
    if (srs) {
        if (is_wgs84_srs(srs)) return DEMARC_OK;
        const char *opts[] = {"FORMAT=WKT2_2019", NULL};
        if (OSRExportToWktEx(srs, &wkt, opts) != OGRERR_NONE || !wkt) {
            CPLFree(wkt);
            return demarc__fail(ctx, DEMARC_ERR_CRS, "%s: cannot read the layer's CRS", path);
        }
        text = wkt;
        const char *auth = OSRGetAuthorityName(srs, NULL), *code = OSRGetAuthorityCode(srs, NULL);
        if (auth && code) snprintf(lc->label, sizeof lc->label, "%s:%s", auth, code);
        else
            snprintf(lc->label, sizeof lc->label, "%.90s",
                     OSRGetName(srs) ? OSRGetName(srs) : "?");
    } else if (fallback_crs && *fallback_crs) {
        text = fallback_crs;
        snprintf(lc->label, sizeof lc->label, "%.90s", fallback_crs);
    } else {
        return DEMARC_OK; /* no CRS: WGS 84 */
    }
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    if (op_code && *op_code) {
        if (!plain_code(op_code)) {
            CPLFree(wkt);
            return demarc__fail(ctx, DEMARC_ERR_FORMAT,
                                "%s: metadata operation '%.60s' is not AUTH:CODE", path, op_code);
        }
        o.operation = op_code;
    }
    demarc_status rc = demarc_transform_new(ctx, &lc->inv, text, "EPSG:4326", &o);
    if (!rc) rc = demarc_transform_new(ctx, &lc->fwd, "EPSG:4326", text, &o);
    CPLFree(wkt);
    if (rc) {
        char m[DEMARC_ERRMSG_MAX];
        snprintf(m, sizeof m, "%s", ctx->msg);
        demarc__layer_crs_free(lc);
        return demarc__fail(ctx, rc, "%s: CRS %s: %s", path, lc->label, m);
    }
    if (lc->inv->identity) { /* the same CRS spelt otherwise */
        demarc__layer_crs_free(lc);
        return DEMARC_OK;
    }
    const char *on = "", *oc = "";
    demarc_transform_operation(lc->inv, &on, &oc, NULL);
    snprintf(lc->op, sizeof lc->op, "%.150s%s%.30s%s", on, oc[0] ? " (" : "", oc,
             oc[0] ? ")" : "");
    return DEMARC_OK;
}

demarc_status demarc__layer_crs_apply(demarc_ctx *ctx, const demarc_layer_crs *lc, size_t n,
                                      double *xy, const char *path, const char *what)
{
    if (!lc || !lc->inv || n == 0) return DEMARC_OK;
    const size_t st = 2 * sizeof(double);
    double *r = demarc__malloc(2 * n * sizeof *r); /* scratch */
    if (!r) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    demarc_status rc = demarc_transform_apply(ctx, lc->inv, n, xy, st, xy + 1, st, NULL, 0);
    /* Newton-like refinement with the inverse as the Jacobian's inverse:
     * p += inv(q) - inv(fwd(p)); inv(q) is the first p, kept in p0. */
    double *p0 = NULL;
    if (!rc) {
        p0 = demarc__malloc(2 * n * sizeof *p0);
        if (!p0) rc = demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
        else memcpy(p0, xy, 2 * n * sizeof *p0);
    }
    for (int k = 0; !rc && k < REFINE_STEPS; k++) {
        memcpy(r, xy, 2 * n * sizeof *r);
        rc = demarc_transform_apply(ctx, lc->fwd, n, r, st, r + 1, st, NULL, 0);
        if (!rc) rc = demarc_transform_apply(ctx, lc->inv, n, r, st, r + 1, st, NULL, 0);
        for (size_t i = 0; !rc && i < 2 * n; i++) xy[i] += p0[i] - r[i];
    }
    demarc__free(p0);
    demarc__free(r);
    if (rc) {
        char m[DEMARC_ERRMSG_MAX];
        snprintf(m, sizeof m, "%s", ctx->msg);
        return demarc__fail(ctx, rc, "%s: %s: cannot transform from %s to WGS 84: %s", path,
                            what, lc->label, m);
    }
    return DEMARC_OK;
}

demarc_status demarc__layer_crs_geometry(demarc_ctx *ctx, const demarc_layer_crs *lc,
                                         OGRGeometryH g, const char *path, const char *what)
{
    if (!lc || !lc->inv || !g) return DEMARC_OK;
    int parts = OGR_G_GetGeometryCount(g);
    if (parts > 0) {
        for (int i = 0; i < parts; i++) {
            demarc_status rc =
                demarc__layer_crs_geometry(ctx, lc, OGR_G_GetGeometryRef(g, i), path, what);
            if (rc) return rc;
        }
        return DEMARC_OK;
    }
    int n = OGR_G_GetPointCount(g);
    if (n <= 0) return DEMARC_OK;
    double *xy = demarc__malloc(2 * (size_t)n * sizeof *xy);
    if (!xy) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    for (int i = 0; i < n; i++) {
        xy[2 * i] = OGR_G_GetX(g, i);
        xy[2 * i + 1] = OGR_G_GetY(g, i);
    }
    demarc_status rc = demarc__layer_crs_apply(ctx, lc, (size_t)n, xy, path, what);
    for (int i = 0; !rc && i < n; i++) OGR_G_SetPoint_2D(g, i, xy[2 * i], xy[2 * i + 1]);
    demarc__free(xy);
    return rc;
}
