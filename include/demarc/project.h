/* demarc/project.h -- coordinate transformations through PROJ (issue 4).
 * Included by demarc.h; do not include directly. */
#ifndef DEMARC_PROJECT_H
#define DEMARC_PROJECT_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A transformation between two CRSs, created once and reused.  It belongs
 * to the context it was created with (it holds PROJ objects of that
 * context's PJ_CONTEXT): use it only on that context's thread.
 */
typedef struct demarc_transform demarc_transform;

/** Options for demarc_transform_new. */
typedef struct demarc_transform_options {
    unsigned int version;   /**< DEMARC_TRANSFORM_OPTIONS_VERSION */
    /** Force an operation: "EPSG:15865", a PROJ string or pipeline; NULL: let
     *  PROJ choose the best operation valid in the area of use below. */
    const char *operation;
    /** Area of use, degrees: west, south, east, north; all four 0: the
     *  embedded border's extent, 55.9-71.0 E, 37.1-45.6 N, both parties'
     *  territory. */
    double west;
    double south; /**< area of use: southern latitude, degrees */
    double east;  /**< area of use: eastern longitude, degrees */
    double north; /**< area of use: northern latitude, degrees */
    /* version 2 */
    /** 1: accept one of PROJ's "ballpark" operations (no datum shift known:
     *  a mere axis/unit change between two datums, often 100 m or more off)
     *  when nothing better exists; 0: refuse it with DEMARC_ERR_CRS. */
    int allow_ballpark;
    /** 1: demarc_transform_apply checks every point: a geographic input
     *  outside [-180, 180] x [-90, 90], or a point outside the area of use
     *  of the source or the target CRS (PROJ's bounding box, degrees), fails
     *  with DEMARC_ERR_RANGE naming the point and the area; 0: no check. */
    int check_range;
} demarc_transform_options;

#define DEMARC_TRANSFORM_OPTIONS_VERSION 2
#define DEMARC_TRANSFORM_OPTIONS_INIT                                          \
    {DEMARC_TRANSFORM_OPTIONS_VERSION, NULL, 0, 0, 0, 0, 0, 0}

/**
 * Create a transformation from `from_crs` to `to_crs` (an EPSG code such as
 * "EPSG:4284", WKT, PROJJSON, a PROJ string, or the name of a catalogued
 * CRS, case, blanks and punctuation aside: "WGS84" is "WGS 84", while "foo"
 * is DEMARC_ERR_CRS, not the CRS whose name PROJ finds closest).
 * Geographic CRSs take and give longitude first, latitude second, degrees, whatever the CRS's
 * official axis order; projected ones easting first (EPSG:28411's
 * northing/easting included).  DEMARC_ERR_CRS names the CRS PROJ did not
 * accept.
 *
 * ONE operation is chosen here and used for every point (PROJ's
 * proj_create_crs_to_crs would switch per point, e.g. to EPSG:5044 near
 * 56 E because that point lies in Russia's bounding box: 2.5 m apart).
 * The candidates are PROJ's (proj_create_operations) for the area of use,
 * first those valid over the whole area (strict containment), else those
 * intersecting it; the first instantiable one (grids present) is taken,
 * i.e. PROJ's most relevant and accurate.  For SK-42 -> WGS 84 over the
 * KZ-UZ extent that is EPSG:15865, Pulkovo 1942 to WGS 84 (16), 4.5 m
 * (`projinfo -s EPSG:4284 -t EPSG:4326 --bbox 55.9,37.1,71.0,45.6`).
 * PROJ's ballpark operations are skipped unless opts->allow_ballpark.
 * opts->operation forces one: "AUTH:CODE" of a catalogued operation,
 * which must join exactly these two CRSs, in either direction (it is then
 * inverted: EPSG:15865, SK-42 -> WGS 84, serves WGS 84 -> SK-42 too; else
 * DEMARC_ERR_CRS), or a PROJ
 * string / pipeline, used exactly as written (its own axis order and
 * units; from_crs and to_crs then only label messages).
 *
 * The transformation holds PROJ objects of ctx's PJ_CONTEXT: apply it with
 * that same ctx only (another ctx gets DEMARC_ERR_ARG).  A few ms (PROJ
 * database look-ups): create once, apply many times.
 */
DEMARC_API demarc_status demarc_transform_new(demarc_ctx *ctx, demarc_transform **out,
                                              const char *from_crs, const char *to_crs,
                                              const demarc_transform_options *opts);

/** Free a transformation (NULL is a no-op). */
DEMARC_API void demarc_transform_free(demarc_transform *t);

/**
 * Transform n points in place: x (longitude or easting), y (latitude or
 * northing) and optionally z (height, m; NULL for none, taken as 0), each
 * array read with a stride in BYTES as in proj_trans_generic
 * (sizeof(double) for a packed array).  On failure the status is
 * DEMARC_ERR_CRS and the message names the CRSs, the operation and the
 * 0-based index of the first point that failed (e.g. latitude 95, or a
 * NaN input); points before it are transformed, that one and later ones
 * are left as HUGE_VAL.  ctx must be the one t was created with.  Runs at
 * the speed of proj_trans_generic (tests/bench/bench_transform.c).
 */
DEMARC_API demarc_status demarc_transform_apply(demarc_ctx *ctx, const demarc_transform *t,
                                                size_t n, double *x, size_t x_stride,
                                                double *y, size_t y_stride, double *z,
                                                size_t z_stride);

/**
 * The operation a transformation uses: its name, its code ("EPSG:15865",
 * or "" when it has none) and its accuracy in metres (-1 when unknown).
 * Borrowed from t; outputs may be NULL.
 */
DEMARC_API void demarc_transform_operation(const demarc_transform *t, const char **name,
                                           const char **code, double *accuracy_m);

/**
 * Whether `crs` (EPSG code, WKT, PROJJSON or PROJ string) is geographic
 * (coordinates are longitude, latitude in degrees; 2D or 3D): *geographic
 * is 1 for a geographic CRS, 0 for any other (projected, geocentric, ...).
 * DEMARC_ERR_CRS names a CRS PROJ does not know.  Uses ctx's PROJ context.
 */
DEMARC_API demarc_status demarc_crs_geographic(demarc_ctx *ctx, const char *crs,
                                               int *geographic);

/* ------------------------------------------------------------------ */
/* Zones, grid factors and the border in a grid                        */
/* ------------------------------------------------------------------ */

/** A map-grid zone holding a point.  Plain data, caller-owned. */
typedef struct demarc_zone {
    int zone;                   /**< zone number: UTM 1-60, Gauss-Krueger 1-60 */
    int north;                  /**< 1: northern hemisphere (UTM), always 1 for GK */
    double central_meridian_deg;/**< central meridian, degrees east in [-180, 180) */
    int epsg;                   /**< EPSG code of the grid's projected CRS: WGS 84 / UTM
                                     326zz or 327zz; Pulkovo 1942 (SK-42) / Gauss-Krueger
                                     28400 + zone for zones 2-32, else 0 (none in EPSG) */
    char crs[24];               /**< "EPSG:32641", "" when epsg is 0 */
} demarc_zone;

/**
 * UTM zone of a WGS 84 point (lon, lat degrees, lon first): zone =
 * floor((lon + 180) / 6) + 1, with the Norway (32V) and Svalbard (31X-37X)
 * exceptions; central meridian 6 * zone - 183.  The KZ-UZ border lies in
 * zones 40N-42N.  DEMARC_ERR_RANGE for a non-finite point, |lat| > 90,
 * |lon| > 180, or a latitude outside UTM's -80..84.  Pure function;
 * ctx is only used for the message (NULL: DEMARC_ERR_ARG, as for every call).
 */
DEMARC_API demarc_status demarc_zone_utm(demarc_ctx *ctx, double lon, double lat,
                                         demarc_zone *out);

/**
 * Gauss-Krueger 6-degree zone of a point (SK-42 / Pulkovo 1942 system):
 * zone = floor(lon / 6) + 1 with lon taken in [0, 360), central meridian
 * 6 * zone - 3 (east, brought into [-180, 180)); EPSG 28400 + zone (zones
 * 2-32 exist in EPSG, with false easting zone * 1e6 + 500 000 m).  The
 * KZ-UZ border lies in zones 10-12 (EPSG:28410-28412).  `lat` is only
 * range-checked.  DEMARC_ERR_RANGE as for demarc_zone_utm (any latitude).
 */
DEMARC_API demarc_status demarc_zone_gk(demarc_ctx *ctx, double lon, double lat,
                                        demarc_zone *out);

/** Distortion of a projected CRS at a point (PROJ's proj_factors). */
typedef struct demarc_grid_factors {
    double convergence_deg;       /**< meridian (grid) convergence, degrees: angle from
                                       true north to grid north, positive east of the
                                       central meridian in the northern hemisphere for a
                                       transverse Mercator (as `proj -V` prints it) */
    double scale_factor;          /**< point scale factor k (parallel scale); equals the
                                       meridional scale for a conformal projection */
    double meridional_scale;      /**< scale along the meridian, h */
    double parallel_scale;        /**< scale along the parallel, k */
    double areal_scale;           /**< areal scale s = h * k * sin(theta') */
    double angular_distortion_deg;/**< maximum angular distortion omega, degrees */
    double meridian_distortion_ppm;/**< (h - 1) * 1e6: length error along the meridian,
                                       parts per million (mm per km) */
} demarc_grid_factors;

/**
 * Grid convergence, scale factors and distortion of the projected CRS
 * `crs` (EPSG code, WKT, PROJJSON or PROJ string) at the point lon, lat,
 * degrees, longitude first, given in the projected CRS's own geographic
 * base (SK-42 for EPSG:28411; WGS 84 figures differ from SK-42 ones by
 * ~100 m of position, far below any effect on these factors).
 * DEMARC_ERR_CRS when crs is unknown or not projected, DEMARC_ERR_RANGE
 * when the point is out of range or PROJ cannot evaluate there.
 * Creates PROJ objects on ctx's context: one thread per ctx.
 */
DEMARC_API demarc_status demarc_grid_factors_at(demarc_ctx *ctx, const char *crs, double lon,
                                                double lat, demarc_grid_factors *out);

/**
 * The border's signs in the CRS `crs`: writes x0, y0, x1, y1, ... (easting,
 * northing in the CRS's units, or lon, lat degrees for a geographic CRS)
 * into out_xy, which holds room for `capacity` points (at least
 * demarc_border_info.sign_count, else DEMARC_ERR_ARG).  The signs' WGS 84
 * positions (EPSG:4326) are transformed with one operation chosen for the
 * area (opts as for demarc_transform_new; NULL: the border's extent).
 * Heights are not transformed.  On DEMARC_ERR_CRS out_xy is undefined.
 */
DEMARC_API demarc_status demarc_border_project_signs(demarc_ctx *ctx,
                                                     const demarc_border *border,
                                                     const char *crs,
                                                     const demarc_transform_options *opts,
                                                     double *out_xy, size_t capacity);

/**
 * The border line's vertices in the CRS `crs`, as for
 * demarc_border_project_signs (capacity >= demarc_border_info.vertex_count).
 */
DEMARC_API demarc_status demarc_border_project_vertices(demarc_ctx *ctx,
                                                        const demarc_border *border,
                                                        const char *crs,
                                                        const demarc_transform_options *opts,
                                                        double *out_xy, size_t capacity);

#ifdef __cplusplus
}
#endif

#endif /* DEMARC_PROJECT_H */
