/* border_internal.h -- the layout of an opened border.
 *
 * A border is built in two steps: a reader (embedded data, or files through
 * GDAL) fills the raw fields, then demarc__border_finish() validates them and
 * computes what queries need (chainage, sign feet, id index).  After that the
 * border is never written again, so any number of threads may read it. */
#ifndef DEMARC_BORDER_INTERNAL_H
#define DEMARC_BORDER_INTERNAL_H

#include "demarc.h"

#include <geodesic.h>

typedef struct demarc_territory_data {
    demarc_territory pub;      /* what demarc_border_territory() returns */
    char *party, *name;
    size_t *ring_start, *ring_polygon;
    unsigned char *ring_is_hole;
    double *points;
} demarc_territory_data;

struct demarc_border {
    demarc_border_info info;   /* strings point into `strings` */
    char *strings[16];         /* owned metadata strings */
    struct geod_geodesic geod; /* WGS 84 */

    size_t nvert;
    double *xy;                /* lon, lat interleaved, 2 * nvert */
    double *chain;             /* chainage of each vertex, m, nvert */
    double *edge_azi;          /* geodesic azimuth at each edge's start, degrees,
                                  nvert - 1 (geodesic edges only, else NULL) */

    size_t nsign;
    demarc_sign *signs;        /* ids and provenance owned below */
    char **sign_strings;       /* 2 * nsign: id, provenance */
    size_t *sign_edge;         /* edge index of each sign's foot */
    size_t *by_id;             /* sign indices sorted by id (strcmp) */

    size_t nterr;
    demarc_territory_data terr[2];

    /* Query indexes built at open by demarc__border_index (locate_index.c). */
    struct demarc_border_index *index;

    /* Files and folder the border was read from (device, inode), so that
     * an export never writes over its own input (export.c). */
    size_t nsource;
    unsigned long long source_dev[6], source_ino[6];

    /* The edge model the metadata declares: a demarc_edge_model, -1 none,
     * -2 a name libdemarc does not know (border_ogr.c, metadata_json.c). */
    int declared_model;
};

/* "geodesic", "rhumb", "planar" -> the model; -2 for any other text. */
int demarc__edge_model_parse(const char *name);
/* A sign kind by its name (demarc_sign_kind_name, any case), or -1. */
int demarc__sign_kind_parse(const char *name);

/* Build the indexes queries need (territory cells, line index); called last
 * by demarc__border_finish.  Freed by demarc__border_index_free. */
demarc_status demarc__border_index(demarc_ctx *ctx, demarc_border *b);
void demarc__border_index_free(demarc_border *b);

/* Allocate an empty border (all counts zero, declared values unknown). */
demarc_border *demarc__border_alloc(void);

/* Set metadata string slot k (0..15) to a copy of s; returns the copy. */
const char *demarc__border_string(demarc_border *b, int k, const char *s);

/* Metadata string slots. */
enum {
    BS_ID, BS_NAME, BS_LEFT, BS_RIGHT, BS_LEFT_NAME, BS_RIGHT_NAME, BS_FINALISED,
    BS_SIGNED, BS_PLACE, BS_SOURCE, BS_LICENCE, BS_ATTRIBUTION, BS_CRS, BS_OPERATION
};

/* Allocate room for n signs (zeroed, NaN-filled numbers). */
demarc_status demarc__border_alloc_signs(demarc_ctx *ctx, demarc_border *b, size_t n);

/* Set sign i's id and provenance (copied). */
demarc_status demarc__border_sign_strings(demarc_ctx *ctx, demarc_border *b, size_t i,
                                          const char *id, const char *provenance);

/* Validate and index a filled border; `what` names its source in messages.
 * On failure the border is left for the caller to free. */
demarc_status demarc__border_finish(demarc_ctx *ctx, demarc_border *b, demarc_edge_model model,
                                    const char *what);

/* Nearest point of the line to p: edge index, parameter t on it, distance m.
 * Brute force over all edges with a cheap planar pre-filter. */
void demarc__line_nearest(const demarc_border *b, const double p[2], size_t *edge, double *t,
                          double *dist_m);

/* Chainage of the point at parameter t of edge e, m. */
double demarc__edge_chainage(const demarc_border *b, size_t e, double t);

/* Parse the border.json metadata text into b; `what` names the file. */
demarc_status demarc__metadata_parse(demarc_ctx *ctx, demarc_border *b, const char *text,
                                     size_t len, const char *what);

#endif
