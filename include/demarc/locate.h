/* demarc/locate.h -- which state is a point in, how far from the line,
 * where along it, which sign is nearest (issue 5).
 * Included by demarc.h; do not include directly. */
#ifndef DEMARC_LOCATE_H
#define DEMARC_LOCATE_H

#ifdef __cplusplus
extern "C" {
#endif

/** Where a point is relative to a border. */
typedef struct demarc_location {
    int party;              /**< territory index: 0 left party, 1 right, -1 outside both */
    const char *party_code; /**< "KZ", "UZ" or "" (borrowed from the border) */
    int on_border;          /**< 1 when distance_m <= the on-border tolerance */
    double distance_m;      /**< geodesic distance to the line, m */
    double foot_lon;        /**< nearest point of the line: longitude, degrees */
    double foot_lat;        /**< nearest point of the line: latitude, degrees */
    double chainage_m;      /**< chainage of that point, m */
    size_t edge;            /**< index of the edge (vertex i to i + 1) it lies on */
    size_t nearest_sign;    /**< index of the nearest sign (SIZE_MAX when none) */
    double nearest_sign_m;  /**< geodesic distance to it, m */
} demarc_location;

/** Options for demarc_locate. */
typedef struct demarc_locate_options {
    unsigned int version;       /**< DEMARC_LOCATE_OPTIONS_VERSION */
    double on_border_tolerance_m; /**< 0: 0.01 m */
    unsigned int flags;         /**< DEMARC_LOCATE_* bits */
    /** demarc_locate_batch only: called on the calling thread about every
     *  65,536 points with the fraction done (stage "locate"); NULL: none. */
    demarc_progress_fn progress;
    void *progress_userdata;    /**< passed to progress, not touched */
} demarc_locate_options;

#define DEMARC_LOCATE_OPTIONS_VERSION 1
#define DEMARC_LOCATE_OPTIONS_INIT {DEMARC_LOCATE_OPTIONS_VERSION, 0.0, 0u, NULL, NULL}
/** Only the party: distance, foot, chainage and sign are left NaN/SIZE_MAX. */
#define DEMARC_LOCATE_PARTY_ONLY 1u

/**
 * Locate one point (WGS 84 lon, lat degrees) against a border, honouring the
 * border's edge model for both the territory test and the distance.
 * Thread-safe on a shared border (one ctx per thread).  opts may be NULL.
 *
 * party: within a few hundred metres of the line (more than the largest
 * gap between any edge under the border's model and its straight lon/lat
 * chord, see lib/locate_index.c) a point inside either territory polygon
 * goes to the side of the line under the edge model (left of the line
 * walking first->last vertex: territory 0, right: 1); farther away the
 * territory polygons (lon/lat rings, straight edges as GEOS reads them)
 * decide.  Without territories party is always -1.
 *
 * A point ON the line -- within 1 micrometre of it, every vertex and both
 * tripoints included -- has no side; by the library's one rule it is given
 * to the left party (territory 0, e.g. KZ for the embedded border), in
 * every call (demarc_locate, _batch, demarc_party_batch) and so in every
 * output of the demarc command.  on_border (distance within the on-border
 * tolerance, 1 cm by default) tells the caller it lies on the border; a
 * tripoint also touches a third state, which the library does not know.
 *
 * distance_m: geodesic distance on WGS 84 to the nearest point of the line
 * (Karney 2013 sec. 8, gnomonic intercept for geodesic edges), good to
 * better than 1 mm up to 1,000 km from the line (tests/check_locate.c);
 * foot_lon/foot_lat, chainage_m and edge describe that point; a point on a
 * vertex reports the edge starting there (the last edge for the last
 * vertex).  nearest_sign is the sign whose geodesic distance from the point
 * is smallest (chosen on a conformal sphere, the distance then exact).
 *
 * With DEMARC_LOCATE_PARTY_ONLY only party and party_code are filled
 * (on_border 0, numbers NaN, indices SIZE_MAX).
 *
 * Errors: DEMARC_ERR_ARG (NULL ctx/border/out, negative tolerance, unknown
 * option version), DEMARC_ERR_RANGE (lon/lat not finite or out of range).
 */
DEMARC_API demarc_status demarc_locate(demarc_ctx *ctx, const demarc_border *border, double lon,
                                       double lat, const demarc_locate_options *opts,
                                       demarc_location *out);

/**
 * Locate n points given in caller arrays with byte strides (like PROJ's
 * proj_trans_generic): point k is at *(const double *)((const char *)lon +
 * k * lon_stride_bytes), likewise lat, and its result is written to
 * *(demarc_location *)((char *)out + k * out_stride_bytes).  A stride of 0
 * means "packed": sizeof(double) for the inputs, sizeof(demarc_location) for
 * out.  Same semantics per point as demarc_locate; the arrays are not kept.
 *
 * Errors: DEMARC_ERR_ARG for NULL arguments; DEMARC_ERR_RANGE when a point
 * is not finite or out of range (the message names its index k; results
 * before k are written, k and later are not); DEMARC_ERR_CANCELLED when
 * opts->progress returns non-zero.
 *
 * Thread-safe: many threads may run batches on one shared border, each
 * with its own ctx (split the arrays between them).
 */
DEMARC_API demarc_status demarc_locate_batch(demarc_ctx *ctx, const demarc_border *border,
                                             size_t n, const double *lon,
                                             size_t lon_stride_bytes, const double *lat,
                                             size_t lat_stride_bytes,
                                             const demarc_locate_options *opts,
                                             demarc_location *out, size_t out_stride_bytes);

/**
 * The party only, for n points: party[k] = 0 (left party), 1 (right party)
 * or -1 (outside both), decided exactly as demarc_locate decides it.  The
 * lean form of demarc_locate_batch with DEMARC_LOCATE_PARTY_ONLY, for
 * classifying many points: it writes one int per point instead of a
 * demarc_location.  Strides in bytes (0: packed).  A point that is not
 * finite or out of range stops the call with DEMARC_ERR_RANGE naming its
 * index (earlier points are written).  Thread-safe on a shared border.
 */
DEMARC_API demarc_status demarc_party_batch(demarc_ctx *ctx, const demarc_border *border,
                                            size_t n, const double *lon,
                                            size_t lon_stride_bytes, const double *lat,
                                            size_t lat_stride_bytes, int *party,
                                            size_t party_stride_bytes);

/** Options of demarc_locate_file. */
typedef struct demarc_locate_file_options {
    unsigned int version;         /**< DEMARC_LOCATE_FILE_OPTIONS_VERSION */
    const char *layer;            /**< input layer; NULL: the only one (several: an error) */
    const char *format;           /**< GDAL driver of the output ("GPKG", "GeoJSON", "CSV",
                                       "FlatGeobuf", "KML", "ESRI Shapefile"); NULL: from
                                       the output's extension */
    double on_border_tolerance_m; /**< as demarc_locate_options; 0: 0.01 m */
    unsigned int flags;           /**< DEMARC_LOCATE_FILE_* bits */
} demarc_locate_file_options;

#define DEMARC_LOCATE_FILE_OPTIONS_VERSION 1
#define DEMARC_LOCATE_FILE_OPTIONS_INIT {DEMARC_LOCATE_FILE_OPTIONS_VERSION, NULL, NULL, 0.0, 0u}
/** Replace an existing output file (else it is DEMARC_ERR_IO, untouched). */
#define DEMARC_LOCATE_FILE_REPLACE 1u

/**
 * Locate every point of a vector file GDAL reads (any point layer, any CRS
 * PROJ knows: brought to WGS 84 with ONE operation for the border area, as
 * demarc_transform_new) and write a copy to `out`: the same features,
 * geometries (in the input's CRS) and fields, plus party (the party code,
 * empty outside both), on_border (0/1), distance_m, chainage_m,
 * nearest_sign and nearest_sign_m, as demarc_locate computes them (the
 * on-line party rule included).  The output is written whole or not at
 * all (a temporary file beside it, renamed into place); `out` equal to
 * `in`, or an existing `out` without DEMARC_LOCATE_FILE_REPLACE, is
 * refused.  *count (may be NULL) receives the number of points.
 *
 * Errors name the file, the layer and the feature: DEMARC_ERR_IO,
 * _FORMAT (not points, a feature without a point, a field that clashes
 * with the added ones, several layers and no opts->layer, an unknown
 * output extension), _NOT_FOUND (opts->layer), _CRS, _RANGE (a point not
 * in lon/lat range), _EMPTY, _ARG (unknown flag bits).
 */
DEMARC_API demarc_status demarc_locate_file(demarc_ctx *ctx, const demarc_border *border,
                                            const char *in, const char *out,
                                            const demarc_locate_file_options *opts,
                                            size_t *count);

#ifdef __cplusplus
}
#endif

#endif /* DEMARC_LOCATE_H */
