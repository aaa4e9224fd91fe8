/*
 * demarc.h -- libdemarc, border-demarcation geodata.
 *
 * This header is the specification of the library: every public symbol is
 * declared and documented here (and in the include/demarc/ headers it pulls
 * in), nothing else is exported.
 *
 * Conventions used throughout (read these once):
 *   - Coordinates are WGS 84 longitude, latitude in degrees, LONGITUDE FIRST,
 *     everywhere, unless a function says otherwise.  Longitudes in
 *     [-180, 180], latitudes in [-90, 90].
 *   - Lengths and distances are metres on the WGS 84 ellipsoid
 *     (a = 6378137 m, f = 1/298.257223563).  Azimuths are degrees clockwise
 *     from true north, in [0, 360).
 *   - Chainage is the length along the border line from its first vertex
 *     (the western tripoint for the embedded border), in metres.
 *   - Every call that can fail returns a demarc_status; DEMARC_OK is 0.  The
 *     detail is a message on the context (demarc_ctx_errmsg), owned by the
 *     library and valid until the next call on that context.
 *   - `T **out` arguments come first after the context; the caller owns what
 *     they receive and frees it with demarc_T_free (NULL is a no-op).  A
 *     returned `const T *` is borrowed from its parent object.
 *   - Threads: one demarc_ctx per thread.  A demarc_border is immutable once
 *     opened and may be queried from many threads at once, each with its own
 *     context.  The library keeps no mutable global state.
 *   - Options structs start with `unsigned int version`; initialise them with
 *     their *_INIT macro.  A zero field means "the default"; passing NULL
 *     means "all defaults".  Fields are only ever appended.
 */
#ifndef DEMARC_H
#define DEMARC_H

#include <stddef.h>

#include "demarc/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Versions                                                            */
/* ------------------------------------------------------------------ */

#define DEMARC_VERSION_MAJOR 0
#define DEMARC_VERSION_MINOR 1
#define DEMARC_VERSION_PATCH 0
#define DEMARC_VERSION_STRING "0.1.0"
/** MAJOR * 10000 + MINOR * 100 + PATCH, for compile-time comparisons. */
#define DEMARC_VERSION_NUMBER                                                  \
    (DEMARC_VERSION_MAJOR * 10000 + DEMARC_VERSION_MINOR * 100 +               \
     DEMARC_VERSION_PATCH)

/** Run-time version string of the linked library, e.g. "0.1.0". */
DEMARC_API const char *demarc_version(void);
/** Run-time twin of DEMARC_VERSION_NUMBER. */
DEMARC_API int demarc_version_number(void);

/* ------------------------------------------------------------------ */
/* Status codes and contexts                                           */
/* ------------------------------------------------------------------ */

/** Result of every call that can fail.  Values are stable (ABI). */
typedef enum demarc_status {
    DEMARC_OK = 0,           /**< success */
    DEMARC_ERR_ARG = 1,      /**< invalid argument (NULL, bad option value) */
    DEMARC_ERR_NOMEM = 2,    /**< out of memory */
    DEMARC_ERR_IO = 3,       /**< a file cannot be opened, read or written */
    DEMARC_ERR_FORMAT = 4,   /**< malformed content: missing column, bad number */
    DEMARC_ERR_RANGE = 5,    /**< a value out of range: NaN, latitude > 90 */
    DEMARC_ERR_NOT_FOUND = 6,/**< unknown sign id, layer or field */
    DEMARC_ERR_GEOMETRY = 7, /**< invalid geometry: disconnected, self-intersecting */
    DEMARC_ERR_EMPTY = 8,    /**< an empty file, layer or geometry */
    DEMARC_ERR_CRS = 9,      /**< unknown CRS or failed transformation */
    DEMARC_ERR_INTERNAL = 10,/**< a dependency failed unexpectedly */
    DEMARC_ERR_CANCELLED = 11 /**< a progress callback asked to stop */
} demarc_status;

/** Static text for a status code ("invalid argument", ...). Never NULL. */
DEMARC_API const char *demarc_status_str(demarc_status status);

/**
 * Progress of a long operation (batch locate, export, validation): called
 * now and then with the fraction done in [0, 1] and a short stage name.
 * Return 0 to go on, non-zero to stop: the operation then fails with
 * DEMARC_ERR_CANCELLED and leaves nothing half-written.  Called on the
 * calling thread only.
 */
typedef int (*demarc_progress_fn)(void *userdata, double fraction, const char *stage);

/** A per-thread context: error state and handles to PROJ and GEOS. */
typedef struct demarc_ctx demarc_ctx;

/** Create a context.  *out is NULL on failure (only DEMARC_ERR_NOMEM). */
DEMARC_API demarc_status demarc_ctx_new(demarc_ctx **out);
/** Free a context (NULL is a no-op).  Objects opened with it stay valid. */
DEMARC_API void demarc_ctx_free(demarc_ctx *ctx);
/** Message of the last failed call on ctx ("" when none).  Owned by ctx. */
DEMARC_API const char *demarc_ctx_errmsg(const demarc_ctx *ctx);
/** Status of the last failed call on ctx (DEMARC_OK when none). */
DEMARC_API demarc_status demarc_ctx_errcode(const demarc_ctx *ctx);

/* ------------------------------------------------------------------ */
/* The border model                                                    */
/* ------------------------------------------------------------------ */

/**
 * How the line between two consecutive vertices is interpreted.  Every
 * routine (lengths, distances, point-in-territory) honours the choice.
 */
typedef enum demarc_edge_model {
    DEMARC_EDGE_GEODESIC = 0, /**< shortest path on WGS 84 (default; Karney 2013) */
    DEMARC_EDGE_RHUMB = 1,    /**< loxodrome: constant azimuth on WGS 84 */
    DEMARC_EDGE_PLANAR = 2    /**< straight in the longitude/latitude plane */
} demarc_edge_model;

/** Name of an edge model: "geodesic", "rhumb", "planar"; NULL if unknown. */
DEMARC_API const char *demarc_edge_model_name(demarc_edge_model model);

/** An opened border: line, signs, territories, metadata.  Immutable. */
typedef struct demarc_border demarc_border;

/** What a border says about itself (border.json). Borrowed from the border. */
typedef struct demarc_border_info {
    const char *id;            /**< short id, e.g. "kz-uz" */
    const char *name;          /**< human name, UTF-8 */
    const char *left_party;    /**< party on the left walking first->last vertex, e.g. "KZ" */
    const char *right_party;   /**< party on the right, e.g. "UZ" */
    const char *left_name;     /**< e.g. "Kazakhstan" ("" when unknown) */
    const char *right_name;    /**< e.g. "Uzbekistan" ("" when unknown) */
    double declared_length_m;  /**< length declared by the treaty, m; NaN if unknown */
    long declared_signs;       /**< number of signs declared; -1 if unknown */
    const char *demarcation_finalised; /**< ISO date or "" */
    const char *agreement_signed;      /**< ISO date or "" */
    const char *agreement_place;       /**< or "" */
    int inspection_interval_years;     /**< 0 if unknown */
    int signs_modelled;        /**< 1 if the catalogue is modelled, not official */
    const char *source;        /**< where the geometry comes from */
    const char *licence;       /**< SPDX-style id of the data licence */
    const char *attribution;   /**< attribution line the licence requires */
    demarc_edge_model edge_model; /**< the model this border was opened with */
    size_t vertex_count;       /**< vertices of the line */
    size_t sign_count;         /**< rows of the catalogue, physical or not */
    size_t physical_sign_count;/**< signs of kind other than DEMARC_SIGN_POINT */
    size_t territory_count;    /**< 0 or 2 (left and right party) */
    /** CRS of the file the line was read from, as the file names it
     *  (e.g. "EPSG:32641"; "" for WGS 84 or the embedded border). */
    const char *crs;
    /** Operation that brought it to WGS 84 (name, and code when it has one,
     *  e.g. "Pulkovo 1942 to WGS 84 (16) (EPSG:15865)"); "" when none. */
    const char *operation;
} demarc_border_info;

/** Options for opening a border. */
typedef struct demarc_open_options {
    unsigned int version;        /**< DEMARC_OPEN_OPTIONS_VERSION */
    demarc_edge_model edge_model;/**< 0: geodesic */
    const char *signs_path;      /**< catalogue file; NULL: DIR/signs.csv or none */
    const char *territories_path;/**< polygons with field `party`;
                                      NULL: DIR/territories.geojson or none */
    const char *metadata_path;   /**< border.json; NULL: DIR/border.json or none */
    /* version 2 */
    /** 1: open with the edge model the border declares (the `edge_model`
     *  of its metadata table or border.json: "geodesic", "rhumb",
     *  "planar"; another value is DEMARC_ERR_FORMAT), edge_model applying
     *  only when it declares none; 0: edge_model, whatever is declared. */
    int declared_edge_model;
} demarc_open_options;

#define DEMARC_OPEN_OPTIONS_VERSION 2
#define DEMARC_OPEN_OPTIONS_INIT \
    {DEMARC_OPEN_OPTIONS_VERSION, DEMARC_EDGE_GEODESIC, NULL, NULL, NULL, 0}

/**
 * Open the embedded Kazakhstan-Uzbekistan border (compiled into the
 * library, no file needed).  opts may be NULL; only edge_model is used.
 * Takes about a millisecond (see tests/bench/bench_open.c).
 */
DEMARC_API demarc_status demarc_border_open_default(demarc_ctx *ctx,
                                                    demarc_border **out,
                                                    const demarc_open_options *opts);

/**
 * Open a border from files through GDAL/OGR (GeoJSON, GeoPackage,
 * Shapefile, KML, FlatGeobuf, CSV: any vector format GDAL reads).
 *
 * `path` is either a directory holding border.geojson, signs.csv,
 * territories.geojson and border.json (the layout of data/kz-uz/; other
 * formats are found by stem: border.gpkg, signs.fgb, territories.shp, ...
 * looked for as geojson, gpkg, fgb, shp, kml, gml, csv in that order), or
 * the line file itself: the first layer's single LineString (or a
 * MultiLineString whose parts join end to start) in WGS 84.  The signs,
 * territories and metadata files are optional; opts names them
 * explicitly.  A file with several layers (an export of
 * demarc_border_export: GeoPackage, KML) is read by layer name:
 * border_line (or border), border_vertices, signs, territories, metadata;
 * a folder export by file stem (border_line.fgb, signs.fgb, ...).  A file
 * of several layers none of which is named so is DEMARC_ERR_FORMAT, and
 * the message lists its layers.  The `metadata` layer (rows key, value)
 * or border.json gives the metadata; a `border_vertices` layer gives the
 * defining vertices of a densified line (each must be a vertex of the
 * line, in order, else DEMARC_ERR_GEOMETRY).  A layer in another CRS is
 * brought to WGS 84 with ONE operation chosen for the whole border area
 * (the rule of demarc_transform_new; the operation the metadata names
 * when it has a code; inverted exactly, so a written point reads back to
 * 1e-12 degrees), never per point; a layer without a CRS is WGS 84, or
 * the CRS the metadata names.  A sign with both lon/lat fields and a point
 * geometry must have them agree within 1 mm (else DEMARC_ERR_FORMAT: one
 * was edited alone).  The catalogue schema is that of data/kz-uz/signs.csv
 * (columns id, seq, kind, lon, lat, h_m, chainage_m, next_dist_m,
 * next_azimuth_deg, segment, provenance; from a point layer lon/lat may come
 * from the geometry).  Errors name the file, the row and the field; "row N"
 * is the N-th feature (data row) of the layer, so line N + 1 of a CSV file
 * with its header line.  GDAL's own messages are captured into the
 * context, never printed.
 *
 * Paths may be GDAL virtual file system paths (/vsizip/borders.zip/kz-uz,
 * /vsimem/..., /vsicurl/...).  GDAL drivers: if the application has
 * registered none, the library registers all (GDALAllRegister) once; if it
 * has registered some, its choice stands and only those formats are read.
 */
DEMARC_API demarc_status demarc_border_open(demarc_ctx *ctx, demarc_border **out,
                                            const char *path,
                                            const demarc_open_options *opts);

/** Free a border (NULL is a no-op).  No other thread may still use it. */
DEMARC_API void demarc_border_free(demarc_border *border);

/** The border's metadata and counts.  Never NULL for a valid border. */
DEMARC_API const demarc_border_info *demarc_border_info_get(const demarc_border *border);

/**
 * The line's vertices as an interleaved array lon0, lat0, lon1, lat1, ...
 * (degrees, 2 * vertex_count doubles), borrowed from the border.
 */
DEMARC_API const double *demarc_border_vertices(const demarc_border *border,
                                                size_t *count);

/** Kind of a catalogue entry. */
typedef enum demarc_sign_kind {
    DEMARC_SIGN_TRIPOINT = 0,     /**< junction with a third state */
    DEMARC_SIGN_MAIN = 1,         /**< main sign, at a turning point */
    DEMARC_SIGN_INTERMEDIATE = 2, /**< intermediate sign on a straight stretch */
    DEMARC_SIGN_POINT = 3         /**< boundary point with no physical sign */
} demarc_sign_kind;

/** How the line runs from a sign to the next one. */
typedef enum demarc_segment_kind {
    DEMARC_SEGMENT_NONE = 0,     /**< last sign: no next one */
    DEMARC_SEGMENT_STRAIGHT = 1, /**< one edge (geodesic by default) */
    DEMARC_SEGMENT_NATURAL = 2   /**< follows a natural feature through vertices */
} demarc_segment_kind;

/** Name of a sign kind: "tripoint", "main", "intermediate", "point" (the
 *  catalogue's `kind` values); NULL if unknown. */
DEMARC_API const char *demarc_sign_kind_name(demarc_sign_kind kind);

/** Name of a segment kind: "straight", "natural" (the catalogue's `segment`
 *  values), "" for DEMARC_SEGMENT_NONE; NULL if unknown. */
DEMARC_API const char *demarc_segment_kind_name(demarc_segment_kind kind);

/** One row of the sign catalogue.  Borrowed from the border. */
typedef struct demarc_sign {
    const char *id;          /**< e.g. "17" or "17A", unique */
    long seq;                /**< order in the catalogue, from 1 */
    demarc_sign_kind kind;   /**< tripoint, main, intermediate or boundary point */
    double lon;              /**< longitude, WGS 84 degrees */
    double lat;              /**< latitude, WGS 84 degrees */
    double h_m;              /**< height, m; NaN when not given */
    double chainage_m;       /**< declared chainage, m (NaN when not given) */
    double next_dist_m;      /**< declared length along the line to the next sign, m; NaN if none */
    double next_azimuth_deg; /**< declared azimuth of the geodesic to the next sign; NaN if none */
    demarc_segment_kind segment; /**< declared run of the line to the next sign */
    const char *provenance;  /**< e.g. "modelled", "surveyed" ("" when not given) */
    double line_chainage_m;  /**< chainage of the sign's foot on the line, computed, m */
    double line_offset_m;    /**< distance of the sign from the line, computed, m */
} demarc_sign;

/** The i-th sign in catalogue order (0-based); NULL when i is out of range. */
DEMARC_API const demarc_sign *demarc_border_sign(const demarc_border *border, size_t i);

/**
 * Find a sign by its id.  On success *index is its 0-based index.
 * DEMARC_ERR_NOT_FOUND (message names the id) when there is none.
 */
DEMARC_API demarc_status demarc_sign_find(demarc_ctx *ctx, const demarc_border *border,
                                          const char *id, size_t *index);

/**
 * One party's territory: polygons stored as closed rings of lon/lat points
 * (last point == first).  Rings of a polygon are consecutive, its shell
 * first, then its holes.  Borrowed from the border.
 */
typedef struct demarc_territory {
    const char *party;           /**< e.g. "KZ" */
    const char *name;            /**< e.g. "Kazakhstan" ("" when unknown) */
    size_t polygon_count;        /**< polygons (a state with enclaves has several) */
    size_t ring_count;           /**< rings of all polygons */
    const size_t *ring_start;    /**< ring_count + 1 offsets into points, in points */
    const size_t *ring_polygon;  /**< polygon index of each ring */
    const unsigned char *ring_is_hole; /**< 1 for a hole, 0 for a shell */
    size_t point_count;          /**< points of all rings */
    const double *points;        /**< lon, lat interleaved, degrees */
} demarc_territory;

/** The i-th territory (0-based, i < territory_count); NULL when out of range. */
DEMARC_API const demarc_territory *demarc_border_territory(const demarc_border *border,
                                                           size_t i);

/* ------------------------------------------------------------------ */
/* Lengths (Karney's geodesics through PROJ; rhumb and planar edges    */
/* when the border was opened with those models)                       */
/* ------------------------------------------------------------------ */

/** Length of the whole line, m, under the border's edge model. */
DEMARC_API demarc_status demarc_border_length(demarc_ctx *ctx, const demarc_border *border,
                                              double *length_m);

/**
 * Length along the line between two signs given by id, m: the difference of
 * the chainages of their feet on the line.  Negative when `to` lies before
 * `from`.  DEMARC_ERR_NOT_FOUND names an unknown id.
 */
DEMARC_API demarc_status demarc_length_between(demarc_ctx *ctx, const demarc_border *border,
                                               const char *from_id, const char *to_id,
                                               double *length_m);

/**
 * Computed values for the run from sign i to sign i + 1 (0-based i <
 * sign_count - 1): its length along the line, m, and the azimuth of the
 * geodesic from sign i to sign i + 1, degrees in [0, 360) (always the
 * geodesic azimuth, whatever the edge model).  Either output may be NULL.
 */
DEMARC_API demarc_status demarc_sign_segment(demarc_ctx *ctx, const demarc_border *border,
                                             size_t i, double *length_m,
                                             double *azimuth_deg);

/** Tolerances for demarc_length_check; 0 means the default, a negative
 *  value is rejected with DEMARC_ERR_ARG. */
typedef struct demarc_length_options {
    unsigned int version;          /**< DEMARC_LENGTH_OPTIONS_VERSION */
    double total_tolerance_rel;    /**< computed vs declared total; 0: 0.005 (0.5 %) */
    double segment_tolerance_m;    /**< declared next_dist_m vs computed; 0: 1.0 m */
    double azimuth_tolerance_deg;  /**< declared next_azimuth_deg vs computed; 0: 0.01 deg */
    double closure_tolerance_m;    /**< sum of segments vs total; 0: 0.001 m */
} demarc_length_options;

#define DEMARC_LENGTH_OPTIONS_VERSION 1
#define DEMARC_LENGTH_OPTIONS_INIT {DEMARC_LENGTH_OPTIONS_VERSION, 0.0, 0.0, 0.0, 0.0}

/** Result of demarc_length_check.  Plain data, caller-owned. */
typedef struct demarc_length_report {
    double computed_m;        /**< length of the line, m */
    double declared_m;        /**< declared length, m (NaN when unknown) */
    double deviation_m;       /**< computed - declared, m */
    double deviation_rel;     /**< (computed - declared) / declared */
    double tolerance_rel;     /**< the tolerance applied */
    int total_ok;             /**< 1 when |deviation_rel| <= tolerance (or nothing declared) */
    double declared_sum_m;    /**< sum of the declared next_dist_m, m (NaN if any is missing) */
    double closure_m;         /**< declared_sum_m - computed length from first to last sign, m */
    double uncovered_m;       /**< line length before the first and after the last sign, m */
    int closure_ok;           /**< 1 when |closure_m| (if known) and uncovered_m are within
                                   tolerance */
    size_t segments_checked;  /**< sign-to-sign runs with a declared next_dist_m */
    size_t segment_mismatches;/**< runs whose declared length is off by more than tolerance */
    size_t worst_segment;     /**< index of the sign starting the worst run */
    double worst_segment_m;   /**< its declared - computed, m */
    size_t azimuths_checked;  /**< runs with a declared azimuth */
    size_t azimuth_mismatches;/**< runs whose declared azimuth is off by more than tolerance */
    size_t worst_azimuth;     /**< index of the sign starting the worst azimuth */
    double worst_azimuth_deg; /**< its declared - computed, degrees in (-180, 180] */
    int ok;                   /**< 1 when total, closure, segments and azimuths all pass */
} demarc_length_report;

/**
 * Compare the computed lengths of a border with its declared figures:
 * total vs declared, every declared next_dist_m and next_azimuth_deg vs
 * computed, and closure (sign-to-sign runs sum to the total).  opts may be
 * NULL.  Returns DEMARC_OK when the check ran (read report->ok for the
 * verdict).
 */
DEMARC_API demarc_status demarc_length_check(demarc_ctx *ctx, const demarc_border *border,
                                             const demarc_length_options *opts,
                                             demarc_length_report *report);

#ifdef __cplusplus
}
#endif

/* The concerns that build on the border model, one header each. */
#include "demarc/project.h"  /* coordinate transformations (PROJ) */
#include "demarc/locate.h"   /* point in territory, distance, chainage */
#include "demarc/validate.h" /* catalogue validation, joint inspection */
#include "demarc/io.h"       /* export through GDAL */

#endif /* DEMARC_H */
