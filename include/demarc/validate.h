/* demarc/validate.h -- sign catalogue validation and the joint inspection
 * (issue 3).  Included by demarc.h; do not include directly. */
#ifndef DEMARC_VALIDATE_H
#define DEMARC_VALIDATE_H

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
    demarc_severity severity;
    const char *sign_id;      /**< the sign concerned ("" for the catalogue as a whole) */
    double lon, lat;          /**< where, WGS 84 degrees (NaN when not a place) */
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

#ifdef __cplusplus
}
#endif

#endif /* DEMARC_VALIDATE_H */
