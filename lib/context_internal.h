/* context_internal.h -- the per-thread context and error reporting. */
#ifndef DEMARC_CONTEXT_INTERNAL_H
#define DEMARC_CONTEXT_INTERNAL_H

#include "demarc.h"

#include <geos_c.h>
#include <proj.h>

#define DEMARC_ERRMSG_MAX 512

/* A context's PJ_CONTEXT, shared with the transforms made on it: the PROJ
 * objects a demarc_transform holds belong to that PJ_CONTEXT, and the header
 * promises that objects outlive their context, so the PJ_CONTEXT is
 * destroyed when the context and the last of its transforms are freed
 * (reference count; atomic because a transform may be freed on another
 * thread once its context is gone). */
typedef struct demarc__pj_share demarc__pj_share;

/* A new reference to ctx's PJ_CONTEXT share, for a transform; released with
 * demarc__pj_share_release (NULL is a no-op). */
demarc__pj_share *demarc__pj_share_retain(demarc_ctx *ctx);
void demarc__pj_share_release(demarc__pj_share *share);

struct demarc_ctx {
    demarc_status code;              /* status of the last failure */
    char msg[DEMARC_ERRMSG_MAX];     /* its message, "" when none */
    PJ_CONTEXT *pj;                  /* this thread's PROJ context */
    char pj_msg[256];                /* the last error PROJ logged on pj, "" when
                                        none (PROJ never prints: see context.c) */
    GEOSContextHandle_t geos;        /* this thread's GEOS handle */
    demarc__pj_share *pj_share;      /* owns pj (see demarc__pj_share) */
};

/* Record a failure on ctx (ctx may be NULL) and return `code`. */
demarc_status demarc__fail(demarc_ctx *ctx, demarc_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Clear the error state at the start of a public call. */
void demarc__clear(demarc_ctx *ctx);

/* The first statement of every public call that takes a context: a NULL
 * ctx is DEMARC_ERR_ARG and nothing is done (the one rule for every call,
 * demarc.h), else the context's error state is cleared.  The _OUT form
 * first sets *out (when out is not NULL) to NULL, as every failure does. */
#define DEMARC__ENTER(ctx)                                                     \
    do {                                                                       \
        if (!(ctx)) return DEMARC_ERR_ARG;                                     \
        demarc__clear(ctx);                                                    \
    } while (0)
#define DEMARC__ENTER_OUT(ctx, out)                                            \
    do {                                                                       \
        if (out) *(out) = NULL;                                                \
        DEMARC__ENTER(ctx);                                                    \
    } while (0)

/* strdup that returns NULL on NULL input or allocation failure. */
char *demarc__strdup(const char *s);

#endif
