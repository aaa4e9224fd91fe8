/* validate.c -- the rules of a sign catalogue against its border.
 *
 * Every rule has a code (see demarc/validate.h for the list); findings
 * name the sign, the measured value, the limit and the unit.  Distances
 * are geodesic on WGS 84 (Karney 2013) under the border's edge model. */
#include "validate_internal.h"
#include "alloc_internal.h"
#include "border_internal.h"
#include "context_internal.h"
#include "geodesy_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Where a point lies against the line. */
typedef struct place {
    size_t edge;
    double t, chain, dist; /* parameter on the edge, chainage m, distance m */
} place;

/* Nearest point of the line to p.  Try the edges around `hint` first: a
 * point within 1 m of one of them is taken as placed there (the line never
 * comes back within metres of itself); otherwise search the whole line. */
static void place_point(const demarc_border *b, const double p[2], size_t hint, place *pl)
{
    size_t nedge = b->nvert - 1;
    double best = INFINITY, bt = 0;
    size_t be = 0;
    if (hint < nedge) {
        /* A sign at a vertex of the hinted edge (most main signs): exact. */
        for (int end = 0; end < 2; end++) {
            const double *v = &b->xy[2 * (hint + end)];
            if (v[0] == p[0] && v[1] == p[1]) {
                pl->edge = hint;
                pl->t = end;
                pl->dist = 0;
                pl->chain = b->chain[hint + end];
                return;
            }
        }
        /* Then the hinted edge and its neighbours, nearest first. */
        static const int order[] = {0, 1, -1, 2, -2};
        for (int k = 0; k < 5 && !(best <= 1.0); k++) {
            if ((order[k] < 0 && hint < (size_t)-order[k]) ||
                (order[k] > 0 && hint + (size_t)order[k] >= nedge))
                continue;
            size_t e = hint + (size_t)(long)order[k];
            double t, d;
            const double *a = &b->xy[2 * e];
            demarc__edge_nearest(&b->geod, b->info.edge_model, a, a + 2, p, &t, &d);
            if (d < best) { best = d; bt = t; be = e; }
        }
    }
    if (!(best <= 1.0)) demarc__line_nearest(b, p, &be, &bt, &best);
    pl->edge = be;
    pl->t = bt;
    pl->dist = best;
    pl->chain = demarc__edge_chainage(b, be, bt);
}

/* Edge whose span holds chainage c (binary search); SIZE_MAX if c is NaN. */
static size_t edge_at_chainage(const demarc_border *b, double c)
{
    if (!isfinite(c)) return (size_t)-1;
    size_t lo = 0, hi = b->nvert - 1;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (b->chain[mid] <= c) lo = mid; else hi = mid;
    }
    return lo;
}

/* ---- sign numbering: 17 < 17A < 17B < ... < 17Z < 17AA < 18 ---------- */

/* The number of an id is compared as a digit string (leading zeros
 * skipped, then shorter is smaller, then digit by digit): ids of any
 * length, no overflow of a machine integer. */
typedef struct idkey {
    int ok;          /* 1 when the id is digits then letters */
    const char *num; /* first significant digit (the last digit when all are 0) */
    size_t numlen;
    size_t suflen;
    const char *suf;
} idkey;

static idkey id_key(const char *id)
{
    idkey k = {0, "", 0, 0, ""};
    const char *p = id;
    if (*p < '0' || *p > '9') return k;
    while (p[0] == '0' && p[1] >= '0' && p[1] <= '9') p++;
    k.num = p;
    while (*p >= '0' && *p <= '9') p++;
    k.numlen = (size_t)(p - k.num);
    k.suf = p;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) p++;
    if (*p) return k;
    k.suflen = (size_t)(p - k.suf);
    k.ok = 1;
    return k;
}

static int id_cmp(const idkey *a, const idkey *b)
{
    if (a->numlen != b->numlen) return a->numlen < b->numlen ? -1 : 1;
    int c = memcmp(a->num, b->num, a->numlen);
    if (c) return c < 0 ? -1 : 1;
    if (a->suflen != b->suflen) return a->suflen < b->suflen ? -1 : 1;
    return strncasecmp(a->suf, b->suf, a->suflen);
}

/* ---- sorting helpers (no qsort_r: contexts are passed explicitly) ----- */

typedef struct keyed { double k; size_t i; } keyed;

static int keyed_cmp(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    if (a->k != b->k) return a->k < b->k ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static int double_cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

static double median(double *v, size_t n)
{
    if (n == 0) return NAN;
    qsort(v, n, sizeof *v, double_cmp);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

typedef struct idsort { const char *id; size_t pos; } idsort;

static int idsort_cmp(const void *x, const void *y)
{
    const idsort *a = x, *b = y;
    int c = strcmp(a->id, b->id);
    if (c) return c;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* ---- the validation -------------------------------------------------- */

typedef struct vstate {
    demarc_ctx *ctx;
    const demarc_border *b;
    const demarc_catalogue *cat;
    demarc_report *r;
    demarc_validate_options o;
    size_t n;
    size_t *order;           /* catalogue order: entry index at each position */
    size_t *pos;             /* position of each entry in that order */
    place *pl;               /* placement of each valid entry */
    unsigned char *valid;    /* usable WGS 84 position */
    unsigned char *offset;   /* recorded with a side */
    unsigned char *problem;  /* a position finding: no run checks around it */
    unsigned char *swapped;  /* latitude/longitude swapped */
    double box[4];           /* the line's west, south, east, north, degrees */
} vstate;

#define E(i) (&st->cat->e[(i)])
#define ADD(...)                                                                   \
    do {                                                                           \
        demarc_status add_rc_ = demarc__report_add(st->ctx, st->r, __VA_ARGS__);   \
        if (add_rc_) return add_rc_;                                               \
    } while (0)

static int progress(vstate *st, double frac, const char *stage)
{
    return st->o.progress && st->o.progress(st->o.progress_userdata, frac, stage) != 0;
}

static demarc_status rule_coordinates(vstate *st)
{
    for (size_t k = 0; k < st->n; k++) {
        size_t i = st->order[k];
        const demarc_catalogue_entry *e = E(i);
        if (e->flags & DEMARC_ENTRY_COORD_MISSING)
            ADD("sign.coord_missing", DEMARC_SEVERITY_ERROR, e->id, NAN, NAN, NAN, NAN,
                "sign %s (%s): a coordinate is missing", e->id, WHERE(e));
        else if (e->flags & DEMARC_ENTRY_COORD_NOT_FINITE)
            ADD("sign.coord_not_finite", DEMARC_SEVERITY_ERROR, e->id, NAN, NAN, NAN, NAN,
                "sign %s (%s): a coordinate is not a finite number (%g, %g)", e->id,
                WHERE(e), e->x, e->y);
        else if (e->flags & DEMARC_ENTRY_COORD_RANGE)
            ADD("sign.coord_range", DEMARC_SEVERITY_ERROR, e->id, NAN, NAN, NAN, NAN,
                "sign %s (%s): position (%.9g, %.9g) is out of range or cannot be "
                "transformed to WGS 84 (longitude in [-180, 180], latitude in [-90, 90])",
                e->id, WHERE(e), e->x, e->y);
        size_t ctl = strcspn(e->id, "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c"
                                    "\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
                                    "\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f");
        if (!e->id[0])
            ADD("sign.id", DEMARC_SEVERITY_ERROR, "", e->lon, e->lat, NAN, NAN,
                "the sign at %s has a blank id", WHERE(e));
        else if (e->id[ctl])
            ADD("sign.id", DEMARC_SEVERITY_ERROR, e->id, e->lon, e->lat, NAN, NAN,
                "the sign at %s: its id holds a control character (U+%04X at byte %zu)",
                WHERE(e), (unsigned)(unsigned char)e->id[ctl], ctl + 1);
        else if (isspace((unsigned char)e->id[0]) ||
                 isspace((unsigned char)e->id[strlen(e->id) - 1]))
            ADD("sign.id", DEMARC_SEVERITY_ERROR, e->id, e->lon, e->lat, NAN, NAN,
                "sign '%s' (%s): the id has leading or trailing spaces", e->id, WHERE(e));
        if (e->flags & DEMARC_ENTRY_FIELD_BAD)
            ADD("sign.field", DEMARC_SEVERITY_ERROR, e->id, e->lon, e->lat, NAN, NAN,
                "sign %s (%s): %s", e->id, WHERE(e),
                e->field_problem && e->field_problem[0] ? e->field_problem : "a bad field");
        if (e->flags & DEMARC_ENTRY_KIND_UNKNOWN)
            ADD("sign.kind", DEMARC_SEVERITY_WARNING, e->id, e->lon, e->lat, NAN, NAN,
                "sign %s (%s): kind '%.40s' is not tripoint, main, intermediate or "
                "point; taken as main",
                e->id, WHERE(e), e->kind_text);
    }
    return DEMARC_OK;
}

/* The operation that brought the positions to WGS 84 may be coarser than
 * the tolerance the signs are held to: say so plainly. */
static demarc_status rule_accuracy(vstate *st)
{
    const demarc_catalogue *c = st->cat;
    if (!c->transformation || !c->transformation[0]) return DEMARC_OK;
    if (c->accuracy_m < 0)
        ADD("catalogue.accuracy", DEMARC_SEVERITY_WARNING, "", NAN, NAN, NAN, st->o.off_line_m,
            "the positions were transformed to WGS 84 with %s, of unknown accuracy: a sign "
            "off the line by the tolerance (%.3f m) may be the transformation's error",
            c->transformation, st->o.off_line_m);
    else if (c->accuracy_m > st->o.off_line_m)
        ADD("catalogue.accuracy", DEMARC_SEVERITY_WARNING, "", NAN, NAN, c->accuracy_m,
            st->o.off_line_m,
            "the positions were transformed to WGS 84 with %s, accurate to %g m: coarser "
            "than the tolerance %.3f m, so distances from the line below about %g m cannot "
            "be told apart from the transformation's error",
            c->transformation, c->accuracy_m, st->o.off_line_m, c->accuracy_m);
    return DEMARC_OK;
}

static demarc_status rule_count(vstate *st)
{
    long expected = st->o.expected_signs ? st->o.expected_signs
                                         : demarc_border_info_get(st->b)->declared_signs;
    if (expected > 0 && (long)st->n != expected)
        ADD("catalogue.count", DEMARC_SEVERITY_ERROR, "", NAN, NAN, (double)st->n,
            (double)expected, "the catalogue has %zu signs, %ld are declared (%+ld)", st->n,
            expected, (long)st->n - expected);
    return DEMARC_OK;
}

static demarc_status rule_duplicate_ids(vstate *st)
{
    idsort *v = demarc__malloc((st->n ? st->n : 1) * sizeof *v);
    if (!v) return demarc__fail(st->ctx, DEMARC_ERR_NOMEM, "out of memory");
    for (size_t k = 0; k < st->n; k++) v[k] = (idsort){E(st->order[k])->id, k};
    qsort(v, st->n, sizeof *v, idsort_cmp);
    demarc_status rc = DEMARC_OK;
    for (size_t k = 1; k < st->n && !rc; k++) {
        if (strcmp(v[k].id, v[k - 1].id) != 0 || !v[k].id[0]) continue;
        size_t first = k - 1;
        while (first > 0 && !strcmp(v[first - 1].id, v[k].id)) first--;
        const demarc_catalogue_entry *e = E(st->order[v[k].pos]),
                                     *f = E(st->order[v[first].pos]);
        rc = demarc__report_add(st->ctx, st->r, "sign.duplicate_id", DEMARC_SEVERITY_ERROR,
                                e->id, e->lon, e->lat, (double)e->row, (double)f->row,
                                "sign id '%s' at %s was already used at %s", e->id,
                                WHERE(e), WHERE(f));
    }
    demarc__free(v);
    return rc;
}

/* Place every valid entry on the line; hints from the declared chainage or
 * the previous sign keep this linear in practice. */
static demarc_status place_all(vstate *st)
{
    size_t hint = 0;
    for (size_t k = 0; k < st->n; k++) {
        if (k % 128 == 0 && progress(st, 0.8 * (double)k / (double)st->n, "placing signs"))
            return demarc__fail(st->ctx, DEMARC_ERR_CANCELLED, "validation cancelled");
        size_t i = st->order[k];
        if (!st->valid[i]) continue;
        const demarc_catalogue_entry *e = E(i);
        size_t h = edge_at_chainage(st->b, e->chainage_m);
        const double p[2] = {e->lon, e->lat};
        place_point(st->b, p, h != (size_t)-1 ? h : hint, &st->pl[i]);
        hint = st->pl[i].edge;
    }
    return DEMARC_OK;
}

static demarc_status rule_swapped(vstate *st)
{
    for (size_t k = 0; k < st->n; k++) {
        size_t i = st->order[k];
        const demarc_catalogue_entry *e = E(i);
        if (!st->valid[i] || st->offset[i] || st->pl[i].dist <= st->o.off_line_m) continue;
        if (!(fabs(e->lon) <= 90.0)) continue;
        const double q[2] = {e->lat, e->lon};
        /* Only worth a search when the swapped point is near the line's
         * box (0.1 deg margin, about 10 km). */
        if (q[0] < st->box[0] - 0.1 || q[0] > st->box[2] + 0.1 || q[1] < st->box[1] - 0.1 ||
            q[1] > st->box[3] + 0.1)
            continue;
        place pq;
        place_point(st->b, q, (size_t)-1, &pq);
        if (pq.dist <= fmax(st->o.off_line_m, 1e-3 * st->pl[i].dist)) {
            st->swapped[i] = st->problem[i] = 1;
            ADD("sign.latlon_swapped", DEMARC_SEVERITY_ERROR, e->id, e->lon, e->lat,
                st->pl[i].dist, st->o.off_line_m,
                "sign %s (%s) lies %.1f m off the line at (%.9f, %.9f); with longitude "
                "and latitude swapped it lies %.3f m from it: the coordinates are most "
                "likely swapped",
                e->id, WHERE(e), st->pl[i].dist, e->lon, e->lat, pq.dist);
        }
    }
    return DEMARC_OK;
}

/* A datum mix-up shows as most signs off the line by a similar vector.  Try
 * the hypotheses with ONE transformation for the whole border, the one PROJ
 * picks for the area (for Pulkovo 1942: EPSG:15865), on a sample of signs:
 * if re-read that way they fall on the line, name the datum. */
static demarc_status rule_datum(vstate *st, int *found, demarc_transform **fix)
{
    *found = 0;
    *fix = NULL;
    size_t m = 0;
    double *d = demarc__malloc((st->n ? st->n : 1) * sizeof *d);
    size_t *use = demarc__malloc((st->n ? st->n : 1) * sizeof *use);
    if (!d || !use) {
        demarc__free(d);
        demarc__free(use);
        return demarc__fail(st->ctx, DEMARC_ERR_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < st->n; k++) {
        size_t i = st->order[k];
        if (st->valid[i] && !st->offset[i] && !st->swapped[i]) {
            use[m] = i;
            d[m++] = st->pl[i].dist;
        }
    }
    double med = median(d, m);
    demarc_status rc = DEMARC_OK;
    if (m < 3 || !(med > st->o.off_line_m)) goto out;
    static const struct {
        const char *from, *to, *label;
    } hyp[] = {
        {"EPSG:4284", "EPSG:4326",
         "the positions are Pulkovo 1942 (SK-42, EPSG:4284) values labelled as WGS 84"},
        {"EPSG:4326", "EPSG:4284",
         "the positions were transformed from Pulkovo 1942 to WGS 84 although they were "
         "WGS 84 already"},
    };
    enum { SAMPLE = 64 };
    size_t ns = m < SAMPLE ? m : SAMPLE;
    for (size_t h = 0; h < sizeof hyp / sizeof hyp[0] && !*found; h++) {
        demarc_transform *t = NULL;
        demarc_status trc = demarc_transform_new(st->ctx, &t, hyp[h].from, hyp[h].to, NULL);
        if (trc == DEMARC_ERR_NOMEM) { /* not "no hypothesis": the finding would be lost */
            rc = trc;
            goto out;
        }
        if (trc != DEMARC_OK) {
            demarc__clear(st->ctx); /* PROJ without the EPSG database: no hypothesis */
            continue;
        }
        double d2[SAMPLE], de[SAMPLE], dn[SAMPLE];
        size_t got = 0;
        for (size_t s = 0; s < ns; s++) {
            const demarc_catalogue_entry *e = E(use[s * m / ns]);
            double x = e->lon, y = e->lat;
            if (demarc_transform_apply(st->ctx, t, 1, &x, sizeof x, &y, sizeof y, NULL, 0)) {
                demarc__clear(st->ctx);
                continue;
            }
            const double q[2] = {x, y}, p[2] = {e->lon, e->lat};
            place pq;
            place_point(st->b, q, st->pl[use[s * m / ns]].edge, &pq);
            double az, dist = demarc__geodesic(&st->b->geod, q, p, &az);
            d2[got] = pq.dist;
            de[got] = dist * sin(az * M_PI / 180.0);
            dn[got] = dist * cos(az * M_PI / 180.0);
            got++;
        }
        double med2 = median(d2, got), me = median(de, got), mn = median(dn, got);
        if (got >= 3 && med2 <= fmax(st->o.off_line_m, 0.2 * med)) {
            const char *name = "", *code = "";
            double acc = -1;
            demarc_transform_operation(t, &name, &code, &acc);
            char codebuf[64];
            *found = 1;
            rc = demarc__report_add(
                st->ctx, st->r, "catalogue.datum", DEMARC_SEVERITY_ERROR, "", NAN, NAN, med,
                st->o.off_line_m,
                "the signs lie systematically off the line (median %.2f m; shifted a median "
                "%.1f m %s and %.1f m %s of where they belong): %s.  Transformed %s -> %s "
                "with %s %s (accuracy %g m), one operation for the whole border, the median "
                "distance to the line drops to %.3f m (%zu signs sampled)",
                med, fabs(me), me >= 0 ? "east" : "west", fabs(mn), mn >= 0 ? "north" : "south",
                hyp[h].label, hyp[h].from, hyp[h].to,
                demarc__op_code_text(code, codebuf, sizeof codebuf), name, acc, med2, got);
            *fix = t;
            t = NULL;
        }
        demarc_transform_free(t);
    }
out:
    demarc__free(d);
    demarc__free(use);
    return rc;
}

static demarc_status rule_off_line(vstate *st)
{
    for (size_t k = 0; k < st->n; k++) {
        size_t i = st->order[k];
        const demarc_catalogue_entry *e = E(i);
        if (!st->valid[i] || st->offset[i] || st->swapped[i]) continue;
        double d = st->pl[i].dist;
        /* Near or over the limit, decide on demarc_locate's exact geodesic
         * distance (issue 5); the placement search may err by millimetres
         * on long edges. */
        if (d > 0.5 * st->o.off_line_m) {
            demarc_location loc;
            demarc_status rc = demarc_locate(st->ctx, st->b, e->lon, e->lat, NULL, &loc);
            if (rc) return rc;
            d = loc.distance_m;
        }
        if (d > st->o.off_line_m)
            ADD("sign.off_line", DEMARC_SEVERITY_ERROR, e->id, e->lon, e->lat, d,
                st->o.off_line_m,
                "sign %s (%s) lies %.3f m from the line (geodesic), more than %.3f m",
                e->id, WHERE(e), d, st->o.off_line_m);
    }
    return DEMARC_OK;
}

static demarc_status rule_side(vstate *st)
{
    const demarc_border_info *in = demarc_border_info_get(st->b);
    for (size_t k = 0; k < st->n; k++) {
        size_t i = st->order[k];
        const demarc_catalogue_entry *e = E(i);
        if (!st->offset[i] || !st->valid[i]) continue;
        int want = !strcasecmp(e->side, in->left_party) || !strcasecmp(e->side, "left")    ? 0
                   : !strcasecmp(e->side, in->right_party) || !strcasecmp(e->side, "right") ? 1
                                                                                            : -1;
        if (want < 0) {
            ADD("sign.side", DEMARC_SEVERITY_ERROR, e->id, e->lon, e->lat, NAN, NAN,
                "sign %s (%s): side '%.20s' is neither %s, %s, left nor right", e->id,
                WHERE(e), e->side, in->left_party, in->right_party);
            continue;
        }
        const char *want_code = want ? in->right_party : in->left_party;
        if (st->pl[i].dist <= st->o.off_line_m) {
            ADD("sign.side", DEMARC_SEVERITY_ERROR, e->id, e->lon, e->lat, st->pl[i].dist,
                st->o.off_line_m,
                "sign %s (%s) is recorded in %s but stands on the line (%.3f m from it)",
                e->id, WHERE(e), want_code, st->pl[i].dist);
            continue;
        }
        /* Point in territory with the border's own edges (geodesic by
         * default), through demarc_locate (issue 5). */
        demarc_locate_options lo = DEMARC_LOCATE_OPTIONS_INIT;
        lo.flags = DEMARC_LOCATE_PARTY_ONLY;
        demarc_location loc;
        demarc_status rc = demarc_locate(st->ctx, st->b, e->lon, e->lat, &lo, &loc);
        if (rc) return rc;
        if (loc.party != want)
            ADD("sign.side", DEMARC_SEVERITY_ERROR, e->id, e->lon, e->lat, st->pl[i].dist, 0.0,
                "sign %s (%s) is recorded in %s but lies %s%s, %.2f m from the line",
                e->id, WHERE(e), want_code, loc.party < 0 ? "in neither party's territory" : "in ",
                loc.party < 0 ? "" : loc.party_code, st->pl[i].dist);
    }
    return DEMARC_OK;
}

static demarc_status rule_coincident(vstate *st)
{
    keyed *v = demarc__malloc((st->n ? st->n : 1) * sizeof *v);
    if (!v) return demarc__fail(st->ctx, DEMARC_ERR_NOMEM, "out of memory");
    size_t m = 0;
    for (size_t k = 0; k < st->n; k++)
        if (st->valid[st->order[k]]) v[m++] = (keyed){E(st->order[k])->lat, k};
    qsort(v, m, sizeof *v, keyed_cmp);
    /* 1 degree of latitude is more than 110.5 km everywhere. */
    double dlat = st->o.coincident_m / 110000.0;
    demarc_status rc = DEMARC_OK;
    for (size_t a = 0; a < m && !rc; a++) {
        for (size_t c = a + 1; c < m && v[c].k - v[a].k <= dlat && !rc; c++) {
            size_t ka = v[a].i < v[c].i ? v[a].i : v[c].i, kb = v[a].i < v[c].i ? v[c].i : v[a].i;
            const demarc_catalogue_entry *x = E(st->order[ka]), *y = E(st->order[kb]);
            if (!strcmp(x->id, y->id)) continue; /* a duplicate row: sign.duplicate_id */
            const double p[2] = {x->lon, x->lat}, q[2] = {y->lon, y->lat};
            double dist = demarc__geodesic(&st->b->geod, p, q, NULL);
            if (dist > st->o.coincident_m) continue;
            st->problem[st->order[kb]] = 1;
            rc = demarc__report_add(st->ctx, st->r, "sign.coincident", DEMARC_SEVERITY_ERROR,
                                    y->id, y->lon, y->lat, dist, st->o.coincident_m,
                                    "sign %s (%s) stands %.3f m from sign %s (%s), "
                                    "closer than %.3f m",
                                    y->id, WHERE(y), dist, x->id, WHERE(x), st->o.coincident_m);
        }
    }
    demarc__free(v);
    return rc;
}

/* For a descent between positions a and b = next (value[a] >= value[b]),
 * the culprit: a when it is too large for its place (its predecessor is
 * still below b), else b. */
static int culprit_is_first(int have_prev, int prev_below_b) { return have_prev && prev_below_b; }

static demarc_status rule_order(vstate *st)
{
    /* On-line signs in catalogue order. */
    size_t *s = demarc__malloc((st->n ? st->n : 1) * sizeof *s), m = 0;
    if (!s) return demarc__fail(st->ctx, DEMARC_ERR_NOMEM, "out of memory");
    for (size_t k = 0; k < st->n; k++) {
        size_t i = st->order[k];
        if (st->valid[i] && !st->swapped[i] && !st->problem[i]) s[m++] = i;
    }
    demarc_status rc = DEMARC_OK;
    for (size_t j = 0; j + 1 < m && !rc; j++) {
        size_t a = s[j], b = s[j + 1];
        if (st->pl[a].chain <= st->pl[b].chain) continue;
        int first = culprit_is_first(j > 0, j > 0 && st->pl[s[j - 1]].chain < st->pl[b].chain);
        size_t c = first ? a : b, o = first ? b : a;
        const demarc_catalogue_entry *e = E(c), *f = E(o);
        st->problem[a] = st->problem[b] = 1;
        rc = demarc__report_add(
            st->ctx, st->r, "sign.order", DEMARC_SEVERITY_ERROR, e->id, e->lon, e->lat,
            st->pl[c].chain, st->pl[o].chain,
            "sign %s (%s) is out of order along the line: chainage %.3f m %s sign %s's "
            "%.3f m; are %s and %s swapped or misnumbered?",
            e->id, WHERE(e), st->pl[c].chain, first ? "beyond" : "before", f->id,
            st->pl[o].chain, E(a)->id, E(b)->id);
    }
    demarc__free(s);
    return rc;
}

static demarc_status rule_numbering(vstate *st)
{
    size_t *s = demarc__malloc((st->n ? st->n : 1) * sizeof *s), m = 0;
    idkey *key = demarc__malloc((st->n ? st->n : 1) * sizeof *key);
    if (!s || !key) {
        demarc__free(s);
        demarc__free(key);
        return demarc__fail(st->ctx, DEMARC_ERR_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < st->n; k++) {
        idkey kk = id_key(E(st->order[k])->id);
        if (kk.ok) { key[m] = kk; s[m++] = st->order[k]; }
    }
    demarc_status rc = DEMARC_OK;
    for (size_t j = 0; j + 1 < m && !rc; j++) {
        int c = id_cmp(&key[j], &key[j + 1]);
        if (c < 0 || !strcmp(E(s[j])->id, E(s[j + 1])->id)) continue; /* equal: duplicate rule */
        int first = culprit_is_first(j > 0, j > 0 && id_cmp(&key[j - 1], &key[j + 1]) < 0);
        const demarc_catalogue_entry *e = E(first ? s[j] : s[j + 1]),
                                     *f = E(first ? s[j + 1] : s[j]);
        rc = demarc__report_add(st->ctx, st->r, "sign.numbering", DEMARC_SEVERITY_ERROR, e->id,
                                e->lon, e->lat, (double)e->row, (double)f->row,
                                "sign %s (%s) is out of numbering order: it comes %s "
                                "sign %s (%s) in the catalogue",
                                e->id, WHERE(e), first ? "before" : "after", f->id, WHERE(f));
    }
    /* seq must not repeat */
    for (size_t k = 1; k < st->n && !rc; k++) {
        const demarc_catalogue_entry *x = E(st->order[k - 1]), *y = E(st->order[k]);
        if (x->seq > 0 && x->seq == y->seq)
            rc = demarc__report_add(st->ctx, st->r, "sign.numbering", DEMARC_SEVERITY_ERROR,
                                    y->id, y->lon, y->lat, (double)y->seq, (double)x->seq,
                                    "sign %s (%s) repeats seq %ld of sign %s (%s)",
                                    y->id, WHERE(y), y->seq, x->id, WHERE(x));
    }
    demarc__free(s);
    demarc__free(key);
    return rc;
}

static demarc_status rule_runs(vstate *st)
{
    for (size_t k = 0; k + 1 < st->n; k++) {
        size_t i = st->order[k], j = st->order[k + 1];
        if (!st->valid[i] || !st->valid[j] || st->problem[i] || st->problem[j] ||
            st->offset[i] || st->offset[j])
            continue;
        const demarc_catalogue_entry *e = E(i), *f = E(j);
        double len = st->pl[j].chain - st->pl[i].chain;
        if (isfinite(e->next_dist_m) && fabs(e->next_dist_m - len) > st->o.next_dist_tolerance_m)
            ADD("sign.next_dist", DEMARC_SEVERITY_ERROR, e->id, e->lon, e->lat,
                e->next_dist_m - len, st->o.next_dist_tolerance_m,
                "sign %s (%s): declared next_dist_m %.3f m to sign %s, computed %.3f m "
                "along the line (off by %+.3f m, tolerance %.3f m)",
                e->id, WHERE(e), e->next_dist_m, f->id, len, e->next_dist_m - len,
                st->o.next_dist_tolerance_m);
        if (isfinite(e->next_azimuth_deg)) {
            const double p[2] = {e->lon, e->lat}, q[2] = {f->lon, f->lat};
            double az;
            demarc__geodesic(&st->b->geod, p, q, &az);
            double diff = fmod(e->next_azimuth_deg - az + 540.0, 360.0) - 180.0;
            if (fabs(diff) > st->o.azimuth_tolerance_deg)
                ADD("sign.next_azimuth", DEMARC_SEVERITY_ERROR, e->id, e->lon, e->lat, diff,
                    st->o.azimuth_tolerance_deg,
                    "sign %s (%s): declared next_azimuth_deg %.6f to sign %s, computed "
                    "%.6f deg (geodesic; off by %+.6f deg, tolerance %.6f deg)",
                    e->id, WHERE(e), e->next_azimuth_deg, f->id, az, diff,
                    st->o.azimuth_tolerance_deg);
        }
        if (len > st->o.max_gap_m)
            ADD("sign.gap", DEMARC_SEVERITY_WARNING, e->id, e->lon, e->lat, len, st->o.max_gap_m,
                "%.1f m along the line from sign %s (%s) to sign %s without a sign, more "
                "than %.1f m",
                len, e->id, WHERE(e), f->id, st->o.max_gap_m);
    }
    return DEMARC_OK;
}

static demarc_status rule_tripoints(vstate *st)
{
    if (st->n == 0) return DEMARC_OK;
    for (int end = 0; end < 2; end++) {
        size_t i = st->order[end ? st->n - 1 : 0];
        const demarc_catalogue_entry *e = E(i);
        const double *v = &st->b->xy[end ? 2 * (st->b->nvert - 1) : 0];
        const char *which = end ? "last" : "first";
        if (!st->valid[i]) continue;
        const double p[2] = {e->lon, e->lat};
        double dist = demarc__geodesic(&st->b->geod, p, v, NULL);
        /* Without a kind column nothing says what the sign is: only its
         * place is checked. */
        if (st->cat->has_kind && e->kind != DEMARC_SIGN_TRIPOINT)
            ADD("catalogue.tripoint", DEMARC_SEVERITY_ERROR, e->id, e->lon, e->lat, dist,
                st->o.off_line_m,
                "the %s sign, %s (%s), is of kind '%s', not a tripoint", which, e->id,
                WHERE(e), e->kind_text[0] ? e->kind_text : "main");
        else if (dist > st->o.off_line_m)
            ADD("catalogue.tripoint", DEMARC_SEVERITY_ERROR, e->id, e->lon, e->lat, dist,
                st->o.off_line_m,
                "the %s sign, %s%s (%s), lies %.3f m from the line's %s vertex "
                "(%.9f, %.9f), more than %.3f m",
                which, st->cat->has_kind ? "tripoint " : "", e->id, WHERE(e), dist, which, v[0],
                v[1], st->o.off_line_m);
    }
    return DEMARC_OK;
}

static demarc_status check_options(demarc_ctx *ctx, const demarc_validate_options *in,
                                   demarc_validate_options *o)
{
    demarc_validate_options def = DEMARC_VALIDATE_OPTIONS_INIT;
    *o = in ? *in : def;
    if (o->version != DEMARC_VALIDATE_OPTIONS_VERSION)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "demarc_validate_options: version %u, expected %u",
                            o->version, DEMARC_VALIDATE_OPTIONS_VERSION);
    struct { double *v; const char *name; double def; } f[] = {
        {&o->off_line_m, "off_line_m", 0.10},
        {&o->coincident_m, "coincident_m", 0.5},
        {&o->max_gap_m, "max_gap_m", 5000.0},
        {&o->next_dist_tolerance_m, "next_dist_tolerance_m", 1.0},
        {&o->azimuth_tolerance_deg, "azimuth_tolerance_deg", 0.01},
    };
    for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
        if (!(*f[k].v >= 0) || !isfinite(*f[k].v))
            return demarc__fail(ctx, DEMARC_ERR_ARG,
                                "demarc_validate_options: %s = %g must be zero or positive",
                                f[k].name, *f[k].v);
        if (*f[k].v == 0) *f[k].v = f[k].def;
    }
    if (o->expected_signs < 0)
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "demarc_validate_options: expected_signs = %ld is negative",
                            o->expected_signs);
    return DEMARC_OK;
}

demarc_status demarc_catalogue_validate(demarc_ctx *ctx, demarc_report **out,
                                        const demarc_border *border, const demarc_catalogue *cat,
                                        const demarc_validate_options *opts)
{
    DEMARC__ENTER_OUT(ctx, out);
    if (!out || !border || !cat)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "out, border and catalogue must not be NULL");
    *out = NULL;
    vstate s = {0}, *st = &s;
    demarc_catalogue fixed = *cat; /* positions corrected for a datum mix-up */
    fixed.e = NULL;
    demarc_status rc = check_options(ctx, opts, &s.o);
    if (rc) return rc;
    if (border->nvert < 2)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "the border has no line to validate against");
    s.ctx = ctx;
    s.b = border;
    s.box[0] = s.box[2] = border->xy[0];
    s.box[1] = s.box[3] = border->xy[1];
    for (size_t v = 1; v < border->nvert; v++) {
        s.box[0] = fmin(s.box[0], border->xy[2 * v]);
        s.box[2] = fmax(s.box[2], border->xy[2 * v]);
        s.box[1] = fmin(s.box[1], border->xy[2 * v + 1]);
        s.box[3] = fmax(s.box[3], border->xy[2 * v + 1]);
    }
    s.cat = cat;
    s.n = cat->n;
    s.r = demarc__report_new(0);
    size_t n1 = s.n ? s.n : 1;
    s.order = demarc__malloc(n1 * sizeof *s.order);
    s.pos = demarc__malloc(n1 * sizeof *s.pos);
    s.pl = demarc__calloc(n1, sizeof *s.pl);
    s.valid = demarc__calloc(n1, 1);
    s.offset = demarc__calloc(n1, 1);
    s.problem = demarc__calloc(n1, 1);
    s.swapped = demarc__calloc(n1, 1);
    keyed *kv = demarc__malloc(n1 * sizeof *kv);
    if (!s.r || !s.order || !s.pos || !s.pl || !s.valid || !s.offset || !s.problem ||
        !s.swapped || !kv) {
        rc = demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory validating %zu signs", s.n);
        goto done;
    }
    if (progress(st, 0.0, "start")) {
        rc = demarc__fail(ctx, DEMARC_ERR_CANCELLED, "validation cancelled");
        goto done;
    }
    rc = demarc__report_set_transformation(ctx, s.r, cat->transformation);
    /* Catalogue order: seq, else the row. */
    for (size_t i = 0; i < s.n; i++) {
        const demarc_catalogue_entry *e = &cat->e[i];
        kv[i] = (keyed){(double)(e->seq > 0 ? e->seq : e->row), i};
        s.valid[i] = isfinite(e->lon) && isfinite(e->lat) && !(e->flags & 7u);
        s.offset[i] = e->side && e->side[0];
    }
    qsort(kv, s.n, sizeof *kv, keyed_cmp);
    for (size_t k = 0; k < s.n; k++) {
        s.order[k] = kv[k].i;
        s.pos[kv[k].i] = k;
    }
    int datum = 0;
    if (!rc) rc = rule_coordinates(st);
    if (!rc) rc = rule_accuracy(st);
    if (!rc) rc = rule_count(st);
    if (!rc) rc = rule_duplicate_ids(st);
    if (!rc) rc = place_all(st);
    if (!rc && progress(st, 0.8, "rules"))
        rc = demarc__fail(ctx, DEMARC_ERR_CANCELLED, "validation cancelled");
    if (!rc) rc = rule_swapped(st);
    demarc_transform *fix = NULL;
    if (!rc) rc = rule_datum(st, &datum, &fix);
    if (!rc && datum) {
        /* Check the rest on the positions the datum finding explains, so
         * that what remains is not an echo of it. */
        fixed.e = demarc__malloc(n1 * sizeof *fixed.e);
        if (!fixed.e) rc = demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
        for (size_t i = 0; !rc && i < s.n; i++) {
            fixed.e[i] = cat->e[i];
            if (s.valid[i] && !s.swapped[i] &&
                demarc_transform_apply(ctx, fix, 1, &fixed.e[i].lon, sizeof(double),
                                       &fixed.e[i].lat, sizeof(double), NULL, 0) != DEMARC_OK) {
                demarc__clear(ctx);
                fixed.e[i].lon = cat->e[i].lon;
                fixed.e[i].lat = cat->e[i].lat;
            }
        }
        if (!rc) {
            s.cat = &fixed;
            rc = place_all(st);
        }
    }
    demarc_transform_free(fix);
    if (!rc && !datum) rc = rule_off_line(st);
    if (!rc) rc = rule_side(st);
    if (!rc) rc = rule_coincident(st);
    if (!rc) rc = rule_order(st);
    if (!rc) rc = rule_numbering(st);
    if (!rc) rc = rule_runs(st);
    if (!rc && !datum) rc = rule_tripoints(st);
    if (!rc) {
        size_t valid = 0;
        double maxd = 0;
        for (size_t i = 0; i < s.n; i++)
            if (s.valid[i]) {
                valid++;
                if (!s.offset[i] && s.pl[i].dist > maxd) maxd = s.pl[i].dist;
            }
        demarc__report_stat(s.r, "signs", (double)s.n);
        demarc__report_stat(s.r, "placed", (double)valid);
        demarc__report_stat(s.r, "max_off_line_m", maxd);
        demarc__report_stat(s.r, "off_line_limit_m", s.o.off_line_m);
        demarc__report_stat(s.r, "datum_corrected", datum ? 1.0 : 0.0);
        demarc__report_stat(s.r, "transformation_accuracy_m",
                            cat->transformation[0] ? cat->accuracy_m : 0.0);
        rc = demarc__report_finish(ctx, s.r, s.n);
        if (!rc && progress(st, 1.0, "done"))
            rc = demarc__fail(ctx, DEMARC_ERR_CANCELLED, "validation cancelled");
    }
done:
    demarc__free(fixed.e);
    demarc__free(kv);
    demarc__free(s.order);
    demarc__free(s.pos);
    demarc__free(s.pl);
    demarc__free(s.valid);
    demarc__free(s.offset);
    demarc__free(s.problem);
    demarc__free(s.swapped);
    if (rc) {
        demarc_report_free(s.r);
        return rc;
    }
    *out = s.r;
    return DEMARC_OK;
}
