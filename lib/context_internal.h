/* context_internal.h -- the per-thread context and error reporting. */
#ifndef DEMARC_CONTEXT_INTERNAL_H
#define DEMARC_CONTEXT_INTERNAL_H

#include "demarc.h"

#include <geos_c.h>
#include <proj.h>

#define DEMARC_ERRMSG_MAX 512

struct demarc_ctx {
    demarc_status code;              /* status of the last failure */
    char msg[DEMARC_ERRMSG_MAX];     /* its message, "" when none */
    PJ_CONTEXT *pj;                  /* this thread's PROJ context */
    char pj_msg[256];                /* the last error PROJ logged on pj, "" when
                                        none (PROJ never prints: see context.c) */
    GEOSContextHandle_t geos;        /* this thread's GEOS handle */
};

/* Record a failure on ctx (ctx may be NULL) and return `code`. */
demarc_status demarc__fail(demarc_ctx *ctx, demarc_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Clear the error state at the start of a public call. */
void demarc__clear(demarc_ctx *ctx);

/* strdup that returns NULL on NULL input or allocation failure. */
char *demarc__strdup(const char *s);

#endif
