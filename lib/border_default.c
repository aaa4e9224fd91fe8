/* border_default.c -- demarc_border_open_default(): the embedded
 * Kazakhstan-Uzbekistan border, copied from the generated tables into a
 * border and indexed like any other.  The data was validated when it was
 * generated (make_embedded opens it with the full file reader, GEOS
 * checks included), so only the indexing runs here. */
#include "border_internal.h"
#include "alloc_internal.h"
#include "context_internal.h"
#include "embedded_internal.h"
#include "locate_internal.h"

#include <stdlib.h>
#include <string.h>

static void *dup_array(const void *src, size_t bytes)
{
    void *p = demarc__malloc(bytes ? bytes : 1);
    if (p && bytes) memcpy(p, src, bytes);
    return p;
}

static demarc_status copy_territory(demarc_ctx *ctx, demarc_territory_data *t,
                                    const demarc_embedded_territory *e)
{
    t->party = demarc__strdup(e->party);
    t->name = demarc__strdup(e->name);
    t->ring_start = dup_array(e->ring_start, (e->ring_count + 1) * sizeof *e->ring_start);
    t->ring_polygon = dup_array(e->ring_polygon, e->ring_count * sizeof *e->ring_polygon);
    t->ring_is_hole = dup_array(e->ring_is_hole, e->ring_count);
    t->points = dup_array(e->points, 2 * e->point_count * sizeof *e->points);
    if (!t->party || !t->name || !t->ring_start || !t->ring_polygon || !t->ring_is_hole ||
        !t->points)
        return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    t->pub.polygon_count = e->polygon_count;
    t->pub.ring_count = e->ring_count;
    t->pub.point_count = e->point_count;
    return DEMARC_OK;
}

static demarc_status fill(demarc_ctx *ctx, demarc_border *b, const demarc_embedded *e)
{
    for (int k = 0; k < 12; k++)
        if (!demarc__border_string(b, k, e->strings[k]))
            return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    b->info.declared_length_m = e->declared_length_m;
    b->info.declared_signs = e->declared_signs;
    b->info.inspection_interval_years = e->inspection_interval_years;
    b->info.signs_modelled = e->signs_modelled;
    b->xy = dup_array(e->xy, 2 * e->nvert * sizeof *e->xy);
    if (!b->xy) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    b->nvert = e->nvert;
    demarc_status rc = demarc__border_alloc_signs(ctx, b, e->nsign);
    for (size_t i = 0; !rc && i < e->nsign; i++) {
        const demarc_embedded_sign *es = &e->signs[i];
        demarc_sign *s = &b->signs[i];
        rc = demarc__border_sign_strings(ctx, b, i, es->id, es->provenance);
        s->seq = es->seq;
        s->kind = (demarc_sign_kind)es->kind;
        s->lon = es->lon;
        s->lat = es->lat;
        s->h_m = es->h_m;
        s->chainage_m = es->chainage_m;
        s->next_dist_m = es->next_dist_m;
        s->next_azimuth_deg = es->next_azimuth_deg;
        s->segment = (demarc_segment_kind)es->segment;
    }
    for (size_t t = 0; !rc && t < e->nterr; t++) {
        rc = copy_territory(ctx, &b->terr[t], &e->terr[t]);
        b->nterr = t + 1;
    }
    return rc;
}

demarc_status demarc__border_open_embedded(demarc_ctx *ctx, demarc_border **out,
                                          const demarc_open_options *opts,
                                          const demarc_embedded *e,
                                          const struct demarc_border_index *index,
                                          const char *label)
{
    demarc_border *b = demarc__border_alloc();
    if (!b) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    demarc_status rc = fill(ctx, b, e);
    demarc_edge_model model = opts ? opts->edge_model : DEMARC_EDGE_GEODESIC;
    /* Under the geodesic model the query index, chainage and edge azimuths
     * were computed at compile time from the same data (make_embedded): the
     * index is borrowed as it is, the two arrays copied (the border owns
     * them); nothing is rebuilt. */
    if (!rc && model == DEMARC_EDGE_GEODESIC) {
        b->index = (struct demarc_border_index *)index;
        b->chain = dup_array(e->chain, e->nvert * sizeof *e->chain);
        b->edge_azi = dup_array(e->edge_azi, (e->nvert - 1) * sizeof *e->edge_azi);
        if (!b->chain || !b->edge_azi) rc = demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    }
    if (!rc) rc = demarc__border_finish(ctx, b, model, label);
    if (rc) {
        demarc_border_free(b);
        return rc;
    }
    *out = b;
    return DEMARC_OK;
}

demarc_status demarc_border_open_default(demarc_ctx *ctx, demarc_border **out,
                                         const demarc_open_options *opts)
{
    DEMARC__ENTER_OUT(ctx, out);
    if (!out) return demarc__fail(ctx, DEMARC_ERR_ARG, "border_open_default: out is NULL");
    *out = NULL;
    if (opts && (opts->version < 1 || opts->version > DEMARC_OPEN_OPTIONS_VERSION))
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "border_open_default: options version %u, expected 1 to %u",
                            opts->version, DEMARC_OPEN_OPTIONS_VERSION);
    return demarc__border_open_embedded(ctx, out, opts, &demarc__embedded_kz_uz,
                                        demarc__embedded_kz_uz_index, "embedded kz-uz");
}
