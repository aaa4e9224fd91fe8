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
    /** Area of use, degrees (west, south, east, north); all 0: the embedded
     *  border's extent, 55.9-71.0 E, 37.1-45.6 N, both parties' territory. */
    double west, south, east, north;
} demarc_transform_options;

#define DEMARC_TRANSFORM_OPTIONS_VERSION 1
#define DEMARC_TRANSFORM_OPTIONS_INIT {DEMARC_TRANSFORM_OPTIONS_VERSION, NULL, 0, 0, 0, 0}

/**
 * Create a transformation from `from_crs` to `to_crs` (an EPSG code such as
 * "EPSG:4284", WKT, PROJJSON or a PROJ string).  Geographic CRSs take and
 * give longitude first, latitude second, degrees, whatever the CRS's
 * official axis order.  DEMARC_ERR_CRS names the CRS PROJ did not accept.
 */
DEMARC_API demarc_status demarc_transform_new(demarc_ctx *ctx, demarc_transform **out,
                                              const char *from_crs, const char *to_crs,
                                              const demarc_transform_options *opts);

/** Free a transformation (NULL is a no-op). */
DEMARC_API void demarc_transform_free(demarc_transform *t);

/**
 * Transform n points in place: x (longitude or easting), y (latitude or
 * northing) and optionally z (height, m; NULL for none), each array read
 * with a stride in BYTES as in proj_trans_generic (sizeof(double) for a
 * packed array).  On failure the status is DEMARC_ERR_CRS and the message
 * names the CRSs and the index of the first point that failed; points
 * before it are transformed, that one and later ones are left as HUGE_VAL.
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

#ifdef __cplusplus
}
#endif

#endif /* DEMARC_PROJECT_H */
