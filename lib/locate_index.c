/* locate_index.c -- query indexes of a border, built once at open
 * (demarc__border_finish calls demarc__border_index last) and read-only
 * afterwards, so any number of threads may query them.
 *
 * 1. Territory grid.  The territory rings are lon/lat polygons with
 *    straight edges (what GEOS and the GeoJSON mean).  A grid of about
 *    65,536 cells (two per ring point when there are fewer) covers them;
 *    each cell lists the ring edges whose bounding box meets it and knows,
 *    for each territory, whether its centre is inside (even-odd rule: one
 *    sweep per row along the horizontal through the centres, crossings
 *    counted with the half-open rule ya > y != yb > y).
 *    A query starts from its cell centre and flips the answer at every ring
 *    edge of the cell that the segment centre->point crosses (locate.c).
 *    For the party (issue 17) each cell also gets a word: its party when
 *    every point of it has that party without a ring or line test, else an
 *    8 x 8 block of 2-bit sub-cell codes, with the inside flags of each
 *    split sub-cell's centre and the ring edges meeting it (build_subgrid);
 *    the whole index of the embedded border is built at compile time.
 *
 * 2. The side-of-line zone.  Along the border the territory rings share the
 *    line's vertices, but their edges are lon/lat chords while the line's
 *    edges follow the border's edge model.  A geodesic edge bulges poleward
 *    of its chord (157 m at the middle of the 90.6 km edge from 62.2425E
 *    43.5186N to 63.3491E 43.6505N), a rhumb edge differs too.  Every point
 *    where the chord and the model disagree lies within the largest such
 *    gap of the line, so points within near_m (that bound, taken
 *    generously: sphere of radius 6.4e6 m, lateral offset of a curve with
 *    curvature ~ tan(lat) over a chord of angular length L is below
 *    R L^2 / 8 (1 + tan|lat|), plus 50 m) are given the side of the line
 *    under the edge model; cells that may hold such points carry CELL_NEAR.
 *    Rings that follow the line more coarsely (one ring edge over several
 *    line edges: a line denser than its territories) widen the zone by
 *    their chords' gap to the line (widen_under_ring_chords).
 *
 * 3. The line.  For pruning, every vertex gets a unit vector on the
 *    conformal sphere (conformal latitude chi, same longitude; conformal,
 *    so distances are scaled alike in every direction and a nearest point
 *    there is nearly the nearest point on the ellipsoid) and edges are
 *    grouped in leaves of DEMARC_LEAF_EDGES with bounding caps, the leaves
 *    in a tree of caps (DEMARC_TREE_FANOUT children per node, each parent
 *    cap containing its children's), so that a query visits a few nodes per
 *    level instead of every block (issue 17: 2.3 k -> 200 k vertices).
 *    For the line search each node also has a band (struct demarc_band,
 *    build_bands): the arc from its first to its last vertex and a proven
 *    width, used where it is under a quarter of the cap radius (a smooth or
 *    densified stretch, where a cap bounds by half the stretch length). */
#include "context_internal.h"
#include "alloc_internal.h"
#include "geodesy_internal.h"
#include "locate_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEG (M_PI / 180.0)
#define WGS84_E 0.0818191908426215 /* sqrt(f (2 - f)), f = 1/298.257223563 */
#define GRID_CELLS 65536.0  /* cells of the territory grid, at most */
#define GRID_MIN_CELLS 256.0 /* ... and at least */

void demarc__conformal_uv(double lon, double lat, double out[3])
{
    /* Conformal latitude chi by its series in e^2 (Adams 1921; Snyder
     * 1987, sec. 3): chi = phi - c2 sin 2phi + c4 sin 4phi - c6 sin 6phi with
     * c2 = e^2/2 + 5e^4/24 + 3e^6/32 + 281e^8/5760,
     * c4 = 5e^4/48 + 7e^6/80 + 697e^8/11520, c6 = 13e^6/480 + 461e^8/13440;
     * off by < 2e-11 rad from gd(psi) (checked over -86..86 deg). */
    const double c2 = 3.3565546194028744e-3, c4 = 4.694572466288144e-6,
                 c6 = 8.194071764310833e-9;
    double phi = lat * DEG, s1 = sin(phi), c1 = cos(phi);
    double s2 = 2 * s1 * c1, k2 = c1 * c1 - s1 * s1;
    double s4 = 2 * s2 * k2, s6 = s4 * k2 + s2 * (2 * k2 * k2 - 1);
    double chi = phi - c2 * s2 + c4 * s4 - c6 * s6;
    double c = cos(chi), l = lon * DEG;
    out[0] = c * cos(l);
    out[1] = c * sin(l);
    out[2] = sin(chi);
}

void demarc__border_index_free(demarc_border *b)
{
    struct demarc_border_index *x = b->index;
    if (!x) return;
    b->index = NULL;
    if (x->borrowed) return;
    demarc__free(x->cell);
    demarc__free(x->cell_start);
    demarc__free(x->cell_edge);
    demarc__free(x->len);
    demarc__free(x->uv);
    demarc__free(x->nrm);
    demarc__free(x->slack_m);
    demarc__free(x->band_m);
    demarc__free(x->cap);
    demarc__free(x->band);
    demarc__free(x->bsign_start);
    demarc__free(x->bsign);
    demarc__free(x->suv);
    demarc__free(x->near);
    demarc__free(x->cellw);
    demarc__free(x->sub);
    demarc__free(x->scin);
    demarc__free(x->sstart);
    demarc__free(x->sedge);
    demarc__free(x);
}

static size_t index_bytes(const struct demarc_border_index *x, const demarc_border *b)
{
    size_t nv = b->nvert, ne = nv - 1, nsg = b->nsign ? b->nsign : 1, n = sizeof *x;
    if (x->has_grid) {
        size_t nc = (size_t)x->gnx * (size_t)x->gny;
        n += nc + (nc + 1) * 4 + (size_t)x->cell_start[nc] * 4;
        if (x->cellw)
            n += nc * 4 + 2 * x->nsub * 8 + x->nsub * SUBN * SUBN * 5 + 4 +
                 (size_t)x->sstart[x->nsub * SUBN * SUBN] * 4;
    }
    if (x->near) n += ((size_t)x->nnx * (size_t)x->nny + 7) / 8;
    n += (3 * ne + 3 * nv + 9 * ne) * sizeof(double);
    n += x->lstart[x->nlevel] * (sizeof *x->cap + sizeof *x->band) +
         (x->nblock + 1 + nsg) * sizeof(size_t);
    n += 3 * nsg * sizeof(double);
    return n;
}

void demarc__border_bytes(const demarc_border *b, size_t *owned, size_t *borrowed)
{
    size_t n = sizeof *b + b->nvert * (2 + 1 + (b->edge_azi ? 1 : 0)) * sizeof(double);
    n += b->nsign * (sizeof *b->signs + 2 * sizeof(char *) + 2 * sizeof(size_t));
    for (size_t i = 0; i < 2 * b->nsign; i++)
        n += b->sign_strings && b->sign_strings[i] ? strlen(b->sign_strings[i]) + 1 : 0;
    for (size_t t = 0; t < b->nterr; t++) {
        const demarc_territory *tp = &b->terr[t].pub;
        n += 2 * tp->point_count * sizeof(double) +
             tp->ring_count * (2 * sizeof(size_t) + 1) + sizeof(size_t);
    }
    *borrowed = 0;
    if (b->index && b->index->borrowed)
        *borrowed = index_bytes(b->index, b);
    else if (b->index)
        n += index_bytes(b->index, b);
    *owned = n;
}

static int cell_x(const struct demarc_border_index *x, double lon)
{
    double f = (lon - x->gx0) * x->ginv;
    int i = f > 0 ? (int)f : 0;
    return i < 0 ? 0 : i >= x->gnx ? x->gnx - 1 : i;
}

static int cell_y(const struct demarc_border_index *x, double lat)
{
    double f = (lat - x->gy0) * x->ginv;
    int j = f > 0 ? (int)f : 0;
    return j < 0 ? 0 : j >= x->gny ? x->gny - 1 : j;
}

/* Calls fn(cell) for every cell the edge's bounding box meets. */
static demarc_status build_grid(demarc_ctx *ctx, demarc_border *b, struct demarc_border_index *x)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t t = 0; t < b->nterr; t++) {
        const demarc_territory *tp = &b->terr[t].pub;
        for (size_t k = 0; k < tp->point_count; k++) {
            double lo = tp->points[2 * k], la = tp->points[2 * k + 1];
            x0 = lo < x0 ? lo : x0;
            x1 = lo > x1 ? lo : x1;
            y0 = la < y0 ? la : y0;
            y1 = la > y1 ? la : y1;
        }
    }
    if (!(x1 > x0) || !(y1 > y0)) return DEMARC_OK; /* no area: no grid */
    for (size_t t = 0; t < b->nterr; t++)
        if (b->terr[t].pub.point_count >= 0x7fffffffu)
            return demarc__fail(ctx, DEMARC_ERR_RANGE, "territory %zu: too many points", t);
    /* About two cells per ring point, at most GRID_CELLS (the embedded
     * border's 39,636 points get the full grid; a small fixture a small
     * one, as cheap to build as its few edges). */
    size_t npts = b->terr[0].pub.point_count + b->terr[1].pub.point_count;
    double cells = fmin(GRID_CELLS, fmax(GRID_MIN_CELLS, 2.0 * (double)npts));
    double cs = sqrt((x1 - x0) * (y1 - y0) / cells);
    x->gnx = (int)ceil((x1 - x0) / cs) + 1;
    x->gny = (int)ceil((y1 - y0) / cs) + 1;
    x->gdx = x->gdy = cs;
    x->ginv = 1.0 / cs;
    /* Offset the grid by an odd fraction of a cell so that centres rarely
     * fall on a vertex or an edge of the data (given to 1e-5 degrees). */
    x->gx0 = x0 - 0.5 * cs - 1.2345e-7;
    x->gy0 = y0 - 0.5 * cs - 2.3456e-7;
    size_t nc = (size_t)x->gnx * (size_t)x->gny;
    x->cell = demarc__calloc(nc, 1);
    x->cell_start = demarc__calloc(nc + 1, sizeof *x->cell_start);
    if (!x->cell || !x->cell_start) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    /* Cell of every ring point, once; an edge then covers the cells
     * between those of its ends (its bounding box). */
    size_t np = b->terr[0].pub.point_count + b->terr[1].pub.point_count;
    int *pc = demarc__malloc(2 * (np ? np : 1) * sizeof *pc);
    if (!pc) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    for (size_t t = 0, q = 0; t < b->nterr; t++) {
        const demarc_territory *tp = &b->terr[t].pub;
        for (size_t k = 0; k < tp->point_count; k++, q++) {
            pc[2 * q] = cell_x(x, tp->points[2 * k]);
            pc[2 * q + 1] = cell_y(x, tp->points[2 * k + 1]);
        }
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t t = 0, base = 0; t < b->nterr; t++) {
            const demarc_territory *tp = &b->terr[t].pub;
            for (size_t r = 0; r < tp->ring_count; r++) {
                for (size_t k = tp->ring_start[r]; k + 1 < tp->ring_start[r + 1]; k++) {
                    const int *ca = &pc[2 * (base + k)];
                    int i0 = ca[0] < ca[2] ? ca[0] : ca[2], i1 = ca[0] < ca[2] ? ca[2] : ca[0];
                    int j0 = ca[1] < ca[3] ? ca[1] : ca[3], j1 = ca[1] < ca[3] ? ca[3] : ca[1];
                    uint32_t tag = (uint32_t)(t << 31) | (uint32_t)k;
                    if (i0 == i1 && j0 == j1) { /* most edges: one cell */
                        size_t c = (size_t)j0 * (size_t)x->gnx + (size_t)i0;
                        if (pass == 0)
                            x->cell_start[c + 1]++;
                        else
                            x->cell_edge[x->cell_start[c]++] = tag;
                        continue;
                    }
                    for (int j = j0; j <= j1; j++) {
                        size_t row = (size_t)j * (size_t)x->gnx;
                        for (int i = i0; i <= i1; i++) {
                            if (pass == 0)
                                x->cell_start[row + (size_t)i + 1]++;
                            else
                                x->cell_edge[x->cell_start[row + (size_t)i]++] = tag;
                        }
                    }
                }
            }
            base += tp->point_count;
        }
        if (pass == 0) {
            for (size_t c = 0; c < nc; c++) x->cell_start[c + 1] += x->cell_start[c];
            x->cell_edge = demarc__malloc((x->cell_start[nc] ? x->cell_start[nc] : 1) *
                                  sizeof *x->cell_edge);
            if (!x->cell_edge) {
                demarc__free(pc);
                return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
            }
        } else { /* the fill advanced each start to the next one's: shift back */
            memmove(x->cell_start + 1, x->cell_start, nc * sizeof *x->cell_start);
            x->cell_start[0] = 0;
        }
    }
    demarc__free(pc);
    /* Row sweep: inside status of every cell centre. */
    for (int j = 0; j < x->gny; j++) {
        double yc = x->gy0 + (j + 0.5) * x->gdy;
        int parity[2] = {0, 0};
        for (int i = 0; i < x->gnx; i++) {
            size_t c = (size_t)j * (size_t)x->gnx + (size_t)i;
            double xc = x->gx0 + (i + 0.5) * x->gdx;
            int before[2] = {0, 0}, all[2] = {0, 0};
            for (uint32_t q = x->cell_start[c]; q < x->cell_start[c + 1]; q++) {
                uint32_t v = x->cell_edge[q];
                int t = (int)(v >> 31);
                const double *p = &b->terr[t].pub.points[2 * (size_t)(v & 0x7fffffffu)];
                if ((p[1] > yc) == (p[3] > yc)) continue;
                double xx = p[0] + (yc - p[1]) * (p[2] - p[0]) / (p[3] - p[1]);
                if (cell_x(x, xx) != i) continue; /* another cell's */
                all[t]++;
                if (xx < xc) before[t]++;
            }
            if (x->cell_start[c + 1] > x->cell_start[c]) x->cell[c] |= CELL_EDGES;
            for (int t = 0; t < 2; t++) {
                if ((parity[t] + before[t]) & 1) x->cell[c] |= (unsigned char)(CELL_IN0 << t);
                parity[t] = (parity[t] + all[t]) & 1;
            }
        }
    }
    x->has_grid = 1;
    return DEMARC_OK;
}

/* The zone where the territory grid may be wrong, as a bitmap of
 * NEAR_CELL-degree cells over the line's bounding box.  The polygons' edges
 * along the border are the chords (straight in lon/lat) of the line's
 * edges, so the grid can only disagree with the edge model between a chord
 * and its curve: within band_m (the edge's gap plus 20 m) of the chord.
 * The chord of every edge is walked in steps of at most half a cell and the
 * cells that may hold points of its band are set.  A clear bit
 * means "the grid's party is the border's". */
#define NEAR_CELL 0.01
static demarc_status build_near(demarc_ctx *ctx, demarc_border *b, struct demarc_border_index *x)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t v = 0; v < b->nvert; v++) {
        double lo = b->xy[2 * v], la = b->xy[2 * v + 1];
        x0 = lo < x0 ? lo : x0; x1 = lo > x1 ? lo : x1;
        y0 = la < y0 ? la : y0; y1 = la > y1 ? la : y1;
    }
    double ymax = fmax(fabs(y0), fabs(y1)), bmax = 0;
    for (size_t e = 0; e + 1 < b->nvert; e++) bmax = fmax(bmax, x->band_m[e]);
    double ry = bmax / 110000.0 + NEAR_CELL;
    double cl = cos(fmin(89.0, ymax + ry) * DEG);
    double rx = bmax / (111000.0 * cl) + NEAR_CELL;
    x->nx0 = x0 - rx - NEAR_CELL;
    x->ny0 = y0 - ry - NEAR_CELL;
    x->ninv = 1.0 / NEAR_CELL;
    double w = (x1 - x0 + 2 * rx) / NEAR_CELL + 3, h = (y1 - y0 + 2 * ry) / NEAR_CELL + 3;
    if (!(w * h < 1e8)) return DEMARC_OK; /* a line spanning the globe: no zone bitmap */
    x->nnx = (int)w;
    x->nny = (int)h;
    x->near = demarc__calloc(((size_t)x->nnx * (size_t)x->nny + 7) / 8, 1);
    if (!x->near) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    for (size_t e = 0; e + 1 < b->nvert; e++) {
        const double *a = &b->xy[2 * e];
        /* A point within the band lies within band + a quarter cell (half a
         * step) of a walked point, so at most this many cells from its cell. */
        int di = (int)ceil((x->band_m[e] / (111000.0 * cl) + 0.25 * NEAR_CELL) / NEAR_CELL);
        int dj = (int)ceil((x->band_m[e] / 110000.0 + 0.25 * NEAR_CELL) / NEAR_CELL);
        double dx = remainder(a[2] - a[0], 360.0), dy = a[3] - a[1];
        int steps = (int)ceil(fmax(fabs(dx), fabs(dy)) / (0.5 * NEAR_CELL)) + 1;
        int pi = -1, pj = -1;
        for (int q = 0; q <= steps; q++) {
            double t = (double)q / steps;
            int ci = (int)((a[0] + t * dx - x->nx0) * x->ninv);
            int cj = (int)((a[1] + t * dy - x->ny0) * x->ninv);
            if (ci == pi && cj == pj) continue;
            pi = ci;
            pj = cj;
            int ja = cj - dj < 0 ? 0 : cj - dj, jb = cj + dj >= x->nny ? x->nny - 1 : cj + dj;
            int ia = ci - di < 0 ? 0 : ci - di, ib = ci + di >= x->nnx ? x->nnx - 1 : ci + di;
            for (int j = ja; j <= jb; j++) {
                size_t c = (size_t)j * (size_t)x->nnx + (size_t)ia;
                for (int i = ia; i <= ib; i++, c++)
                    x->near[c >> 3] |= (unsigned char)(1u << (c & 7));
            }
        }
    }
    return DEMARC_OK;
}


/* The party fast path's cell words and sub-cells (see locate_internal.h).
 * A sub-cell (a closed rectangle widened by SUB_EPS) that no ring edge's
 * bounding box meets has one inside status for all its points (the even-odd
 * answer cannot change inside it), so 4-adjacent such sub-cells share it
 * and one exact test per connected group finds it.  Its party is final
 * when it is outside both territories, or when no set cell of the
 * side-of-line bitmap meets it (maybe_near() is 0 for each of its points);
 * every other sub-cell is code 3 and takes the exact path. */
#define SUB_EPS 1e-9 /* degrees */
static int party_code(int in) { return in & 1 ? 1 : in & 2 ? 2 : 0; } /* party + 1 */

/* Sub-cell range [*a, *b] of coarse cell i (origin o, size d) that the
 * interval [lo, hi] meets; 0 when none. */
static int sub_range(double o, double d, int i, double lo, double hi, int *a, int *b)
{
    double c0 = o + i * d;
    double f0 = (lo - SUB_EPS - c0) / d * SUBN, f1 = (hi + SUB_EPS - c0) / d * SUBN;
    if (f1 < 0 || f0 >= SUBN) return 0;
    *a = f0 < 0 ? 0 : (int)f0;
    *b = f1 >= SUBN ? SUBN - 1 : (int)f1;
    return 1;
}

/* Each set cell of the side-of-line bitmap x->near, a square `size` degrees
 * from (lo, la), with the grid cells [i0, i1] x [j0, j1] it meets (SUB_EPS
 * of slack): visit(x, lo, la, size, i0, i1, j0, j1, arg). */
typedef void (*near_visit_fn)(const struct demarc_border_index *x, double lo, double la,
                              double size, int i0, int i1, int j0, int j1, void *arg);

static void for_each_near_cell(const struct demarc_border_index *x, near_visit_fn visit,
                               void *arg)
{
    double ncs = 1.0 / x->ninv;
    for (int nj = 0; nj < x->nny; nj++)
        for (int ni = 0; ni < x->nnx; ni++) {
            size_t q = (size_t)nj * (size_t)x->nnx + (size_t)ni;
            if (!x->near[q >> 3]) { ni += 7 - (int)(q & 7); continue; }
            if (!((x->near[q >> 3] >> (q & 7)) & 1)) continue;
            double lo = x->nx0 + ni * ncs, la = x->ny0 + nj * ncs;
            int i0 = cell_x(x, lo - SUB_EPS), i1 = cell_x(x, lo + ncs + SUB_EPS);
            int j0 = cell_y(x, la - SUB_EPS), j1 = cell_y(x, la + ncs + SUB_EPS);
            visit(x, lo, la, ncs, i0, i1, j0, j1, arg);
        }
}

/* Visitor: flag (one byte per grid cell) |= 2 on every cell met. */
static void flag_near_cells(const struct demarc_border_index *x, double lo, double la,
                            double size, int i0, int i1, int j0, int j1, void *arg)
{
    unsigned char *flag = arg;
    (void)lo, (void)la, (void)size;
    for (int j = j0; j <= j1; j++)
        for (int i = i0; i <= i1; i++) flag[(size_t)j * (size_t)x->gnx + (size_t)i] |= 2;
}

/* Visitor: in every sub-divided cell met, the sub-cells (sf, SUBN x SUBN
 * bytes per sub-divided cell) that the square meets |= 2. */
static void flag_near_subcells(const struct demarc_border_index *x, double lo, double la,
                               double size, int i0, int i1, int j0, int j1, void *arg)
{
    unsigned char *sf = arg;
    for (int j = j0; j <= j1; j++)
        for (int i = i0; i <= i1; i++) {
            size_t c = (size_t)j * (size_t)x->gnx + (size_t)i;
            if (!(x->cellw[c] & CELLW_SUB)) continue;
            unsigned char *f = &sf[(size_t)(x->cellw[c] & ~CELLW_SUB) * SUBN * SUBN];
            int a0, a1, b0, b1;
            if (!sub_range(x->gx0, x->gdx, i, lo, lo + size, &a0, &a1) ||
                !sub_range(x->gy0, x->gdy, j, la, la + size, &b0, &b1))
                continue;
            for (int sj = b0; sj <= b1; sj++)
                for (int si = a0; si <= a1; si++) f[sj * SUBN + si] |= 2;
        }
}

static demarc_status build_subgrid(demarc_ctx *ctx, demarc_border *b,
                                   struct demarc_border_index *x)
{
    if (!x->near) return DEMARC_OK; /* no side-of-line bitmap: party_of decides every point */
    size_t nc = (size_t)x->gnx * (size_t)x->gny;
    x->cellw = demarc__calloc(nc, sizeof *x->cellw);
    unsigned char *flag = demarc__calloc(nc, 1); /* 1 edges, 2 near */
    if (!x->cellw || !flag) { demarc__free(flag); return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory"); }
    for (size_t c = 0; c < nc; c++) flag[c] = (x->cell[c] & CELL_EDGES) ? 1 : 0;
    /* coarse cells that a set side-of-line cell meets */
    for_each_near_cell(x, flag_near_cells, flag);
    size_t nsub = 0;
    for (size_t c = 0; c < nc; c++) {
        int in = x->cell[c] & (CELL_IN0 | CELL_IN1);
        if (!flag[c]) {
            x->cellw[c] = (uint32_t)party_code(in);
        } else {
            if (nsub >= CELLW_SUB) { demarc__free(flag); return demarc__fail(ctx, DEMARC_ERR_RANGE, "territory grid too large"); }
            x->cellw[c] = CELLW_SUB | (uint32_t)nsub++;
        }
    }
    x->nsub = nsub;
    /* per sub-cell: bit 1 a ring edge meets it, 2 a near cell does */
    unsigned char *sf = demarc__calloc(nsub ? nsub * SUBN * SUBN : 1, 1);
    x->sub = demarc__calloc(nsub ? 2 * nsub : 1, sizeof *x->sub);
    if (!sf || !x->sub) { demarc__free(flag); demarc__free(sf); return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory"); }
    size_t nsc = nsub * SUBN * SUBN;
    x->sstart = demarc__calloc(nsc + 1, sizeof *x->sstart);
    x->scin = demarc__calloc(nsc ? nsc : 1, 1);
    if (!x->sstart || !x->scin) {
        demarc__free(flag); demarc__free(sf);
        return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    }
    /* edges of each sub-cell: count, then fill (as build_grid) */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t c = 0; c < nc; c++) {
            if (!(x->cellw[c] & CELLW_SUB) || !(flag[c] & 1)) continue;
            size_t blk = (size_t)(x->cellw[c] & ~CELLW_SUB) * SUBN * SUBN;
            unsigned char *f = &sf[blk];
            int ci = (int)(c % (size_t)x->gnx), cj = (int)(c / (size_t)x->gnx);
            for (uint32_t q = x->cell_start[c]; q < x->cell_start[c + 1]; q++) {
                uint32_t v = x->cell_edge[q];
                const double *p = &b->terr[v >> 31].pub.points[2 * (size_t)(v & 0x7fffffffu)];
                int a0, a1, b0, b1;
                if (!sub_range(x->gx0, x->gdx, ci, fmin(p[0], p[2]), fmax(p[0], p[2]), &a0,
                               &a1) ||
                    !sub_range(x->gy0, x->gdy, cj, fmin(p[1], p[3]), fmax(p[1], p[3]), &b0, &b1))
                    continue;
                for (int sj = b0; sj <= b1; sj++)
                    for (int si = a0; si <= a1; si++) {
                        size_t k = blk + (size_t)(sj * SUBN + si);
                        f[sj * SUBN + si] |= 1;
                        if (pass == 0) x->sstart[k + 1]++;
                        else x->sedge[x->sstart[k]++] = v;
                    }
            }
        }
        if (pass == 0) {
            for (size_t k = 0; k < nsc; k++) x->sstart[k + 1] += x->sstart[k];
            x->sedge = demarc__malloc((x->sstart[nsc] ? x->sstart[nsc] : 1) * sizeof *x->sedge);
            if (!x->sedge) {
                demarc__free(flag); demarc__free(sf);
                return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
            }
        } else {
            memmove(x->sstart + 1, x->sstart, nsc * sizeof *x->sstart);
            x->sstart[0] = 0;
        }
    }
    for_each_near_cell(x, flag_near_subcells, sf); /* x->near is set: see the top */
    /* codes: edge-free groups found by flood fill, one exact test each */
    for (size_t c = 0; c < nc; c++) {
        if (!(x->cellw[c] & CELLW_SUB)) continue;
        size_t k = x->cellw[c] & ~CELLW_SUB;
        unsigned char *f = &sf[k * SUBN * SUBN];
        int ci = (int)(c % (size_t)x->gnx), cj = (int)(c / (size_t)x->gnx);
        int code[SUBN * SUBN], group_in[SUBN * SUBN], stack[SUBN * SUBN];
        for (int q = 0; q < SUBN * SUBN; q++) group_in[q] = -1;
        for (int q = 0; q < SUBN * SUBN; q++) {
            if (f[q] & 1) {
                double pt[2];
                demarc__subcell_centre(x, ci, cj, q, pt);
                x->scin[k * SUBN * SUBN + (size_t)q] = (unsigned char)demarc__territory_flags(b, pt);
                code[q] = 3;
                continue;
            }
            if (group_in[q] < 0) {
                int in;
                if (flag[c] & 1) {
                    double pt[2];
                    demarc__subcell_centre(x, ci, cj, q, pt);
                    in = demarc__territory_flags(b, pt);
                } else {
                    in = x->cell[c] & (CELL_IN0 | CELL_IN1);
                }
                int top = 0;
                stack[top++] = q;
                group_in[q] = in;
                while (top) {
                    int s = stack[--top], si = s % SUBN, sj = s / SUBN;
                    int nb[4] = {si > 0 ? s - 1 : -1, si < SUBN - 1 ? s + 1 : -1,
                                 sj > 0 ? s - SUBN : -1, sj < SUBN - 1 ? s + SUBN : -1};
                    for (int t = 0; t < 4; t++) {
                        int m = nb[t];
                        if (m < 0 || (f[m] & 1) || group_in[m] >= 0) continue;
                        group_in[m] = in;
                        stack[top++] = m;
                    }
                }
            }
            int in = group_in[q];
            x->scin[k * SUBN * SUBN + (size_t)q] = (unsigned char)in;
            /* near the line even a point outside both rings takes the exact
             * path, so that a rule for points on the line (which may lie
             * outside both chord polygons) lives in party_of alone */
            code[q] = (f[q] & 2) ? 3 : party_code(in);
        }
        for (int q = 0; q < SUBN * SUBN; q++)
            x->sub[2 * k + (size_t)(q >> 5)] |= (uint64_t)code[q] << (2 * (q & 31));
    }
    demarc__free(flag);
    demarc__free(sf);
    return DEMARC_OK;
}

/* ---- bands of the line's tree (struct demarc_band) ---------------------- */

static double dot3v(const double *a, const double *b)
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static void cross3(const double *a, const double *b, double *out)
{
    out[0] = a[1] * b[2] - a[2] * b[1];
    out[1] = a[2] * b[0] - a[0] * b[2];
    out[2] = a[0] * b[1] - a[1] * b[0];
}

/* Angle between unit vectors, rad (the half-chord form: accurate when small). */
static double uv_angle(const double *a, const double *b)
{
    double d[3] = {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    return 2.0 * asin(fmin(1.0, 0.5 * sqrt(dot3v(d, d))));
}

/* Sets the arc of band d from unit vectors a to b; 0 when too short to
 * have a usable normal. */
static int band_arc(struct demarc_band *d, const double *a, const double *b)
{
    double n[3];
    cross3(a, b, n);
    double nn = sqrt(dot3v(n, n));
    memset(d, 0, sizeof *d);
    memcpy(d->a, a, sizeof d->a);
    memcpy(d->b, b, sizeof d->b);
    if (!(nn > 1e-9)) return 0; /* under 6 mm, or a loop back to its start */
    for (int k = 0; k < 3; k++) d->n[k] = n[k] / nn;
    cross3(d->n, a, d->ta);
    cross3(d->n, b, d->tb);
    return 1;
}

/* Upper bound, rad, of the distance to the arc of band d from any point of
 * the great-circle arc p -> q (length len, rad), or INFINITY when the
 * argument below does not hold (a far or long piece).  In the slab of the
 * arc (p . ta >= 0, p . tb <= 0) the distance is asin |x . n|, and
 * f = x . n along a unit-speed great circle has f'' = -f, so |f| exceeds the
 * larger of its end values by at most len^2 / 8 (linear interpolation
 * error); before a (behind b) the distance is that to a (b), convex along
 * the piece within a quarter circle, so it is at most its larger end value,
 * the ends being p, q or points on the slab's edge, where it equals the
 * distance to the great circle. */
static double band_piece(const struct demarc_band *d, const double *p, const double *q,
                         double len)
{
    const double cos_half = 0.87758256189037276; /* cos(0.5 rad) */
    if (!(len <= 0.25) || !(dot3v(p, d->a) >= cos_half) || !(dot3v(p, d->b) >= cos_half) ||
        !(dot3v(q, d->a) >= cos_half) || !(dot3v(q, d->b) >= cos_half))
        return INFINITY; /* the ends within 0.5 rad of a and b, or no bound */
    double f = fmax(fabs(dot3v(p, d->n)), fabs(dot3v(q, d->n))) + 0.125 * len * len;
    double w = asin(fmin(1.0, f));
    const double *v[2] = {p, q};
    for (int k = 0; k < 2; k++) {
        if (dot3v(v[k], d->ta) < 0) w = fmax(w, uv_angle(v[k], d->a));
        if (dot3v(v[k], d->tb) > 0) w = fmax(w, uv_angle(v[k], d->b));
    }
    return w;
}

/* Width w (rad) of band d; cap_r the radius of the node's cap: when the
 * band is no narrower than a quarter of it, the cap bounds better (a short or
 * winding stretch) and the band is marked unused. */
static void band_width(struct demarc_band *d, double w, double cap_r)
{
    if (!(w < 0.5) || !(w < 0.25 * cap_r)) {
        d->cosw = -2; /* no bound */
        d->sinw = 0;
        return;
    }
    d->cosw = cos(w);
    d->sinw = sin(w);
}

/* Leaves: the arc from the leaf's first to its last vertex, the width the
 * largest of its edges' (band_piece).  Inner nodes: the arc from the first
 * child's first vertex to the last child's last, the width the largest of
 * a child's arc's (band_piece) plus the child's width (triangle
 * inequality). */
static demarc_status build_bands(demarc_ctx *ctx, struct demarc_border_index *x, size_t ne)
{
    size_t bs = x->bs, ncap = x->lstart[x->nlevel];
    double *wv = demarc__malloc(ncap * sizeof *wv); /* the widths, rad (INFINITY: none) */
    if (!wv) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory indexing the line");
    for (size_t k = 0; k < x->nblock; k++) {
        size_t e0 = k * bs, e1 = e0 + bs < ne ? e0 + bs : ne;
        struct demarc_band *d = &x->band[k];
        double w = 0;
        if (!band_arc(d, &x->uv[3 * e0], &x->uv[3 * e1])) {
            w = INFINITY;
        } else {
            for (size_t e = e0; e < e1 && w < INFINITY; e++) {
                const double *p = &x->uv[3 * e], *q = p + 3;
                w = fmax(w, band_piece(d, p, q, uv_angle(p, q)));
            }
        }
        wv[k] = w + 1e-9;
    }
    for (size_t l = 1; l < x->nlevel; l++) {
        size_t n = x->lstart[l + 1] - x->lstart[l], nch = x->lstart[l] - x->lstart[l - 1];
        const struct demarc_band *ch = &x->band[x->lstart[l - 1]];
        const double *cw = &wv[x->lstart[l - 1]];
        for (size_t k = 0; k < n; k++) {
            size_t c0 = k * DEMARC_TREE_FANOUT, c1 = c0 + DEMARC_TREE_FANOUT;
            if (c1 > nch) c1 = nch;
            struct demarc_band *d = &x->band[x->lstart[l] + k];
            double w = 0;
            if (!band_arc(d, ch[c0].a, ch[c1 - 1].b)) w = INFINITY;
            for (size_t q = c0; q < c1 && w < INFINITY; q++)
                w = fmax(w, band_piece(d, ch[q].a, ch[q].b, uv_angle(ch[q].a, ch[q].b)) + cw[q]);
            wv[x->lstart[l] + k] = w + 1e-9;
        }
    }
    for (size_t k = 0; k < ncap; k++)
        band_width(&x->band[k], wv[k], atan2(x->cap[k].sinr, x->cap[k].cosr));
    demarc__free(wv);
    return DEMARC_OK;
}

/* A ring point, sorted by (lon, lat): its index among both territories'
 * points (territory 0's first). */
typedef struct ring_point {
    double lon, lat;
    size_t k;
} ring_point;

static int ring_point_cmp(const void *pa, const void *pb)
{
    const ring_point *a = pa, *b = pb;
    if (a->lon != b->lon) return a->lon < b->lon ? -1 : 1;
    return a->lat < b->lat ? -1 : a->lat > b->lat;
}

/* Offset of q from the lon/lat chord a-b, m (local equirectangular, as the
 * sag estimate above). */
static double chord_offset_m(const double *a, const double *b, const double *q)
{
    double cy = 0.5 * (a[1] + b[1]);
    double ex = remainder(b[0] - a[0], 360.0) * cos(cy * DEG), ey = b[1] - a[1];
    double gx = remainder(q[0] - a[0], 360.0) * cos(cy * DEG), gy = q[1] - a[1];
    double el = sqrt(ex * ex + ey * ey);
    return (el > 0 ? fabs(ex * gy - ey * gx) / el : sqrt(gx * gx + gy * gy)) * 111320.0;
}

/* Section 2 above assumes that the rings follow the line vertex by vertex.
 * A ring may follow it more coarsely: one ring edge pa-pb from line vertex
 * i to line vertex j > i + 1 (a line densified, or read from a finer
 * survey, than its territories).  Between that chord and the line the ring
 * and the line disagree by the largest offset of the line's vertices
 * i+1..j-1 from the chord plus the sag of its edges; the bands of edges
 * i..j-1 and the zone's width are widened to hold it.  Gaps over GAP_MAX_M
 * are left to the rings (a ring that far from the line is not following
 * it). */
#define GAP_MAX_M 5000.0
static void widen_one(const demarc_border *b, struct demarc_border_index *x, double *near,
                      const double *pa, size_t va, size_t vb)
{
    const double *pb = pa + 2;
    size_t i = va < vb ? va : vb, j = va < vb ? vb : va;
    if (va == SIZE_MAX || vb == SIZE_MAX || j < i + 2) return; /* off the line, or its edge */
    double gap = 0, sag = 0;
    for (size_t v = i + 1; v < j && gap <= GAP_MAX_M; v++)
        gap = fmax(gap, chord_offset_m(pa, pb, &b->xy[2 * v]));
    if (gap > GAP_MAX_M) return;
    for (size_t e = i; e < j; e++) sag = fmax(sag, x->band_m[e] - 20.0);
    gap += sag + 5.0;
    for (size_t e = i; e < j; e++) x->band_m[e] = fmax(x->band_m[e], gap + 20.0);
    if (gap > *near) *near = gap;
}

/* widen_one for every ring edge, with the line vertex of each ring point
 * found once (sorted ring points, one search per line vertex).  Returns
 * nonzero when out of memory. */
static int widen_under_ring_chords(const demarc_border *b, struct demarc_border_index *x,
                                   double *near)
{
    size_t n0 = b->terr[0].pub.point_count, n = n0 + b->terr[1].pub.point_count;
    ring_point *s = demarc__malloc((n ? n : 1) * sizeof *s);
    size_t *vertex = demarc__malloc((n ? n : 1) * sizeof *vertex); /* SIZE_MAX: not one */
    if (!s || !vertex) {
        demarc__free(s);
        demarc__free(vertex);
        return 1;
    }
    for (size_t k = 0; k < n; k++) {
        const double *pt = k < n0 ? &b->terr[0].pub.points[2 * k]
                                  : &b->terr[1].pub.points[2 * (k - n0)];
        s[k] = (ring_point){pt[0], pt[1], k};
        vertex[k] = SIZE_MAX;
    }
    qsort(s, n, sizeof *s, ring_point_cmp);
    for (size_t v = 0; v < b->nvert; v++) {
        ring_point key = {b->xy[2 * v], b->xy[2 * v + 1], 0};
        ring_point *r = bsearch(&key, s, n, sizeof *s, ring_point_cmp);
        if (!r) continue;
        /* the same point may stand in both rings: every copy */
        size_t lo = (size_t)(r - s), hi = lo;
        while (lo > 0 && !ring_point_cmp(&s[lo - 1], r)) lo--;
        while (hi + 1 < n && !ring_point_cmp(&s[hi + 1], r)) hi++;
        for (size_t q = lo; q <= hi; q++)
            if (vertex[s[q].k] == SIZE_MAX) vertex[s[q].k] = v;
    }
    for (int t = 0; t < 2; t++) {
        const demarc_territory *tp = &b->terr[t].pub;
        const size_t *vt = vertex + (t ? n0 : 0);
        for (size_t ring = 0; ring < tp->ring_count; ring++)
            for (size_t k = tp->ring_start[ring]; k + 1 < tp->ring_start[ring + 1]; k++)
                widen_one(b, x, near, &tp->points[2 * k], vt[k], vt[k + 1]);
    }
    demarc__free(s);
    demarc__free(vertex);
    return 0;
}

demarc_status demarc__border_index(demarc_ctx *ctx, demarc_border *b)
{
    if (b->index && b->index->borrowed) return DEMARC_OK; /* embedded: built at compile time */
    b->index = NULL;
    struct demarc_border_index *x = demarc__calloc(1, sizeof *x);
    if (!x) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    b->index = x;
    size_t nv = b->nvert, ne = nv - 1;
    demarc_edge_model m = b->info.edge_model;
    x->len = demarc__malloc(ne * sizeof *x->len);
    x->uv = demarc__malloc(3 * nv * sizeof *x->uv);
    x->nrm = demarc__malloc(9 * ne * sizeof *x->nrm);
    x->slack_m = demarc__malloc(ne * sizeof *x->slack_m);
    x->band_m = demarc__malloc(ne * sizeof *x->band_m);
    size_t bs = DEMARC_LEAF_EDGES;
    x->bs = bs;
    x->nblock = (ne + bs - 1) / bs;
    /* levels of the cap tree: leaves, then groups of FANOUT, up to one root */
    size_t ncap = 0;
    x->nlevel = 0;
    for (size_t n = x->nblock;; n = (n + DEMARC_TREE_FANOUT - 1) / DEMARC_TREE_FANOUT) {
        x->lstart[x->nlevel++] = ncap;
        ncap += n;
        if (n == 1) break;
    }
    x->lstart[x->nlevel] = ncap;
    x->cap = demarc__malloc(ncap * sizeof *x->cap);
    x->band = demarc__malloc(ncap * sizeof *x->band);
    x->bsign_start = demarc__calloc(x->nblock + 1, sizeof *x->bsign_start);
    x->bsign = demarc__malloc((b->nsign ? b->nsign : 1) * sizeof *x->bsign);
    x->suv = demarc__malloc(3 * (b->nsign ? b->nsign : 1) * sizeof *x->suv);
    if (!x->len || !x->uv || !x->nrm || !x->slack_m || !x->band_m || !x->cap || !x->band ||
        !x->bsign_start || !x->bsign || !x->suv)
        return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory indexing the line");

    for (size_t v = 0; v < nv; v++)
        demarc__conformal_uv(b->xy[2 * v], b->xy[2 * v + 1], &x->uv[3 * v]);
    double near = 0;
    for (size_t e = 0; e < ne; e++) {
        const double *a = &b->xy[2 * e];
        x->len[e] = b->chain[e + 1] - b->chain[e];
        const double *u = &x->uv[3 * e], *w = &x->uv[3 * e + 3];
        double n[3] = {u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2],
                       u[0] * w[1] - u[1] * w[0]};
        double nn = sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        double *nr = &x->nrm[9 * e];
        for (int k = 0; k < 3; k++) nr[k] = nn > 0 ? n[k] / nn : 0.0;
        /* along-arc directions at both ends: n x u, n x w */
        nr[3] = nr[1] * u[2] - nr[2] * u[1];
        nr[4] = nr[2] * u[0] - nr[0] * u[2];
        nr[5] = nr[0] * u[1] - nr[1] * u[0];
        nr[6] = nr[1] * w[2] - nr[2] * w[1];
        nr[7] = nr[2] * w[0] - nr[0] * w[2];
        nr[8] = nr[0] * w[1] - nr[1] * w[0];
        /* Gap between this edge's curve and its lon/lat chord, m (generous). */
        double dl = remainder(a[2] - a[0], 360.0) * DEG, dp = (a[3] - a[1]) * DEG;
        double pmax = fmax(fabs(a[1]), fabs(a[3])) * DEG;
        double sag = 6.4e6 * (dl * dl + dp * dp) / 8.0 * (1.0 + tan(fmin(pmax, 1.5)));
        if (m == DEMARC_EDGE_PLANAR) {
            sag = 0;
        } else if (sag > 60.0) {
            /* Long edge: measure.  The gap is nearly parabolic in t, so 1.5
             * times the largest of the gaps at t = 1/4, 1/2, 3/4 bounds it. */
            double worst = 0;
            for (int q = 1; q <= 3; q++) {
                double f[2], t = 0.25 * q;
                demarc__edge_point(&b->geod, m, a, a + 2, t, f);
                double cx = a[0] + t * remainder(a[2] - a[0], 360.0), cy = a[1] + t * (a[3] - a[1]);
                double ex = remainder(a[2] - a[0], 360.0) * cos(cy * DEG), ey = a[3] - a[1];
                double gx = remainder(f[0] - cx, 360.0) * cos(cy * DEG), gy = f[1] - cy;
                double el = hypot(ex, ey);
                double off = el > 0 ? fabs(ex * gy - ey * gx) / el : hypot(gx, gy);
                worst = fmax(worst, off * 111320.0);
            }
            sag = 1.5 * worst + 5.0;
        }
        if (sag > near) near = sag;
        x->band_m[e] = sag + 20.0;
        /* Slack of the conformal great-circle arc against the model's edge:
         * sub-metre for geodesics; a rhumb or planar edge may differ from
         * the arc by as much as from its chord. */
        x->slack_m[e] = m == DEMARC_EDGE_GEODESIC ? 1.0 + 0.02 * sag : 1.0 + 1.2 * sag;
    }
    if (b->nterr == 2 && widen_under_ring_chords(b, x, &near))
        return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory indexing the line");
    x->near_m = near + 50.0;
    x->maxslack = 0;
    for (size_t e = 0; e < ne; e++) x->maxslack = fmax(x->maxslack, x->slack_m[e]);

    /* Sign vectors and block lists (by the edge of each sign's foot). */
    for (size_t i = 0; i < b->nsign; i++) {
        const demarc_sign *sg = &b->signs[i];
        size_t se = b->sign_edge[i];
        const double *v0 = &b->xy[2 * se];
        if (v0[0] == sg->lon && v0[1] == sg->lat)
            memcpy(&x->suv[3 * i], &x->uv[3 * se], 3 * sizeof(double));
        else if (v0[2] == sg->lon && v0[3] == sg->lat)
            memcpy(&x->suv[3 * i], &x->uv[3 * se + 3], 3 * sizeof(double));
        else
            demarc__conformal_uv(sg->lon, sg->lat, &x->suv[3 * i]);
        x->bsign_start[b->sign_edge[i] / bs + 1]++;
    }
    for (size_t k = 0; k < x->nblock; k++) x->bsign_start[k + 1] += x->bsign_start[k];
    for (size_t i = 0; i < b->nsign; i++) x->bsign[x->bsign_start[b->sign_edge[i] / bs]++] = i;
    memmove(x->bsign_start + 1, x->bsign_start, x->nblock * sizeof *x->bsign_start);
    x->bsign_start[0] = 0;

    /* Leaf caps: centre the normalised mean of the leaf's vertices; the
     * radius covers the vertices (so the arcs, a cap under 90 degrees being
     * convex), the signs and the edges' slack. */
    for (size_t k = 0; k < x->nblock; k++) {
        size_t e0 = k * bs, e1 = e0 + bs < ne ? e0 + bs : ne;
        double c[3] = {0, 0, 0}, slack = 0;
        for (size_t v = e0; v <= e1; v++)
            for (int q = 0; q < 3; q++) c[q] += x->uv[3 * v + q];
        double cn = sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
        for (int q = 0; q < 3; q++) c[q] /= cn;
        double mincos = 1.0;
        for (size_t v = e0; v <= e1; v++) {
            const double *u = &x->uv[3 * v];
            mincos = fmin(mincos, c[0] * u[0] + c[1] * u[1] + c[2] * u[2]);
        }
        for (size_t q = x->bsign_start[k]; q < x->bsign_start[k + 1]; q++) {
            const double *u = &x->suv[3 * x->bsign[q]];
            mincos = fmin(mincos, c[0] * u[0] + c[1] * u[1] + c[2] * u[2]);
        }
        for (size_t e = e0; e < e1; e++) slack = fmax(slack, x->slack_m[e]);
        double r = acos(fmax(-1.0, fmin(1.0, mincos))) + slack / 6.3e6 + 1e-9;
        struct demarc_cap *cp = &x->cap[k];
        memcpy(cp->c, c, sizeof c);
        cp->cosr = cos(r);
        cp->sinr = sin(r);
    }
    /* Inner caps: centre the normalised mean of the children's centres,
     * radius the largest (distance to a child's centre + its radius), so
     * every child cap lies inside (triangle inequality), plus 1e-12 rad for
     * rounding. */
    for (size_t l = 1; l < x->nlevel; l++) {
        size_t n = x->lstart[l + 1] - x->lstart[l], nch = x->lstart[l] - x->lstart[l - 1];
        for (size_t k = 0; k < n; k++) {
            size_t c0 = k * DEMARC_TREE_FANOUT, c1 = c0 + DEMARC_TREE_FANOUT;
            if (c1 > nch) c1 = nch;
            const struct demarc_cap *ch = &x->cap[x->lstart[l - 1]];
            double c[3] = {0, 0, 0};
            for (size_t q = c0; q < c1; q++)
                for (int i = 0; i < 3; i++) c[i] += ch[q].c[i];
            double cn = sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
            if (!(cn > 0)) { c[0] = 1; c[1] = c[2] = 0; cn = 1; }
            for (int i = 0; i < 3; i++) c[i] /= cn;
            double r = 0;
            for (size_t q = c0; q < c1; q++) {
                double k2 = c[0] * ch[q].c[0] + c[1] * ch[q].c[1] + c[2] * ch[q].c[2];
                double rq = acos(fmax(-1.0, fmin(1.0, k2))) +
                            atan2(ch[q].sinr, ch[q].cosr);
                r = fmax(r, rq);
            }
            r = fmin(r + 1e-12, M_PI);
            struct demarc_cap *cp = &x->cap[x->lstart[l] + k];
            memcpy(cp->c, c, sizeof c);
            cp->cosr = cos(r);
            cp->sinr = sin(r);
        }
    }

    demarc_status rc = build_bands(ctx, x, ne);
    if (rc) return rc;
    if (b->nterr == 2) rc = build_grid(ctx, b, x);
    if (rc) return rc;
    if (x->has_grid) rc = build_near(ctx, b, x);
    if (!rc && x->has_grid) rc = build_subgrid(ctx, b, x);
    return rc;
}
