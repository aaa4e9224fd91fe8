/* render_output.h -- where `demarc render` puts a picture: a cairo surface
 * of the format OUT's extension names (SVG, PNG or PDF), written whole or
 * not at all. */
#ifndef DEMARC_RENDER_OUTPUT_H
#define DEMARC_RENDER_OUTPUT_H

#include <cairo.h>
#include <stddef.h>

typedef enum render_format { RENDER_SVG = 0, RENDER_PNG = 1, RENDER_PDF = 2 } render_format;

/* PDF pages are measured in points: 0.75 pt per px, the CSS reference of
 * 96 px per inch (CSS Values 3, §5.2), so that the PDF prints at the size
 * the SVG (in px) is shown. */
#define RENDER_PDF_PT_PER_PX 0.75

/* The format OUT's extension names (".svg", ".png", ".pdf", any case), or
 * -1 for anything else (a bare ".png" in a directory included). */
int render_format_of(const char *path);

/* Draws the picture on cr in px (y down, origin top left); returns 0 or an
 * errno value (ENOMEM...). */
typedef int (*render_draw_fn)(cairo_t *cr, void *userdata);

/* Draw width_px x height_px through `draw` onto a surface of `format` and
 * write it to `path`: through a temporary file in the same directory,
 * renamed over `path` only when every write succeeded (cairo's status after
 * cairo_surface_finish, the PNG writer's status, fflush and fclose); when
 * `path` is a device or a FIFO (it cannot be replaced, and a rename would
 * replace the node itself) straight into it.  `title` (valid UTF-8) is the
 * PDF's Title.  Returns 0, or -1 with a message naming `path` in err and
 * no file left behind. */
int render_output_write(const char *path, render_format format, int width_px, int height_px,
                        const char *title, render_draw_fn draw, void *userdata, char *err,
                        size_t errlen);

#endif
