/* render_output.c -- SVG, PNG and PDF surfaces of `demarc render` and the
 * safe write of the file (see render_output.h). */
#define _POSIX_C_SOURCE 200809L
#include "render_output.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

int render_format_of(const char *path)
{
    static const char *const ext[] = {".svg", ".png", ".pdf"};
    size_t n = strlen(path);
    if (n < 5 || path[n - 5] == '/') return -1;
    for (int f = 0; f < 3; f++)
        if (!strcasecmp(path + n - 4, ext[f])) return f;
    return -1;
}

/* Where cairo's bytes go, and the errno of the first failed write. */
typedef struct sink {
    FILE *f;
    int err;
} sink;

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len)
{
    sink *s = closure;
    if (s->err) return CAIRO_STATUS_WRITE_ERROR;
    errno = 0;
    if (len && fwrite(data, 1, len, s->f) != len) {
        s->err = errno ? errno : EIO;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* Draw and encode into s.  Returns cairo's status; *draw_err gets the
 * drawing's own failure (an errno value). */
static cairo_status_t encode(sink *s, render_format fmt, int w, int h, const char *title,
                             render_draw_fn draw, void *userdata, int *draw_err)
{
    cairo_surface_t *sf;
    double scale = 1;
    if (fmt == RENDER_SVG) {
        sf = cairo_svg_surface_create_for_stream(sink_write, s, w, h);
        cairo_svg_surface_set_document_unit(sf, CAIRO_SVG_UNIT_PX); /* width="1200px" */
    } else if (fmt == RENDER_PDF) {
        scale = RENDER_PDF_PT_PER_PX;
        sf = cairo_pdf_surface_create_for_stream(sink_write, s, w * scale, h * scale);
        cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, title);
        cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR, "demarc render");
    } else {
        sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    }
    cairo_t *cr = cairo_create(sf);
    cairo_scale(cr, scale, scale);
    *draw_err = draw(cr, userdata);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (fmt == RENDER_PNG && !st && !*draw_err) {
        cairo_surface_flush(sf);
        st = cairo_surface_write_to_png_stream(sf, sink_write, s);
    }
    cairo_surface_finish(sf); /* SVG and PDF write their last bytes here */
    if (!st) st = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    return st;
}

int render_output_write(const char *path, render_format fmt, int w, int h, const char *title,
                        render_draw_fn draw, void *userdata, char *err, size_t errlen)
{
    struct stat st;
    int direct = !stat(path, &st) && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
    char *tmp = NULL;
    sink s = {NULL, 0};
    if (direct) {
        s.f = fopen(path, "wb");
        if (!s.f) {
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            return -1;
        }
    } else {
        size_t plen = strlen(path);
        tmp = malloc(plen + 32);
        if (!tmp) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        /* O_EXCL with mode 0666, not mkstemp (always 0600): the map gets
         * the user's umask, as every file the exports write does. */
        int fd = -1;
        for (unsigned n = 0; fd < 0 && n < 100; n++) {
            snprintf(tmp, plen + 32, "%s.tmp.%ld.%u", path, (long)getpid(), n);
            fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (fd < 0 && errno != EEXIST) break;
        }
        if (fd < 0) {
            snprintf(err, errlen, "%s: cannot create a temporary file: %s", path,
                     strerror(errno));
            free(tmp);
            return -1;
        }
        s.f = fdopen(fd, "wb");
        if (!s.f) {
            snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
            close(fd);
            unlink(tmp);
            free(tmp);
            return -1;
        }
    }
    int derr = 0;
    cairo_status_t cst = encode(&s, fmt, w, h, title, draw, userdata, &derr);
    int ferr = s.err;
    errno = 0;
    if (fflush(s.f) && !ferr) ferr = errno ? errno : EIO;
    errno = 0;
    if (fclose(s.f) && !ferr) ferr = errno ? errno : EIO;
    if (derr || ferr || cst) {
        if (ferr)
            snprintf(err, errlen, "%s: write failed: %s", path, strerror(ferr));
        else if (derr)
            snprintf(err, errlen, "%s: %s", path, strerror(derr));
        else
            snprintf(err, errlen, "%s: cairo: %s", path, cairo_status_to_string(cst));
        if (tmp) unlink(tmp);
        free(tmp);
        return -1;
    }
    if (tmp && rename(tmp, path)) {
        snprintf(err, errlen, "%s: cannot rename the temporary file: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}
