/* locate.c -- point in territory, exact geodesic distance to the line,
 * chainage of the nearest point, nearest sign (issue 5).
 *
 * Nearest point of the line, in three steps:
 *  1. On the conformal sphere (locate_index.c) every edge is a great-circle
 *     arc; a tree over leaves of 8 edges is descended best first and
 *     pruned by the threshold below (by each node's band -- its first-to-
 *     last-vertex arc and width -- or its cap, whichever bounds better;
 *     the caps only near the line and for the signs), and the arcs of the
 *     leaves reached give an approximate angular distance to each edge.
 *  2. The best edge is solved exactly: for geodesic edges with Karney's
 *     gnomonic intercept ("Algorithms for geodesics", J. Geodesy 87, 2013,
 *     sec. 8): at the current foot X on the edge, with P at distance s12,
 *     azimuth difference w and reduced length m12, geodesic scale M12, the
 *     foot of the perpendicular in the gnomonic projection centred at X lies
 *     (m12 / M12) cos(w) further along; converges quadratically from the
 *     conformal-sphere guess.  Rhumb and planar edges: demarc__edge_nearest.
 *  3. The conformal sphere scales distances alike in every direction, so the
 *     ratio exact / approximate found for the best edge holds for its
 *     neighbours to within a few parts in 1e6; every other edge whose
 *     approximate distance times that ratio comes within 3e-5 relative plus
 *     its slack of the best exact distance is solved exactly too, unless
 *     its foot is certainly a vertex shared with an edge already covered
 *     (vertex_foot_certain; then it is no nearer).  A foot certainly at a
 *     vertex costs one distance-only inverse (issue 17).
 *  The tests compare against a GeodSolve-densified reference line (0 to
 *  1,000 km away, tolerance 1 mm).
 */
#include "context_internal.h"
#include "geodesy_internal.h"
#include "locate_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DEG (M_PI / 180.0)
#define SPHERE_R 6378137.0  /* radius of the conformal sphere's metric (k = 1 at the equator) */
#define CAND_MAX 128
#define REL_TOL 3e-5        /* neighbouring edges: relative tolerance of the ratio (see 3.) */

/* ---- territories ------------------------------------------------------ */

static double orient(const double *a, const double *b, const double *c)
{
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/* Inside flags of p for both territories (bit t set: inside territory t)
 * and the cell's status bits through *cellbits. */
static int territory_flags(const demarc_border *b, const double p[2], unsigned *cellbits)
{
    const struct demarc_border_index *x = b->index;
    *cellbits = 0;
    if (!x->has_grid) return 0;
    double fi = (p[0] - x->gx0) * x->ginv, fj = (p[1] - x->gy0) * x->ginv;
    if (!(fi >= 0 && fj >= 0 && fi < x->gnx && fj < x->gny)) return 0;
    int i = (int)fi, j = (int)fj; /* non-negative: truncation is floor */
    size_t c = (size_t)j * (size_t)x->gnx + (size_t)i;
    unsigned st = x->cell[c];
    *cellbits = st;
    int in = (int)(st & (CELL_IN0 | CELL_IN1));
    if (!(st & CELL_EDGES)) return in; /* the usual case: one byte read */
    double ctr[2] = {x->gx0 + (i + 0.5) * x->gdx, x->gy0 + (j + 0.5) * x->gdy};
    return in ^ demarc__ring_crossings(b, ctr, p, &x->cell_edge[x->cell_start[c]],
                                       x->cell_start[c + 1] - x->cell_start[c]);
}

int demarc__ring_crossings(const demarc_border *b, const double ctr[2], const double p[2],
                           const uint32_t *list, size_t n)
{
    /* Parity of the ring edges the segment centre->p crosses.  A vertex on
     * the segment's line counts as being on its negative side, for both of
     * its edges alike, so the parity stays right. */
    int in = 0;
    for (size_t q = 0; q < n; q++) {
        uint32_t v = list[q];
        int t = (int)(v >> 31);
        const double *a = &b->terr[t].pub.points[2 * (size_t)(v & 0x7fffffffu)];
        const double *e = a + 2;
        if ((orient(ctr, p, a) > 0) == (orient(ctr, p, e) > 0)) continue;
        if ((orient(a, e, ctr) > 0) == (orient(a, e, p) > 0)) continue;
        in ^= 1 << t;
    }
    return in;
}

int demarc__territory_flags(const demarc_border *b, const double p[2])
{
    unsigned cellbits;
    return territory_flags(b, p, &cellbits);
}

/* ---- the line ----------------------------------------------------------- */

static double dot3(const double *a, const double *b)
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}


typedef struct cand {
    size_t e;
    double ang; /* approximate angular distance, rad (its key 1 - cos while collected) */
    double along; /* approximate angle from the edge's start along its arc, rad
                     (0: clamped to the start, INFINITY: to the end, NAN: interior,
                     found from pa, pu when needed) */
    double pa, pu;
} cand;

/* Approximate angular distance a from unit vector p to the arc of edge e,
 * as *key = 1 - cos(a) (monotone in a, no inverse trigonometric function:
 * most arcs a query meets are only compared), and the angle along the arc
 * of its foot (clamped to the arc; INFINITY for the end).  Returns 0
 * without computing them when the distance certainly exceeds the threshold
 * whose sine and cosine are sin_thr, cos_thr (thresholds past 90 degrees:
 * pass sin_thr = 2, cos_thr = -2).  key_angle() turns a key back. */
static int arc_distance(const struct demarc_border_index *x, size_t e, const double p[3],
                        double sin_thr, double cos_thr, double *key, double *along,
                        double *pa_out, double *pu_out)
{
    const double *u = &x->uv[3 * e], *w = u + 3, *n = &x->nrm[9 * e];
    double pa = p[0] * n[3] + p[1] * n[4] + p[2] * n[5];
    double pb = p[0] * n[6] + p[1] * n[7] + p[2] * n[8];
    double pu = p[0] * u[0] + p[1] * u[1] + p[2] * u[2];
    if (pa >= 0 && pb <= 0 && pu > 0) {
        double s = fabs(p[0] * n[0] + p[1] * n[1] + p[2] * n[2]);
        if (s > sin_thr) return 0;
        *along = NAN;
        *pa_out = pa;
        *pu_out = pu;
        s = fmin(1.0, s);
        *key = s * s / (1.0 + sqrt(1.0 - s * s)); /* 1 - cos a, a = asin s */
        return 1;
    }
    double pw = p[0] * w[0] + p[1] * w[1] + p[2] * w[2];
    double c = pu >= pw ? pu : pw;
    if (c < cos_thr) return 0;
    *along = pu >= pw ? 0 : INFINITY;
    *key = 1.0 - (c > 1.0 ? 1.0 : c);
    return 1;
}

/* The angle a of key 1 - cos(a) = 2 sin^2(a / 2). */
static double key_angle(double key)
{
    return 2.0 * asin(fmin(1.0, sqrt(0.5 * key)));
}

/* The geodesic line of edge e from its start vertex and the azimuth kept
 * at open (border.c): no inverse solution.  Returns 1. */
static int edge_line(const demarc_border *b, size_t e, struct geod_geodesicline *l)
{
    const double *a = &b->xy[2 * e];
    geod_lineinit(l, &b->geod, a[1], a[0], b->edge_azi[e],
                  GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_AZIMUTH | GEOD_DISTANCE_IN);
    return 1;
}

/* Exact nearest point of geodesic edge e to p from a guess s (m from the
 * start).  Returns the distance; *s_out the foot's distance along, *side
 * +1 when p lies right of the edge at the foot, -1 left; *azp the azimuth
 * foot->p and *azl the edge's azimuth at the foot, degrees. */
static double geodesic_foot(const demarc_border *b, size_t e, const double p[2], double s,
                            double *s_out, double *azp, double *azl, double *lenp,
                            struct geod_geodesicline *line)
{
    const struct demarc_border_index *x = b->index;
    const double *a = &b->xy[2 * e];
    double len = x->len[e];
    if (!(len > 0)) {
        double az = 0;
        double d = demarc__geodesic(&b->geod, a, p, &az);
        *s_out = 0;
        *azp = az;
        *azl = az;
        *lenp = 0;
        return d;
    }
    /* The edge's azimuth was kept at open (border.c), so the line starts
     * without another inverse solution; it is kept in *line, from which the
     * caller takes an interior foot's position (no second geod_lineinit).
     * A first evaluation at the start vertex needs no line at all (the
     * vertex and the edge's azimuth there are known): a foot that stays
     * there costs one inverse. */
    struct geod_geodesicline *l = line;
    int have_line = 0;
    s = fmin(fmax(s, 0.0), len);
    double d = 0;
    for (int it = 0; it < 40; it++) {
        double lat, lon, azi, d12, azx, m12, M12;
        if (s == 0 && it == 0) {
            lat = a[1];
            lon = a[0];
            azi = b->edge_azi[e];
        } else {
            if (!have_line) have_line = edge_line(b, e, l);
            geod_genposition(l, 0, s, &lat, &lon, &azi, NULL, NULL, NULL, NULL, NULL);
        }
        geod_geninverse(&b->geod, lat, lon, p[1], p[0], &d12, &azx, NULL, &m12, &M12, NULL,
                        NULL);
        double cw = cos((azx - azi) * DEG);
        double step = (M12 > 0 ? m12 / M12 : d12) * cw;
        double s_new = fmin(fmax(s + step, 0.0), len);
        double moved = s_new - s;
        *azp = azx;
        *azl = azi;
        d = d12;
        int clamped = s + step < 0 || s + step > len; /* at an end: evaluate there next */
        /* Quadratic convergence: after a step moved the foot is off by about
         * moved^2 (1 + d / 100 km) / R or less (from a 5 m error one step leaves
         * well under a micrometre at 1 km; tests/check_locate.c checks the
         * chainage of perpendicular feet to 1 mm out to 100 km).  Stop when
         * that is below 0.1 mm (or the step below 0.1 mm), and take the
         * distance from the right triangle X, foot, P (spherical
         * Pythagoras in its half-angle form, exact to rounding for small
         * sides: sin^2(d/2) = (sin^2(d12/2) - sin^2(moved/2)) / cos(moved)). */
        if (moved == 0 || (!clamped && (fabs(moved) < 1e-4 ||
                                        moved * moved * (1.0 + d12 / 1e5) / 6.37e6 < 1e-4))) {
            if (moved != 0) {
                const double R = 6371000.0;
                double s1 = sin(0.5 * d12 / R), s2 = sin(0.5 * moved / R);
                double q = (s1 * s1 - s2 * s2) / cos(moved / R);
                d = q > 0 ? 2.0 * R * asin(sqrt(q)) : 0.0;
            }
            s = s_new;
            break;
        }
        s = s_new;
    }
    if (!have_line && s > 0) edge_line(b, e, l); /* an interior foot: the caller's position */
    *s_out = s;
    *lenp = len;
    return d;
}

/* Side of p (+1 right, -1 left) at vertex v, from the azimuth q of v->p and
 * the line's directions at v (corner rule: at a right turn the left side is
 * the reflex angle, so left means left of either edge; at a left turn,
 * left of both). */
static int corner_side(double a_in, double a_out, int has_in, int has_out, double q)
{
    int lin = has_in ? sin((q - a_in) * DEG) < 0 : -1;
    int lout = has_out ? sin((q - a_out) * DEG) < 0 : -1;
    if (lin < 0) return lout ? -1 : 1;
    if (lout < 0) return lin ? -1 : 1;
    int right_turn = sin((a_out - a_in) * DEG) > 0;
    int left = right_turn ? (lin || lout) : (lin && lout);
    return left ? -1 : 1;
}

/* Side of p at parameter t of edge e for rhumb and planar edges, from the
 * polyline in the plane where those edges are straight: (lon, psi) for
 * rhumb lines (Mercator), (lon, lat) for planar edges. */
static void plane_xy(const demarc_border *b, const double ll[2], double lon0, double out[2])
{
    out[0] = lon0 + remainder(ll[0] - lon0, 360.0);
    if (b->info.edge_model == DEMARC_EDGE_RHUMB) {
        double e = sqrt(b->geod.f * (2 - b->geod.f)), ph = ll[1] * DEG;
        out[1] = (asinh(tan(ph)) - e * atanh(e * sin(ph))) / DEG;
    } else {
        out[1] = ll[1];
    }
}

static int plane_side(const demarc_border *b, size_t e, double t, const double p[2])
{
    double P[2], A[2], B[2];
    const double *a = &b->xy[2 * e];
    plane_xy(b, p, p[0], P);
    plane_xy(b, a, p[0], A);
    plane_xy(b, a + 2, p[0], B);
    if (t > 0 && t < 1) return orient(A, B, P) > 0 ? -1 : 1;
    size_t v = t <= 0 ? e : e + 1;
    int has_in = v > 0, has_out = v + 1 < b->nvert;
    double V[2], I[2], O[2];
    plane_xy(b, &b->xy[2 * v], p[0], V);
    if (has_in) plane_xy(b, &b->xy[2 * (v - 1)], p[0], I);
    if (has_out) plane_xy(b, &b->xy[2 * (v + 1)], p[0], O);
    int lin = has_in ? orient(I, V, P) > 0 : -1;
    int lout = has_out ? orient(V, O, P) > 0 : -1;
    if (lin < 0) return lout ? -1 : 1;
    if (lout < 0) return lin ? -1 : 1;
    int left_turn = has_in && has_out && orient(I, V, O) > 0;
    return (left_turn ? (lin && lout) : (lin || lout)) ? -1 : 1;
}

typedef struct nearest {
    size_t e;
    double s;     /* along edge e, m (geodesic) */
    double t;     /* parameter on edge e */
    double d;     /* distance, m */
    double len;   /* length of edge e, m */
    double azp, azl; /* geodesic edges: azimuths foot->p and of the edge at the foot, deg */
    int side;     /* +1 right, -1 left; 0 until side_of() */
    struct geod_geodesicline line; /* geodesic edges, interior foot: the edge's line */
} nearest;

/* Side of p (+1 right, -1 left) of the line at the nearest point r. */
static int side_of(const demarc_border *b, const nearest *r, const double p[2])
{
    if (b->info.edge_model != DEMARC_EDGE_GEODESIC) return plane_side(b, r->e, r->t, p);
    if (r->t > 0 && r->t < 1) return sin((r->azp - r->azl) * DEG) > 0 ? 1 : -1;
    /* the foot is a vertex: azimuths of the edges there and of v->p */
    size_t v = r->t <= 0 ? r->e : r->e + 1;
    const double *V = &b->xy[2 * v];
    int has_in = v > 0, has_out = v + 1 < b->nvert;
    double a_in = 0, a_out = 0, q, s12, az1, az2;
    if (has_in) {
        geod_inverse(&b->geod, V[-1], V[-2], V[1], V[0], &s12, &az1, &az2);
        a_in = az2;
    }
    if (has_out) {
        geod_inverse(&b->geod, V[1], V[0], V[3], V[2], &s12, &az1, &az2);
        a_out = az1;
    }
    demarc__geodesic(&b->geod, V, p, &q);
    return corner_side(a_in, a_out, has_in, has_out, q);
}

/* 1 (start) or 2 (end) when the exact foot of p (unit vector u) on
 * geodesic edge c->e is certainly that vertex, else 0.  The conformal map
 * keeps angles, so the angle w at the vertex between the edge and the arc
 * to p is the geodesics' to within the curvature difference of the two
 * paths (below 1e-4 rad for these edges, about e^2 / 2 times the arc's
 * angular length for the path to p); when cos w on the sphere is beyond the
 * perpendicular by 2e-3 + 0.05 ang, it is on the ellipsoid too, and the
 * Newton iteration would stop at the vertex at once. */
static int vertex_foot_certain(const struct demarc_border_index *x, const cand *c,
                               const double u[3])
{
    if (isnan(c->along) || !(c->ang > 0) || c->ang > 1.5) return 0;
    const double *n = &x->nrm[9 * c->e];
    double margin = (2e-3 + 0.05 * c->ang) * sin(c->ang);
    if (c->along == 0) return dot3(u, n + 3) < -margin ? 1 : 0;
    return dot3(u, n + 6) > margin ? 2 : 0;
}

/* Exact solution for candidate c into *r (u: the conformal unit vector of p). */
static void solve_edge(const demarc_border *b, const cand *c, const double p[2],
                       const double u[3], nearest *r)
{
    const struct demarc_border_index *x = b->index;
    size_t e = c->e;
    r->e = e;
    int vf = b->info.edge_model == DEMARC_EDGE_GEODESIC ? vertex_foot_certain(x, c, u) : 0;
    if (vf) { /* one inverse from the vertex, distance only */
        const double *v = &b->xy[2 * (e + (size_t)(vf - 1))];
        geod_geninverse(&b->geod, v[1], v[0], p[1], p[0], &r->d, NULL, NULL, NULL, NULL, NULL,
                        NULL);
        r->len = x->len[e];
        r->s = vf == 1 ? 0 : r->len;
        r->t = vf == 1 ? 0 : 1;
        r->azp = r->azl = 0; /* used for interior feet only */
        r->side = 0;
    } else if (b->info.edge_model == DEMARC_EDGE_GEODESIC) {
        double arclen = acos(fmax(-1.0, fmin(1.0, x->uv[3 * e] * x->uv[3 * e + 3] +
                                                     x->uv[3 * e + 1] * x->uv[3 * e + 4] +
                                                     x->uv[3 * e + 2] * x->uv[3 * e + 5])));
        double along = isnan(c->along) ? atan2(c->pa, c->pu) : c->along;
        double guess = isinf(along) ? x->len[e]
                       : arclen > 0  ? x->len[e] * fmin(1.0, along / arclen)
                                       : 0;
        double azp, azl, s, len;
        r->d = geodesic_foot(b, e, p, guess, &s, &azp, &azl, &len, &r->line);
        /* a foot within a micrometre of a vertex is that vertex */
        if (s < 1e-6) s = 0;
        if (s > len - 1e-6) s = len;
        r->s = s;
        r->len = len;
        r->t = len > 0 ? s / len : 0;
        r->azp = azp;
        r->azl = azl;
        r->side = 0; /* found when needed: side_of() */
    } else {
        const double *a = &b->xy[2 * e];
        demarc__edge_nearest(&b->geod, b->info.edge_model, a, a + 2, p, &r->t, &r->d);
        if (r->t * x->len[e] < 1e-6) r->t = 0;
        if ((1 - r->t) * x->len[e] < 1e-6) r->t = 1;
        r->s = r->t * x->len[e];
        r->len = x->len[e];
        r->side = 0;
    }
}

/* Sine, cosine and key (1 - cos) of an angular threshold (2, -2 and 3: no
 * limit). */
static void set_threshold(double thr, double *sthr, double *cthr, double *kthr)
{
    if (thr < 0.5 * M_PI) {
        *sthr = sin(thr);
        *cthr = cos(thr);
        double h = sin(0.5 * thr);
        *kthr = 2.0 * h * h;
    } else {
        *sthr = 2;
        *cthr = -2;
        *kthr = 3;
    }
}

/* The candidates kept while the tree is searched: keys (1 - cos) in .ang.
 * Those beyond the key threshold are dropped only when the array is full
 * (the threshold only tightens, so the set kept is the one dropping them
 * at once would keep); still full, the farthest gives way. */
typedef struct cand_set {
    cand c[CAND_MAX];
    size_t n;
    size_t far;  /* index of the farthest when full, SIZE_MAX: not known */
    double kcut; /* threshold of the last compaction */
} cand_set;

static void cand_keep(cand_set *s, cand c, double kthr)
{
    if (s->n == CAND_MAX && kthr < s->kcut) {
        size_t m = 0;
        for (size_t i = 0; i < s->n; i++) if (!(s->c[i].ang > kthr)) s->c[m++] = s->c[i];
        s->n = m;
        s->kcut = kthr;
        s->far = SIZE_MAX;
    }
    if (s->n < CAND_MAX) {
        s->c[s->n++] = c;
        return;
    }
    if (s->far == SIZE_MAX) {
        s->far = 0;
        for (size_t i = 1; i < s->n; i++) if (s->c[i].ang > s->c[s->far].ang) s->far = i;
    }
    if (s->c[s->far].ang > c.ang) {
        s->c[s->far] = c;
        s->far = SIZE_MAX;
    }
}

/* Sort candidates by edge index (each edge appears once): insertion for a
 * few, else Shell's method with Ciura's gaps (no call per comparison, as
 * qsort's would be: a densified line gives dozens of candidates). */
static void sort_by_edge(cand *cs, size_t nc)
{
    static const size_t gaps[] = {57, 23, 10, 4, 1};
    for (size_t g = 0; g < sizeof gaps / sizeof gaps[0]; g++) {
        size_t h = gaps[g];
        for (size_t i = h; i < nc; i++) {
            cand c = cs[i];
            size_t j = i;
            while (j >= h && cs[j - h].e > c.e) {
                cs[j] = cs[j - h];
                j -= h;
            }
            cs[j] = c;
        }
    }
}

/* Upper bound of the cosine of the angle from unit vector u to any point
 * of cap c (1 inside it): cos(max(0, angle(u, centre) - radius)). */
static double cap_cos_bound(const struct demarc_cap *c, const double u[3])
{
    double k = dot3(u, c->c);
    if (k >= c->cosr) return 1.0;
    return k * c->cosr + sqrt(k * k < 1 ? 1 - k * k : 0.0) * c->sinr;
}

/* Upper bound of the cosine of the angle from unit vector u to any edge
 * arc under the node of band d: cos(max(0, distance to its arc - w)), the
 * distance as arc_distance finds it (locate_internal.h). */
static double band_cos_bound(const struct demarc_band *d, const struct demarc_cap *cap,
                             const double u[3])
{
    if (d->cosw < -1) return cap_cos_bound(cap, u); /* the cap bounds this node better */
    double pa = dot3(u, d->ta), pb = dot3(u, d->tb), pu = dot3(u, d->a), c, s;
    if (pa >= 0 && pb <= 0 && pu > 0) {
        s = fmin(1.0, fabs(dot3(u, d->n)));
        c = sqrt(1 - s * s);
    } else {
        double pw = dot3(u, d->b);
        c = pu >= pw ? pu : pw;
        s = sqrt(c * c < 1 ? 1 - c * c : 0.0);
    }
    if (c >= d->cosw) return 1.0;
    return c * d->cosw + s * d->sinw;
}

/* A node of the cap tree waiting on the search stack, with its bound. */
typedef struct tree_item {
    size_t level, node;
    double ub; /* band_cos_bound (the line) or cap_cos_bound (the signs) */
} tree_item;

/* Pushes the children of node (level, k) with bound >= floor onto the
 * stack, the best last (popped first), by the bands (with bands) or the
 * caps; with count (an nblock + 1 offset array over the leaves,
 * bsign_start: the sign search), children over no sign are left out. */
static size_t push_children(const struct demarc_border_index *x, size_t level, size_t k,
                            const double u[3], double floor, tree_item *st, size_t top,
                            const size_t *count, int bands)
{
    size_t lv = level - 1, nch = x->lstart[level] - x->lstart[lv];
    size_t c0 = k * DEMARC_TREE_FANOUT, c1 = c0 + DEMARC_TREE_FANOUT < nch
                                                 ? c0 + DEMARC_TREE_FANOUT : nch;
    size_t base = top, span = 1; /* leaves under a child */
    for (size_t l = 0; count && l < lv; l++) span *= DEMARC_TREE_FANOUT;
    for (size_t q = c0; q < c1; q++) {
        double ub;
        if (count) {
            size_t lo = q * span, hi = lo + span < x->nblock ? lo + span : x->nblock;
            if (count[hi] == count[lo]) continue;
            ub = cap_cos_bound(&x->cap[x->lstart[lv] + q], u);
        } else if (bands) {
            ub = band_cos_bound(&x->band[x->lstart[lv] + q], &x->cap[x->lstart[lv] + q],
                                u);
        } else {
            ub = cap_cos_bound(&x->cap[x->lstart[lv] + q], u);
        }
        if (ub < floor) continue;
        tree_item it = {lv, q, ub};
        size_t j = top++; /* insertion: ascending bound */
        while (j > base && st[j - 1].ub > ub) { st[j] = st[j - 1]; j--; }
        st[j] = it;
    }
    return top;
}

/* Nearest point of the line to p (u its conformal unit vector).  When
 * within_m is finite, stops early (returns 0) if the approximate distance
 * is clearly beyond it.  With approx, only the nearest conformal arc is
 * wanted (returns 2 and it there). */
static int line_nearest(const demarc_border *b, const double p[2], const double u[3],
                        double within_m, nearest *out, cand *approx)
{
    const struct demarc_border_index *x = b->index;
    size_t ne = b->nvert - 1, bs = x->bs;
    cand_set set;
    set.n = 0;
    set.far = SIZE_MAX;
    set.kcut = INFINITY;
    double beta = INFINITY;
    /* Edges are admitted up to beta + tol (angles): tol covers the ratio
     * spread (REL_TOL), the slack of the best edge and of the block's.
     * With within_m, edges beyond the distance that the last test below
     * would reject are not wanted at all. */
    double tslack = 2 * x->maxslack + 1.0;
    double thr = isfinite(within_m) ? (within_m + tslack + 10.0) / (0.99 * SPHERE_R) * (1 + 1e-9)
                                    : INFINITY;
    double sthr, cthr, kthr, kbeta = INFINITY;
    set_threshold(thr, &sthr, &cthr, &kthr);
    /* Best-first descent of the cap tree, pruning every node whose cap lies
     * beyond the threshold (which tightens as edges are found).  Candidates
     * are kept by key (1 - cos of the angle), their angles found at the end. */
    tree_item st[DEMARC_TREE_LEVELS * DEMARC_TREE_FANOUT];
    size_t top = 0, root = x->nlevel - 1;
    /* The bands pay where the threshold is wide (the full locate: a far
     * point meets long stretches of line); near the line (the party, a
     * finite within_m) the caps prune as well at less cost. */
    int bands = !isfinite(within_m);
    const struct demarc_cap *rc = &x->cap[x->lstart[root]];
    st[top++] = (tree_item){root, 0, bands ? band_cos_bound(&x->band[x->lstart[root]], rc, u)
                                           : cap_cos_bound(rc, u)};
    while (top > 0) {
        tree_item it = st[--top];
        if (it.ub < cthr) continue;
        if (it.level > 0) {
            top = push_children(x, it.level, it.node, u, cthr, st, top, NULL, bands);
            continue;
        }
        size_t k = it.node, e0 = k * bs, e1 = (k + 1) * bs < ne ? (k + 1) * bs : ne;
        for (size_t e = e0; e < e1; e++) {
            double key, along, pa = 0, pu = 0;
            if (!arc_distance(x, e, u, sthr, cthr, &key, &along, &pa, &pu)) continue;
            if (key < kbeta) {
                kbeta = key;
                beta = key_angle(key);
                double t = beta + (beta * SPHERE_R * REL_TOL + tslack) / SPHERE_R;
                if (t < thr) {
                    thr = t;
                    set_threshold(thr, &sthr, &cthr, &kthr);
                }
            }
            if (key > kthr) continue;
            cand c = {e, key, along, pa, pu};
            cand_keep(&set, c, kthr);
        }
    }
    /* those beyond the final threshold go; the angles of the rest */
    cand *cs = set.c;
    size_t nc = 0;
    for (size_t i = 0; i < set.n; i++)
        if (!(cs[i].ang > kthr)) {
            cs[nc] = cs[i];
            cs[nc++].ang = key_angle(cs[i].ang);
        }
    if (nc == 0) return 0; /* only with a finite within_m: nothing that near */
    /* By edge index, then the nearest arc first (the first of equals). */
    sort_by_edge(cs, nc);
    size_t bi = 0;
    for (size_t i = 1; i < nc; i++) if (cs[i].ang < cs[bi].ang) bi = i;
    if (isfinite(within_m) && cs[bi].ang * SPHERE_R * 0.99 - tslack - 10.0 > within_m)
        return 0;
    if (approx) { /* the caller wants the nearest conformal arc only */
        *approx = cs[bi];
        return 2;
    }
    solve_edge(b, &cs[bi], p, u, out);
    double ratio = cs[bi].ang * SPHERE_R > 1.0 ? out->d / (cs[bi].ang * SPHERE_R) : 1.0;
    /* Every other candidate whose predicted distance comes within the
     * tolerance is solved too, walking outward from the best along the
     * line (right, then left), unless it is covered: edges whose nearest
     * distance is known to be >= the final best are those solved and those
     * skipped here.  Geodesic edges: a candidate whose foot is certainly its
     * start (end) vertex v is as far as v, and v belongs to the edge before
     * (after) it too; when that edge is covered, so is this one, without
     * solving it.  Along a densified line this covers the run of short
     * edges around the foot whose distances the ratio test cannot tell
     * apart. */
    unsigned char cov[CAND_MAX]; /* cov[i]: candidate i is covered (see above) */
    memset(cov, 0, nc);
    cov[bi] = 1;
    int geodesic = b->info.edge_model == DEMARC_EDGE_GEODESIC;
    for (size_t step = 1; step < nc; step++) {
        size_t i = bi + step < nc ? bi + step : nc - 1 - step; /* right of bi, then left */
        double pred = cs[i].ang * SPHERE_R * ratio;
        double tol = out->d * REL_TOL + x->slack_m[cs[i].e] + x->slack_m[out->e] + 0.01;
        if (pred > out->d + tol) continue;
        if (geodesic) {
            /* The edge sharing v, if a candidate, is the neighbour in cs
             * (sorted by edge, each once); the walk has reached it already
             * only on this side of bi. */
            int vf = vertex_foot_certain(x, &cs[i], u);
            int skip = vf == 1 ? i > 0 && cs[i - 1].e + 1 == cs[i].e && cov[i - 1]
                     : vf == 2 ? i + 1 < nc && cs[i + 1].e == cs[i].e + 1 && cov[i + 1]
                               : 0;
            cov[i] = 1;
            if (skip) continue;
        } else if ((out->t >= 1 && cs[i].e == out->e + 1 && cs[i].along == 0) ||
                   (out->t <= 0 && cs[i].e + 1 == out->e && isinf(cs[i].along))) {
            continue; /* the best foot's vertex, where this one's is clamped too */
        }
        nearest r;
        solve_edge(b, &cs[i], p, u, &r);
        if (r.d < out->d) *out = r;
    }
    return 1;
}

/* 0 when p is certainly farther than near_m from the line. */
static int maybe_near(const struct demarc_border_index *x, const double p[2])
{
    if (!x->near) return 1;
    double fi = (p[0] - x->nx0) * x->ninv, fj = (p[1] - x->ny0) * x->ninv;
    if (!(fi >= 0 && fj >= 0 && fi < x->nnx && fj < x->nny)) return 0;
    size_t c = (size_t)(int)fj * (size_t)x->nnx + (size_t)(int)fi;
    return (x->near[c >> 3] >> (c & 7)) & 1;
}

/* ---- public calls ------------------------------------------------------ */

static void fill_empty(const demarc_border *b, demarc_location *o, int party)
{
    o->party = party;
    o->party_code = party == 0 ? b->info.left_party : party == 1 ? b->info.right_party : "";
    o->on_border = 0;
    o->distance_m = o->foot_lon = o->foot_lat = o->chainage_m = o->nearest_sign_m = NAN;
    o->edge = SIZE_MAX;
    o->nearest_sign = SIZE_MAX;
}

static demarc_status check_opts(demarc_ctx *ctx, const demarc_locate_options *o, double *tol)
{
    *tol = 0.01;
    if (!o) return DEMARC_OK;
    if (o->version != DEMARC_LOCATE_OPTIONS_VERSION)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "locate options: version %u, expected %u",
                            o->version, DEMARC_LOCATE_OPTIONS_VERSION);
    if (o->flags & ~DEMARC_LOCATE_PARTY_ONLY)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "locate options: unknown flag bits 0x%x",
                            o->flags & ~DEMARC_LOCATE_PARTY_ONLY);
    if (!(o->on_border_tolerance_m >= 0))
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "locate options: on_border_tolerance_m %g is negative or NaN",
                            o->on_border_tolerance_m);
    if (o->on_border_tolerance_m > 0) *tol = o->on_border_tolerance_m;
    return DEMARC_OK;
}

/* Side of unit vector u (+1 right, -1 left) of the conformal great-circle
 * polyline at candidate c: the side of arc c.e when the foot is inside it,
 * else the corner rule at the vertex (as corner_side, with tangents). */
static int arc_side(const demarc_border *b, const cand *c, const double u[3])
{
    const struct demarc_border_index *x = b->index;
    if (isnan(c->along)) return dot3(u, &x->nrm[9 * c->e]) > 0 ? -1 : 1; /* n = u x w: left */
    size_t v = c->along == 0 ? c->e : c->e + 1;
    const double *V = &x->uv[3 * v];
    int has_in = v > 0, has_out = v + 1 < b->nvert;
    const double *tin = has_in ? &x->nrm[9 * (v - 1) + 6] : NULL; /* n x w: forward at the end */
    const double *tout = has_out ? &x->nrm[9 * v + 3] : NULL;     /* n x u: forward at the start */
    double k = dot3(u, V), d[3] = {u[0] - k * V[0], u[1] - k * V[1], u[2] - k * V[2]};
    /* left of tangent t when V . (t x d) > 0 */
#define LEFT_OF(t)                                                                                 \
    (V[0] * ((t)[1] * d[2] - (t)[2] * d[1]) + V[1] * ((t)[2] * d[0] - (t)[0] * d[2]) +             \
     V[2] * ((t)[0] * d[1] - (t)[1] * d[0]) > 0)
    int lin = has_in ? LEFT_OF(tin) : -1;
    int lout = has_out ? LEFT_OF(tout) : -1;
    if (lin < 0) return lout ? -1 : 1;
    if (lout < 0) return lin ? -1 : 1;
    double turn = V[0] * (tin[1] * tout[2] - tin[2] * tout[1]) +
                  V[1] * (tin[2] * tout[0] - tin[0] * tout[2]) +
                  V[2] * (tin[0] * tout[1] - tin[1] * tout[0]);
#undef LEFT_OF
    int left = turn < 0 /* right turn */ ? (lin || lout) : (lin && lout);
    return left ? -1 : 1;
}

/* The party of one point (arguments already checked) whose inside flags are
 * `in` (cell_flags): the territories' answer, and the side of the line for a
 * point inside either territory near it.
 * Geodesic edges: a point farther from the line than the conformal arcs'
 * slack (plus 10 m) lies on the same side of the arcs as of the
 * geodesics, so the arcs decide without an exact solution; only points
 * within some 20 m of the line need one.  Between near_m and the slack
 * either rule gives the same party (near_m exceeds the chord-geodesic gap
 * by 50 m, see locate_index.c), so the approximate distance may choose. */
/* The party rule for a point ON the line (issue 14, documented in
 * demarc/locate.h): within ON_LINE_M of it -- every vertex, the two
 * tripoints included -- the point is given to the left party (territory 0),
 * whatever the ring test or the side test would say there (both are
 * undecided on the line itself). */
#define ON_LINE_M 1e-6

static int party_with_flags(const demarc_border *b, const double p[2], int in)
{
    const struct demarc_border_index *x = b->index;
    int party = in & 1 ? 0 : in & 2 ? 1 : -1;
    if (b->nterr < 2 || !maybe_near(x, p)) return party;
    double u[3];
    nearest r;
    demarc__conformal_uv(p[0], p[1], u);
    if (!in) /* outside both rings: only a point on the line changes that */
        return line_nearest(b, p, u, x->near_m, &r, NULL) && r.d <= ON_LINE_M ? 0 : party;
    if (b->info.edge_model == DEMARC_EDGE_GEODESIC) {
        cand c;
        if (!line_nearest(b, p, u, x->near_m, &r, &c)) return party;
        double d = c.ang * SPHERE_R;
        if (d * 0.99 > x->near_m + 2 * x->maxslack + 10.0) return party;
        if (d * 0.99 - 2 * x->maxslack - 10.0 > 0) return arc_side(b, &c, u) < 0 ? 0 : 1;
    }
    if (line_nearest(b, p, u, x->near_m, &r, NULL) && r.d <= x->near_m)
        party = r.d <= ON_LINE_M ? 0 : side_of(b, &r, p) < 0 ? 0 : 1;
    return party;
}

/* Nearest sign to unit vector u: largest cosine on the conformal sphere,
 * starting with the signs of leaf k0 (the foot's), then every leaf whose
 * cap may hold a nearer one (best-first through the cap tree).  Ties go to
 * leaf k0, then to the first in leaf order, as a plain scan would. */
static size_t nearest_sign(const struct demarc_border_index *x, const double u[3], size_t k0)
{
    size_t best = SIZE_MAX, bestq = SIZE_MAX;
    double bestc = -2;
    for (size_t q = x->bsign_start[k0]; q < x->bsign_start[k0 + 1]; q++) {
        double c = dot3(u, &x->suv[3 * x->bsign[q]]);
        if (c > bestc) { bestc = c; best = x->bsign[q]; }
    }
    /* The signs next to leaf k0 along the line (the last of the leaves
     * before it, the first of those after it: bsign is in leaf order) give
     * the search a near bound from the start; a densified line has few
     * signs per leaf.  Their leaves are visited again below, so the result
     * and its ties are those of a plain scan. */
    size_t around[2] = {x->bsign_start[k0], x->bsign_start[k0 + 1]};
    if (around[0] > 0) {
        size_t q = around[0] - 1;
        double c = dot3(u, &x->suv[3 * x->bsign[q]]);
        if (c > bestc) { bestc = c; best = x->bsign[q]; bestq = q; }
    }
    if (around[1] < x->bsign_start[x->nblock]) {
        size_t q = around[1];
        double c = dot3(u, &x->suv[3 * x->bsign[q]]);
        if (c > bestc || (c == bestc && bestq != SIZE_MAX && q < bestq)) {
            bestc = c;
            best = x->bsign[q];
            bestq = q;
        }
    }
    tree_item st[DEMARC_TREE_LEVELS * DEMARC_TREE_FANOUT];
    size_t top = 0, root = x->nlevel - 1;
    st[top++] = (tree_item){root, 0, cap_cos_bound(&x->cap[x->lstart[root]], u)};
    while (top > 0) {
        tree_item it = st[--top];
        if (it.ub < bestc) continue;
        if (it.level > 0) {
            top = push_children(x, it.level, it.node, u, bestc, st, top, x->bsign_start, 0);
            continue;
        }
        if (it.node == k0) continue;
        for (size_t q = x->bsign_start[it.node]; q < x->bsign_start[it.node + 1]; q++) {
            double c = dot3(u, &x->suv[3 * x->bsign[q]]);
            if (c > bestc || (c == bestc && bestq != SIZE_MAX && q < bestq)) {
                bestc = c;
                best = x->bsign[q];
                bestq = q;
            }
        }
    }
    return best;
}

/* Inside flags of p (bit t: territory t) by the cell words: *final is set
 * when the party they give needs no line test (codes: locate_internal.h).
 * A point exactly on a ring edge or vertex is on the boundary, where the
 * even-odd answer depends on where its walk starts; both public calls take
 * it from here, so they agree. */
static int cell_flags(const demarc_border *b, const double p[2], int *final)
{
    const struct demarc_border_index *x = b->index;
    *final = 0;
    if (!x->cellw) {
        unsigned cellbits;
        return territory_flags(b, p, &cellbits);
    }
    double fi = (p[0] - x->gx0) * x->ginv, fj = (p[1] - x->gy0) * x->ginv;
    if (!(fi >= 0 && fj >= 0 && fi < x->gnx && fj < x->gny)) return 0; /* outside the grid */
    int i = (int)fi, j = (int)fj;
    uint32_t w = x->cellw[(size_t)j * (size_t)x->gnx + (size_t)i];
    if (w < 3) {
        *final = 1;
        return (int)w; /* party + 1 as flags: 0 none, 1 territory 0, 2 territory 1 */
    }
    int si = (int)((fi - i) * SUBN), sj = (int)((fj - j) * SUBN);
    si = si < SUBN ? si : SUBN - 1;
    sj = sj < SUBN ? sj : SUBN - 1;
    unsigned k = (unsigned)(sj * SUBN + si);
    uint64_t word = x->sub[2 * (size_t)(w & ~CELLW_SUB) + (k >> 5)];
    unsigned code = (unsigned)(word >> (2 * (k & 31))) & 3u;
    if (code < 3) {
        *final = 1;
        return (int)code;
    }
    /* the inside flags from the sub-cell's centre over its own edges */
    size_t sk = (size_t)(w & ~CELLW_SUB) * SUBN * SUBN + k;
    int in = x->scin[sk];
    if (x->sstart[sk + 1] > x->sstart[sk]) {
        double ctr[2];
        demarc__subcell_centre(x, i, j, (int)k, ctr);
        in ^= demarc__ring_crossings(b, ctr, p, &x->sedge[x->sstart[sk]],
                                     x->sstart[sk + 1] - x->sstart[sk]);
    }
    return in;
}

/* The party of one point by the cell words first: one word (and for a
 * split cell one 64-bit word of sub-cells) decides nearly every point; the
 * rest walk their sub-cell's ring edges and, near the line, take its side. */
static int party_fast(const demarc_border *b, const double p[2])
{
    int final, in = cell_flags(b, p, &final);
    if (final) return in & 1 ? 0 : in & 2 ? 1 : -1;
    return party_with_flags(b, p, in);
}

/* One point, arguments already checked. */
static void locate_one(const demarc_border *b, double lon, double lat, double tol, int party_only,
                       demarc_location *o)
{
    const struct demarc_border_index *x = b->index;
    const double p[2] = {lon, lat};
    if (party_only) {
        fill_empty(b, o, party_fast(b, p));
        return;
    }
    int final;
    int in = cell_flags(b, p, &final);
    int party = in & 1 ? 0 : in & 2 ? 1 : -1;
    double u[3];
    nearest r;
    demarc__conformal_uv(lon, lat, u);
    line_nearest(b, p, u, INFINITY, &r, NULL);
    /* On the line itself the ring test may go either way (the point lies
     * on both territories' boundaries): away from the line's two ends the
     * side decides as well.  Without territories there is no party, on
     * the line or off it (demarc/locate.h), as party_fast says. */
    int on_line_inside = b->nterr >= 2 && !in && r.d <= 1e-6 && !(r.e == 0 && r.t <= 0) &&
                         !(r.e + 2 == b->nvert && r.t >= 1);
    if ((in || on_line_inside) && r.d <= x->near_m) party = side_of(b, &r, p) < 0 ? 0 : 1;
    if (b->nterr >= 2 && r.d <= ON_LINE_M) party = 0; /* the on-line rule, see party_with_flags */
    fill_empty(b, o, party);
    o->distance_m = r.d;
    o->on_border = r.d <= tol;
    o->edge = r.e;
    const double *a = &b->xy[2 * r.e];
    if (r.t <= 0) {
        o->foot_lon = a[0]; o->foot_lat = a[1];
        o->chainage_m = b->chain[r.e];
    } else if (r.t >= 1) {
        o->foot_lon = a[2]; o->foot_lat = a[3];
        o->chainage_m = b->chain[r.e + 1];
        if (r.e + 2 < b->nvert) o->edge = r.e + 1; /* a vertex reports the edge starting there */
    } else {
        double f[2];
        if (b->info.edge_model == DEMARC_EDGE_GEODESIC) {
            /* the line of the exact solution: no inverse, no line again */
            geod_genposition(&r.line, 0, r.s, &f[1], &f[0], NULL, NULL, NULL, NULL, NULL, NULL);
            f[0] = remainder(f[0], 360.0);
            o->chainage_m = b->chain[r.e] + r.s;
        } else {
            demarc__edge_point(&b->geod, b->info.edge_model, a, a + 2, r.t, f);
            o->chainage_m = demarc__edge_chainage(b, r.e, r.t);
        }
        o->foot_lon = f[0];
        o->foot_lat = f[1];
    }
    if (b->nsign) {
        size_t best = nearest_sign(x, u, r.e / x->bs);
        const demarc_sign *s = &b->signs[best];
        double sp[2] = {s->lon, s->lat};
        o->nearest_sign = best;
        /* a sign at the foot's vertex: that distance is the one just solved */
        if ((r.t <= 0 || r.t >= 1) && sp[0] == o->foot_lon && sp[1] == o->foot_lat)
            o->nearest_sign_m = r.d;
        else
            geod_geninverse(&b->geod, p[1], p[0], sp[1], sp[0], &o->nearest_sign_m, NULL, NULL,
                            NULL, NULL, NULL, NULL);
    }
}

/* `call` names the public function in the message; k < SIZE_MAX is the
 * point's index in a batch. */
static demarc_status check_point(demarc_ctx *ctx, double lon, double lat, size_t k,
                                 const char *call)
{
    if (isfinite(lon) && isfinite(lat) && lon >= -180.0 && lon <= 180.0 && lat >= -90.0 &&
        lat <= 90.0)
        return DEMARC_OK;
    if (k != SIZE_MAX)
        return demarc__fail(ctx, DEMARC_ERR_RANGE,
                            "%s: point %zu: lon/lat (%g, %g) not finite or out of range", call,
                            k, lon, lat);
    return demarc__fail(ctx, DEMARC_ERR_RANGE, "%s: lon/lat (%g, %g) not finite or out of range",
                        call, lon, lat);
}

demarc_status demarc_locate(demarc_ctx *ctx, const demarc_border *border, double lon, double lat,
                            const demarc_locate_options *opts, demarc_location *out)
{
    demarc__clear(ctx);
    if (!ctx || !border || !out)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "locate: NULL %s",
                            !border ? "border" : !out ? "out" : "ctx");
    if (!border->index)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "locate: border has no index");
    double tol;
    demarc_status rc = check_opts(ctx, opts, &tol);
    if (rc) return rc;
    rc = check_point(ctx, lon, lat, SIZE_MAX, "locate");
    if (rc) return rc;
    locate_one(border, lon, lat, tol, opts && (opts->flags & DEMARC_LOCATE_PARTY_ONLY), out);
    return DEMARC_OK;
}

demarc_status demarc_locate_batch(demarc_ctx *ctx, const demarc_border *border, size_t n,
                                  const double *lon, size_t lon_stride, const double *lat,
                                  size_t lat_stride, const demarc_locate_options *opts,
                                  demarc_location *out, size_t out_stride)
{
    demarc__clear(ctx);
    if (!ctx || !border || (n && (!lon || !lat || !out)))
        return demarc__fail(ctx, DEMARC_ERR_ARG, "locate_batch: NULL argument");
    if (!border->index)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "locate_batch: border has no index");
    double tol;
    demarc_status rc = check_opts(ctx, opts, &tol);
    if (rc) return rc;
    if (!lon_stride) lon_stride = sizeof(double);
    if (!lat_stride) lat_stride = sizeof(double);
    if (!out_stride) out_stride = sizeof(demarc_location);
    int party_only = opts && (opts->flags & DEMARC_LOCATE_PARTY_ONLY);
    demarc_progress_fn progress = opts ? opts->progress : NULL;
    for (size_t k = 0; k < n; k++) {
        if (progress && (k & 0xffff) == 0 && k > 0 &&
            progress(opts->progress_userdata, (double)k / (double)n, "locate"))
            return demarc__fail(ctx, DEMARC_ERR_CANCELLED,
                                "locate_batch: cancelled by the progress callback at point %zu",
                                k);
        double x = *(const double *)(const void *)((const char *)lon + k * lon_stride);
        double y = *(const double *)(const void *)((const char *)lat + k * lat_stride);
        rc = check_point(ctx, x, y, k, "locate_batch");
        if (rc) return rc;
        locate_one(border, x, y, tol, party_only,
                   (demarc_location *)(void *)((char *)out + k * out_stride));
    }
    if (progress && n && progress(opts->progress_userdata, 1.0, "locate"))
        return demarc__fail(ctx, DEMARC_ERR_CANCELLED,
                            "locate_batch: cancelled by the progress callback at the end");
    return DEMARC_OK;
}

demarc_status demarc_party_batch(demarc_ctx *ctx, const demarc_border *border, size_t n,
                                 const double *lon, size_t lon_stride, const double *lat,
                                 size_t lat_stride, int *party, size_t party_stride)
{
    demarc__clear(ctx);
    if (!ctx || !border || (n && (!lon || !lat || !party)))
        return demarc__fail(ctx, DEMARC_ERR_ARG, "party_batch: NULL argument");
    if (!border->index)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "party_batch: border has no index");
    if (!lon_stride) lon_stride = sizeof(double);
    if (!lat_stride) lat_stride = sizeof(double);
    if (!party_stride) party_stride = sizeof(int);
    for (size_t k = 0; k < n; k++) {
        const double p[2] = {*(const double *)(const void *)((const char *)lon + k * lon_stride),
                             *(const double *)(const void *)((const char *)lat + k * lat_stride)};
        /* in range (NaN fails every comparison): else check_point says why */
        if (!(p[0] >= -180.0 && p[0] <= 180.0 && p[1] >= -90.0 && p[1] <= 90.0)) {
            demarc_status rc = check_point(ctx, p[0], p[1], k, "party_batch");
            if (rc) return rc;
        }
        int *o = (int *)(void *)((char *)party + k * party_stride);
        /* the usual case inline: a cell whose word is its party */
        const struct demarc_border_index *x = border->index;
        double fi = (p[0] - x->gx0) * x->ginv, fj = (p[1] - x->gy0) * x->ginv;
        if (x->cellw && fi >= 0 && fj >= 0 && fi < x->gnx && fj < x->gny) {
            uint32_t w = x->cellw[(size_t)(int)fj * (size_t)x->gnx + (size_t)(int)fi];
            if (w < 3) {
                *o = (int)w - 1;
                continue;
            }
        }
        *o = party_fast(border, p);
    }
    return DEMARC_OK;
}
