/* project.c -- coordinate transformations through PROJ: one operation,
 * chosen once for the whole area of use, applied to arrays in place. */
#include "project_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The embedded border's extent with a margin, degrees: both parties'
 * territory around the line (55.9-71.0 E, 37.1-45.6 N). */
#define AOI_WEST 55.9
#define AOI_SOUTH 37.1
#define AOI_EAST 71.0
#define AOI_NORTH 45.6

void demarc__crs_label(char *buf, size_t size, const char *text)
{
    size_t n = 0;
    if (!text) text = "(null)";
    while (text[n] && n < 60 && n + 1 < size) {
        char c = text[n];
        buf[n] = (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
        n++;
    }
    if (text[n] && n + 4 < size) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n] = '\0';
}

/* Why PROJ refused the last text: its logged message (e.g. "crs not
 * found", "missing , or ]"), which the caller cleared before the call. */
static const char *pj_errtext(const demarc_ctx *ctx)
{
    return ctx->pj_msg[0] ? ctx->pj_msg : "not recognised";
}

/* An operation from "AUTH:CODE" (looked up among coordinate operations:
 * proj_create only looks up CRSs for that form) or any other PROJ text. */
static PJ *operation_create(PJ_CONTEXT *pj, const char *text)
{
    const char *colon = strchr(text, ':');
    if (colon && colon != text && colon - text < 32 && colon[1] &&
        strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_") ==
            (size_t)(colon - text) &&
        strspn(colon + 1, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-") ==
            strlen(colon + 1)) {
        char auth[32];
        memcpy(auth, text, (size_t)(colon - text));
        auth[colon - text] = '\0';
        PJ *op = proj_create_from_database(pj, auth, colon + 1,
                                           PJ_CATEGORY_COORDINATE_OPERATION, 0, NULL);
        if (op) return op;
    }
    return proj_create(pj, text);
}

PJ *demarc__crs_create(demarc_ctx *ctx, const char *text, const char *what)
{
    char label[80];
    demarc__crs_label(label, sizeof label, text);
    if (!text || !*text) {
        demarc__fail(ctx, DEMARC_ERR_CRS, "%s: empty CRS", what);
        return NULL;
    }
    ctx->pj_msg[0] = '\0';
    PJ *crs = proj_create(ctx->pj, text);
    if (!crs) {
        demarc__fail(ctx, DEMARC_ERR_CRS, "%s '%s': PROJ: %s", what, label, pj_errtext(ctx));
        return NULL;
    }
    if (!proj_is_crs(crs)) {
        proj_destroy(crs);
        demarc__fail(ctx, DEMARC_ERR_CRS, "%s '%s' is not a coordinate reference system", what,
                     label);
        return NULL;
    }
    if (demarc__proj_guard(ctx, crs, what, label, 0)) {
        proj_destroy(crs);
        return NULL;
    }
    return crs;
}

void demarc_transform_free(demarc_transform *t)
{
    if (!t) return;
    if (t->op) proj_destroy(t->op);
    demarc__pj_share_release(t->pj_share); /* after the PJ objects of its PJ_CONTEXT */
    free(t->from);
    free(t->to);
    free(t->op_name);
    free(t->op_code);
    free(t);
}

/* Name, "AUTH:CODE" and accuracy of an operation into t. */
static demarc_status describe(demarc_ctx *ctx, demarc_transform *t, const PJ *op)
{
    const char *name = proj_get_name(op);
    const char *auth = proj_get_id_auth_name(op, 0);
    const char *code = proj_get_id_code(op, 0);
    char buf[128] = "";
    if (auth && code) snprintf(buf, sizeof buf, "%s:%s", auth, code);
    t->op_name = demarc__strdup(name ? name : "");
    t->op_code = demarc__strdup(buf);
    t->accuracy_m = proj_coordoperation_get_accuracy(ctx->pj, op);
    if (!(t->accuracy_m >= 0)) t->accuracy_m = -1;
    /* A conversion (a map projection) is exact by definition. */
    if (proj_get_type(op) == PJ_TYPE_CONVERSION) t->accuracy_m = 0;
    if (!t->op_name || !t->op_code) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    return DEMARC_OK;
}

/* The first instantiable operation of PROJ's sorted candidates from src to
 * dst within the area (most relevant and accurate first).  Strict
 * containment first: the operation must be valid over the whole area, so
 * that one operation serves both sides of the border; partial
 * intersection only when nothing covers the whole area. */
static PJ *choose_operation(demarc_ctx *ctx, const PJ *src, const PJ *dst, double w, double s,
                            double e, double n)
{
    PJ *chosen = NULL;
    static const PROJ_SPATIAL_CRITERION crit[2] = {PROJ_SPATIAL_CRITERION_STRICT_CONTAINMENT,
                                                   PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION};
    for (int pass = 0; pass < 2 && !chosen; pass++) {
        PJ_OPERATION_FACTORY_CONTEXT *f = proj_create_operation_factory_context(ctx->pj, NULL);
        if (!f) return NULL;
        proj_operation_factory_context_set_area_of_interest(ctx->pj, f, w, s, e, n);
        proj_operation_factory_context_set_spatial_criterion(ctx->pj, f, crit[pass]);
        proj_operation_factory_context_set_grid_availability_use(
            ctx->pj, f, PROJ_GRID_AVAILABILITY_USED_FOR_SORTING);
        PJ_OBJ_LIST *list = proj_create_operations(ctx->pj, src, dst, f);
        proj_operation_factory_context_destroy(f);
        if (!list) continue;
        int count = proj_list_get_count(list);
        for (int i = 0; i < count && !chosen; i++) {
            PJ *op = proj_list_get(ctx->pj, list, i);
            if (op && proj_coordoperation_is_instantiable(ctx->pj, op)) chosen = op;
            else if (op) proj_destroy(op);
        }
        proj_list_destroy(list);
    }
    return chosen;
}

demarc_status demarc_transform_new(demarc_ctx *ctx, demarc_transform **out,
                                   const char *from_crs, const char *to_crs,
                                   const demarc_transform_options *opts)
{
    DEMARC__ENTER_OUT(ctx, out);
    if (!out) return demarc__fail(ctx, DEMARC_ERR_ARG, "transform_new: out is NULL");
    *out = NULL;
    if (!from_crs || !to_crs)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "transform_new: %s CRS is NULL",
                            from_crs ? "target" : "source");
    demarc_transform_options def = DEMARC_TRANSFORM_OPTIONS_INIT;
    if (!opts) opts = &def;
    if (opts->version < 1 || opts->version > DEMARC_TRANSFORM_OPTIONS_VERSION)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "transform_new: options version %u unknown",
                            opts->version);
    double w = opts->west, s = opts->south, e = opts->east, n = opts->north;
    if (w == 0 && s == 0 && e == 0 && n == 0) {
        w = AOI_WEST;
        s = AOI_SOUTH;
        e = AOI_EAST;
        n = AOI_NORTH;
    }
    if (!isfinite(w) || !isfinite(s) || !isfinite(e) || !isfinite(n) || w < -180 || e > 180 ||
        s < -90 || n > 90 || s >= n || w == e)
        return demarc__fail(ctx, DEMARC_ERR_RANGE,
                            "transform_new: area of use west %g south %g east %g north %g is "
                            "not a box in degrees (south < north, |lon| <= 180)",
                            w, s, e, n);

    demarc_transform *t = calloc(1, sizeof *t);
    if (!t) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    t->pj = ctx->pj;
    t->pj_share = demarc__pj_share_retain(ctx);
    t->accuracy_m = -1;
    char lf[80], lt[80];
    demarc__crs_label(lf, sizeof lf, from_crs);
    demarc__crs_label(lt, sizeof lt, to_crs);
    t->from = demarc__strdup(lf);
    t->to = demarc__strdup(lt);
    if (!t->from || !t->to) {
        demarc_transform_free(t);
        return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    }

    demarc_status rc = DEMARC_OK;
    PJ *src = demarc__crs_create(ctx, from_crs, "source CRS");
    PJ *dst = src ? demarc__crs_create(ctx, to_crs, "target CRS") : NULL;
    PJ *op = NULL;
    if (!src || !dst) {
        rc = DEMARC_ERR_CRS;
        goto done;
    }
    if (opts->operation) {
        char lo[80];
        demarc__crs_label(lo, sizeof lo, opts->operation);
        ctx->pj_msg[0] = '\0';
        PJ *forced = operation_create(ctx->pj, opts->operation);
        if (!forced) {
            rc = demarc__fail(ctx, DEMARC_ERR_CRS, "operation '%s': PROJ: %s", lo,
                              pj_errtext(ctx));
            goto done;
        }
        if (proj_is_crs(forced)) {
            proj_destroy(forced);
            rc = demarc__fail(ctx, DEMARC_ERR_CRS,
                              "operation '%s' is a CRS, not a coordinate operation", lo);
            goto done;
        }
        rc = demarc__proj_guard(ctx, forced, "operation", lo, 0);
        if (rc) {
            proj_destroy(forced);
            goto done;
        }
        PJ *fs = proj_get_source_crs(ctx->pj, forced);
        PJ *ft = proj_get_target_crs(ctx->pj, forced);
        if (fs && ft) {
            /* A catalogued operation: it must join exactly these two CRSs. */
            int ok = proj_is_equivalent_to_with_ctx(ctx->pj, fs, src, PJ_COMP_EQUIVALENT) &&
                     proj_is_equivalent_to_with_ctx(ctx->pj, ft, dst, PJ_COMP_EQUIVALENT);
            const char *fsn = proj_get_name(fs), *ftn = proj_get_name(ft);
            if (!ok) {
                rc = demarc__fail(ctx, DEMARC_ERR_CRS,
                                  "operation '%s' goes from '%s' to '%s', not from '%s' to '%s'",
                                  lo, fsn ? fsn : "?", ftn ? ftn : "?", lf, lt);
            }
            proj_destroy(fs);
            proj_destroy(ft);
            if (!ok) {
                proj_destroy(forced);
                goto done;
            }
            rc = describe(ctx, t, forced);
            op = rc ? NULL : proj_normalize_for_visualization(ctx->pj, forced);
            proj_destroy(forced);
            if (!op && !rc)
                rc = demarc__fail(ctx, DEMARC_ERR_CRS,
                                  "operation '%s': cannot put it in longitude, latitude order",
                                  lo);
        } else {
            /* A PROJ string or pipeline: used exactly as written. */
            if (fs) proj_destroy(fs);
            if (ft) proj_destroy(ft);
            rc = describe(ctx, t, forced);
            op = forced;
        }
        if (rc) goto done;
    } else {
        PJ *best = choose_operation(ctx, src, dst, w, s, e, n);
        if (!best) {
            rc = demarc__fail(ctx, DEMARC_ERR_CRS,
                              "no usable transformation from '%s' to '%s' in the area "
                              "%g..%g E, %g..%g N",
                              lf, lt, w, e, s, n);
            goto done;
        }
        rc = describe(ctx, t, best);
        op = rc ? NULL : proj_normalize_for_visualization(ctx->pj, best);
        proj_destroy(best);
        if (!op && !rc)
            rc = demarc__fail(ctx, DEMARC_ERR_CRS,
                              "transformation from '%s' to '%s': cannot normalise axis order", lf,
                              lt);
        if (rc) goto done;
    }
    t->op = op;
    op = NULL;
    t->identity = proj_is_equivalent_to_with_ctx(ctx->pj, src, dst, PJ_COMP_EQUIVALENT);
done:
    if (op) proj_destroy(op);
    if (src) proj_destroy(src);
    if (dst) proj_destroy(dst);
    if (rc) {
        demarc_transform_free(t);
        return rc;
    }
    *out = t;
    return DEMARC_OK;
}

#define AT(p, stride, i) (*(double *)((char *)(p) + (size_t)(i) * (stride)))

demarc_status demarc_transform_apply(demarc_ctx *ctx, const demarc_transform *t, size_t n,
                                     double *x, size_t x_stride, double *y, size_t y_stride,
                                     double *z, size_t z_stride)
{
    demarc__clear(ctx);
    if (!ctx) return DEMARC_ERR_ARG;
    if (!t) return demarc__fail(ctx, DEMARC_ERR_ARG, "transform_apply: transform is NULL");
    if (n == 0) return DEMARC_OK;
    if (!x || !y)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "transform_apply: %s array is NULL",
                            x ? "y" : "x");
    if (t->pj != ctx->pj)
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "transform_apply: the transform belongs to another context "
                            "(one context per thread)");
    proj_errno_reset(t->op);
    size_t done = proj_trans_generic(t->op, PJ_FWD, x, x_stride, n, y, y_stride, n, z,
                                     z ? z_stride : 0, z ? n : 0, NULL, 0, 0);
    int err = proj_errno(t->op);
    /* PROJ marks a failed point with HUGE_VAL and goes on: find the first. */
    size_t bad = done < n ? done : n;
    for (size_t i = 0; i < bad; i++) {
        double xi = AT(x, x_stride, i), yi = AT(y, y_stride, i);
        if (!isfinite(xi) || !isfinite(yi) || xi == HUGE_VAL) {
            bad = i;
            break;
        }
    }
    if (bad == n) {
        proj_errno_reset(t->op);
        return DEMARC_OK;
    }
    for (size_t i = bad; i < n; i++) {
        AT(x, x_stride, i) = HUGE_VAL;
        AT(y, y_stride, i) = HUGE_VAL;
        if (z) AT(z, z_stride, i) = HUGE_VAL;
    }
    if (!err) err = proj_context_errno(t->pj);
    proj_errno_reset(t->op);
    return demarc__fail(ctx, DEMARC_ERR_CRS,
                        "point %zu: cannot transform from '%s' to '%s' with '%s': PROJ: %s", bad,
                        t->from, t->to, t->op_name,
                        err ? proj_context_errno_string(t->pj, err)
                            : "not a finite coordinate");
}

void demarc_transform_operation(const demarc_transform *t, const char **name, const char **code,
                                double *accuracy_m)
{
    if (name) *name = t && t->op_name ? t->op_name : "";
    if (code) *code = t && t->op_code ? t->op_code : "";
    if (accuracy_m) *accuracy_m = t ? t->accuracy_m : -1;
}

demarc_status demarc_crs_geographic(demarc_ctx *ctx, const char *crs, int *geographic)
{
    demarc__clear(ctx);
    if (!ctx) return DEMARC_ERR_ARG;
    if (!geographic) return demarc__fail(ctx, DEMARC_ERR_ARG, "crs_geographic: output is NULL");
    *geographic = 0;
    PJ *p = demarc__crs_create(ctx, crs, "CRS");
    if (!p) return DEMARC_ERR_CRS;
    PJ_TYPE type = proj_get_type(p);
    if (type == PJ_TYPE_BOUND_CRS) {
        PJ *base = proj_get_source_crs(ctx->pj, p);
        proj_destroy(p);
        p = base;
        type = p ? proj_get_type(p) : PJ_TYPE_UNKNOWN;
    }
    *geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
    if (p) proj_destroy(p);
    return DEMARC_OK;
}
