/* render_svg.c -- the SVG map of `demarc render`.
 *
 * Projection: Lambert conformal conic with two standard parallels on the
 * WGS 84 ellipsoid, after J. P. Snyder, "Map Projections -- A Working
 * Manual", USGS Professional Paper 1395 (1987), pp. 107-109, equations
 * (14-15) m, (15-9) t, (15-8) n, (15-10) F, (15-7) rho, (14-1)/(14-2) x, y
 * and (15-4) the scale factor k.  The standard parallels sit 1/6 of the
 * latitude range inside the extent (the rule of thumb Snyder, p. 104, gives
 * for conics), the central meridian at its middle: the scale error across
 * the KZ-UZ border is then below 0.2 %.  All projected quantities are
 * metres on the ellipsoid's map plane; px = metres / metres_per_px.
 */
#define _POSIX_C_SOURCE 200809L
#include "render_svg.h"
#include "lonlat_line.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PI 3.14159265358979323846
#define DEG (PI / 180.0)
#define WGS84_A 6378137.0
#define WGS84_F (1.0 / 298.257223563)

/* ---- Lambert conformal conic (Snyder 1987, ch. 15) -------------------- */

typedef struct lcc {
    double e, n, F, rho0, lon0; /* lon0 in radians */
} lcc;

static double lcc_m(double e, double phi) /* (14-15) */
{
    double s = e * sin(phi);
    return cos(phi) / sqrt(1.0 - s * s);
}

static double lcc_t(double e, double phi) /* (15-9) */
{
    double s = e * sin(phi);
    return tan(PI / 4 - phi / 2) / pow((1.0 - s) / (1.0 + s), e / 2);
}

static void lcc_init(lcc *p, double lat1, double lat2, double lat0, double lon0)
{
    double f = WGS84_F, p1 = lat1 * DEG, p2 = lat2 * DEG;
    p->e = sqrt(f * (2 - f));
    double m1 = lcc_m(p->e, p1), m2 = lcc_m(p->e, p2);
    double t1 = lcc_t(p->e, p1), t2 = lcc_t(p->e, p2);
    p->n = (fabs(lat1 - lat2) < 1e-9) ? sin(p1)
                                       : (log(m1) - log(m2)) / (log(t1) - log(t2)); /* (15-8) */
    p->F = m1 / (p->n * pow(t1, p->n));                                           /* (15-10) */
    p->rho0 = WGS84_A * p->F * pow(lcc_t(p->e, lat0 * DEG), p->n);                 /* (15-7) */
    p->lon0 = lon0 * DEG;
}

static void lcc_fwd(const lcc *p, double lon, double lat, double *x, double *y)
{
    double rho = WGS84_A * p->F * pow(lcc_t(p->e, lat * DEG), p->n); /* (15-7) */
    double th = p->n * (lon * DEG - p->lon0);                        /* (14-4) */
    *x = rho * sin(th);                                              /* (14-1) */
    *y = p->rho0 - rho * cos(th);                                    /* (14-2) */
}

static double lcc_k(const lcc *p, double lat) /* scale factor along parallels, (15-4) */
{
    double rho = WGS84_A * p->F * pow(lcc_t(p->e, lat * DEG), p->n);
    return rho * p->n / (WGS84_A * lcc_m(p->e, lat * DEG));
}

/* ---- the picture ------------------------------------------------------ */

typedef struct view {
    lcc proj;
    double x0, y1;   /* map-plane metres at the frame's top-left corner */
    double mpp;      /* metres per pixel */
    double ox, oy;   /* pixel offset of the frame in the picture */
    double w, h;     /* frame size, px */
    int glon0, glon1, glat0, glat1, gstep; /* graticule: range and step, degrees */
} view;

static void to_px(const view *v, double lon, double lat, double *px, double *py)
{
    double x, y;
    lcc_fwd(&v->proj, lon, lat, &x, &y);
    *px = v->ox + (x - v->x0) / v->mpp;
    *py = v->oy + (v->y1 - y) / v->mpp;
}

typedef struct out {
    FILE *f;
    int failed; /* 0, or the errno of the first failure */
} out;

static void put(out *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void put(out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(o->f, fmt, ap) < 0 && !o->failed) o->failed = errno ? errno : EIO;
    va_end(ap);
}

/* XML-escaped text; a byte that is not UTF-8 becomes U+FFFD (an SVG with
 * it is not XML at all). */
static void put_text(out *o, const char *s)
{
    while (s && *s) {
        size_t n = cli_utf8_seq_len(s);
        switch (*s) {
        case '&': put(o, "&amp;"); break;
        case '<': put(o, "&lt;"); break;
        case '>': put(o, "&gt;"); break;
        case '"': put(o, "&quot;"); break;
        default:
            if (!n) put(o, "\xef\xbf\xbd");
            else if ((unsigned char)*s >= 0x20 || *s == '\n' || *s == '\t')
                fwrite(s, 1, n, o->f);
        }
        s += n ? n : 1;
    }
}

/* A polyline of lon/lat points as path data, dropping points closer than
 * `tol` px to the last one kept (the first and last are always kept). */
static void put_path_points(out *o, const view *v, const double *pts, size_t n, double tol,
                            int close)
{
    double lx = 0, ly = 0;
    for (size_t i = 0; i < n; i++) {
        double px, py;
        to_px(v, pts[2 * i], pts[2 * i + 1], &px, &py);
        if (i > 0 && i + 1 < n && fabs(px - lx) < tol && fabs(py - ly) < tol) continue;
        put(o, "%c%.1f %.1f", i ? 'L' : 'M', px, py);
        lx = px;
        ly = py;
    }
    if (close) put(o, "Z");
}

/* A territory's points in pixels, projected once for label_spot, which
 * crosses every ring with up to 23 sample rows.  NULL when out of memory. */
static double *territory_px(const view *v, const demarc_territory *t)
{
    size_t n = t->ring_start[t->ring_count];
    double *px = malloc((n ? n : 1) * 2 * sizeof *px);
    if (!px) return NULL;
    for (size_t i = 0; i < n; i++)
        to_px(v, t->points[2 * i], t->points[2 * i + 1], &px[2 * i], &px[2 * i + 1]);
    return px;
}

/* Where the rings of a territory cross the horizontal line y = py (pixels;
 * tpx: its points from territory_px): the x of each crossing edge, into xs
 * (room for every point).  A point (px, py) is inside by the even-odd rule
 * when an odd number of them lie right of px (ray cast to +x). */
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
static int label_spot(const view *v, const demarc_territory *t, const double *line_px,
                      size_t nline, double *lx, double *ly)
{
    size_t npt = t->ring_start[t->ring_count];
    double *tpx = territory_px(v, t), *xs = malloc((npt ? npt : 1) * sizeof *xs);
    if (!tpx || !xs) {
        free(tpx);
        free(xs);
        return -1;
    }
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
    free(tpx);
    free(xs);
    return best > 0;
}

/* A round number of kilometres near `km`: 1, 2 or 5 times a power of ten. */
static double nice_km(double km)
{
    double p = pow(10, floor(log10(km))), r = km / p;
    return (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10) * p;
}

static const char *const SEVERITY_COLOUR[3] = {"#2166ac", "#f08c00", "#d6001c"};
static const char *const SEVERITY_NAME[3] = {"info", "warning", "error"};

static const char *FILL[2] = {"#f6e7b4", "#cfe6bd"};   /* left, right territory */
static const char *STROKE[2] = {"#b59a4a", "#6f9a55"};

static void draw(out *o, const demarc_border *b, const render_options *opt, view *v,
                 render_result *res, const double *line_px, size_t nline)
{
    const demarc_border_info *in = demarc_border_info_get(b);
    double W = res->width_px, H = res->height_px;
    const char *font = "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\"";

    put(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    put(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
           "viewBox=\"0 0 %.0f %.0f\" %s font-size=\"13\">\n", W, H, W, H, font);
    put(o, "<title>");
    put_text(o, in->name);
    put(o, "</title>\n<desc>Lambert conformal conic, WGS 84, standard parallels %.2f and "
           "%.2f N, central meridian %.2f E. Drawn by demarc render (libdemarc %s).</desc>\n",
        res->lat1, res->lat2, res->lon0, demarc_version());
    put(o, "<defs><clipPath id=\"frame\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
           "height=\"%.1f\"/></clipPath></defs>\n", v->ox, v->oy, v->w, v->h);
    put(o, "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");

    /* Map body, clipped to the frame: neighbours grey, the two territories. */
    put(o, "<g clip-path=\"url(#frame)\">\n");
    put(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#e4e4e0\"/>\n",
        v->ox, v->oy, v->w, v->h);
    for (size_t ti = 0; ti < in->territory_count && ti < 2; ti++) {
        const demarc_territory *t = demarc_border_territory(b, ti);
        int side = (in->right_party && !strcmp(t->party, in->right_party)) ? 1 : 0;
        put(o, "<path id=\"territory-");
        put_text(o, t->party);
        put(o, "\" fill=\"%s\" stroke=\"%s\" stroke-width=\"0.8\" fill-rule=\"evenodd\" d=\"",
            FILL[side], STROKE[side]);
        for (size_t r = 0; r < t->ring_count; r++)
            put_path_points(o, v, t->points + 2 * t->ring_start[r],
                            t->ring_start[r + 1] - t->ring_start[r], 0.6, 1);
        put(o, "\"/>\n");
    }

    /* Graticule every 2 degrees, with labels on the frame. */
    put(o, "<g stroke=\"#8a8a8a\" stroke-width=\"0.5\" stroke-dasharray=\"3 3\" fill=\"none\">\n");
    for (int lon = v->glon0; lon <= v->glon1; lon += v->gstep) {
        double pts[2 * 41];
        for (int k = 0; k <= 40; k++)
            pts[2 * k] = lon, pts[2 * k + 1] = v->glat0 + k * (v->glat1 - v->glat0) / 40.0;
        put(o, "<path d=\"");
        put_path_points(o, v, pts, 41, 0, 0);
        put(o, "\"/>\n");
    }
    for (int lat = v->glat0; lat <= v->glat1; lat += v->gstep) {
        double pts[2 * 81];
        for (int k = 0; k <= 80; k++)
            pts[2 * k] = v->glon0 + k * (v->glon1 - v->glon0) / 80.0, pts[2 * k + 1] = lat;
        put(o, "<path d=\"");
        put_path_points(o, v, pts, 81, 0, 0);
        put(o, "\"/>\n");
    }
    put(o, "</g>\n");

    /* Territory names. */
    for (size_t ti = 0; ti < in->territory_count && ti < 2; ti++) {
        const demarc_territory *t = demarc_border_territory(b, ti);
        double lx = 0, ly = 0;
        int found = label_spot(v, t, line_px, nline, &lx, &ly);
        if (found < 0 && !o->failed) o->failed = ENOMEM; /* no half-drawn map */
        if (found <= 0) continue;
        int side = (in->right_party && !strcmp(t->party, in->right_party)) ? 1 : 0;
        put(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"26\" "
               "font-weight=\"bold\" letter-spacing=\"4\" fill=\"%s\">", lx, ly + 9,
            STROKE[side]);
        const char *name = (t->name && t->name[0]) ? t->name : t->party;
        for (const char *p = name; *p; p++) {
            char c[2] = {(char)((*p >= 'a' && *p <= 'z') ? *p - 32 : *p), 0};
            put_text(o, c);
        }
        put(o, "</text>\n");
    }

    /* The line: a white casing under a red stroke (the path twice: a <use>
     * could not override the stroke set on the original). */
    size_t nv;
    const double *vx = demarc_border_vertices(b, &nv);
    for (int pass = 0; pass < 2; pass++) {
        put(o, "<path%s fill=\"none\" stroke-linejoin=\"round\" stroke-linecap=\"round\" "
               "stroke=\"%s\" stroke-width=\"%s\" d=\"", pass ? " id=\"border\"" : "",
            pass ? "#c8102e" : "#ffffff", pass ? "3" : "6");
        put_path_points(o, v, vx, nv, 0.3, 0);
        put(o, "\"/>\n");
    }
    put(o, "</g>\n");

    /* Signs: small dots (main darker than intermediate), tripoints as
     * triangles; tripoints and every 100th sign labelled. */
    put(o, "<g id=\"signs\">\n");
    double last_x = 0, last_y = 0;
    for (size_t i = 0; i < in->sign_count; i++) {
        const demarc_sign *s = demarc_border_sign(b, i);
        if (!s || s->kind == DEMARC_SIGN_POINT || s->kind == DEMARC_SIGN_TRIPOINT) continue;
        double px, py;
        to_px(v, s->lon, s->lat, &px, &py);
        /* Generalisation: at small scales consecutive signs fall within a
         * pixel or two and would hide the line; keep one per 5 px. */
        if (res->signs_drawn && hypot(px - last_x, py - last_y) < 5) continue;
        last_x = px;
        last_y = py;
        if (s->kind == DEMARC_SIGN_MAIN)
            put(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.8\" fill=\"#ffffff\" "
                   "stroke=\"#111111\" stroke-width=\"0.8\"/>\n", px, py);
        else
            put(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.3\" fill=\"#111111\"/>\n", px, py);
        res->signs_drawn++;
    }
    for (size_t i = 0; i < in->sign_count; i++) {
        const demarc_sign *s = demarc_border_sign(b, i);
        if (!s) continue;
        int tri = s->kind == DEMARC_SIGN_TRIPOINT;
        if (!tri && s->seq % 100 != 0) continue;
        double px, py;
        to_px(v, s->lon, s->lat, &px, &py);
        if (tri) {
            put(o, "<path class=\"tripoint\" d=\"M%.1f %.1fl6 10.4h-12z\" fill=\"#000000\" "
                   "stroke=\"#ffffff\" stroke-width=\"1.2\"/>\n", px, py - 6.9);
            res->signs_drawn++;
        } else {
            put(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#000000\" "
                   "stroke=\"#ffffff\" stroke-width=\"1\"/>\n", px, py);
        }
        /* Labels go to the side away from the frame's middle row. */
        int above = py > v->oy + v->h * 0.5 ? 0 : 1;
        put(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"%s\" "
               "stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\" fill=\"#111111\">",
            px, above ? py - 9 : py + 19, tri ? "12" : "11");
        if (tri) put(o, "tripoint ");
        put_text(o, s->id);
        put(o, "</text>\n");
        res->labels_drawn++;
    }
    put(o, "</g>\n");

    /* Findings: rings coloured by severity, the sign id beside them. */
    put(o, "<g id=\"findings\" fill=\"none\">\n");
    size_t count[3] = {0, 0, 0};
    for (size_t i = 0; i < opt->nmarks; i++) {
        const render_mark *m = &opt->marks[i];
        if (!isfinite(m->lon) || !isfinite(m->lat)) continue;
        int sev = m->severity < 0 ? 0 : m->severity > 2 ? 2 : m->severity;
        double px, py;
        to_px(v, m->lon, m->lat, &px, &py);
        put(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"8\" stroke=\"%s\" stroke-width=\"2.5\">"
               "<title>", px, py, SEVERITY_COLOUR[sev]);
        put_text(o, SEVERITY_NAME[sev]);
        put(o, " ");
        put_text(o, m->code);
        if (m->sign[0]) { put(o, " at sign "); put_text(o, m->sign); }
        put(o, "</title></circle>\n");
        int labelled = 0; /* one label per sign, however many findings it has */
        for (size_t q = 0; q < i && m->sign[0] && !labelled; q++)
            labelled = !strcmp(opt->marks[q].sign, m->sign) && isfinite(opt->marks[q].lon) &&
                       isfinite(opt->marks[q].lat);
        if (m->sign[0] && !labelled) {
            put(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" font-weight=\"bold\" "
                   "fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">",
                px + 10, py - 8, SEVERITY_COLOUR[sev]);
            put_text(o, m->sign);
            put(o, "</text>\n");
        }
        count[sev]++;
        res->marks_drawn++;
    }
    put(o, "</g>\n");

    /* Frame and graticule labels. */
    put(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
           "stroke=\"#333333\" stroke-width=\"1\"/>\n", v->ox, v->oy, v->w, v->h);
    put(o, "<g font-size=\"11\" fill=\"#555555\">\n");
    for (int lon = v->glon0; lon <= v->glon1; lon += v->gstep) {
        /* Where the meridian crosses the bottom edge: bisect on latitude. */
        double lo = v->glat0, hi = v->glat1, px = 0, py = 0;
        for (int k = 0; k < 50; k++) {
            double mid = (lo + hi) / 2;
            to_px(v, lon, mid, &px, &py);
            if (py > v->oy + v->h) lo = mid; else hi = mid;
        }
        if (px < v->ox + 15 || px > v->ox + v->w - 15) continue;
        put(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d\xc2\xb0%s</text>\n", px,
            v->oy + v->h + 15, abs(lon), lon < 0 ? "W" : "E");
    }
    for (int lat = v->glat0; lat <= v->glat1; lat += v->gstep) {
        double lo = v->glon0, hi = v->glon1, px = 0, py = 0;
        for (int k = 0; k < 50; k++) {
            double mid = (lo + hi) / 2;
            to_px(v, mid, lat, &px, &py);
            if (px < v->ox) lo = mid; else hi = mid;
        }
        if (py < v->oy + 10 || py > v->oy + v->h - 10) continue;
        put(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%d\xc2\xb0%s</text>\n",
            v->ox - 5, py + 4, abs(lat), lat < 0 ? "S" : "N");
    }
    put(o, "</g>\n");

    /* Title. */
    put(o, "<text x=\"%.1f\" y=\"30\" font-size=\"20\" font-weight=\"bold\" fill=\"#111111\">",
        v->ox);
    put_text(o, in->name);
    put(o, "</text>\n");
    double len_m = NAN;
    demarc_ctx *ctx = NULL;
    if (!demarc_ctx_new(&ctx) && demarc_border_length(ctx, b, &len_m)) len_m = NAN;
    demarc_ctx_free(ctx);
    put(o, "<text x=\"%.1f\" y=\"50\" font-size=\"13\" fill=\"#444444\">", v->ox);
    if (isfinite(len_m)) {
        /* Thousands separated: 2,360.7 km. */
        char num[64], grp[96];
        int nd = snprintf(num, sizeof num, "%.1f", len_m / 1000), ip = nd - 2, g = 0;
        for (int i = 0; i < nd && g < (int)sizeof grp - 2; i++) {
            grp[g++] = num[i];
            if (i < ip - 1 && num[i] != '-' && (ip - 1 - i) % 3 == 0) grp[g++] = ',';
        }
        grp[g] = 0;
        put(o, "%s km of %s line, ", grp, demarc_edge_model_name(in->edge_model));
    }
    put(o, "%zu signs%s", in->physical_sign_count,
        in->signs_modelled ? " (modelled catalogue)" : "");
    if (opt->nmarks)
        put(o, "; findings: %zu error, %zu warning, %zu info", count[2], count[1], count[0]);
    put(o, "</text>\n");

    /* Legend: a strip under the frame, items in columns of three rows;
     * the scale bar at its right end. */
    double strip = v->oy + v->h + 26, lh = 20;
    double colw = (v->w - 220) / 3;
    int item = 0;
#define LEGEND_XY(X, Y) \
    double X = v->ox + colw * (item / 3), Y = strip + 10 + lh * (item % 3); item++
    put(o, "<g id=\"legend\">\n");
    for (size_t ti = 0; ti < in->territory_count && ti < 2; ti++) {
        const demarc_territory *t = demarc_border_territory(b, ti);
        int side = (in->right_party && !strcmp(t->party, in->right_party)) ? 1 : 0;
        LEGEND_XY(lx, y);
        put(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"22\" height=\"13\" fill=\"%s\" "
               "stroke=\"%s\"/>\n<text x=\"%.1f\" y=\"%.1f\">", lx, y - 6.5, FILL[side],
            STROKE[side], lx + 32, y + 4.5);
        put_text(o, (t->name && t->name[0]) ? t->name : t->party);
        put(o, " (");
        put_text(o, t->party);
        put(o, ")</text>\n");
    }
    {
        LEGEND_XY(lx, y);
        put(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"22\" height=\"13\" fill=\"#e4e4e0\" "
               "stroke=\"#aaaaaa\"/>\n<text x=\"%.1f\" y=\"%.1f\">other states</text>\n",
            lx, y - 6.5, lx + 32, y + 4.5);
    }
    {
        LEGEND_XY(lx, y);
        put(o, "<path d=\"M%.1f %.1fh22\" stroke=\"#ffffff\" stroke-width=\"6\"/>"
               "<path d=\"M%.1f %.1fh22\" stroke=\"#c8102e\" stroke-width=\"3\"/>\n"
               "<text x=\"%.1f\" y=\"%.1f\">state border</text>\n", lx, y, lx, y, lx + 32,
            y + 4.5);
    }
    {
        LEGEND_XY(lx, y);
        put(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.8\" fill=\"#ffffff\" stroke=\"#111111\" "
               "stroke-width=\"0.8\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.3\" "
               "fill=\"#111111\"/><path d=\"M%.1f %.1fl6 10.4h-12z\" fill=\"#000000\"/>\n"
               "<text x=\"%.1f\" y=\"%.1f\">sign%s, tripoint</text>\n",
            lx + 2, y, lx + 8, y, lx + 17, y - 6.9, lx + 32, y + 4.5,
            res->signs_drawn < in->physical_sign_count ? " (thinned)" : "");
    }
    {
        LEGEND_XY(lx, y);
        put(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#000000\" stroke=\"#ffffff\"/>"
               "<text x=\"%.1f\" y=\"%.1f\">every 100th sign, with its id</text>\n",
            lx + 11, y, lx + 32, y + 4.5);
    }
    if (opt->nmarks) {
        for (int s = 2; s >= 0; s--) {
            LEGEND_XY(lx, y);
            put(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"none\" stroke=\"%s\" "
                   "stroke-width=\"2.5\"/>\n<text x=\"%.1f\" y=\"%.1f\">finding: %s (%zu)</text>\n",
                lx + 11, y, SEVERITY_COLOUR[s], lx + 32, y + 4.5, SEVERITY_NAME[s], count[s]);
        }
    }
#undef LEGEND_XY
    put(o, "</g>\n");

    /* Scale bar: true at the latitude of the frame's centre, where the
     * scale factor k of (15-4) is taken (k varies < 0.2 % over the map). */
    double cy_m = v->y1 - v->h * v->mpp / 2, mid_lat;
    {
        /* Latitude at the frame centre on the central meridian: bisect. */
        double lo = -80, hi = 80;
        for (int it = 0; it < 60; it++) {
            double mid = (lo + hi) / 2, x, yy;
            lcc_fwd(&v->proj, v->proj.lon0 / DEG, mid, &x, &yy);
            if (yy < cy_m) lo = mid; else hi = mid;
        }
        mid_lat = (lo + hi) / 2;
    }
    double k = lcc_k(&v->proj, mid_lat);
    double km = nice_km(fmin(v->w * 0.2, 260) * v->mpp / k / 1000);
    double bar_px = km * 1000 * k / v->mpp;
    double sx = v->ox + v->w - 10 - bar_px, sy = strip + 34;
    put(o, "<g id=\"scale\">\n");
    for (int i = 0; i < 4; i++)
        put(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"6\" fill=\"%s\" "
               "stroke=\"#111111\" stroke-width=\"0.8\"/>\n",
            sx + bar_px * i / 4, sy, bar_px / 4, i % 2 ? "#ffffff" : "#111111");
    put(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\">0</text>"
           "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\">%g km</text>\n"
           "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555555\">"
           "scale true at %.1f\xc2\xb0N</text>\n</g>\n",
        sx, sy - 5, sx + bar_px, sy - 5, km, sx + bar_px / 2, sy + 20, mid_lat);

    /* North arrow in the frame's top-right corner, along the meridian
     * through it: theta = atan2(x, rho0 - y) inverts (14-1)/(14-2). */
    double ax = v->ox + v->w - 38, ay = v->oy + 40;
    double m_x = v->x0 + (ax - v->ox) * v->mpp, m_y = v->y1 - (ay - v->oy) * v->mpp;
    double th = atan2(m_x, v->proj.rho0 - m_y);
    double ux = sin(th), uy = -cos(th); /* up the meridian, in px (y down) */
    put(o, "<g id=\"north\">\n<circle cx=\"%.1f\" cy=\"%.1f\" r=\"27\" fill=\"#ffffff\" "
           "fill-opacity=\"0.9\" stroke=\"#888888\"/>\n", ax, ay);
    put(o, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"#111111\"/>\n",
        ax + ux * 20, ay + uy * 20, ax - ux * 12 - uy * 8, ay - uy * 12 + ux * 8, ax, ay);
    put(o, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"#ffffff\" stroke=\"#111111\" "
           "stroke-width=\"0.8\"/>\n",
        ax + ux * 20, ay + uy * 20, ax - ux * 12 + uy * 8, ay - uy * 12 - ux * 8, ax, ay);
    put(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-weight=\"bold\" "
           "font-size=\"12\">N</text>\n</g>\n", ax - ux * 19, ay - uy * 19 + 4);

    /* Projection and attribution under the frame. */
    put(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#555555\">Lambert conformal "
           "conic, WGS 84, standard parallels %.2f\xc2\xb0N and %.2f\xc2\xb0N, central "
           "meridian %.2f\xc2\xb0" "E. Data: ", v->ox, H - 12, res->lat1, res->lat2, res->lon0);
    put_text(o, in->attribution && in->attribution[0] ? in->attribution : in->source);
    if (in->licence && in->licence[0]) { put(o, " ("); put_text(o, in->licence); put(o, ")"); }
    put(o, "</text>\n</svg>\n");
}

int render_svg_write(const demarc_border *b, const render_options *opt, const char *path,
                     render_result *res, char *err, size_t errlen)
{
    const demarc_border_info *in = demarc_border_info_get(b);
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
    lcc_init(&v.proj, res->lat1, res->lat2, (lat_min + lat_max) / 2, res->lon0);

    /* Projected bounding box of the line (sampled edges of the lon/lat box
     * would do as well; the vertices are enough at this density). */
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    for (size_t i = 0; i < nv; i++) {
        double x, y;
        lcc_fwd(&v.proj, vx[2 * i], vx[2 * i + 1], &x, &y);
        xmin = fmin(xmin, x); xmax = fmax(xmax, x);
        ymin = fmin(ymin, y); ymax = fmax(ymax, y);
    }
    for (size_t i = 0; i < opt->nmarks; i++) {
        double x, y;
        if (!isfinite(opt->marks[i].lon) || !isfinite(opt->marks[i].lat)) continue;
        lcc_fwd(&v.proj, opt->marks[i].lon, opt->marks[i].lat, &x, &y);
        xmin = fmin(xmin, x); xmax = fmax(xmax, x);
        ymin = fmin(ymin, y); ymax = fmax(ymax, y);
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

    /* The line in pixels, for placing names away from it. */
    double *line_px = malloc(2 * nv * sizeof *line_px);
    if (!line_px) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    size_t nl = 0;
    for (size_t i = 0; i < nv; i += 4, nl++)
        to_px(&v, vx[2 * i], vx[2 * i + 1], &line_px[2 * nl], &line_px[2 * nl + 1]);
    (void)in;

    /* Temporary file beside the target, renamed over it when complete. */
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp) {
        free(line_px);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    snprintf(tmp, plen + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot create a temporary file: %s", path, strerror(errno));
        free(tmp);
        free(line_px);
        return -1;
    }
    (void)fchmod(fd, 0644); /* mkstemp makes it 0600; a map is for sharing */
    out o = {fdopen(fd, "w"), 0};
    if (!o.f) {
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        close(fd);
        unlink(tmp);
        free(tmp);
        free(line_px);
        return -1;
    }
    draw(&o, b, opt, &v, res, line_px, nl);
    free(line_px);
    int werr = o.failed ? o.failed : ferror(o.f) ? (errno ? errno : EIO) : 0;
    int cerr = fclose(o.f) ? (errno ? errno : EIO) : 0;
    if (werr || cerr) {
        snprintf(err, errlen, "%s: write failed: %s", path, strerror(werr ? werr : cerr));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    if (rename(tmp, path)) {
        snprintf(err, errlen, "%s: cannot rename the temporary file: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}
