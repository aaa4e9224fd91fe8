/* geojson_internal.h -- a one-pass reader for a border line in GeoJSON
 * (geojson_line.c), ahead of GDAL's two-pass GeoJSON driver. */
#ifndef DEMARC_GEOJSON_INTERNAL_H
#define DEMARC_GEOJSON_INTERNAL_H

#include "demarc.h"

#include <stddef.h>

/* Read the line of the GeoJSON file `path` (any GDAL virtual path) when it
 * is a FeatureCollection of one LineString feature in WGS 84 (no "crs", or
 * OGC CRS84): 1 with *xy (2 * *n lon, lat doubles, demarc__free) and *n
 * (>= 2), the same doubles GDAL's driver gives.  0: not that shape, or not
 * readable; read the file through GDAL (nothing set on ctx).  -1: out of
 * memory, *rc = DEMARC_ERR_NOMEM set on ctx. */
int demarc__geojson_line_read(demarc_ctx *ctx, const char *path, double **xy, size_t *n,
                              demarc_status *rc);

#endif
