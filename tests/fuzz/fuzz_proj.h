/* fuzz_proj.h -- which CRS texts PROJ's database answers fast, for the
 * fuzz targets that hand user text to the projection API.
 *
 * PROJ answers an AUTH:CODE that proj.db holds in about a millisecond, but
 * a code it does not hold costs 15-50 ms under the sanitizers, and text it
 * cannot parse is searched for as a name (~0.2 s natively): at that price
 * the database, not the library, sets a target's pace.  So a target sends
 * inputs whose CRS texts are all codes proj.db holds (fz_known_code) to a
 * context with the database, and the others to one without it
 * (fz_no_database): WKT, PROJJSON and PROJ strings parse without the
 * database, names and codes then fail at once.  The reasons PROJ gives for
 * unknown codes are checked by tests/check_project.c and fuzzed end to end
 * by fuzz_transform_crs.
 *
 * Also shared by those targets: the two contexts (fz_proj_contexts_new) and
 * the choice between them (fz_pick_context), how an input is read as up to
 * three lines (fz_split3) and what is done with a transform they made
 * (fz_use_transform).  The context without the database is set up through
 * the library's internal header. */
#ifndef DEMARC_FUZZ_PROJ_H
#define DEMARC_FUZZ_PROJ_H

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "context_internal.h"
#include "demarc.h"
#include "fuzz_util.h"

/* "auth:code" of every object proj.db holds, lower case, sorted. */
static char **fz_known;
static size_t fz_n_known, fz_cap_known;

static inline int fz_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static inline void fz_lower(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

/* Load the list from pj's database (once; aborts without proj.db). */
static inline void fz_known_codes_load(PJ_CONTEXT *pj)
{
    static const PJ_TYPE types[] = {PJ_TYPE_CRS,
                                    PJ_TYPE_CONVERSION,
                                    PJ_TYPE_TRANSFORMATION,
                                    PJ_TYPE_CONCATENATED_OPERATION,
                                    PJ_TYPE_OTHER_COORDINATE_OPERATION,
                                    PJ_TYPE_ELLIPSOID,
                                    PJ_TYPE_GEODETIC_REFERENCE_FRAME,
                                    PJ_TYPE_VERTICAL_REFERENCE_FRAME,
                                    PJ_TYPE_DATUM_ENSEMBLE,
                                    PJ_TYPE_PRIME_MERIDIAN};
    PROJ_STRING_LIST auths = proj_get_authorities_from_database(pj);
    if (!auths) abort();
    for (size_t a = 0; auths[a]; a++) {
        for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
            PROJ_STRING_LIST codes = proj_get_codes_from_database(pj, auths[a], types[t], 1);
            for (size_t c = 0; codes && codes[c]; c++) {
                if (fz_n_known == fz_cap_known) {
                    fz_cap_known = fz_cap_known ? 2 * fz_cap_known : 65536;
                    fz_known = realloc(fz_known, fz_cap_known * sizeof *fz_known);
                    if (!fz_known) abort();
                }
                size_t len = strlen(auths[a]) + 1 + strlen(codes[c]) + 1;
                char *k = malloc(len);
                if (!k) abort();
                snprintf(k, len, "%s:%s", auths[a], codes[c]);
                fz_lower(k);
                fz_known[fz_n_known++] = k;
            }
            proj_string_list_destroy(codes);
        }
    }
    proj_string_list_destroy(auths);
    if (fz_n_known < 1000) abort(); /* proj.db not found */
    qsort(fz_known, fz_n_known, sizeof *fz_known, fz_cmp_str);
}

/* 1 when the line is an AUTH:CODE that proj.db holds. */
static inline int fz_known_code(const char *line)
{
    char key[96];
    size_t n = strlen(line);
    if (n == 0 || n >= sizeof key || !strchr(line, ':')) return 0;
    memcpy(key, line, n + 1);
    fz_lower(key);
    const char *k = key;
    return bsearch(&k, fz_known, fz_n_known, sizeof *fz_known, fz_cmp_str) != NULL;
}

/* Point pj's search path at an empty directory: no proj.db. */
static inline void fz_no_database(PJ_CONTEXT *pj)
{
    const char *empty[1] = {fz_dir()};
    proj_context_set_search_paths(pj, 1, empty);
}

/* The two contexts: *db with PROJ's database and the list of its codes
 * loaded, *nodb without a database (aborts when either cannot be made). */
static inline void fz_proj_contexts_new(demarc_ctx **db, demarc_ctx **nodb)
{
    if (demarc_ctx_new(db) || demarc_ctx_new(nodb)) abort();
    fz_known_codes_load((*db)->pj);
    fz_no_database((*nodb)->pj);
}

/* db when every line present (see fz_split3) is a code proj.db holds,
 * nodb otherwise. */
static inline demarc_ctx *fz_pick_context(char *const line[3], demarc_ctx *db, demarc_ctx *nodb)
{
    for (int i = 0; i < 3; i++)
        if (line[i] && !fz_known_code(line[i])) return nodb;
    return db;
}

/* The input as up to three lines, split at its first two '\n': line[0] is
 * the first, line[1] and line[2] the next two, NULL when absent (the third
 * runs to the input's end).  Returns the NUL-terminated copy the lines point
 * into, for the caller to free; NULL when out of memory. */
static inline char *fz_split3(const uint8_t *data, size_t size, char *line[3])
{
    char *s = malloc(size + 1);
    if (!s) return NULL;
    memcpy(s, data, size);
    s[size] = '\0';
    line[0] = s;
    line[1] = line[2] = NULL;
    for (int i = 1; i < 3; i++) {
        char *nl = strchr(line[i - 1], '\n');
        if (!nl) break;
        *nl = '\0';
        line[i] = nl + 1;
    }
    return s;
}

/* Apply t to a few points (inside and outside the area of use, latitude
 * out of range, NaN) and read its operation's description, which is
 * borrowed and never NULL. */
static inline void fz_use_transform(demarc_ctx *ctx, const demarc_transform *t)
{
    double x[4] = {60.0, 71.0, 200.0, NAN}, y[4] = {40.0, 42.0, 95.0, 40.0};
    (void)demarc_transform_apply(ctx, t, 4, x, sizeof x[0], y, sizeof y[0], NULL, 0);
    const char *name, *code;
    double acc;
    demarc_transform_operation(t, &name, &code, &acc);
    if (!name || !code) abort();
    (void)strlen(name);
    (void)strlen(code);
}

#endif
