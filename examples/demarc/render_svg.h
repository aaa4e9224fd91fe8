/* render_svg.h -- draw a border as an SVG map (demarc render).
 *
 * The map is in a Lambert conformal conic projection on the WGS 84
 * ellipsoid fitted to the border's extent (see render_svg.c), with both
 * territories in distinct colours, the line, the signs, a legend, a scale
 * bar, a north arrow, a graticule and any findings highlighted. */
#ifndef DEMARC_RENDER_SVG_H
#define DEMARC_RENDER_SVG_H

#include "demarc.h"

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

/* Write the map to `path` through a temporary file in the same directory,
 * renamed over `path` only when complete.  Returns 0, or -1 with a message
 * in err (nothing is left behind then). */
int render_svg_write(const demarc_border *border, const render_options *opts,
                     const char *path, render_result *result, char *err, size_t errlen);

#endif
