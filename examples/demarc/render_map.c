/* render_map.c -- the map of `demarc render`, drawn once on a cairo context
 * whatever the format (render_output.c makes the SVG, PNG or PDF surface).
 *
 * Projection: PROJ's Lambert conformal conic with two standard parallels
 * on the WGS 84 ellipsoid (+proj=lcc; Snyder, "Map Projections -- A Working
 * Manual", USGS PP 1395, 1987, ch. 15).  The standard parallels sit 1/6 of
 * the latitude range inside the extent (Snyder's rule of thumb for conics,
 * p. 104), the central meridian and lat_0 at its middle: the scale error
 * across the KZ-UZ border is then below 0.2 %.  The scale factor (scale
 * bar) and the meridian convergence (north arrow) come from proj_factors.
 * Projected quantities are metres on the map plane; px = metres /
 * metres_per_px; cairo's user space is px, y down.  Text goes through
 * cairo's toy font API (fontconfig picks DejaVu Sans, fonts-dejavu-core).
 */
#define _POSIX_C_SOURCE 200809L
#include "render_map.h"
#include "text_internal.h" /* demarc__utf8_len, shared with lib/ */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

/* ---- the picture ------------------------------------------------------ */

typedef struct view {
    PJ *lcc;         /* lon/lat radians -> map-plane metres */
    double x0, y1;   /* map-plane metres at the frame's top-left corner */
    double mpp;      /* metres per pixel */
    double ox, oy;   /* pixel offset of the frame in the picture */
    double w, h;     /* frame size, px */
    int glon0, glon1, glat0, glat1, gstep; /* graticule: range and step, degrees */
} view;

/* lon/lat degrees to map-plane metres; 0, or -1 when PROJ cannot. */
static int to_map(const view *v, double lon, double lat, double *x, double *y)
{
    PJ_COORD c = proj_trans(v->lcc, PJ_FWD, proj_coord(proj_torad(lon), proj_torad(lat), 0, 0));
    *x = c.xy.x;
    *y = c.xy.y;
    return isfinite(*x) && isfinite(*y) && fabs(*x) < 1e15 ? 0 : -1;
}

static void to_px(const view *v, double lon, double lat, double *px, double *py)
{
    double x, y;
    to_map(v, lon, lat, &x, &y);
    *px = v->ox + (x - v->x0) / v->mpp;
    *py = v->oy + (v->y1 - y) / v->mpp;
}

/* Map-plane metres of a pixel to lon/lat radians (PJ_COORD.lp). */
static PJ_COORD px_to_lp(const view *v, double px, double py)
{
    return proj_trans(v->lcc, PJ_INV,
                      proj_coord(v->x0 + (px - v->ox) * v->mpp, v->y1 - (py - v->oy) * v->mpp,
                                 0, 0));
}

/* n lon/lat points in pixels, into a new array (NULL when out of memory). */
static double *project_px(const view *v, const double *pts, size_t n)
{
    double *px = malloc((n ? n : 1) * 2 * sizeof *px);
    if (!px) return NULL;
    for (size_t i = 0; i < n; i++)
        to_px(v, pts[2 * i], pts[2 * i + 1], &px[2 * i], &px[2 * i + 1]);
    return px;
}

/* A polyline of pixel points as a path, dropping points closer than `tol`
 * px to the last one kept (the first and last are always kept) and points
 * PROJ could not project. */
static void path_px(cairo_t *cr, const double *px, size_t n, double tol, int close)
{
    double lx = 0, ly = 0;
    int started = 0;
    for (size_t i = 0; i < n; i++) {
        double x = px[2 * i], y = px[2 * i + 1];
        if (!isfinite(x) || !isfinite(y) || fabs(x) > 1e7 || fabs(y) > 1e7) continue;
        if (started && i + 1 < n && fabs(x - lx) < tol && fabs(y - ly) < tol) continue;
        if (started) cairo_line_to(cr, x, y);
        else cairo_move_to(cr, x, y);
        started = 1;
        lx = x;
        ly = y;
    }
    if (close && started) cairo_close_path(cr);
}

static void rgb(cairo_t *cr, unsigned hex)
{
    cairo_set_source_rgb(cr, (hex >> 16 & 255) / 255.0, (hex >> 8 & 255) / 255.0,
                         (hex & 255) / 255.0);
}

static void circle(cairo_t *cr, double x, double y, double r)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, r, 0, 2 * PI);
}

/* Fill the current path in `fill`, then stroke it `width` px in `stroke`. */
static void fill_stroke(cairo_t *cr, unsigned fill, unsigned stroke, double width)
{
    rgb(cr, fill);
    cairo_fill_preserve(cr);
    rgb(cr, stroke);
    cairo_set_line_width(cr, width);
    cairo_stroke(cr);
}

static void font(cairo_t *cr, double size, int bold)
{
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

/* s as cairo takes it: a byte that is not UTF-8 becomes U+FFFD, control
 * characters are dropped (cairo refuses invalid UTF-8 and would fail the
 * whole map), cut at a character boundary to fit buf. */
static void text_clean(const char *s, char *buf, size_t len)
{
    size_t o = 0;
    while (s && *s) {
        size_t n = demarc__utf8_len(s);
        const char *src = n ? s : "\xef\xbf\xbd";
        size_t m = n ? n : 3;
        s += n ? n : 1;
        if (n == 1 && ((unsigned char)*src < 0x20 || *src == 0x7f)) continue;
        if (o + m + 1 > len) break;
        memcpy(buf + o, src, m);
        o += m;
    }
    buf[o] = 0;
}

/* s (clean UTF-8) one character at a time from (x, y), each followed by 4 px
 * (letter-spacing, which cairo's toy text API has not); drawn when draw is
 * set, else only measured.  Returns the width, px. */
static double spaced_text(cairo_t *cr, double x, double y, const char *s, int draw)
{
    double w = 0;
    for (size_t n; (n = demarc__utf8_len(s)) != 0; s += n) {
        char one[5] = {0};
        memcpy(one, s, n);
        cairo_text_extents_t e;
        cairo_text_extents(cr, one, &e);
        if (draw) {
            cairo_move_to(cr, x + w, y);
            cairo_show_text(cr, one);
        }
        w += e.x_advance + 4;
    }
    return w;
}

enum { LEFT, CENTRE, RIGHT };

/* Text with its baseline at y, anchored at x; with a white halo `halo` px
 * wide when halo > 0 (drawn under the glyphs, which stay text in PDF). */
static void text_at(cairo_t *cr, double x, double y, int anchor, const char *s, double halo)
{
    char buf[1024];
    cairo_text_extents_t e;
    text_clean(s, buf, sizeof buf);
    cairo_text_extents(cr, buf, &e);
    double x0 = anchor == CENTRE ? x - e.x_advance / 2 : anchor == RIGHT ? x - e.x_advance : x;
    if (halo > 0) {
        cairo_save(cr);
        cairo_move_to(cr, x0, y);
        cairo_text_path(cr, buf);
        rgb(cr, 0xffffff);
        cairo_set_line_width(cr, halo);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        cairo_restore(cr);
    }
    cairo_move_to(cr, x0, y);
    cairo_show_text(cr, buf);
}

/* Where the rings of a territory cross the horizontal line y = py (pixels;
 * tpx: its points in px): the x of each crossing edge, into xs (room for
 * every point).  A point (px, py) is inside by the even-odd rule when an
 * odd number of them lie right of px (ray cast to +x). */
static size_t row_crossings(const demarc_territory *t, const double *tpx, double py, double *xs)
{
    size_t n = 0;
    for (size_t r = 0; r < t->ring_count; r++) {
        size_t a = t->ring_start[r], b = t->ring_start[r + 1];
        if (a == b) continue;
        double qx = tpx[2 * (b - 1)], qy = tpx[2 * (b - 1) + 1];
        for (size_t i = a; i < b; i++) {
            double cx = tpx[2 * i], cy = tpx[2 * i + 1];
            if ((cy > py) != (qy > py)) xs[n++] = (qx - cx) * (py - cy) / (qy - cy) + cx;
            qx = cx;
            qy = cy;
        }
    }
    return n;
}

static int inside_row(const double *xs, size_t n, double px)
{
    int inside = 0;
    for (size_t k = 0; k < n; k++)
        if (px < xs[k]) inside = !inside;
    return inside;
}

static double seg_dist(double px, double py, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    double u = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    return hypot(px - (ax + u * dx), py - (ay + u * dy));
}

/* Where to write a territory's name: the sample point inside it (and in
 * the frame) farthest from both the border line and the frame.  1 when
 * found, 0 when no sample point qualifies, -1 when out of memory. */
static int label_spot(const view *v, const demarc_territory *t, const double *tpx,
                      const double *line_px, size_t nline, double *lx, double *ly)
{
    size_t npt = t->ring_start[t->ring_count];
    double *xs = malloc((npt ? npt : 1) * sizeof *xs);
    if (!xs) return -1;
    double best = -1;
    for (int j = 1; j < 24; j++) {
        double py = v->oy + v->h * j / 24.0;
        size_t nx = 0;
        int row_done = 0; /* crossings of this row found (at the first sample that needs them) */
        for (int i = 1; i < 32; i++) {
            double px = v->ox + v->w * i / 32.0;
            double d = fmin(fmin(px - v->ox, v->ox + v->w - px) * 0.6,
                            fmin(py - v->oy, v->oy + v->h - py));
            if (d <= best) continue;
            for (size_t k = 0; k + 1 < nline && d > best; k++)
                d = fmin(d, seg_dist(px, py, line_px[2 * k], line_px[2 * k + 1],
                                     line_px[2 * k + 2], line_px[2 * k + 3]));
            if (d <= best) continue;
            if (!row_done) {
                nx = row_crossings(t, tpx, py, xs);
                row_done = 1;
            }
            if (!inside_row(xs, nx, px)) continue;
            best = d;
            *lx = px;
            *ly = py;
        }
    }
    free(xs);
    return best > 0;
}

/* A round number of kilometres near `km`: 1, 2 or 5 times a power of ten. */
static double nice_km(double km)
{
    double p = pow(10, floor(log10(km))), r = km / p;
    return (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10) * p;
}

static const unsigned SEVERITY_COLOUR[3] = {0x2166ac, 0xf08c00, 0xd6001c};
static const char *const SEVERITY_NAME[3] = {"info", "warning", "error"};

static const unsigned FILL[2] = {0xf6e7b4, 0xcfe6bd};   /* left, right territory */
static const unsigned STROKE[2] = {0xb59a4a, 0x6f9a55};
#define NEIGHBOURS 0xe4e4e0

typedef struct job {
    demarc_ctx *ctx;
    const demarc_border *b;
    const render_options *opt;
    const view *v;
    render_result *res;
    const double *line_px; /* every 4th vertex of the line, px (for label_spot) */
    size_t nline;
} job;

static int side_of(const demarc_border_info *in, const demarc_territory *t)
{
    return (in->right_party && !strcmp(t->party, in->right_party)) ? 1 : 0;
}

/* Both territories, the graticule, their names, the line and the signs,
 * clipped to the frame. */
static int draw_body(cairo_t *cr, const job *jb)
{
    const demarc_border *b = jb->b;
    const demarc_border_info *in = demarc_border_info_get(b);
    const view *v = jb->v;
    render_result *res = jb->res;
    cairo_save(cr);
    cairo_rectangle(cr, v->ox, v->oy, v->w, v->h);
    cairo_clip(cr);
    rgb(cr, NEIGHBOURS);
    cairo_paint(cr);

    size_t nt = in->territory_count < 2 ? in->territory_count : 2;
    double *tpx[2] = {NULL, NULL};
    for (size_t ti = 0; ti < nt; ti++) {
        const demarc_territory *t = demarc_border_territory(b, ti);
        if (!(tpx[ti] = project_px(v, t->points, t->ring_start[t->ring_count]))) {
            free(tpx[0]);
            cairo_restore(cr);
            return ENOMEM;
        }
        for (size_t r = 0; r < t->ring_count; r++)
            path_px(cr, tpx[ti] + 2 * t->ring_start[r], t->ring_start[r + 1] - t->ring_start[r],
                    0.6, 1);
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        fill_stroke(cr, FILL[side_of(in, t)], STROKE[side_of(in, t)], 0.8);
    }

    /* Graticule every gstep degrees, dashed. */
    static const double dash[] = {3, 3};
    cairo_save(cr);
    cairo_set_dash(cr, dash, 2, 0);
    rgb(cr, 0x8a8a8a);
    cairo_set_line_width(cr, 0.5);
    for (int lon = v->glon0; lon <= v->glon1; lon += v->gstep) {
        double px[2 * 41];
        for (int k = 0; k <= 40; k++)
            to_px(v, lon, v->glat0 + k * (v->glat1 - v->glat0) / 40.0, &px[2 * k], &px[2 * k + 1]);
        path_px(cr, px, 41, 0, 0);
        cairo_stroke(cr);
    }
    for (int lat = v->glat0; lat <= v->glat1; lat += v->gstep) {
        double px[2 * 81];
        for (int k = 0; k <= 80; k++)
            to_px(v, v->glon0 + k * (v->glon1 - v->glon0) / 80.0, lat, &px[2 * k], &px[2 * k + 1]);
        path_px(cr, px, 81, 0, 0);
        cairo_stroke(cr);
    }
    cairo_restore(cr);

    /* Territory names, spaced capitals (letter-spacing 4 px). */
    int rc = 0;
    font(cr, 26, 1);
    for (size_t ti = 0; ti < nt && !rc; ti++) {
        const demarc_territory *t = demarc_border_territory(b, ti);
        double lx = 0, ly = 0;
        int found = label_spot(v, t, tpx[ti], jb->line_px, jb->nline, &lx, &ly);
        if (found < 0) rc = ENOMEM; /* no half-drawn map */
        if (found <= 0) continue;
        char name[256];
        text_clean((t->name && t->name[0]) ? t->name : t->party, name, sizeof name);
        for (char *p = name; *p; p++)
            if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 32);
        double width = spaced_text(cr, 0, 0, name, 0); /* measured, then drawn */
        rgb(cr, STROKE[side_of(in, t)]);
        spaced_text(cr, lx - width / 2, ly + 9, name, 1);
    }
    free(tpx[0]);
    free(tpx[1]);
    if (rc) {
        cairo_restore(cr);
        return rc;
    }

    /* The line: a white casing under a red stroke. */
    size_t nv;
    const double *vx = demarc_border_vertices(b, &nv);
    double *lpx = project_px(v, vx, nv);
    if (!lpx) {
        cairo_restore(cr);
        return ENOMEM;
    }
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    for (int pass = 0; pass < 2; pass++) {
        path_px(cr, lpx, nv, 0.3, 0);
        rgb(cr, pass ? 0xc8102e : 0xffffff);
        cairo_set_line_width(cr, pass ? 3 : 6);
        cairo_stroke(cr);
    }
    free(lpx);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);

    /* Signs: small dots (main lighter, with a dark ring; intermediate
     * dark), tripoints as triangles; tripoints and every 100th labelled.
     * Generalisation: at small scales consecutive signs fall within a
     * pixel or two and would hide the line; keep one per 5 px. */
    double last_x = 0, last_y = 0;
    for (size_t i = 0; i < in->sign_count; i++) {
        const demarc_sign *s = demarc_border_sign(b, i);
        if (!s || s->kind == DEMARC_SIGN_POINT || s->kind == DEMARC_SIGN_TRIPOINT) continue;
        double px, py;
        to_px(v, s->lon, s->lat, &px, &py);
        if (res->signs_drawn && hypot(px - last_x, py - last_y) < 5) continue;
        last_x = px;
        last_y = py;
        if (s->kind == DEMARC_SIGN_MAIN) {
            circle(cr, px, py, 1.8);
            fill_stroke(cr, 0xffffff, 0x111111, 0.8);
        } else {
            circle(cr, px, py, 1.3);
            rgb(cr, 0x111111);
            cairo_fill(cr);
        }
        res->signs_drawn++;
    }
    for (size_t i = 0; i < in->sign_count; i++) {
        const demarc_sign *s = demarc_border_sign(b, i);
        if (!s) continue;
        int tri = s->kind == DEMARC_SIGN_TRIPOINT;
        if (!tri && s->seq % 100 != 0) continue;
        double px, py;
        to_px(v, s->lon, s->lat, &px, &py);
        if (tri) { /* apex 6.9 px above the point: its centroid sits on it */
            cairo_move_to(cr, px, py - 6.9);
            cairo_rel_line_to(cr, 6, 10.4);
            cairo_rel_line_to(cr, -12, 0);
            cairo_close_path(cr);
            fill_stroke(cr, 0x000000, 0xffffff, 1.2);
            res->signs_drawn++;
        } else {
            circle(cr, px, py, 3);
            fill_stroke(cr, 0x000000, 0xffffff, 1);
        }
        /* Labels go to the side away from the frame's middle row. */
        int above = py > v->oy + v->h * 0.5 ? 0 : 1;
        char label[96];
        snprintf(label, sizeof label, "%s%s", tri ? "tripoint " : "", s->id);
        font(cr, tri ? 12 : 11, 0);
        rgb(cr, 0x111111);
        text_at(cr, px, above ? py - 9 : py + 19, CENTRE, label, 3);
        res->labels_drawn++;
    }
    cairo_restore(cr);
    return 0;
}

/* Findings: rings coloured by severity, the sign id beside them; counts
 * per severity into count. */
static void draw_findings(cairo_t *cr, const job *jb, size_t count[3])
{
    const render_options *opt = jb->opt;
    for (size_t i = 0; i < opt->nmarks; i++) {
        const render_mark *m = &opt->marks[i];
        if (!isfinite(m->lon) || !isfinite(m->lat)) continue;
        int sev = m->severity < 0 ? 0 : m->severity > 2 ? 2 : m->severity;
        double px, py;
        to_px(jb->v, m->lon, m->lat, &px, &py);
        circle(cr, px, py, 8);
        rgb(cr, SEVERITY_COLOUR[sev]);
        cairo_set_line_width(cr, 2.5);
        cairo_stroke(cr);
        int labelled = 0; /* one label per sign, however many findings it has */
        for (size_t q = 0; q < i && m->sign[0] && !labelled; q++)
            labelled = !strcmp(opt->marks[q].sign, m->sign) && isfinite(opt->marks[q].lon) &&
                       isfinite(opt->marks[q].lat);
        if (m->sign[0] && !labelled) {
            font(cr, 11, 1);
            text_at(cr, px + 10, py - 8, LEFT, m->sign, 3);
        }
        count[sev]++;
        jb->res->marks_drawn++;
    }
}

/* The frame and the degrees along its left and bottom edges. */
static void draw_frame(cairo_t *cr, const view *v)
{
    cairo_rectangle(cr, v->ox, v->oy, v->w, v->h);
    rgb(cr, 0x333333);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    font(cr, 11, 0);
    rgb(cr, 0x555555);
    char s[32];
    for (int lon = v->glon0; lon <= v->glon1; lon += v->gstep) {
        /* Where the meridian crosses the bottom edge: bisect on latitude. */
        double lo = v->glat0, hi = v->glat1, px = 0, py = 0;
        for (int k = 0; k < 50; k++) {
            double mid = (lo + hi) / 2;
            to_px(v, lon, mid, &px, &py);
            if (py > v->oy + v->h) lo = mid; else hi = mid;
        }
        if (px < v->ox + 15 || px > v->ox + v->w - 15) continue;
        snprintf(s, sizeof s, "%d\xc2\xb0%s", abs(lon), lon < 0 ? "W" : "E");
        text_at(cr, px, v->oy + v->h + 15, CENTRE, s, 0);
    }
    for (int lat = v->glat0; lat <= v->glat1; lat += v->gstep) {
        double lo = v->glon0, hi = v->glon1, px = 0, py = 0;
        for (int k = 0; k < 50; k++) {
            double mid = (lo + hi) / 2;
            to_px(v, mid, lat, &px, &py);
            if (px < v->ox) lo = mid; else hi = mid;
        }
        if (py < v->oy + 10 || py > v->oy + v->h - 10) continue;
        snprintf(s, sizeof s, "%d\xc2\xb0%s", abs(lat), lat < 0 ? "S" : "N");
        text_at(cr, v->ox - 5, py + 4, RIGHT, s, 0);
    }
}

/* Title and the line under it: length, signs, findings. */
static void draw_title(cairo_t *cr, const job *jb, const size_t count[3])
{
    const demarc_border_info *in = demarc_border_info_get(jb->b);
    font(cr, 20, 1);
    rgb(cr, 0x111111);
    text_at(cr, jb->v->ox, 30, LEFT, in->name, 0);
    char line[512];
    size_t o = 0;
    double len_m = NAN;
    if (demarc_border_length(jb->ctx, jb->b, &len_m)) len_m = NAN;
    line[0] = 0;
    if (isfinite(len_m)) {
        /* Thousands separated: 2,360.7 km. */
        char num[64], grp[96];
        int nd = snprintf(num, sizeof num, "%.1f", len_m / 1000), ip = nd - 2, g = 0;
        for (int i = 0; i < nd && g < (int)sizeof grp - 2; i++) {
            grp[g++] = num[i];
            if (i < ip - 1 && num[i] != '-' && (ip - 1 - i) % 3 == 0) grp[g++] = ',';
        }
        grp[g] = 0;
        o += (size_t)snprintf(line, sizeof line, "%s km of %s line, ", grp,
                              demarc_edge_model_name(in->edge_model));
    }
    o += (size_t)snprintf(line + o, sizeof line - o, "%zu signs%s", in->physical_sign_count,
                          in->signs_modelled ? " (modelled catalogue)" : "");
    if (jb->opt->nmarks && o < sizeof line)
        snprintf(line + o, sizeof line - o, "; findings: %zu error, %zu warning, %zu info",
                 count[2], count[1], count[0]);
    font(cr, 13, 0);
    rgb(cr, 0x444444);
    text_at(cr, jb->v->ox, 50, LEFT, line, 0);
}

/* Legend: a strip under the frame, items in columns of three rows. */
static void draw_legend(cairo_t *cr, const job *jb, const size_t count[3], double strip)
{
    const demarc_border_info *in = demarc_border_info_get(jb->b);
    const view *v = jb->v;
    double lh = 20, colw = (v->w - 220) / 3;
    int item = 0;
    char s[320];
#define LEGEND_XY(X, Y) \
    double X = v->ox + colw * (item / 3), Y = strip + 10 + lh * (item % 3); item++
#define LEGEND_TEXT(X, Y, S) (font(cr, 13, 0), rgb(cr, 0), text_at(cr, X + 32, Y + 4.5, LEFT, S, 0))
    for (size_t ti = 0; ti < in->territory_count && ti < 2; ti++) {
        const demarc_territory *t = demarc_border_territory(jb->b, ti);
        LEGEND_XY(lx, y);
        cairo_rectangle(cr, lx, y - 6.5, 22, 13);
        fill_stroke(cr, FILL[side_of(in, t)], STROKE[side_of(in, t)], 1);
        snprintf(s, sizeof s, "%s (%s)", (t->name && t->name[0]) ? t->name : t->party, t->party);
        LEGEND_TEXT(lx, y, s);
    }
    {
        LEGEND_XY(lx, y);
        cairo_rectangle(cr, lx, y - 6.5, 22, 13);
        fill_stroke(cr, NEIGHBOURS, 0xaaaaaa, 1);
        LEGEND_TEXT(lx, y, "other states");
    }
    {
        LEGEND_XY(lx, y);
        for (int pass = 0; pass < 2; pass++) {
            cairo_move_to(cr, lx, y);
            cairo_rel_line_to(cr, 22, 0);
            rgb(cr, pass ? 0xc8102e : 0xffffff);
            cairo_set_line_width(cr, pass ? 3 : 6);
            cairo_stroke(cr);
        }
        LEGEND_TEXT(lx, y, "state border");
    }
    {
        LEGEND_XY(lx, y);
        circle(cr, lx + 2, y, 1.8);
        fill_stroke(cr, 0xffffff, 0x111111, 0.8);
        circle(cr, lx + 8, y, 1.3);
        rgb(cr, 0x111111);
        cairo_fill(cr);
        cairo_move_to(cr, lx + 17, y - 6.9);
        cairo_rel_line_to(cr, 6, 10.4);
        cairo_rel_line_to(cr, -12, 0);
        cairo_close_path(cr);
        rgb(cr, 0);
        cairo_fill(cr);
        snprintf(s, sizeof s, "sign%s, tripoint",
                 jb->res->signs_drawn < in->physical_sign_count ? " (thinned)" : "");
        LEGEND_TEXT(lx, y, s);
    }
    {
        LEGEND_XY(lx, y);
        circle(cr, lx + 11, y, 3);
        fill_stroke(cr, 0x000000, 0xffffff, 1);
        LEGEND_TEXT(lx, y, "every 100th sign, with its id");
    }
    if (jb->opt->nmarks) {
        for (int sev = 2; sev >= 0; sev--) {
            LEGEND_XY(lx, y);
            circle(cr, lx + 11, y, 6);
            rgb(cr, SEVERITY_COLOUR[sev]);
            cairo_set_line_width(cr, 2.5);
            cairo_stroke(cr);
            snprintf(s, sizeof s, "finding: %s (%zu)", SEVERITY_NAME[sev], count[sev]);
            LEGEND_TEXT(lx, y, s);
        }
    }
#undef LEGEND_TEXT
#undef LEGEND_XY
}

/* Scale bar at the legend strip's right end: true at the latitude of the
 * frame's centre on the central meridian, where proj_factors gives the
 * scale factor k (k varies < 0.2 % over the map).  0, or EDOM when PROJ
 * cannot. */
static int draw_scale(cairo_t *cr, const view *v, double strip)
{
    double yc = v->y1 - v->h / 2 * v->mpp; /* map-plane y of the frame's centre */
    PJ_COORD c = proj_trans(v->lcc, PJ_INV, proj_coord(0, yc, 0, 0)); /* x = 0: lon_0 */
    PJ_FACTORS f = proj_factors(v->lcc, c);
    double k = f.parallel_scale, mid_lat = proj_todeg(c.lp.phi);
    if (!(k > 0.5 && k < 2) || !isfinite(mid_lat)) return EDOM;
    double km = nice_km(fmin(v->w * 0.2, 260) * v->mpp / k / 1000);
    double bar_px = km * 1000 * k / v->mpp;
    double sx = v->ox + v->w - 10 - bar_px, sy = strip + 34;
    for (int i = 0; i < 4; i++) {
        cairo_rectangle(cr, sx + bar_px * i / 4, sy, bar_px / 4, 6);
        fill_stroke(cr, i % 2 ? 0xffffff : 0x111111, 0x111111, 0.8);
    }
    char s[64];
    font(cr, 11, 0);
    rgb(cr, 0);
    text_at(cr, sx, sy - 5, CENTRE, "0", 0);
    snprintf(s, sizeof s, "%g km", km);
    text_at(cr, sx + bar_px, sy - 5, CENTRE, s, 0);
    snprintf(s, sizeof s, "scale true at %.1f\xc2\xb0N", mid_lat);
    rgb(cr, 0x555555);
    text_at(cr, sx + bar_px / 2, sy + 20, CENTRE, s, 0);
    return 0;
}

/* North arrow in the frame's top-right corner, along the meridian through
 * it: true north is the meridian convergence gamma anticlockwise from grid
 * north (PROJ's sign: gamma > 0 east of the central meridian).  0, or EDOM
 * when PROJ cannot. */
static int draw_north(cairo_t *cr, const view *v)
{
    double ax = v->ox + v->w - 38, ay = v->oy + 40;
    PJ_FACTORS f = proj_factors(v->lcc, px_to_lp(v, ax, ay));
    double g = f.meridian_convergence;
    if (!isfinite(g) || !(f.parallel_scale > 0)) return EDOM;
    double ux = -sin(g), uy = -cos(g); /* up the meridian, in px (y down) */
    circle(cr, ax, ay, 27);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
    cairo_fill_preserve(cr);
    rgb(cr, 0x888888);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    for (int half = 0; half < 2; half++) {
        double s = half ? -1 : 1;
        cairo_move_to(cr, ax + ux * 20, ay + uy * 20);
        cairo_line_to(cr, ax - ux * 12 - s * uy * 8, ay - uy * 12 + s * ux * 8);
        cairo_line_to(cr, ax, ay);
        cairo_close_path(cr);
        if (half) {
            fill_stroke(cr, 0xffffff, 0x111111, 0.8);
        } else {
            rgb(cr, 0x111111);
            cairo_fill(cr);
        }
    }
    font(cr, 12, 1);
    rgb(cr, 0);
    text_at(cr, ax - ux * 19, ay - uy * 19 + 4, CENTRE, "N", 0);
    return 0;
}

static int draw_map(cairo_t *cr, void *userdata)
{
    const job *jb = userdata;
    const demarc_border_info *in = demarc_border_info_get(jb->b);
    const view *v = jb->v;
    render_result *res = jb->res;
    rgb(cr, 0xffffff);
    cairo_paint(cr);
    int rc = draw_body(cr, jb);
    if (rc) return rc;
    size_t count[3] = {0, 0, 0};
    draw_findings(cr, jb, count);
    draw_frame(cr, v);
    draw_title(cr, jb, count);
    double strip = v->oy + v->h + 26;
    draw_legend(cr, jb, count, strip);
    if ((rc = draw_scale(cr, v, strip)) || (rc = draw_north(cr, v))) return rc;

    /* Projection and attribution under the frame. */
    char s[1024];
    int o = snprintf(s, sizeof s, "Lambert conformal conic, WGS 84, standard parallels "
                     "%.2f\xc2\xb0N and %.2f\xc2\xb0N, central meridian %.2f\xc2\xb0" "E. Data: %s",
                     res->lat1, res->lat2, res->lon0,
                     in->attribution && in->attribution[0] ? in->attribution : in->source);
    if (in->licence && in->licence[0] && o > 0 && (size_t)o < sizeof s)
        snprintf(s + o, sizeof s - (size_t)o, " (%s)", in->licence);
    font(cr, 11, 0);
    rgb(cr, 0x555555);
    text_at(cr, v->ox, res->height_px - 12, LEFT, s, 0);
    return 0;
}

int render_map_write(PJ_CONTEXT *pj, demarc_ctx *ctx, const demarc_border *b,
                     const render_options *opt, render_format format, const char *path,
                     render_result *res, char *err, size_t errlen)
{
    size_t nv = 0;
    const double *vx = demarc_border_vertices(b, &nv);
    memset(res, 0, sizeof *res);
    if (!vx || nv < 2) {
        snprintf(err, errlen, "the border has no line to draw");
        return -1;
    }
    /* Extent: the line's, plus the findings'. */
    double lon_min = 180, lon_max = -180, lat_min = 90, lat_max = -90;
    for (size_t i = 0; i < nv; i++) {
        lon_min = fmin(lon_min, vx[2 * i]);
        lon_max = fmax(lon_max, vx[2 * i]);
        lat_min = fmin(lat_min, vx[2 * i + 1]);
        lat_max = fmax(lat_max, vx[2 * i + 1]);
    }
    for (size_t i = 0; i < opt->nmarks; i++) {
        const render_mark *m = &opt->marks[i];
        if (!isfinite(m->lon) || !isfinite(m->lat)) continue;
        lon_min = fmin(lon_min, m->lon);
        lon_max = fmax(lon_max, m->lon);
        lat_min = fmin(lat_min, m->lat);
        lat_max = fmax(lat_max, m->lat);
    }
    double dlat = lat_max - lat_min;
    view v;
    /* Graticule: every 1, 2, 5 or 10 degrees, about 5 to 10 lines across. */
    double span = fmax(lon_max - lon_min, dlat);
    v.gstep = span < 4 ? 1 : span < 20 ? 2 : span < 50 ? 5 : 10;
    v.glon0 = (int)floor((lon_min - span) / v.gstep) * v.gstep;
    v.glon1 = (int)ceil((lon_max + span) / v.gstep) * v.gstep;
    v.glat0 = (int)floor(fmax(lat_min - span, -80) / v.gstep) * v.gstep;
    v.glat1 = (int)ceil(fmin(lat_max + span, 80) / v.gstep) * v.gstep;
    res->lat1 = lat_min + dlat / 6;
    res->lat2 = lat_max - dlat / 6;
    res->lon0 = (lon_min + lon_max) / 2;
    char def[256];
    snprintf(def, sizeof def, "+proj=lcc +lat_1=%.15g +lat_2=%.15g +lat_0=%.15g +lon_0=%.15g "
             "+x_0=0 +y_0=0 +ellps=WGS84", res->lat1, res->lat2, (lat_min + lat_max) / 2,
             res->lon0);
    v.lcc = proj_create(pj, def);
    if (!v.lcc) {
        snprintf(err, errlen, "PROJ cannot make the map projection '%s': %s", def,
                 proj_context_errno_string(pj, proj_context_errno(pj)));
        return -1;
    }

    /* Projected bounding box of the line and the findings. */
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    for (size_t i = 0; i < nv + opt->nmarks; i++) {
        double x, y, lon = i < nv ? vx[2 * i] : opt->marks[i - nv].lon,
                     lat = i < nv ? vx[2 * i + 1] : opt->marks[i - nv].lat;
        if (!isfinite(lon) || !isfinite(lat) || to_map(&v, lon, lat, &x, &y)) continue;
        xmin = fmin(xmin, x); xmax = fmax(xmax, x);
        ymin = fmin(ymin, y); ymax = fmax(ymax, y);
    }
    if (!(xmax > xmin) || !(ymax >= ymin)) {
        snprintf(err, errlen, "PROJ cannot project the line in '%s'", def);
        proj_destroy(v.lcc);
        return -1;
    }
    /* A margin of 12 % around the line, more below for legend and scale. */
    double mx = (xmax - xmin) * 0.12, my = (ymax - ymin) * 0.12;
    if (mx < 5000) mx = 5000;
    if (my < 5000) my = 5000;
    xmin -= mx; xmax += mx; ymax += my; ymin -= my;

    int W = opt->width_px > 0 ? opt->width_px : 1200;
    v.ox = 48;
    v.oy = 64;
    v.w = W - v.ox - 16;
    v.mpp = (xmax - xmin) / v.w;
    v.h = (ymax - ymin) / v.mpp;
    v.x0 = xmin;
    v.y1 = ymax;
    res->width_px = W;
    res->height_px = (int)ceil(v.oy + v.h + 26 + 70 + 24);

    /* Every 4th vertex of the line in pixels, for placing names away from it. */
    double *line_px = malloc(2 * nv * sizeof *line_px);
    if (!line_px) {
        snprintf(err, errlen, "out of memory");
        proj_destroy(v.lcc);
        return -1;
    }
    size_t nl = 0;
    for (size_t i = 0; i < nv; i += 4, nl++)
        to_px(&v, vx[2 * i], vx[2 * i + 1], &line_px[2 * nl], &line_px[2 * nl + 1]);

    char title[512];
    text_clean(demarc_border_info_get(b)->name, title, sizeof title);
    job jb = {ctx, b, opt, &v, res, line_px, nl};
    int rc = render_output_write(path, format, res->width_px, res->height_px, title, draw_map,
                                 &jb, err, errlen);
    free(line_px);
    proj_destroy(v.lcc);
    return rc;
}
