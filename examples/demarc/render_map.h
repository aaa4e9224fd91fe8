/* render_map.h -- draw a border as a map (demarc render), in SVG, PNG or
 * PDF from one drawing code path (cairo).
 *
 * The map is in a Lambert conformal conic projection on the WGS 84
 * ellipsoid fitted to the border's extent (PROJ's +proj=lcc; see
 * render_map.c), with both territories in distinct colours, the line, the
 * signs, a legend, a scale bar, a north arrow, a graticule and any
 * findings highlighted. */
#ifndef DEMARC_RENDER_MAP_H
#define DEMARC_RENDER_MAP_H

#include "demarc.h"
#include "render_output.h"

#include <proj.h>
#include <stddef.h>

/* One finding to highlight: where it is and what it says. */
typedef struct render_mark {
    double lon, lat;   /* WGS 84 degrees */
    char sign[48];     /* sign id ("" when none) */
    char code[64];     /* rule code, e.g. "sign.off_line" */
    int severity;      /* 0 info, 1 warning, 2 error */
} render_mark;

typedef struct render_options {
    int width_px;              /* width of the picture, px (its height follows) */
    const render_mark *marks;  /* findings to highlight (may be NULL) */
    size_t nmarks;
} render_options;

/* What was drawn, for the command's summary. */
typedef struct render_result {
    int width_px, height_px;
    size_t signs_drawn, labels_drawn, marks_drawn;
    double lon0, lat1, lat2;   /* projection: central meridian, standard parallels */
} render_result;

/* Draw the map of `border` and write it to `path` in `format` (see
 * render_output_write: whole or not at all).  The projection is made on
 * `pj` (one PROJ context per thread), the border's length computed on
 * `ctx`.  Returns 0, or -1 with a message in err. */
int render_map_write(PJ_CONTEXT *pj, demarc_ctx *ctx, const demarc_border *border,
                     const render_options *opts, render_format format, const char *path,
                     render_result *result, char *err, size_t errlen);

#endif
