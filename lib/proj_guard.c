/* proj_guard.c -- refuse the PROJ objects that would abort the process.
 *
 * PROJ 9.1 inverts a transformation whose method name contains
 * "Geocentric translations" (and not "grid") by negating its three
 * translations, and names the inverse's method after the forward method's
 * EPSG code (Transformation::inverseAsTransformation in
 * src/iso19111/operation/transformation.cpp).  When that code is not one of
 * the geocentric-translation methods -- a WKT METHOD with another ID, or a
 * name PROJ does not know, so no code at all -- the lookup fails an
 * assert() (oputils.cpp:90, createMethodMapNameEPSGCode) and Debian's PROJ,
 * built with assertions, aborts the application.  The inverse is computed
 * by proj_normalize_for_visualization and by the operation search, so any
 * CRS or operation text from a user can reach it (found by
 * tests/fuzz/fuzz_crs_text).  Such objects are refused up front. */
#include "project_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* EPSG methods "Geocentric translations (geocentric domain)" 1031,
 * "(geog2D domain)" 9603 and "(geog3D domain)" 1035 (EPSG Dataset). */
static const struct {
    const char *code, *name;
} geocentric_translations[] = {
    {"1031", "Geocentric translations (geocentric domain)"},
    {"9603", "Geocentric translations (geog2D domain)"},
    {"1035", "Geocentric translations (geog3D domain)"},
};

/* 1 when `needle` occurs in `s`, ignoring ASCII case. */
static int contains_nocase(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] &&
               tolower((unsigned char)s[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n) return 1;
    }
    return 0;
}

static int equal_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    return *a == *b;
}

/* DEMARC_OK, or DEMARC_ERR_CRS when the transformation's method is a
 * geocentric translation by name that PROJ cannot name by code. */
static demarc_status check_method(demarc_ctx *ctx, const PJ *op, const char *what,
                                  const char *label)
{
    const char *name = NULL, *auth = NULL, *code = NULL;
    if (!proj_coordoperation_get_method_info(ctx->pj, op, &name, &auth, &code) || !name)
        return DEMARC_OK;
    if (!contains_nocase(name, "geocentric translations") || contains_nocase(name, "grid"))
        return DEMARC_OK;
    size_t n = sizeof geocentric_translations / sizeof geocentric_translations[0];
    for (size_t i = 0; i < n; i++) {
        if (code && *code) {
            if (auth && !strcmp(auth, "EPSG") && !strcmp(code, geocentric_translations[i].code))
                return DEMARC_OK;
        } else if (equal_nocase(name, geocentric_translations[i].name)) {
            return DEMARC_OK;
        }
    }
    char id[64] = "no identifier";
    if (code && *code) snprintf(id, sizeof id, "%s:%s", auth ? auth : "?", code);
    return demarc__fail(ctx, DEMARC_ERR_CRS,
                        "%s '%s': method '%.80s' (%s) is a geocentric translation by name but "
                        "not EPSG:9603, 1031 or 1035; PROJ 9.1 aborts when it inverts one",
                        what, label, name, id);
}

demarc_status demarc__proj_guard(demarc_ctx *ctx, const PJ *obj, const char *what,
                                 const char *label, int depth)
{
    if (!obj || depth > 8) return DEMARC_OK;
    demarc_status rc = DEMARC_OK;
    PJ *part = NULL;
    switch (proj_get_type(obj)) {
    case PJ_TYPE_TRANSFORMATION:
        rc = check_method(ctx, obj, what, label);
        break;
    case PJ_TYPE_CONCATENATED_OPERATION: {
        int steps = proj_concatoperation_get_step_count(ctx->pj, obj);
        for (int i = 0; i < steps && !rc; i++) {
            part = proj_concatoperation_get_step(ctx->pj, obj, i);
            rc = demarc__proj_guard(ctx, part, what, label, depth + 1);
            proj_destroy(part);
        }
        part = NULL;
        break;
    }
    case PJ_TYPE_BOUND_CRS:
        part = proj_crs_get_coordoperation(ctx->pj, obj);
        rc = demarc__proj_guard(ctx, part, what, label, depth + 1);
        break;
    case PJ_TYPE_COMPOUND_CRS:
        for (int i = 0; i < 2 && !rc; i++) {
            part = proj_crs_get_sub_crs(ctx->pj, obj, i);
            rc = demarc__proj_guard(ctx, part, what, label, depth + 1);
            proj_destroy(part);
        }
        part = NULL;
        break;
    default:
        break;
    }
    if (part) proj_destroy(part);
    if (rc) return rc;
    /* An operation's own CRSs may be bound CRSs with a transformation. */
    if (proj_get_type(obj) >= PJ_TYPE_CONVERSION &&
        proj_get_type(obj) <= PJ_TYPE_OTHER_COORDINATE_OPERATION) {
        for (int end = 0; end < 2 && !rc; end++) {
            part = end ? proj_get_target_crs(ctx->pj, obj) : proj_get_source_crs(ctx->pj, obj);
            rc = demarc__proj_guard(ctx, part, what, label, depth + 1);
            proj_destroy(part);
        }
    }
    return rc;
}
