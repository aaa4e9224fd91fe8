/* geojson_internal.h -- one-pass readers for a border line and its
 * territories in GeoJSON (geojson_read.c), ahead of GDAL's two-pass
 * GeoJSON driver. */
#ifndef DEMARC_GEOJSON_INTERNAL_H
#define DEMARC_GEOJSON_INTERNAL_H

#include "demarc.h"

#include <ogr_api.h>
#include <stddef.h>

/* Read the line of the GeoJSON file `path` (any GDAL virtual path) when it
 * is a FeatureCollection of one LineString feature in WGS 84 (no "crs", or
 * OGC CRS84): 1 with *xy (2 * *n lon, lat doubles, demarc__free) and *n
 * (>= 2), the same doubles GDAL's driver gives.  0: not that shape, or not
 * readable; read the file through GDAL (nothing set on ctx).  -1: out of
 * memory, *rc = DEMARC_ERR_NOMEM set on ctx. */
int demarc__geojson_line_read(demarc_ctx *ctx, const char *path, double **xy, size_t *n,
                              demarc_status *rc);

/* One territory feature: its "party" and "name" properties ("" when there
 * is no name) and its Polygon or MultiPolygon, as GDAL's driver builds it. */
typedef struct demarc_geojson_territory {
    char *party, *name;
    OGRGeometryH geometry;
} demarc_geojson_territory;

/* The features of the territories file `path`, in file order, when it is a
 * FeatureCollection of such features in WGS 84 (no "crs", or OGC CRS84;
 * no heights; every ring closed, >= 4 points): 1 with *out, *n (free them
 * with demarc__geojson_territories_free).  0: anything else, read it
 * through GDAL.  -1: out of memory (*rc, set on ctx). */
int demarc__geojson_territories_read(demarc_ctx *ctx, const char *path,
                                     demarc_geojson_territory **out, size_t *n,
                                     demarc_status *rc);
void demarc__geojson_territories_free(demarc_geojson_territory *t, size_t n);

#endif
