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
    /* version 2 */
    /** Densification of the line, metres: geodesic (and rhumb, planar)
     *  edges are written with as many intermediate points as needed for the
     *  straight segments, drawn in the output CRS, to stay within this
     *  distance of the true edge (measured in the output CRS: metres on the
     *  grid, or on the ellipsoid for a geographic CRS).  0: the default,
     *  0.10 m; negative: off (the defining vertices only). */
    double densify_m;
    /** 1: replace an existing OUT even when it is not an export of this
     *  library; 0: such a file or folder is refused with DEMARC_ERR_IO. */
    int force;
} demarc_export_options;

#define DEMARC_EXPORT_OPTIONS_VERSION 2
#define DEMARC_EXPORT_OPTIONS_INIT                                             \
    {DEMARC_EXPORT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, 0.0, 0}

/** Default of demarc_export_options.densify_m, metres. */
#define DEMARC_EXPORT_DENSIFY_DEFAULT_M 0.10

/**
 * Write the border through GDAL as layers `border_line` (one LineString with
 * the metadata of demarc_border_info and its computed length_m; densified,
 * see opts->densify_m), `border_vertices` (the line's defining vertices as
 * points, field `vertex` = 0-based index, and `chainage_m`), `signs`
 * (points, every catalogue field plus the computed line_chainage_m and
 * line_offset_m; lon/lat fields hold the WGS 84 position at full double
 * precision), `territories` (one MultiPolygon per party, fields party and
 * name; absent when the border has none; each ring edge that is an edge of
 * the line carries the line's densification points, so the two layers
 * coincide), `metadata` (no geometry; rows
 * key, value: generator, id, name, parties, declared figures, edge_model,
 * crs, the operation from WGS 84 and its accuracy, densify_m) and, when
 * opts->report is given, `findings` (points; a finding with no place has
 * no geometry).  demarc_border_open reads every such output back as the
 * same border (defining vertices, signs, territories, metadata).
 *
 * GPKG and KML write all layers into the one file OUT.  GeoJSON,
 * FlatGeobuf, Shapefile and CSV hold one layer per file: OUT is then a
 * folder (new, empty, or an earlier export of this library) receiving
 * <layer>.<ext> per layer.  Shapefile field names are cut to 10 characters
 * by fixed short names (e.g. next_azimuth_deg -> next_azim); CSV stores no
 * CRS (the metadata layer's `crs` row names it).  The format comes from
 * opts->format, else OUT's extension; an unknown or missing extension is
 * DEMARC_ERR_ARG.  An existing OUT is replaced only when it is an earlier
 * export of this library or opts->force is set (else DEMARC_ERR_IO); OUT
 * that is a file or folder the border was read from is DEMARC_ERR_ARG.
 *
 * Everything is written under a temporary name beside OUT and renamed on
 * success: on any failure (DEMARC_ERR_ARG unknown format, DEMARC_ERR_CRS
 * unknown or inapplicable CRS, DEMARC_ERR_IO unwritable place,
 * DEMARC_ERR_CANCELLED from the progress callback) nothing is left behind
 * and an existing OUT is untouched.
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
