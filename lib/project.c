/* project.c -- coordinate transformations through PROJ: one operation,
 * chosen once for the whole area of use, applied to arrays in place. */
#include "project_internal.h"
#include "alloc_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
 * proj_create only looks up CRSs for that form) or any other PROJ text.
 * Blanks around the text and after the colon are allowed, as PROJ allows
 * them in a CRS's "EPSG: 4326". */
static PJ *operation_create(PJ_CONTEXT *pj, const char *text)
{
    static const char auth_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";
    static const char code_chars[] =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-";
    const char *a = text + strspn(text, " \t\n\r");
    size_t alen = strspn(a, auth_chars);
    if (alen && alen < 32 && a[alen] == ':') {
        const char *c = a + alen + 1 + strspn(a + alen + 1, " \t");
        size_t clen = strspn(c, code_chars);
        if (clen && clen < 64 && !c[clen + strspn(c + clen, " \t\n\r")]) {
            char auth[32], code[64];
            memcpy(auth, a, alen);
            auth[alen] = '\0';
            memcpy(code, c, clen);
            code[clen] = '\0';
            PJ *op = proj_create_from_database(pj, auth, code,
                                               PJ_CATEGORY_COORDINATE_OPERATION, 0, NULL);
            if (op) return op;
        }
    }
    return proj_create(pj, text);
}

/* Is `text` none of the forms PROJ parses (AUTH:CODE, URN/URL, WKT,
 * PROJJSON, PROJ string), so that proj_create would search it as a name? */
static int is_name_lookup(const char *text)
{
    while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r') text++;
    if (*text == '+' || *text == '{') return 0;
    if (strchr(text, '[') || strchr(text, '(') || strchr(text, '=')) return 0;
    if (!strncasecmp(text, "urn:", 4) || !strncasecmp(text, "http", 4)) return 0;
    /* AUTH:CODE; PROJ also takes blanks after the colon and at the end
     * ("EPSG: 4326 "), but not before the colon or inside the code. */
    const char *colon = strchr(text, ':');
    if (colon && colon != text) {
        const char *code = colon + 1 + strspn(colon + 1, " \t");
        const char *end = code + strcspn(code, " \t\n\r");
        if (!end[strspn(end, " \t\n\r")]) return 0;
    }
    return 1;
}

/* Names equal, case, blanks and punctuation aside ("WGS84" is "WGS 84";
 * "WGS 8" is not): letters and digits compared one by one. */
static int same_name(const char *name, const char *text)
{
    for (;;) {
        while (*name && !isalnum((unsigned char)*name)) name++;
        while (*text && !isalnum((unsigned char)*text)) text++;
        if (!*name || !*text) return !*name && !*text;
        if (tolower((unsigned char)*name) != tolower((unsigned char)*text)) return 0;
        name++;
        text++;
    }
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
    /* PROJ takes any other text as a name and returns the object whose
     * name is closest ("foo" gives Amersfoort): only the same name counts. */
    if (is_name_lookup(text)) {
        const char *name = proj_get_name(crs);
        if (!name || !same_name(name, text)) {
            demarc__fail(ctx, DEMARC_ERR_CRS,
                         "%s '%s': no CRS of that exact name (PROJ's nearest match is '%.60s'); "
                         "give an EPSG code such as EPSG:4326",
                         what, label, name ? name : "?");
            proj_destroy(crs);
            return NULL;
        }
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
    if (t->src_to_geo) proj_destroy(t->src_to_geo);
    demarc__pj_share_release(t->pj_share); /* after the PJ objects of its PJ_CONTEXT */
    demarc__free(t->from);
    demarc__free(t->to);
    demarc__free(t->op_name);
    demarc__free(t->op_code);
    demarc__free(t);
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
                            double e, double n, int allow_ballpark, int *ballpark_seen)
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
            if (op && !allow_ballpark &&
                proj_coordoperation_has_ballpark_transformation(ctx->pj, op)) {
                *ballpark_seen = 1;
                proj_destroy(op);
                continue;
            }
            if (op && proj_coordoperation_is_instantiable(ctx->pj, op)) chosen = op;
            else if (op) proj_destroy(op);
        }
        proj_list_destroy(list);
    }
    return chosen;
}

static int is_geographic(const PJ *crs)
{
    PJ_TYPE type = proj_get_type(crs);
    return type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
}

/* Intersect box a (west, south, east, north; west > east across 180) with
 * the area of use of crs, when it has one. */
static void area_intersect(demarc_ctx *ctx, const PJ *crs, double a[4])
{
    double w, s, e, n;
    if (!proj_get_area_of_use(ctx->pj, crs, &w, &s, &e, &n, NULL) || w < -180 || e > 180)
        return;
    if (s > a[1]) a[1] = s;
    if (n < a[3]) a[3] = n;
    if (w <= e && a[0] <= a[2]) { /* neither crosses 180 */
        if (w > a[0]) a[0] = w;
        if (e < a[2]) a[2] = e;
    } else if (a[0] == -180 && a[2] == 180) {
        a[0] = w;
        a[2] = e;
    }
}

/* Prepare the checks of check_range: the area where both CRSs are
 * defined, and how a projected input is brought to lon/lat. */
static demarc_status range_setup(demarc_ctx *ctx, demarc_transform *t, const PJ *src,
                                 const PJ *dst)
{
    t->check_range = 1;
    t->area[0] = -180;
    t->area[1] = -90;
    t->area[2] = 180;
    t->area[3] = 90;
    area_intersect(ctx, src, t->area);
    area_intersect(ctx, dst, t->area);
    t->src_geographic = is_geographic(src);
    if (t->src_geographic) return DEMARC_OK;
    PJ *geo = proj_crs_get_geodetic_crs(ctx->pj, src);
    PJ *op = geo ? proj_create_crs_to_crs_from_pj(ctx->pj, src, geo, NULL, NULL) : NULL;
    if (geo) proj_destroy(geo);
    t->src_to_geo = op ? proj_normalize_for_visualization(ctx->pj, op) : NULL;
    if (op) proj_destroy(op);
    if (!t->src_to_geo)
        return demarc__fail(ctx, DEMARC_ERR_CRS,
                            "transform_new: cannot find the longitude/latitude of '%s' for its "
                            "range check",
                            t->from);
    return DEMARC_OK;
}

/* check_range: DEMARC_OK, or DEMARC_ERR_RANGE naming the first point
 * out of range or outside the area where both CRSs are defined. */
static demarc_status range_check(demarc_ctx *ctx, const demarc_transform *t, size_t n,
                                 const double *x, size_t xs, const double *y, size_t ys)
{
    for (size_t i = 0; i < n; i++) {
        PJ_COORD c = proj_coord(*(const double *)((const char *)x + i * xs),
                                *(const double *)((const char *)y + i * ys), 0, 0);
        if (!isfinite(c.xy.x) || !isfinite(c.xy.y))
            return demarc__fail(ctx, DEMARC_ERR_RANGE, "point %zu: (%g, %g) is not finite", i,
                                c.xy.x, c.xy.y);
        if (t->src_geographic) {
            if (!(c.lp.lam >= -180 && c.lp.lam <= 180 && c.lp.phi >= -90 && c.lp.phi <= 90))
                return demarc__fail(ctx, DEMARC_ERR_RANGE,
                                    "point %zu: lon/lat (%g, %g) out of range "
                                    "([-180, 180], [-90, 90])",
                                    i, c.lp.lam, c.lp.phi);
        } else {
            double px = c.xy.x, py = c.xy.y;
            proj_errno_reset(t->src_to_geo);
            c = proj_trans(t->src_to_geo, PJ_FWD, c);
            proj_errno_reset(t->src_to_geo);
            if (!isfinite(c.lp.lam) || !isfinite(c.lp.phi) || c.lp.lam == HUGE_VAL)
                return demarc__fail(ctx, DEMARC_ERR_RANGE,
                                    "point %zu: (%g, %g) is outside the domain of '%s'", i, px,
                                    py, t->from);
        }
        const double *a = t->area;
        int in_lon = a[0] <= a[2] ? c.lp.lam >= a[0] && c.lp.lam <= a[2]
                                  : c.lp.lam >= a[0] || c.lp.lam <= a[2];
        if (!in_lon || c.lp.phi < a[1] || c.lp.phi > a[3])
            return demarc__fail(ctx, DEMARC_ERR_RANGE,
                                "point %zu: lon/lat (%.6f, %.6f) is outside the area of use of "
                                "'%s' -> '%s' (%g..%g E, %g..%g N)",
                                i, c.lp.lam, c.lp.phi, t->from, t->to, a[0], a[2], a[1], a[3]);
    }
    return DEMARC_OK;
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
    int allow_ballpark = opts->version >= 2 && opts->allow_ballpark;
    int check_range = opts->version >= 2 && opts->check_range;
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

    demarc_transform *t = demarc__calloc(1, sizeof *t);
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
            /* The other way round: the same operation, inverted (exactly
             * for Helmert and grid shifts, as PROJ defines the inverse). */
            if (!ok &&
                proj_is_equivalent_to_with_ctx(ctx->pj, fs, dst, PJ_COMP_EQUIVALENT) &&
                proj_is_equivalent_to_with_ctx(ctx->pj, ft, src, PJ_COMP_EQUIVALENT)) {
                PJ *inv = proj_coordoperation_create_inverse(ctx->pj, forced);
                if (inv) {
                    proj_destroy(forced);
                    forced = inv;
                    ok = 1;
                }
            }
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
        int ballpark = 0;
        PJ *best = choose_operation(ctx, src, dst, w, s, e, n, allow_ballpark, &ballpark);
        if (!best && ballpark) {
            rc = demarc__fail(ctx, DEMARC_ERR_CRS,
                              "no known transformation from '%s' to '%s' in the area "
                              "%g..%g E, %g..%g N: PROJ offers only a ballpark operation "
                              "(no datum shift; often 100 m or more off). Force an "
                              "operation, or allow ballpark operations explicitly",
                              lf, lt, w, e, s, n);
            goto done;
        }
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
    if (check_range) rc = range_setup(ctx, t, src, dst);
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
    if (t->check_range) {
        demarc_status rc = range_check(ctx, t, n, x, x_stride, y, y_stride);
        if (rc) return rc;
    }
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
