/* validate_internal.h -- report building and the catalogue layout shared by
 * catalogue.c, validate.c, inspect.c and report.c. */
#ifndef DEMARC_VALIDATE_INTERNAL_H
#define DEMARC_VALIDATE_INTERNAL_H


#include "demarc.h"

#define DEMARC_REPORT_MAX_STATS 32

struct demarc_report {
    int inspection;              /* 0 validation, 1 inspection */
    demarc_finding *f;
    size_t n, cap;
    const char *stat_name[DEMARC_REPORT_MAX_STATS]; /* static strings */
    double stat_value[DEMARC_REPORT_MAX_STATS];
    size_t nstat;
    char *transformation;        /* owned, "" when none */
    demarc_displacement *d;      /* sign_id owned */
    size_t nd, dcap;
};

struct demarc_catalogue {
    char *source, *transformation;
    demarc_catalogue_entry *e;   /* strings owned (freed through the entry pointers) */
    size_t n;
};

demarc_report *demarc__report_new(int inspection);

/* Append a finding; code must be a static string, sign and the formatted
 * message are copied.  DEMARC_ERR_NOMEM on failure (set on ctx). */
demarc_status demarc__report_add(demarc_ctx *ctx, demarc_report *r, const char *code,
                                 demarc_severity sev, const char *sign, double lon, double lat,
                                 double value, double limit, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 10, 11)))
#endif
    ;

/* Set (or replace) the stat `name` (a static string). */
void demarc__report_stat(demarc_report *r, const char *name, double value);

demarc_status demarc__report_displacement(demarc_ctx *ctx, demarc_report *r,
                                          const demarc_displacement *d);

demarc_status demarc__report_set_transformation(demarc_ctx *ctx, demarc_report *r,
                                                const char *text);

/* An operation code for people: "INVERSE(EPSG):15865" -> "EPSG:15865
 * (inverse)"; other codes unchanged.  Returns buf. */
const char *demarc__op_code_text(const char *code, char *buf, size_t size);

#endif
