/* ogr_internal.h -- shared helpers for reading vector files through
 * GDAL/OGR: opening with errors captured into the context, field lookup by
 * name, and number parsing that names the file, row and field. */
#ifndef DEMARC_OGR_INTERNAL_H
#define DEMARC_OGR_INTERNAL_H

#include "demarc.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

/* Register all GDAL drivers unless some are registered already (then the
 * application has chosen them, and its choice stands). */
void demarc__gdal_register(void);

/* DEMARC_ERR_IO "PATH: cannot open: ..." from errno e, set to 0 before the
 * failed VSIStatL/VSIFOpenL call (virtual file systems leave it 0). */
demarc_status demarc__fail_open(demarc_ctx *ctx, const char *path, int e);

/* Route GDAL's messages (this thread's) into ctx instead of stderr, until
 * the matching pop.  Every public entry point that calls GDAL does this. */
void demarc__ogr_push_errors(demarc_ctx *ctx);
void demarc__ogr_pop_errors(void);

/* Open a vector dataset read-only; path may be any GDAL virtual file
 * system path (/vsizip/, /vsimem/, /vsicurl/ ...).  CSV fields all stay strings.  On failure
 * returns NULL with DEMARC_ERR_IO (missing/unreadable) or DEMARC_ERR_FORMAT (not a vector format
 * GDAL reads) set on ctx, naming the file. */
GDALDatasetH demarc__ogr_open(demarc_ctx *ctx, const char *path, demarc_status *rc);

/* The first layer with at least one feature is not required: the first
 * layer.  DEMARC_ERR_EMPTY when the dataset has no layer. */
OGRLayerH demarc__ogr_first_layer(demarc_ctx *ctx, GDALDatasetH ds, const char *path,
                                  demarc_status *rc);

/* Field index by name (case-insensitive), -1 when absent. */
int demarc__ogr_field(OGRFeatureDefnH defn, const char *name);

/* Parse field `fi` of feature f as a double.  Empty or unset gives NaN
 * when `required` is 0, else DEMARC_ERR_FORMAT.  Text that is not a whole
 * number gives DEMARC_ERR_FORMAT; "nan"/"inf" or a value that is not finite
 * gives DEMARC_ERR_RANGE.  Messages name path, row and field. */
demarc_status demarc__ogr_double(demarc_ctx *ctx, OGRFeatureH f, int fi, const char *path,
                                 long row, const char *field, int required, double *out);

/* A layer's CRS -> WGS 84 lon/lat with ONE operation for the whole border
 * area (the rule of demarc_transform_new, or a forced "AUTH:CODE"), and
 * its forward twin: points are brought back by the exact inverse of the
 * forward operation (fixed-point refinement), so a file written with
 * operation F reads back as what was written, to 1e-12 degrees, even for
 * 2D datum shifts whose PROJ inverse drops the height (~0.4 mm). */
typedef struct demarc_layer_crs {
    demarc_transform *inv, *fwd; /* NULL, NULL: the layer is WGS 84 */
    char label[96];              /* "EPSG:32641", or the CRS name */
    char op[192];                /* operation name (code), "" for none */
} demarc_layer_crs;

/* Make lc for `layer` of `path`.  A layer without a CRS is WGS 84 unless
 * `fallback_crs` (the metadata's "crs"; NULL or "" for none) names one.
 * `op_code` ("EPSG:15865"; NULL or "" for none) forces the operation. */
demarc_status demarc__layer_crs_new(demarc_ctx *ctx, demarc_layer_crs *lc, OGRLayerH layer,
                                    const char *path, const char *fallback_crs,
                                    const char *op_code);
void demarc__layer_crs_free(demarc_layer_crs *lc);

/* Transform n interleaved x, y points of the layer's CRS to lon/lat in
 * place.  DEMARC_ERR_CRS naming `path` and `what` on failure. */
demarc_status demarc__layer_crs_apply(demarc_ctx *ctx, const demarc_layer_crs *lc, size_t n,
                                      double *xy, const char *path, const char *what);

/* The same on every point of an OGR geometry (any type, in place). */
demarc_status demarc__layer_crs_geometry(demarc_ctx *ctx, const demarc_layer_crs *lc,
                                         OGRGeometryH g, const char *path, const char *what);

#endif
