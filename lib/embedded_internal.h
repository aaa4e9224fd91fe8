/* embedded_internal.h -- the layout of border data compiled into the
 * library.  The C file holding it is generated at build time from data/
 * by lib/embed/make_embedded.c; border_default.c turns it into a border. */
#ifndef DEMARC_EMBEDDED_INTERNAL_H
#define DEMARC_EMBEDDED_INTERNAL_H

#include "demarc.h"

#include <stddef.h>

struct demarc_border_index; /* locate_internal.h */

typedef struct demarc_embedded_sign {
    const char *id;
    long seq;
    int kind;    /* demarc_sign_kind */
    double lon, lat, h_m, chainage_m, next_dist_m, next_azimuth_deg;
    int segment; /* demarc_segment_kind */
    const char *provenance;
} demarc_embedded_sign;

typedef struct demarc_embedded_territory {
    const char *party, *name;
    size_t polygon_count, ring_count, point_count;
    const size_t *ring_start;   /* ring_count + 1 */
    const size_t *ring_polygon; /* ring_count */
    const unsigned char *ring_is_hole;
    const double *points;       /* 2 * point_count */
} demarc_embedded_territory;

typedef struct demarc_embedded {
    const char *strings[12];    /* metadata, in the BS_* slot order */
    double declared_length_m;
    long declared_signs;
    int inspection_interval_years;
    int signs_modelled;
    size_t nvert;
    const double *xy;
    size_t nsign;
    const demarc_embedded_sign *signs;
    size_t nterr;
    demarc_embedded_territory terr[2];
    /* Computed at compile time under the geodesic model (border.c's
     * chainage and edge azimuths), so opening needs no inverse problem. */
    const double *chain;        /* nvert, m */
    const double *edge_azi;     /* nvert - 1, degrees */
} demarc_embedded;

/* The Kazakhstan-Uzbekistan border, from data/kz-uz/. */
extern const demarc_embedded demarc__embedded_kz_uz;

/* A border from generated tables e and their geodesic-model query index
 * (make_embedded's SYMBOL and SYMBOL_index); label names it in messages.
 * demarc_border_open_default is this on demarc__embedded_kz_uz; the tests
 * use it on borders generated from tests/data (check_embedded.c). */
demarc_status demarc__border_open_embedded(demarc_ctx *ctx, demarc_border **out,
                                          const demarc_open_options *opts,
                                          const demarc_embedded *e,
                                          const struct demarc_border_index *index,
                                          const char *label);

#endif
