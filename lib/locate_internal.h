/* locate_internal.h -- the query indexes of a border (built once at open by
 * demarc__border_index in locate_index.c, read-only afterwards) and the
 * line queries locate.c runs on them. */
#ifndef DEMARC_LOCATE_INTERNAL_H
#define DEMARC_LOCATE_INTERNAL_H

#include "border_internal.h"

#include <stdint.h>

/* Edges of the line are grouped in leaves of DEMARC_LEAF_EDGES consecutive
 * edges, and leaves in a tree of bounding caps, DEMARC_TREE_FANOUT children
 * per node (level 0 the leaves, the last level the root): a query descends
 * it best first and prunes by the caps, so its cost grows with the depth
 * (log of the vertex count), not with the number of edges. */
#define DEMARC_LEAF_EDGES 8
#define DEMARC_TREE_FANOUT 8
#define DEMARC_TREE_LEVELS 24 /* 8^23 leaves: more than any size_t count */

/* A bounding cap on the conformal sphere: unit centre, cosine and sine of
 * its angular radius. */
struct demarc_cap {
    double c[3];
    double cosr, sinr;
};

/* A bounding band of a node of the line's tree on the conformal sphere:
 * every edge arc under the node lies within angle w of the great-circle
 * arc from a (its first vertex) to b (its last), so the distance from a
 * point to the node's edges is at least its distance to that arc minus w
 * (a capsule: along a smooth stretch w is far below the half length that
 * bounds a cap's radius).  cosw < -1: no bound (w would be too large). */
struct demarc_band {
    double a[3], b[3]; /* unit vectors of the node's first and last vertex */
    double n[3];       /* unit normal of the great circle a -> b */
    double ta[3], tb[3]; /* n x a, n x b: directions along the arc at its ends */
    double cosw, sinw;
};

/* Cell status bits of the territory grid. */
enum {
    CELL_IN0 = 1,   /* cell centre inside territory 0 */
    CELL_IN1 = 2,   /* cell centre inside territory 1 */
    CELL_EDGES = 4  /* some ring edge meets the cell (else its status is every point's) */
};

struct demarc_border_index {
    /* ---- territory grid: cells of gdx x gdy degrees over the union of
     * the territories' bounding boxes.  Each cell lists the ring edges whose
     * bounding box meets it (as the index of the edge's first point, with
     * territory t in the top bit) and knows whether its centre lies inside
     * each territory (even-odd rule, found by a row sweep). */
    int has_grid;
    double gx0, gy0, gdx, gdy, ginv; /* origin, cell size (deg), 1 / size */
    int gnx, gny;
    unsigned char *cell;       /* gnx * gny status bits */
    uint32_t *cell_start;      /* gnx * gny + 1 offsets into cell_edge */
    uint32_t *cell_edge;       /* (t << 31) | point index of the edge start */
    /* Party fast path (issue 17): per cell, the party + 1 (0..2) when every
     * point of the cell has it without a ring or line test, 3 when the
     * exact path must decide, or CELLW_SUB | b: the cell is split into
     * SUBN x SUBN sub-cells of 2 bits each (same code) in sub[2b], sub[2b+1]
     * (sub-cell k = SUBN * row + column in bits 2 (k % 32) of word k / 32). */
    uint32_t *cellw;
    uint64_t *sub;
    /* Per sub-cell of the split cells (index SUBN^2 block + sub-cell): the
     * inside flags of its centre (subcell_centre) and the ring edges of its
     * cell whose bounding box meets it, sedge[sstart[k] .. sstart[k + 1]),
     * so that a point of a code-3 sub-cell walks those few edges only. */
    unsigned char *scin;
    uint32_t *sstart;
    uint32_t *sedge;

    /* ---- the line */
    double near_m;             /* side-of-line zone half width, m */
    unsigned char *near;       /* bitmap: cell may hold points where the lon/lat polygons and
                                  the line's edges disagree (within band_m of an edge's chord) */
    double *band_m;            /* per edge: half width of that band, m (its chord-curve gap
                                  with margin) */
    double nx0, ny0, ninv;     /* its origin and 1 / cell size, degrees */
    int nnx, nny;              /* its size in cells (0: no bitmap, everything is near) */
    double *len;               /* edge lengths under the model, m */
    double *uv;                /* conformal-sphere unit vectors, 3 per vertex */
    double *nrm;               /* per edge: unit normal n of its great circle, then n x u_start,
                                  n x u_end (directions along the arc), 9 doubles */
    double *slack_m;           /* approximation slack of each edge, m */
    double maxslack;           /* the largest, m */
    size_t bs;                 /* edges per leaf (block) */
    size_t nblock;             /* leaves */
    struct demarc_cap *cap;    /* the tree's caps, level by level from the leaves (covering
                                  their vertices, signs and edges' slack) to the root */
    struct demarc_band *band;  /* the same tree's bands (line search; the caps: signs) */
    size_t nlevel;             /* levels; level l holds nodes cap[lstart[l] .. lstart[l+1]) */
    size_t lstart[DEMARC_TREE_LEVELS + 1];
    size_t *bsign_start;       /* nblock + 1 offsets into bsign */
    size_t *bsign;             /* sign indices per leaf */
    double *suv;               /* conformal unit vectors of the signs, 3 per sign */
    size_t nsub;               /* split cells (2 words each in sub) */
    int borrowed;              /* 1: compiled into the library (embedded border), not freed */
};

/* The index of the embedded border under the geodesic edge model, built
 * at compile time by lib/embed/make_embedded.c (NULL when not built). */
extern const struct demarc_border_index *const demarc__embedded_kz_uz_index;

#define CELLW_SUB 0x80000000u
#define SUBN 8

/* Centre of sub-cell q of cell (ci, cj), degrees (the same arithmetic at
 * build and query time). */
static inline void demarc__subcell_centre(const struct demarc_border_index *x, int ci, int cj,
                                          int q, double out[2])
{
    out[0] = x->gx0 + (ci + ((q % SUBN) + 0.5) / SUBN) * x->gdx;
    out[1] = x->gy0 + (cj + ((q / SUBN) + 0.5) / SUBN) * x->gdy;
}

/* Flips of the inside flags (bit t: territory t) along the segment ctr->p
 * over the ring edges list[0 .. n) (cell_edge tags), locate.c. */
int demarc__ring_crossings(const demarc_border *b, const double ctr[2], const double p[2],
                           const uint32_t *list, size_t n);

/* Inside flags of p for both territories (bit t set: inside territory t),
 * by the territory grid and its cell's ring edges (locate.c). */
int demarc__territory_flags(const demarc_border *b, const double p[2]);

/* Bytes an opened border holds: *owned allocated for it (line, signs,
 * territories, index), *borrowed compiled into the library and shared by
 * every opened embedded border (its index).  For the benchmarks. */
void demarc__border_bytes(const demarc_border *b, size_t *owned, size_t *borrowed);

/* Conformal-sphere unit vector of (lon, lat) degrees. */
void demarc__conformal_uv(double lon, double lat, double out[3]);

#endif
