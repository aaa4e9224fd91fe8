/* validate_internal.h -- report building and the catalogue layout shared by
 * catalogue.c, validate.c, inspect.c and report.c. */
#ifndef DEMARC_VALIDATE_INTERNAL_H
#define DEMARC_VALIDATE_INTERNAL_H


#include "demarc.h"

#include <ogr_api.h>

#define DEMARC_REPORT_MAX_STATS 32
#define DEMARC_REPORT_MAX_CODES 32

/* Findings listed per rule code; beyond it they are counted, and
 * demarc__report_finish adds one summarising finding per such code. */
#define DEMARC_REPORT_LIST_LIMIT 100

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
    struct {
        const char *code;        /* static string */
        demarc_severity severity;
        size_t count;            /* findings made, listed or not */
    } codes[DEMARC_REPORT_MAX_CODES];
    size_t ncodes;
    size_t unlisted;             /* findings counted beyond the list limit */
};

struct demarc_catalogue {
    char *source, *transformation;
    double accuracy_m;           /* of the operation to WGS 84; -1 unknown, 0 none needed */
    int has_kind;                /* the file has a kind column */
    demarc_catalogue_entry *e;   /* strings owned (freed through the entry pointers) */
    size_t n;
};

demarc_report *demarc__report_new(int inspection);

/* The CRS of a layer as text for demarc_transform_new ("EPSG:28411", else
 * WKT) into *out; NULL when it has none or is WGS 84 geographic.  Caller
 * frees.  DEMARC_ERR_NOMEM when the text cannot be allocated. */
demarc_status demarc__layer_crs_text(demarc_ctx *ctx, OGRLayerH layer, char **out);

/* 1 when s names WGS 84 geographic ("EPSG:4326", "WGS84", "OGC:CRS84"). */
int demarc__is_wgs84_text(const char *s);

/* "line N" (the entry has a line number) or "row N", into buf. */
const char *demarc__entry_where(const demarc_catalogue_entry *e, char *buf, size_t size);
/* The same in a buffer that lives until the end of the enclosing block. */
#define WHERE(e) demarc__entry_where((e), (char[32]){0}, 32)

/* Append a finding; code must be a static string, sign and the formatted
 * message are copied.  DEMARC_ERR_NOMEM on failure (set on ctx). */
demarc_status demarc__report_add(demarc_ctx *ctx, demarc_report *r, const char *code,
                                 demarc_severity sev, const char *sign, double lon, double lat,
                                 double value, double limit, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 10, 11)))
#endif
    ;

/* After the rules: one summarising finding for each code that made more
 * than DEMARC_REPORT_LIST_LIMIT findings (of `signs` rows), and the stat
 * "unlisted_findings". */
demarc_status demarc__report_finish(demarc_ctx *ctx, demarc_report *r, size_t signs);

/* Findings made with `code`, listed or not. */
size_t demarc__report_code_count(const demarc_report *r, const char *code);

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
