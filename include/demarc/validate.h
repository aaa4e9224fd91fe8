/* demarc/validate.h -- sign catalogue validation and the joint inspection
 * (issue 3).  Included by demarc.h; do not include directly. */
#ifndef DEMARC_VALIDATE_H
#define DEMARC_VALIDATE_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Severity of a finding. */
typedef enum demarc_severity {
    DEMARC_SEVERITY_INFO = 0,
    DEMARC_SEVERITY_WARNING = 1,
    DEMARC_SEVERITY_ERROR = 2
} demarc_severity;

/** One finding of a validation or an inspection.  Borrowed from its report. */
typedef struct demarc_finding {
    const char *code;         /**< stable rule code, e.g. "sign.off_line" */
    demarc_severity severity; /**< info, warning or error */
    const char *sign_id;      /**< the sign concerned ("" for the catalogue as a whole) */
    double lon;               /**< where: WGS 84 longitude, degrees (NaN when not a place) */
    double lat;               /**< where: WGS 84 latitude, degrees (NaN when not a place) */
    double value;             /**< the measured value (unit in the message) */
    double limit;             /**< the limit it was held against */
    const char *message;      /**< human text naming sign, value, limit and unit */
} demarc_finding;

/** A list of findings with a summary; from a validation or an inspection. */
typedef struct demarc_report demarc_report;

/** Free a report (NULL is a no-op). */
DEMARC_API void demarc_report_free(demarc_report *report);
/** Number of findings. */
DEMARC_API size_t demarc_report_count(const demarc_report *report);
/** The i-th finding, NULL when out of range. */
DEMARC_API const demarc_finding *demarc_report_finding(const demarc_report *report, size_t i);

/** Number of findings of a given severity. */
DEMARC_API size_t demarc_report_count_severity(const demarc_report *report,
                                               demarc_severity severity);

/** Name of a severity: "info", "warning", "error" (NULL when unknown). */
DEMARC_API const char *demarc_severity_name(demarc_severity severity);

/**
 * Summary figures of a report, by name (e.g. "signs", "errors",
 * "warnings", "rms_m", "max_m", "moved", "missing", "unknown"): the i-th
 * pair, 0 <= i < demarc_report_stat_count.  Names are borrowed from the
 * report.  Returns 0 when i is out of range.
 */
DEMARC_API size_t demarc_report_stat_count(const demarc_report *report);
DEMARC_API int demarc_report_stat(const demarc_report *report, size_t i, const char **name,
                                  double *value);
/** The summary figure called `name`; NaN when the report has none. */
DEMARC_API double demarc_report_stat_get(const demarc_report *report, const char *name);

/**
 * The coordinate operation used to bring the catalogue (or re-survey) to
 * WGS 84, e.g. "EPSG:15865 Pulkovo 1942 to WGS 84 (16), 4.5 m"; "" when the
 * input was already WGS 84.  One operation serves the whole border area.
 * Borrowed from the report.
 */
DEMARC_API const char *demarc_report_transformation(const demarc_report *report);

/** Per-sign result of a joint inspection (demarc_inspect). Borrowed from the report. */
typedef struct demarc_displacement {
    const char *sign_id;        /**< catalogue id */
    double lon;                 /**< catalogue longitude, WGS 84 degrees */
    double lat;                 /**< catalogue latitude, WGS 84 degrees */
    double new_lon;             /**< re-surveyed longitude, WGS 84 degrees */
    double new_lat;             /**< re-surveyed latitude, WGS 84 degrees */
    double distance_m;          /**< geodesic distance catalogue -> re-survey, m (geod_inverse) */
    double azimuth_deg;         /**< azimuth of that geodesic at the catalogue position, [0, 360) */
    int moved;                  /**< 1 when distance_m exceeds the tolerance */
} demarc_displacement;

/** Number of per-sign displacements (0 for a validation report). */
DEMARC_API size_t demarc_report_displacement_count(const demarc_report *report);
/** The i-th displacement in catalogue order; NULL when out of range. */
DEMARC_API const demarc_displacement *demarc_report_displacement(const demarc_report *report,
                                                                 size_t i);

/** demarc_report_write_json flag: write only the members ("findings": ...,
 *  "summary": ...) without the enclosing braces, to embed them in an object. */
#define DEMARC_REPORT_JSON_MEMBERS 1u

/**
 * Render a report as JSON: an object with "kind" ("validation" or
 * "inspection"), "transformation", "summary" (the stats by name),
 * "findings" (each with "code", "severity", "sign", "lon", "lat", "value",
 * "limit", "message"; non-finite numbers as null) and, for an inspection,
 * "displacements".  Written by json-c, indented by two spaces; numbers at
 * full precision (the shortest text that reads back as the same double)
 * with '.' whatever LC_NUMERIC; valid UTF-8, a byte that is not (a file
 * path quoted in a message) written as U+FFFD.  Ends with a newline unless
 * flags has DEMARC_REPORT_JSON_MEMBERS.  DEMARC_ERR_IO when writing fails.
 */
DEMARC_API demarc_status demarc_report_write_json(demarc_ctx *ctx, const demarc_report *report,
                                                  FILE *f, unsigned int flags);

/** Render a report as human text: one line per finding
 *  ("ERROR sign.off_line [1B]: ..."), then the summary. */
DEMARC_API demarc_status demarc_report_write_text(demarc_ctx *ctx, const demarc_report *report,
                                                  FILE *f);

/**
 * The same renderings into a NUL-terminated buffer the caller frees with
 * free(); json selects JSON (with flags as above) over text.
 */
DEMARC_API demarc_status demarc_report_render(demarc_ctx *ctx, const demarc_report *report,
                                              int json, unsigned int flags, char **out,
                                              size_t *len);

/* ------------------------------------------------------------------ */
/* Sign catalogues                                                     */
/* ------------------------------------------------------------------ */

/**
 * A sign catalogue read leniently: unlike demarc_border_open it keeps
 * duplicate ids, missing or non-finite coordinates, out-of-range values and
 * unknown kinds, so that demarc_catalogue_validate can report them.
 * Immutable once opened; may be read from several threads.
 *
 * Schema (column names case-insensitive; data/kz-uz/signs.csv is an example):
 *   id (required), seq, kind (tripoint|main|intermediate|point), position,
 *   h_m, chainage_m, next_dist_m, next_azimuth_deg, segment
 *   (straight|natural), provenance, side.
 * The position is the layer's point geometry when the layer has geometry
 * (GeoJSON, GeoPackage, ...); else, first found, columns lon/lat; x/y;
 * easting/northing (CSV).  Its CRS is opts->crs if given, else
 * the layer's own, else WGS 84 (x/y and easting/northing columns without
 * any CRS are an error).  Other CRSs are brought to WGS 84 with ONE
 * operation chosen for the whole border area (for Pulkovo 1942, EPSG:4284,
 * and its Gauss-Krueger zones EPSG:28410-28412: EPSG:15865, 4.5 m).
 *
 * `side` records a sign set off the line on purpose (e.g. pillars on either
 * bank of a boundary river): the party code of the territory it stands in
 * ("KZ", "UZ", as in demarc_border_info left_party/right_party) or "left" /
 * "right"; empty means the sign stands on the line.  Such a sign is held to
 * lie in that party's territory (demarc_locate: point in territory under
 * the border's edge model) instead of on the line, and takes no part
 * in the sign-to-sign run checks (next_dist_m, next_azimuth_deg, gaps).
 */
typedef struct demarc_catalogue demarc_catalogue;

/** demarc_catalogue_entry.flags: what was wrong with the position as read. */
#define DEMARC_ENTRY_COORD_MISSING 1u    /**< a coordinate field was empty */
#define DEMARC_ENTRY_COORD_NOT_FINITE 2u /**< "nan", "inf" or similar */
#define DEMARC_ENTRY_COORD_RANGE 4u      /**< out of range or not transformable */
#define DEMARC_ENTRY_KIND_UNKNOWN 8u     /**< kind not one of the four (taken as main) */
/** An optional number (seq, h_m, chainage_m, next_dist_m, next_azimuth_deg)
 *  did not parse or is not finite (taken as not given), or a text field
 *  other than id holds a control character (kept); field_problem says which
 *  field and what was written (validation finding sign.field). */
#define DEMARC_ENTRY_FIELD_BAD 16u

/** One catalogue row.  Borrowed from its catalogue. */
typedef struct demarc_catalogue_entry {
    const char *id;          /**< as written ("" when empty) */
    long seq;                /**< seq column; 0 when absent */
    long row;                /**< 1-based data row (feature) of the file */
    demarc_sign_kind kind;   /**< parsed kind (DEMARC_SIGN_MAIN when unknown: see flags) */
    const char *kind_text;   /**< the kind as written */
    double x;                /**< position as read, first axis of the source CRS
                                  (NaN when missing) */
    double y;                /**< position as read, second axis of the source CRS
                                  (NaN when missing) */
    double lon;              /**< WGS 84 longitude, degrees; NaN when flags has a COORD bit */
    double lat;              /**< WGS 84 latitude, degrees; NaN when flags has a COORD bit */
    double h_m;              /**< height, m; NaN when not given */
    double chainage_m;       /**< declared chainage, m; NaN when not given */
    double next_dist_m;      /**< declared length to the next sign, m; NaN when not given */
    double next_azimuth_deg; /**< declared azimuth to the next sign, degrees; NaN when not given */
    demarc_segment_kind segment; /**< declared run of the line to the next sign */
    const char *provenance;  /**< "" when not given */
    const char *side;        /**< "" on the line, else party code or left/right */
    unsigned int flags;      /**< DEMARC_ENTRY_* bits */
    long line;               /**< line of the file the row starts on (CSV, counting the
                                  header, empty lines and line breaks inside quoted fields);
                                  0 when the format has no lines to name (GeoPackage,
                                  GeoJSON, embedded, a CSV in GDAL's /vsimem/): messages
                                  then say "row N" */
    const char *field_problem; /**< "" or, with DEMARC_ENTRY_FIELD_BAD, the first bad field:
                                    "field 'h_m': '12.5m' is not a number; taken as not
                                    given", or a control character in a text field (kept) */
} demarc_catalogue_entry;

/** Options for demarc_catalogue_open.  Version 1 structs (crs only) are
 *  still accepted. */
typedef struct demarc_catalogue_options {
    unsigned int version; /**< DEMARC_CATALOGUE_OPTIONS_VERSION */
    const char *crs;      /**< CRS of the positions ("EPSG:4284", WKT, PROJ); NULL: the layer's */
    /** Version 2: the layer to read; NULL: the only layer, else the layer
     *  named "signs" (what demarc_border_export writes); else the file is
     *  ambiguous: DEMARC_ERR_FORMAT listing its layers. */
    const char *layer;
    /** Version 2: the columns holding the position, "lon,lat", "x,y" or
     *  "easting,northing"; NULL: the one pair the file has (a file with two
     *  pairs is DEMARC_ERR_FORMAT: say which). Ignored for layers with a
     *  point geometry. */
    const char *position;
    /** Version 2: force the operation to WGS 84 (as
     *  demarc_transform_options.operation, e.g. "EPSG:15865"); NULL: ONE
     *  operation chosen for the border area. */
    const char *operation;
} demarc_catalogue_options;

#define DEMARC_CATALOGUE_OPTIONS_VERSION 2
#define DEMARC_CATALOGUE_OPTIONS_INIT {DEMARC_CATALOGUE_OPTIONS_VERSION, NULL, NULL, NULL, NULL}

/**
 * Open a catalogue file through GDAL (CSV, GeoJSON, GeoPackage, ...; the
 * layer as opts->layer says).  A directory is read only as a border folder
 * (border.* beside signs.*, as demarc_border_open finds them): its signs
 * file; any other directory is DEMARC_ERR_FORMAT.  Errors name the file, the line (CSV) or row
 * and the field: DEMARC_ERR_IO (cannot read), _FORMAT (a directory that is
 * not a border folder, no id
 * column, no position, two position pairs and no opts->position, an
 * ambiguous multi-layer file, a coordinate that does not parse, a text field
 * with invalid UTF-8 or a control character), _NOT_FOUND (opts->layer
 * absent), _CRS (unknown CRS; lon/lat columns with a projected CRS), _EMPTY.
 * Rows kept with problems are flagged, not refused: a missing or non-finite
 * coordinate, an unknown kind, a bad optional number (DEMARC_ENTRY_FIELD_BAD).
 * opts may be NULL.
 */
DEMARC_API demarc_status demarc_catalogue_open(demarc_ctx *ctx, demarc_catalogue **out,
                                               const char *path,
                                               const demarc_catalogue_options *opts);

/** A catalogue holding a copy of a border's own (embedded) signs. */
DEMARC_API demarc_status demarc_catalogue_from_border(demarc_ctx *ctx, demarc_catalogue **out,
                                                      const demarc_border *border);

/** Free a catalogue (NULL is a no-op). */
DEMARC_API void demarc_catalogue_free(demarc_catalogue *cat);
/** Number of rows. */
DEMARC_API size_t demarc_catalogue_count(const demarc_catalogue *cat);
/** The i-th row in file order; NULL when out of range. */
DEMARC_API const demarc_catalogue_entry *demarc_catalogue_entry_get(const demarc_catalogue *cat,
                                                                    size_t i);
/** Where it came from (path or "embedded"), and the operation used to reach
 *  WGS 84 ("" when none).  Borrowed. */
DEMARC_API const char *demarc_catalogue_source(const demarc_catalogue *cat);
DEMARC_API const char *demarc_catalogue_transformation(const demarc_catalogue *cat);

/* ------------------------------------------------------------------ */
/* Validation                                                          */
/* ------------------------------------------------------------------ */

/**
 * Tolerances of demarc_catalogue_validate; 0 means the default, a negative
 * value is rejected with DEMARC_ERR_ARG.
 *
 * Rule codes and severities (each finding names the sign, "" for the
 * catalogue as a whole):
 *   sign.coord_missing      E  a coordinate is empty
 *   sign.coord_not_finite   E  a coordinate is NaN or infinite
 *   sign.coord_range        E  out of range, or not transformable to WGS 84
 *   sign.kind               W  kind not tripoint/main/intermediate/point
 *   catalogue.count         E  rows != expected_signs (default: declared, 1,301)
 *   sign.duplicate_id       E  an id seen before (reported at the later row)
 *   sign.coincident         E  two signs within coincident_m (at the later sign)
 *   sign.numbering          E  id out of numbering order (17 < 17A < 17B < 18;
 *                              letters A..Z, AA.. by length then alphabet),
 *                              or seq not increasing, in catalogue order
 *   sign.order              E  position along the line out of order: sign
 *                              lies beyond the next one (swapped signs)
 *   sign.off_line           E  geodesic distance to the line > off_line_m
 *   sign.latlon_swapped     E  off the line, but on it with lon and lat swapped
 *   sign.side               E  an offset sign (`side`) not in its party's territory
 *   sign.next_dist          E  |declared next_dist_m - computed length along the
 *                              line to the next sign| > next_dist_tolerance_m
 *   sign.next_azimuth       E  |declared - geodesic azimuth to next| > azimuth_tolerance_deg
 *   sign.gap                W  length along the line to the next sign > max_gap_m
 *   sign.id                 E  a blank id, one with leading/trailing spaces, or one
 *                              holding a control character (invalid UTF-8 in any
 *                              text field: DEMARC_ERR_FORMAT at opening)
 *   sign.field              E  an optional number that does not parse (h_m '12.5m'),
 *                              taken as not given, or a control character in a text
 *                              field (DEMARC_ENTRY_FIELD_BAD)
 *   catalogue.accuracy      W  the operation to WGS 84 is coarser than off_line_m
 *                              (or of unknown accuracy)
 *   catalogue.tripoint      E  first/last sign not a tripoint at the line's ends
 *                              (only its place is checked without a kind column)
 *   catalogue.datum         E  a systematic offset explained by a datum mix-up
 *                              (e.g. Pulkovo 1942 values labelled WGS 84); names
 *                              the datum and the operation (EPSG:15865).  The
 *                              per-sign off_line and tripoint findings it
 *                              explains are then not repeated.
 * At most 100 findings are listed per code; beyond that they are counted,
 * and one summarising finding of that code (sign "", value: the count) ends
 * the list (a systematic error: every row swapped, every sign at one spot).
 * Catalogue order is seq order (file order for equal/absent seq).  Signs with
 * a position finding (coord_*, latlon_swapped, coincident, order) take no part
 * in the run checks touching them, whose values would only echo it.
 */
typedef struct demarc_validate_options {
    unsigned int version;          /**< DEMARC_VALIDATE_OPTIONS_VERSION */
    double off_line_m;             /**< 0: 0.10 m */
    double coincident_m;           /**< 0: 0.5 m */
    double max_gap_m;              /**< 0: 5000 m */
    double next_dist_tolerance_m;  /**< 0: 1.0 m (as demarc_length_check) */
    double azimuth_tolerance_deg;  /**< 0: 0.01 deg (as demarc_length_check) */
    long expected_signs;           /**< 0: the border's declared count (skip if unknown) */
    demarc_progress_fn progress;   /**< NULL: none */
    void *progress_userdata;       /**< passed to progress */
} demarc_validate_options;

#define DEMARC_VALIDATE_OPTIONS_VERSION 1
#define DEMARC_VALIDATE_OPTIONS_INIT                                           \
    {DEMARC_VALIDATE_OPTIONS_VERSION, 0.0, 0.0, 0.0, 0.0, 0.0, 0, NULL, NULL}

/**
 * Validate a catalogue against a border (its line, territories and
 * declared sign count).  On DEMARC_OK *out holds the report (possibly with
 * no finding); the caller frees it.  Distances are geodesic on WGS 84
 * (Karney 2013) under the border's edge model.  Thread-safe on a shared
 * border and catalogue with one ctx per thread.  About 3 ms for the
 * 1,301-sign catalogue (tests/bench/bench_validate.c).  Report stats:
 * "signs", "placed" (rows with a usable position), "max_off_line_m",
 * "off_line_limit_m", "datum_corrected" (1 when a catalogue.datum
 * finding was made: the other rules then ran on the corrected positions),
 * "transformation_accuracy_m" (0: none needed, -1: unknown) and
 * "unlisted_findings".
 */
DEMARC_API demarc_status demarc_catalogue_validate(demarc_ctx *ctx, demarc_report **out,
                                                   const demarc_border *border,
                                                   const demarc_catalogue *cat,
                                                   const demarc_validate_options *opts);

/* ------------------------------------------------------------------ */
/* Joint inspection (every 10 years)                                   */
/* ------------------------------------------------------------------ */

/** Options of demarc_inspect; 0 means the default.  Version 1 structs
 *  (without the section fields) are still accepted. */
typedef struct demarc_inspect_options {
    unsigned int version;        /**< DEMARC_INSPECT_OPTIONS_VERSION */
    double tolerance_m;          /**< a sign moved more than this is reported; 0: 0.10 m */
    demarc_progress_fn progress; /**< NULL: none */
    void *progress_userdata;     /**< passed to progress */
    /** Version 2: a re-survey of a section only: the catalogue signs from
     *  section_from to section_to (sign ids, both included, in catalogue
     *  order: seq, else file order).  NULL, NULL: the whole line. */
    const char *section_from;
    const char *section_to;      /**< see section_from */
    /** Version 2: or the section by chainage, m: the catalogue signs whose
     *  declared chainage_m lies in [section_from_m, section_to_m] (a sign
     *  without one is outside).  Used when section_to_m > 0 and no ids are
     *  given. */
    double section_from_m;
    double section_to_m;         /**< see section_from_m */
} demarc_inspect_options;

#define DEMARC_INSPECT_OPTIONS_VERSION 2
#define DEMARC_INSPECT_OPTIONS_INIT                                            \
    {DEMARC_INSPECT_OPTIONS_VERSION, 0.0, NULL, NULL, NULL, NULL, 0.0, 0.0}

/**
 * Compare a re-survey (rows with id and measured position; any CRS, read
 * with demarc_catalogue_open) with the catalogue.  The report has one
 * displacement per catalogue sign found in the re-survey (geodesic
 * distance and azimuth, PROJ geod_inverse) and findings:
 *   inspect.moved      E  displacement > tolerance_m (value: distance, m)
 *   inspect.missing    E  a catalogue sign absent from the re-survey
 *   inspect.unknown    W  a re-surveyed id the catalogue does not know
 *   inspect.duplicate  E  an id measured twice in the re-survey (later row)
 *   inspect.position   E  a re-surveyed row with no usable position
 *   inspect.id         E  a re-surveyed row with a blank or space-padded id, or one
 *                         holding a control character
 *   inspect.outside    W  a re-surveyed sign outside the section (not compared)
 *   inspect.accuracy   W  the operation that brought the re-survey to WGS 84
 *                         is coarser than tolerance_m (e.g. EPSG:15865, 4.5 m)
 * and stats "signs" (in the section), "measured", "moved", "missing",
 * "unknown", "outside", "rms_m", "max_m", "mean_m" (over the measured signs),
 * "tolerance_m", "transformation_accuracy_m".  With a section only its
 * signs can be missing.  At most 100 findings are listed per code, then one
 * summarising finding (stat "unlisted_findings").  DEMARC_ERR_NOT_FOUND for a
 * section id the catalogue does not have, DEMARC_ERR_ARG for a section that
 * runs backwards.
 */
DEMARC_API demarc_status demarc_inspect(demarc_ctx *ctx, demarc_report **out,
                                        const demarc_catalogue *catalogue,
                                        const demarc_catalogue *resurvey,
                                        const demarc_inspect_options *opts);

#ifdef __cplusplus
}
#endif

#endif /* DEMARC_VALIDATE_H */
