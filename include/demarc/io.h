/* demarc/io.h -- writing a border through GDAL/OGR (issue 4).
 * Included by demarc.h; do not include directly. */
#ifndef DEMARC_IO_H
#define DEMARC_IO_H

#ifdef __cplusplus
extern "C" {
#endif

/** Options for demarc_border_export. */
typedef struct demarc_export_options {
    unsigned int version; /**< DEMARC_EXPORT_OPTIONS_VERSION */
    /**
     * Output format, case-insensitive: "GPKG" (GeoPackage), "GeoJSON"
     * (RFC 7946), "KML", "SHP" (ESRI Shapefile), "FGB" (FlatGeobuf), "CSV"
     * (geometry as WKT); GDAL's driver names "ESRI Shapefile" and
     * "FlatGeobuf" are accepted too.  NULL: from OUT's extension (.gpkg,
     * .geojson/.json, .kml, .fgb, .csv, .shp), else GPKG.
     */
    const char *format;
    /** CRS of the output (EPSG code, WKT, PROJJSON or PROJ string).  NULL:
     *  WGS 84 (EPSG:4326, written longitude first).  GeoJSON (RFC 7946) and
     *  KML are WGS 84 by definition: any other CRS is refused with
     *  DEMARC_ERR_CRS rather than written against the standard. */
    const char *crs;
    /** How WGS 84 is taken into `crs` (area, forced operation); NULL:
     *  defaults of demarc_transform_new. */
    const demarc_transform_options *transform;
    /** When non-NULL, a `findings` point layer (fields code, severity, sign,
     *  value, limit, message) is written from this report. Borrowed. */
    const demarc_report *report;
    /** Called after each layer and every 256 features; NULL for none. */
    demarc_progress_fn progress;
    /** Passed to progress. */
    void *progress_userdata;
} demarc_export_options;

#define DEMARC_EXPORT_OPTIONS_VERSION 1
#define DEMARC_EXPORT_OPTIONS_INIT                                             \
    {DEMARC_EXPORT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL}

/**
 * Write the border through GDAL as layers `border_line` (one LineString with
 * the metadata of demarc_border_info and its computed length_m),
 * `signs` (points, every catalogue field plus the computed line_chainage_m
 * and line_offset_m), `territories` (one MultiPolygon per party, fields
 * party and name; absent when the border has none) and, when
 * opts->report is given, `findings` (points; a finding with no place has
 * no geometry).
 *
 * GPKG and KML write all layers into the one file OUT.  GeoJSON,
 * FlatGeobuf, Shapefile and CSV hold one layer per file: OUT is then a
 * folder (which must not exist, or be empty) receiving <layer>.<ext> per
 * layer.  Shapefile field names are cut to 10 characters by fixed short
 * names (e.g. next_azimuth_deg -> next_azim); CSV stores no CRS.
 *
 * Everything is written under a temporary name beside OUT and renamed on
 * success: on any failure (DEMARC_ERR_ARG unknown format, DEMARC_ERR_CRS
 * unknown or inapplicable CRS, DEMARC_ERR_IO unwritable place,
 * DEMARC_ERR_CANCELLED from the progress callback) nothing is left behind.
 * GDAL's messages go into the context's message, never to stderr.
 * Uses ctx's PROJ context: one thread per ctx; the border is only read.
 */
DEMARC_API demarc_status demarc_border_export(demarc_ctx *ctx, const demarc_border *border,
                                              const char *out,
                                              const demarc_export_options *opts);

#ifdef __cplusplus
}
#endif

#endif /* DEMARC_IO_H */
