/* zones.c -- UTM and Gauss-Krueger zones, grid factors (proj_factors) and
 * the border projected into a grid. */
#include "border_internal.h"
#include "project_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static demarc_status check_point(demarc_ctx *ctx, const char *what, double lon, double lat)
{
    if (!isfinite(lon) || !isfinite(lat) || fabs(lon) > 180 || fabs(lat) > 90)
        return demarc__fail(ctx, DEMARC_ERR_RANGE,
                            "%s: point (%g, %g) is not a longitude, latitude in degrees", what,
                            lon, lat);
    return DEMARC_OK;
}

demarc_status demarc_zone_utm(demarc_ctx *ctx, double lon, double lat, demarc_zone *out)
{
    DEMARC__ENTER(ctx);
    if (!out) return demarc__fail(ctx, DEMARC_ERR_ARG, "zone_utm: out is NULL");
    memset(out, 0, sizeof *out);
    demarc_status rc = check_point(ctx, "zone_utm", lon, lat);
    if (rc) return rc;
    if (lat < -80 || lat > 84)
        return demarc__fail(ctx, DEMARC_ERR_RANGE,
                            "zone_utm: latitude %g is outside UTM (80 S to 84 N)", lat);
    int zone = (int)floor((lon + 180.0) / 6.0) + 1;
    if (zone > 60) zone = 60; /* lon == 180 */
    /* Exceptions of the UTM grid: band V in Norway, band X at Svalbard. */
    if (lat >= 56 && lat < 64 && lon >= 3 && lon < 12) zone = 32;
    if (lat >= 72) {
        if (lon >= 0 && lon < 9) zone = 31;
        else if (lon >= 9 && lon < 21) zone = 33;
        else if (lon >= 21 && lon < 33) zone = 35;
        else if (lon >= 33 && lon < 42) zone = 37;
    }
    out->zone = zone;
    out->north = lat >= 0;
    out->central_meridian_deg = 6.0 * zone - 183.0;
    out->epsg = (out->north ? 32600 : 32700) + zone;
    snprintf(out->crs, sizeof out->crs, "EPSG:%d", out->epsg);
    return DEMARC_OK;
}

demarc_status demarc_zone_gk(demarc_ctx *ctx, double lon, double lat, demarc_zone *out)
{
    DEMARC__ENTER(ctx);
    if (!out) return demarc__fail(ctx, DEMARC_ERR_ARG, "zone_gk: out is NULL");
    memset(out, 0, sizeof *out);
    demarc_status rc = check_point(ctx, "zone_gk", lon, lat);
    if (rc) return rc;
    double l = lon < 0 ? lon + 360.0 : lon;
    int zone = (int)floor(l / 6.0) + 1;
    if (zone > 60) zone = 60;
    double cm = 6.0 * zone - 3.0;
    if (cm >= 180) cm -= 360;
    out->zone = zone;
    out->north = 1;
    out->central_meridian_deg = cm;
    /* EPSG:28402..28432: Pulkovo 1942 / Gauss-Kruger zone 2..32. */
    out->epsg = zone >= 2 && zone <= 32 ? 28400 + zone : 0;
    if (out->epsg) snprintf(out->crs, sizeof out->crs, "EPSG:%d", out->epsg);
    return DEMARC_OK;
}

demarc_status demarc_grid_factors_at(demarc_ctx *ctx, const char *crs, double lon, double lat,
                                     demarc_grid_factors *out)
{
    demarc__clear(ctx);
    if (!ctx) return DEMARC_ERR_ARG;
    if (!out) return demarc__fail(ctx, DEMARC_ERR_ARG, "grid_factors_at: out is NULL");
    memset(out, 0, sizeof *out);
    demarc_status rc = check_point(ctx, "grid_factors_at", lon, lat);
    if (rc) return rc;
    PJ *p = demarc__crs_create(ctx, crs, "grid_factors_at: CRS");
    if (!p) return DEMARC_ERR_CRS;
    char label[80];
    demarc__crs_label(label, sizeof label, crs);
    PJ_TYPE type = proj_get_type(p);
    if (type == PJ_TYPE_BOUND_CRS) {
        PJ *base = proj_get_source_crs(ctx->pj, p);
        proj_destroy(p);
        p = base;
        type = p ? proj_get_type(p) : PJ_TYPE_UNKNOWN;
    }
    if (type != PJ_TYPE_PROJECTED_CRS) {
        if (p) proj_destroy(p);
        return demarc__fail(ctx, DEMARC_ERR_CRS,
                            "grid_factors_at: CRS '%s' is not a projected CRS", label);
    }
    /* proj_factors reads a CRS's axes as they are: EPSG:28411 (northing,
     * easting) gives nonsense unless put in east, north order first. */
    PJ *norm = proj_normalize_for_visualization(ctx->pj, p);
    if (norm) {
        proj_destroy(p);
        p = norm;
    }
    PJ_COORD c = proj_coord(proj_torad(lon), proj_torad(lat), 0, 0);
    proj_errno_reset(p);
    PJ_FACTORS f = proj_factors(p, c);
    int err = proj_errno(p);
    proj_destroy(p);
    if (err || !isfinite(f.meridional_scale) || f.meridional_scale == 0)
        return demarc__fail(ctx, DEMARC_ERR_RANGE,
                            "grid_factors_at: CRS '%s' at (%g, %g): PROJ: %s", label, lon, lat,
                            err ? proj_context_errno_string(ctx->pj, err) : "no factors");
    out->convergence_deg = proj_todeg(f.meridian_convergence);
    out->scale_factor = f.parallel_scale;
    out->meridional_scale = f.meridional_scale;
    out->parallel_scale = f.parallel_scale;
    out->areal_scale = f.areal_scale;
    out->angular_distortion_deg = proj_todeg(f.angular_distortion);
    out->meridian_distortion_ppm = (f.meridional_scale - 1.0) * 1e6;
    return DEMARC_OK;
}

static demarc_status project_xy(demarc_ctx *ctx, const char *what, const double *xy, size_t n,
                                const char *crs, const demarc_transform_options *opts,
                                double *out_xy)
{
    demarc_transform *t = NULL;
    demarc_status rc = demarc_transform_new(ctx, &t, "EPSG:4326", crs, opts);
    if (rc) return rc;
    if (xy) memcpy(out_xy, xy, 2 * n * sizeof *out_xy);
    rc = demarc_transform_apply(ctx, t, n, out_xy, 2 * sizeof(double), out_xy + 1,
                                2 * sizeof(double), NULL, 0);
    demarc_transform_free(t);
    if (rc) {
        char msg[DEMARC_ERRMSG_MAX];
        snprintf(msg, sizeof msg, "%s", ctx->msg);
        return demarc__fail(ctx, rc, "%s: %s", what, msg);
    }
    return DEMARC_OK;
}

demarc_status demarc_border_project_signs(demarc_ctx *ctx, const demarc_border *border,
                                          const char *crs, const demarc_transform_options *opts,
                                          double *out_xy, size_t capacity)
{
    demarc__clear(ctx);
    if (!ctx) return DEMARC_ERR_ARG;
    if (!border || !out_xy)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "border_project_signs: %s is NULL",
                            border ? "out_xy" : "border");
    if (capacity < border->nsign)
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "border_project_signs: room for %zu points, the border has %zu "
                            "signs",
                            capacity, border->nsign);
    if (border->nsign == 0) return DEMARC_OK;
    for (size_t i = 0; i < border->nsign; i++) {
        out_xy[2 * i] = border->signs[i].lon;
        out_xy[2 * i + 1] = border->signs[i].lat;
    }
    return project_xy(ctx, "border_project_signs", NULL, border->nsign, crs, opts, out_xy);
}

demarc_status demarc_border_project_vertices(demarc_ctx *ctx, const demarc_border *border,
                                             const char *crs,
                                             const demarc_transform_options *opts,
                                             double *out_xy, size_t capacity)
{
    demarc__clear(ctx);
    if (!ctx) return DEMARC_ERR_ARG;
    if (!border || !out_xy)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "border_project_vertices: %s is NULL",
                            border ? "out_xy" : "border");
    if (capacity < border->nvert)
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "border_project_vertices: room for %zu points, the line has %zu "
                            "vertices",
                            capacity, border->nvert);
    return project_xy(ctx, "border_project_vertices", border->xy, border->nvert, crs, opts,
                      out_xy);
}
