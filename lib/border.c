/* border.c -- the border object: allocation, validation, indexing and the
 * read-only accessors.  Readers (border_default.c, border_ogr.c) fill a
 * border and hand it to demarc__border_finish(). */
#include "border_internal.h"
#include "alloc_internal.h"
#include "context_internal.h"
#include "geodesy_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A sign closer than this to the line is "on the line", m. */
#define ON_LINE_M 1e-3

demarc_border *demarc__border_alloc(void)
{
    demarc_border *b = demarc__calloc(1, sizeof *b);
    if (!b) return NULL;
    demarc__wgs84(&b->geod);
    b->info.declared_length_m = NAN;
    b->info.declared_signs = -1;
    b->declared_model = -1;
    for (int k = 0; k < 16; k++) b->strings[k] = NULL;
    return b;
}

int demarc__edge_model_parse(const char *name)
{
    for (int m = DEMARC_EDGE_GEODESIC; m <= DEMARC_EDGE_PLANAR; m++)
        if (!strcmp(name, demarc_edge_model_name((demarc_edge_model)m))) return m;
    return -2;
}

int demarc__sign_kind_parse(const char *name)
{
    for (int k = DEMARC_SIGN_TRIPOINT; k <= DEMARC_SIGN_POINT; k++)
        if (!strcasecmp(name, demarc_sign_kind_name((demarc_sign_kind)k))) return k;
    return -1;
}

const char *demarc__border_string(demarc_border *b, int k, const char *s)
{
    demarc__free(b->strings[k]);
    b->strings[k] = demarc__strdup(s ? s : "");
    return b->strings[k];
}

static void territory_free(demarc_territory_data *t)
{
    demarc__free(t->party);
    demarc__free(t->name);
    demarc__free(t->ring_start);
    demarc__free(t->ring_polygon);
    demarc__free(t->ring_is_hole);
    demarc__free(t->points);
    memset(t, 0, sizeof *t);
}

void demarc_border_free(demarc_border *b)
{
    if (!b) return;
    for (int k = 0; k < 16; k++) demarc__free(b->strings[k]);
    if (b->sign_strings)
        for (size_t i = 0; i < 2 * b->nsign; i++) demarc__free(b->sign_strings[i]);
    demarc__free(b->sign_strings);
    demarc__free(b->signs);
    demarc__free(b->sign_edge);
    demarc__free(b->by_id);
    demarc__free(b->xy);
    demarc__free(b->chain);
    demarc__free(b->edge_azi);
    for (size_t i = 0; i < 2; i++) territory_free(&b->terr[i]);
    demarc__border_index_free(b);
    demarc__free(b);
}

demarc_status demarc__border_alloc_signs(demarc_ctx *ctx, demarc_border *b, size_t n)
{
    b->signs = demarc__calloc(n ? n : 1, sizeof *b->signs);
    b->sign_strings = demarc__calloc(2 * (n ? n : 1), sizeof *b->sign_strings);
    if (!b->signs || !b->sign_strings)
        return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory for %zu signs", n);
    b->nsign = n;
    for (size_t i = 0; i < n; i++) {
        demarc_sign *s = &b->signs[i];
        s->id = s->provenance = "";
        s->lon = s->lat = s->h_m = s->chainage_m = s->next_dist_m = s->next_azimuth_deg = NAN;
        s->seq = (long)i + 1;
        s->kind = DEMARC_SIGN_MAIN;
        s->segment = DEMARC_SEGMENT_NONE;
    }
    return DEMARC_OK;
}

demarc_status demarc__border_sign_strings(demarc_ctx *ctx, demarc_border *b, size_t i,
                                          const char *id, const char *provenance)
{
    char *a = demarc__strdup(id ? id : ""), *p = demarc__strdup(provenance ? provenance : "");
    if (!a || !p) {
        demarc__free(a);
        demarc__free(p);
        return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory for sign strings");
    }
    demarc__free(b->sign_strings[2 * i]);
    demarc__free(b->sign_strings[2 * i + 1]);
    b->sign_strings[2 * i] = a;
    b->sign_strings[2 * i + 1] = p;
    b->signs[i].id = a;
    b->signs[i].provenance = p;
    return DEMARC_OK;
}

static int valid_lonlat(double lon, double lat)
{
    return isfinite(lon) && isfinite(lat) && lon >= -180.0 && lon <= 180.0 && lat >= -90.0 &&
           lat <= 90.0;
}

double demarc__edge_chainage(const demarc_border *b, size_t e, double t)
{
    if (t <= 0) return b->chain[e];
    if (t >= 1) return b->chain[e + 1];
    double foot[2];
    const double *a = &b->xy[2 * e];
    demarc__edge_point(&b->geod, b->info.edge_model, a, a + 2, t, foot);
    return b->chain[e] + demarc__edge_length(&b->geod, b->info.edge_model, a, foot);
}

/* Lower bound-ish planar distance from p to edge e, m, in a local
 * equirectangular frame; used only to rank edges before the exact test. */
static double approx_edge_distance(const demarc_border *b, size_t e, const double p[2])
{
    const double *a = &b->xy[2 * e];
    double c = cos(p[1] * M_PI / 180.0);
    double ux = (a[2] - a[0]) * c, uy = a[3] - a[1];
    double vx = (p[0] - a[0]) * c, vy = p[1] - a[1];
    double uu = ux * ux + uy * uy;
    double t = uu > 0 ? (ux * vx + uy * vy) / uu : 0;
    t = fmin(fmax(t, 0), 1);
    double dx = vx - t * ux, dy = vy - t * uy;
    return sqrt(dx * dx + dy * dy) * 111320.0;
}

void demarc__line_nearest(const demarc_border *b, const double p[2], size_t *edge, double *t,
                          double *dist_m)
{
    size_t nedge = b->nvert - 1;
    double best_approx = INFINITY;
    for (size_t e = 0; e < nedge; e++) {
        double d = approx_edge_distance(b, e, p);
        if (d < best_approx) best_approx = d;
    }
    /* The planar figure errs by well under 1 % plus the geodesic sag of an
     * edge (< 1 km for edges under 300 km); test every edge inside that. */
    double margin = best_approx * 0.02 + 2000.0;
    double best = INFINITY, best_t = 0;
    size_t best_e = 0;
    for (size_t e = 0; e < nedge; e++) {
        if (approx_edge_distance(b, e, p) > best_approx + margin) continue;
        double te, de;
        const double *a = &b->xy[2 * e];
        demarc__edge_nearest(&b->geod, b->info.edge_model, a, a + 2, p, &te, &de);
        if (de < best) { best = de; best_t = te; best_e = e; }
    }
    *edge = best_e;
    *t = best_t;
    *dist_m = best;
}

/* A sign on geodesic edge e at its declared chainage: the point of the edge
 * at that chainage and one short inverse to the sign split the (at most
 * millimetre) difference into along- and cross-track parts.  Returns 0 when
 * the sign is not within ON_LINE_M of that point. */
static int place_at_declared(const demarc_border *b, size_t e, const double p[2],
                             double chainage, double *line_chainage, double *offset)
{
    double len = b->chain[e + 1] - b->chain[e], s0 = chainage - b->chain[e];
    if (!b->edge_azi || !(s0 >= -ON_LINE_M && s0 <= len + ON_LINE_M)) return 0;
    s0 = fmin(fmax(s0, 0.0), len);
    const double *a = &b->xy[2 * e];
    struct geod_geodesicline l;
    geod_lineinit(&l, &b->geod, a[1], a[0], b->edge_azi[e],
                  GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_AZIMUTH | GEOD_DISTANCE_IN);
    double q[2], azl, azq;
    geod_genposition(&l, 0, s0, &q[1], &q[0], &azl, NULL, NULL, NULL, NULL, NULL);
    double d = demarc__geodesic(&b->geod, q, p, &azq);
    if (d > ON_LINE_M) return 0;
    double w = (azq - azl) * M_PI / 180.0;
    *line_chainage = b->chain[e] + fmin(fmax(s0 + d * cos(w), 0.0), len);
    *offset = fabs(d * sin(w));
    return 1;
}

/* Place sign i on the line: its edge, chainage of its foot and offset.
 * Fast paths for signs at a vertex and on the edge their declared
 * chainage names; the general nearest-point search otherwise. */
static void place_sign(demarc_border *b, size_t i, size_t *hint)
{
    demarc_sign *s = &b->signs[i];
    const double p[2] = {s->lon, s->lat};
    size_t nedge = b->nvert - 1;
    /* Candidate edge from the declared chainage, else from the previous sign. */
    size_t e0 = *hint;
    if (isfinite(s->chainage_m)) {
        size_t lo = 0, hi = b->nvert - 1; /* last vertex with chain <= chainage */
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (b->chain[mid] <= s->chainage_m) lo = mid; else hi = mid;
        }
        e0 = lo;
    }
    for (size_t k = e0 > 0 ? e0 - 1 : 0; k <= e0 + 1 && k < nedge; k++) {
        const double *a = &b->xy[2 * k];
        for (int end = 0; end < 2; end++) {
            if (a[2 * end] == p[0] && a[2 * end + 1] == p[1]) {
                b->sign_edge[i] = end && k + 1 < nedge ? k + 1 : k;
                s->line_chainage_m = b->chain[k + end];
                s->line_offset_m = 0;
                *hint = b->sign_edge[i];
                return;
            }
        }
    }
    if (e0 < nedge && isfinite(s->chainage_m) &&
        place_at_declared(b, e0, p, s->chainage_m, &s->line_chainage_m, &s->line_offset_m)) {
        b->sign_edge[i] = e0;
        *hint = e0;
        return;
    }
    if (e0 < nedge) {
        double t, d;
        const double *a = &b->xy[2 * e0];
        demarc__edge_nearest(&b->geod, b->info.edge_model, a, a + 2, p, &t, &d);
        if (d <= ON_LINE_M) {
            b->sign_edge[i] = e0;
            s->line_chainage_m =
                b->info.edge_model == DEMARC_EDGE_GEODESIC /* t is a fraction of the length */
                    ? b->chain[e0] + t * (b->chain[e0 + 1] - b->chain[e0])
                    : demarc__edge_chainage(b, e0, t);
            s->line_offset_m = d;
            *hint = e0;
            return;
        }
    }
    size_t e;
    double t, d;
    demarc__line_nearest(b, p, &e, &t, &d);
    b->sign_edge[i] = e;
    s->line_chainage_m = b->info.edge_model == DEMARC_EDGE_GEODESIC
                             ? b->chain[e] + t * (b->chain[e + 1] - b->chain[e])
                             : demarc__edge_chainage(b, e, t);
    s->line_offset_m = d;
    *hint = e;
}

/* qsort_r is not portable: sort indices by id with a local merge sort. */
static void sort_by_id(size_t *idx, size_t *tmp, size_t n, const demarc_sign *signs)
{
    if (n < 2) return;
    size_t h = n / 2;
    sort_by_id(idx, tmp, h, signs);
    sort_by_id(idx + h, tmp, n - h, signs);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = strcmp(signs[idx[i]].id, signs[idx[j]].id) <= 0 ? idx[i++] : idx[j++];
    while (i < h) tmp[k++] = idx[i++];
    while (j < n) tmp[k++] = idx[j++];
    memcpy(idx, tmp, n * sizeof *idx);
}

static demarc_status finish_signs(demarc_ctx *ctx, demarc_border *b, const char *what)
{
    size_t n = b->nsign;
    b->sign_edge = demarc__calloc(n ? n : 1, sizeof *b->sign_edge);
    b->by_id = demarc__malloc((n ? n : 1) * sizeof *b->by_id);
    size_t *tmp = demarc__malloc((n ? n : 1) * sizeof *tmp);
    if (!b->sign_edge || !b->by_id || !tmp) {
        demarc__free(tmp);
        return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory indexing %zu signs", n);
    }
    for (size_t i = 0; i < n; i++) {
        const demarc_sign *s = &b->signs[i];
        if (s->id[0] == '\0') {
            demarc__free(tmp);
            return demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: sign %zu (seq %ld): empty id",
                                what, i + 1, s->seq);
        }
        if (!valid_lonlat(s->lon, s->lat)) {
            demarc__free(tmp);
            return demarc__fail(ctx, DEMARC_ERR_RANGE,
                                "%s: sign '%s': lon/lat (%g, %g) not finite or out of range",
                                what, s->id, s->lon, s->lat);
        }
        b->by_id[i] = i;
    }
    sort_by_id(b->by_id, tmp, n, b->signs);
    demarc__free(tmp);
    for (size_t i = 1; i < n; i++) {
        const demarc_sign *x = &b->signs[b->by_id[i - 1]], *y = &b->signs[b->by_id[i]];
        if (strcmp(x->id, y->id) == 0)
            return demarc__fail(ctx, DEMARC_ERR_FORMAT,
                                "%s: duplicate sign id '%s' (seq %ld and %ld)", what, x->id,
                                x->seq, y->seq);
    }
    size_t hint = 0, physical = 0;
    for (size_t i = 0; i < n; i++) {
        place_sign(b, i, &hint);
        if (b->signs[i].kind != DEMARC_SIGN_POINT) physical++;
    }
    b->info.physical_sign_count = physical;
    return DEMARC_OK;
}

demarc_status demarc__border_finish(demarc_ctx *ctx, demarc_border *b, demarc_edge_model model,
                                    const char *what)
{
    if (model != DEMARC_EDGE_GEODESIC && model != DEMARC_EDGE_RHUMB &&
        model != DEMARC_EDGE_PLANAR)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "unknown edge model %d", (int)model);
    b->info.edge_model = model;
    if (b->nvert < 2)
        return demarc__fail(ctx, DEMARC_ERR_GEOMETRY,
                            "%s: the line has %zu vertices, at least 2 are needed", what,
                            b->nvert);
    for (size_t i = 0; i < b->nvert; i++)
        if (!valid_lonlat(b->xy[2 * i], b->xy[2 * i + 1]))
            return demarc__fail(ctx, DEMARC_ERR_RANGE,
                                "%s: line vertex %zu: lon/lat (%g, %g) not finite or out of "
                                "range",
                                what, i, b->xy[2 * i], b->xy[2 * i + 1]);
    /* A reader may hand over chainage and azimuths computed before (the
     * embedded border: at compile time, border_default.c); else here. */
    int have_chain = b->chain && (model != DEMARC_EDGE_GEODESIC || b->edge_azi);
    if (!have_chain) b->chain = demarc__malloc(b->nvert * sizeof *b->chain);
    if (!b->chain) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    /* Geodesic edges keep the azimuth the length's inverse solution gives
     * for free: queries then start a geodesic line without solving it again.
     * Edges under 500 m (a densified line's) take the short-line solution
     * (demarc__geodesic_edge, 5e-9 m), a tenth of an inverse's cost. */
    if (model == DEMARC_EDGE_GEODESIC && !have_chain) {
        b->edge_azi = demarc__malloc((b->nvert - 1) * sizeof *b->edge_azi);
        if (!b->edge_azi) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    }
    b->chain[0] = 0;
    for (size_t i = 1; i < b->nvert && !have_chain; i++) {
        const double *p = &b->xy[2 * (i - 1)], *q = &b->xy[2 * i];
        double *azi = b->edge_azi ? &b->edge_azi[i - 1] : NULL;
        b->chain[i] = b->chain[i - 1] + (azi ? demarc__geodesic_edge(&b->geod, p, q, azi)
                                             : demarc__edge_length(&b->geod, model, p, q));
    }
    demarc_status rc = finish_signs(ctx, b, what);
    if (rc) return rc;
    const char **slots[] = {&b->info.id, &b->info.name, &b->info.left_party,
                            &b->info.right_party, &b->info.left_name, &b->info.right_name,
                            &b->info.demarcation_finalised, &b->info.agreement_signed,
                            &b->info.agreement_place, &b->info.source, &b->info.licence,
                            &b->info.attribution, &b->info.crs, &b->info.operation};
    for (int k = 0; k < (int)(sizeof slots / sizeof slots[0]); k++) {
        if (!b->strings[k] && !demarc__border_string(b, k, ""))
            return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
        *slots[k] = b->strings[k];
    }
    b->info.vertex_count = b->nvert;
    b->info.sign_count = b->nsign;
    b->info.territory_count = b->nterr;
    for (size_t i = 0; i < b->nterr; i++) {
        demarc_territory_data *t = &b->terr[i];
        t->pub.party = t->party ? t->party : "";
        t->pub.name = t->name ? t->name : "";
        t->pub.ring_start = t->ring_start;
        t->pub.ring_polygon = t->ring_polygon;
        t->pub.ring_is_hole = t->ring_is_hole;
        t->pub.points = t->points;
    }
    return demarc__border_index(ctx, b);
}

/* ---- accessors ------------------------------------------------------ */

const demarc_border_info *demarc_border_info_get(const demarc_border *b)
{
    return b ? &b->info : NULL;
}

const double *demarc_border_vertices(const demarc_border *b, size_t *count)
{
    if (count) *count = b ? b->nvert : 0;
    return b ? b->xy : NULL;
}

const demarc_sign *demarc_border_sign(const demarc_border *b, size_t i)
{
    return b && i < b->nsign ? &b->signs[i] : NULL;
}

const demarc_territory *demarc_border_territory(const demarc_border *b, size_t i)
{
    return b && i < b->nterr ? &b->terr[i].pub : NULL;
}

const char *demarc_sign_kind_name(demarc_sign_kind k)
{
    switch (k) {
    case DEMARC_SIGN_TRIPOINT: return "tripoint";
    case DEMARC_SIGN_MAIN: return "main";
    case DEMARC_SIGN_INTERMEDIATE: return "intermediate";
    case DEMARC_SIGN_POINT: return "point";
    }
    return NULL;
}

const char *demarc_segment_kind_name(demarc_segment_kind k)
{
    switch (k) {
    case DEMARC_SEGMENT_NONE: return "";
    case DEMARC_SEGMENT_STRAIGHT: return "straight";
    case DEMARC_SEGMENT_NATURAL: return "natural";
    }
    return NULL;
}

const char *demarc_edge_model_name(demarc_edge_model m)
{
    switch (m) {
    case DEMARC_EDGE_GEODESIC: return "geodesic";
    case DEMARC_EDGE_RHUMB: return "rhumb";
    case DEMARC_EDGE_PLANAR: return "planar";
    }
    return NULL;
}

demarc_status demarc_sign_find(demarc_ctx *ctx, const demarc_border *b, const char *id,
                               size_t *index)
{
    DEMARC__ENTER(ctx);
    if (!b || !id || !index) return demarc__fail(ctx, DEMARC_ERR_ARG, "sign_find: NULL argument");
    size_t lo = 0, hi = b->nsign;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(b->signs[b->by_id[mid]].id, id);
        if (c == 0) { *index = b->by_id[mid]; return DEMARC_OK; }
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return demarc__fail(ctx, DEMARC_ERR_NOT_FOUND, "no sign with id '%s' in border '%s'", id,
                        b->info.id);
}
