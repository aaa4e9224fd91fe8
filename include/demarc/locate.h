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
    double foot_lon, foot_lat; /**< nearest point of the line, degrees */
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
} demarc_locate_options;

#define DEMARC_LOCATE_OPTIONS_VERSION 1
#define DEMARC_LOCATE_OPTIONS_INIT {DEMARC_LOCATE_OPTIONS_VERSION, 0.0, 0u}
/** Only the party: distance, foot, chainage and sign are left NaN/SIZE_MAX. */
#define DEMARC_LOCATE_PARTY_ONLY 1u

/**
 * Locate one point (WGS 84 lon, lat degrees) against a border, honouring the
 * border's edge model for both the territory test and the distance.
 * Thread-safe on a shared border (one ctx per thread).  opts may be NULL.
 */
DEMARC_API demarc_status demarc_locate(demarc_ctx *ctx, const demarc_border *border, double lon,
                                       double lat, const demarc_locate_options *opts,
                                       demarc_location *out);

#ifdef __cplusplus
}
#endif

#endif /* DEMARC_LOCATE_H */
