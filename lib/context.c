/* context.c -- versions, status texts, per-thread contexts and errors. */
#include "context_internal.h"
#include "alloc_internal.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *demarc_version(void) { return DEMARC_VERSION_STRING; }

int demarc_version_number(void) { return DEMARC_VERSION_NUMBER; }

const char *demarc_status_str(demarc_status status)
{
    switch (status) {
    case DEMARC_OK: return "ok";
    case DEMARC_ERR_ARG: return "invalid argument";
    case DEMARC_ERR_NOMEM: return "out of memory";
    case DEMARC_ERR_IO: return "input/output error";
    case DEMARC_ERR_FORMAT: return "malformed input";
    case DEMARC_ERR_RANGE: return "value out of range";
    case DEMARC_ERR_NOT_FOUND: return "not found";
    case DEMARC_ERR_GEOMETRY: return "invalid geometry";
    case DEMARC_ERR_EMPTY: return "empty input";
    case DEMARC_ERR_CRS: return "coordinate reference system error";
    case DEMARC_ERR_INTERNAL: return "internal error";
    case DEMARC_ERR_CANCELLED: return "cancelled";
    }
    return "unknown status";
}

/* GEOS reports through callbacks; keep its last message in the context. */
static void geos_message(const char *message, void *userdata)
{
    demarc_ctx *ctx = userdata;
    snprintf(ctx->msg, sizeof ctx->msg, "GEOS: %s", message);
}

/* PROJ reports the cause of a failure only through its logger (its
 * errno is a category, and is not reset by a later success).  Keep the
 * first error message in the context, without the "function: " and
 * "Error NNNN (category): " prefixes, on one line; print nothing -- PROJ
 * 9.1's default logger writes some errors ("Cannot find proj.db") to
 * stderr whatever the log level. */
static void pj_message(void *userdata, int level, const char *message)
{
    demarc_ctx *ctx = userdata;
    /* The first message since the caller cleared pj_msg: the cause ("Cannot
     * find proj.db" comes at PJ_LOG_DEBUG, then "no database context"). */
    if (level > PJ_LOG_DEBUG || !message || ctx->pj_msg[0]) return;
    const char *m = message;
    size_t fn = strspn(m, "abcdefghijklmnopqrstuvwxyz_0123456789");
    if (fn > 0 && m[fn] == ':' && m[fn + 1] == ' ') m += fn + 2;
    if (!strncmp(m, "Error ", 6)) {
        const char *close = strstr(m, "): ");
        if (close && close - m < 80) m = close + 3;
    }
    size_t n = 0;
    for (; m[n] && n + 1 < sizeof ctx->pj_msg; n++)
        ctx->pj_msg[n] = (m[n] == '\n' || m[n] == '\r' || m[n] == '\t') ? ' ' : m[n];
    ctx->pj_msg[n] = '\0';
}

struct demarc__pj_share {
    PJ_CONTEXT *pj;
    atomic_uint refs; /* the context + its live transforms */
};

demarc__pj_share *demarc__pj_share_retain(demarc_ctx *ctx)
{
    atomic_fetch_add(&ctx->pj_share->refs, 1u);
    return ctx->pj_share;
}

void demarc__pj_share_release(demarc__pj_share *share)
{
    if (!share || atomic_fetch_sub(&share->refs, 1u) != 1u) return;
    if (share->pj) proj_context_destroy(share->pj);
    demarc__free(share);
}

/* The logger of a PJ_CONTEXT whose demarc_ctx is gone (transforms still
 * hold it): PROJ may still log while they are destroyed; drop it. */
static void pj_orphan_message(void *userdata, int level, const char *message)
{
    (void)userdata, (void)level, (void)message;
}

demarc_status demarc_ctx_new(demarc_ctx **out)
{
    if (!out) return DEMARC_ERR_ARG;
    *out = NULL;
    demarc_ctx *ctx = demarc__calloc(1, sizeof *ctx);
    if (!ctx) return DEMARC_ERR_NOMEM;
    ctx->pj_share = demarc__calloc(1, sizeof *ctx->pj_share);
    if (ctx->pj_share) {
        atomic_init(&ctx->pj_share->refs, 1u);
        ctx->pj = ctx->pj_share->pj = proj_context_create();
    }
    ctx->geos = GEOS_init_r();
    if (!ctx->pj || !ctx->geos) {
        demarc_ctx_free(ctx);
        return DEMARC_ERR_NOMEM;
    }
    proj_log_level(ctx->pj, PJ_LOG_ERROR);
    proj_log_func(ctx->pj, ctx, pj_message);
    GEOSContext_setErrorMessageHandler_r(ctx->geos, geos_message, ctx);
    *out = ctx;
    return DEMARC_OK;
}

void demarc_ctx_free(demarc_ctx *ctx)
{
    if (!ctx) return;
    /* The PJ_CONTEXT lives on while transforms made on ctx do; its logger
     * must then no longer write into ctx. */
    if (ctx->pj) proj_log_func(ctx->pj, NULL, pj_orphan_message);
    demarc__pj_share_release(ctx->pj_share);
    if (ctx->geos) GEOS_finish_r(ctx->geos);
    demarc__free(ctx);
}

const char *demarc_ctx_errmsg(const demarc_ctx *ctx) { return ctx ? ctx->msg : ""; }

demarc_status demarc_ctx_errcode(const demarc_ctx *ctx) { return ctx ? ctx->code : DEMARC_ERR_ARG; }

demarc_status demarc__fail(demarc_ctx *ctx, demarc_status code, const char *fmt, ...)
{
    if (!ctx) return code;
    /* Formatted apart first: callers pass ctx->msg as an argument to add a
     * prefix to a dependency's message, and vsnprintf's output must not
     * overlap its input (C11 7.21.6.12). */
    char m[sizeof ctx->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m, sizeof m, fmt, ap);
    va_end(ap);
    memcpy(ctx->msg, m, sizeof m);
    ctx->code = code;
    return code;
}

void demarc__clear(demarc_ctx *ctx)
{
    if (!ctx) return;
    ctx->code = DEMARC_OK;
    ctx->msg[0] = '\0';
    ctx->pj_msg[0] = '\0';
}

char *demarc__strdup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = demarc__malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}
