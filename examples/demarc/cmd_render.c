/* cmd_render.c -- demarc render OUT.svg|.png|.pdf: the border as a map, with
 * the findings of `demarc validate --json` / `demarc inspect --json`
 * highlighted.  The drawing is render_map.c's, the file render_output.c's;
 * this file reads the options and the findings file. */
#include "cli.h"
#include "cli_json.h"
#include "render_map.h"
#include "text_internal.h" /* demarc__utf8_len */

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void print_help(void)
{
    printf("usage: demarc render OUT.svg|OUT.png|OUT.pdf [--findings REPORT.json]\n"
           "                    [--width PX] [--border PATH] [--edges MODEL] [--json]\n"
           "Draw the border as a map -- SVG, PNG or PDF by OUT's extension -- in a\n"
           "Lambert conformal conic projection fitted to it: both territories, the\n"
           "line, the signs (tripoints and every 100th sign labelled), a legend, a\n"
           "scale bar and a north arrow.\n"
           "--findings reads the --json output of 'demarc validate' or 'demarc inspect'\n"
           "(an object with a \"findings\" array of {sign, code, severity[, lon, lat]})\n"
           "and rings each finding in its severity's colour.  --width: picture width\n"
           "in pixels (default 1200, 300..10000; a PDF page is 0.75 pt per pixel).\n"
           "OUT is written whole or not at all.\n");
    cli_common_help(1, 1);
}

/* ---- the findings file (json-c) ---------------------------------------- */

/* Copy a string member into buf (size bytes), cut at a character boundary. */
static void copy_text(char *buf, size_t size, json_object *v)
{
    const char *s = json_object_get_string(v);
    size_t n = 0, k;
    while (s[n] && (k = demarc__utf8_len(s + n)) != 0 && n + k < size) n += k;
    memcpy(buf, s, n);
    buf[n] = '\0';
}

/* The place of a finding: "lon" or "lat", a number within +-lim degrees
 * (null or absent: NaN, found by its sign).  0, or -1 with err set. */
static int read_degrees(json_object *item, const char *key, double lim, double *out,
                        const char *file, size_t index, char *err, size_t errlen)
{
    json_object *v;
    *out = NAN;
    if (!json_object_object_get_ex(item, key, &v) || !v) return 0;
    json_type t = json_object_get_type(v);
    if (t != json_type_int && t != json_type_double) {
        snprintf(err, errlen, "%s: findings[%zu].%s: expected a number, not %s", file, index,
                 key, json_type_to_name(t));
        return -1;
    }
    double d = json_object_get_double(v);
    if (!(fabs(d) <= lim)) { /* also NaN and Infinity, which json-c reads */
        snprintf(err, errlen, "%s: findings[%zu].%s: %g is out of range", file, index, key, d);
        return -1;
    }
    *out = d;
    return 0;
}

/* findings[index] into m: "sign" (or "sign_id"), "code", "severity", "lon",
 * "lat"; members it lacks stay empty (NaN), others are not ours. */
static int read_mark(json_object *item, render_mark *m, const char *file, size_t index,
                     char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    m->severity = 1;
    if (!json_object_is_type(item, json_type_object)) {
        snprintf(err, errlen, "%s: findings[%zu] is not an object", file, index);
        return -1;
    }
    json_object *v;
    if ((json_object_object_get_ex(item, "sign", &v) ||
         json_object_object_get_ex(item, "sign_id", &v)) &&
        json_object_is_type(v, json_type_string))
        copy_text(m->sign, sizeof m->sign, v);
    if (json_object_object_get_ex(item, "code", &v) && json_object_is_type(v, json_type_string))
        copy_text(m->code, sizeof m->code, v);
    if (json_object_object_get_ex(item, "severity", &v) &&
        json_object_is_type(v, json_type_string)) {
        static const char *const names[] = {"info", "warning", "error"};
        const char *sev = json_object_get_string(v);
        m->severity = -1;
        for (int k = 0; k < 3; k++)
            if (!strcmp(sev, names[k])) m->severity = k;
        if (m->severity < 0) {
            snprintf(err, errlen, "%s: findings[%zu].severity: '%.40s' is not info, warning "
                     "or error", file, index, sev);
            return -1;
        }
    }
    return read_degrees(item, "lon", 180, &m->lon, file, index, err, errlen) ||
                   read_degrees(item, "lat", 90, &m->lat, file, index, err, errlen)
               ? -1
               : 0;
}

/* Read the "findings" array of FILE (the --json output of validate or
 * inspect) into *marks (malloc'd).  0, or -1 with a message naming the
 * file, and the line and byte or the member, in err. */
static int read_findings(const char *file, render_mark **marks, size_t *n, char *err,
                         size_t errlen)
{
    *marks = NULL;
    *n = 0;
    json_object *doc = cli_json_read_object(file, err, errlen), *list;
    if (!doc) return -1;
    int rc = 0;
    if (!json_object_object_get_ex(doc, "findings", &list)) {
        snprintf(err, errlen, "%s: no \"findings\" array", file);
        rc = -1;
    } else if (!json_object_is_type(list, json_type_array)) {
        snprintf(err, errlen, "%s: \"findings\" is not an array", file);
        rc = -1;
    } else {
        size_t count = json_object_array_length(list);
        *marks = malloc((count ? count : 1) * sizeof **marks);
        if (!*marks) {
            snprintf(err, errlen, "%s: out of memory", file);
            rc = -1;
        }
        for (size_t i = 0; !rc && i < count; i++)
            rc = read_mark(json_object_array_get_idx(list, i), &(*marks)[i], file, i, err,
                           errlen);
        if (!rc) *n = count;
    }
    json_object_put(doc);
    if (rc) {
        free(*marks);
        *marks = NULL;
    }
    return rc;
}

int cmd_render(int argc, char **argv)
{
    cli_common c = {0};
    const char *outpath = NULL, *findings = NULL;
    long width = 1200;
    enum { OPT_FINDINGS = CLI_OPT_OWN, OPT_WIDTH };
    static const struct option longopts[] = {
        {"findings", required_argument, NULL, OPT_FINDINGS},
        {"width", required_argument, NULL, OPT_WIDTH},
        CLI_BORDER_OPTIONS, CLI_JSON_OPTION, CLI_HELP_OPTION, CLI_OPTIONS_END};
    cli_getopt g;
    cli_getopt_init(&g, argc, argv, "render", "h", longopts, &c);
    for (int opt; (opt = cli_getopt_next(&g)) != -1;) {
        double w;
        switch (opt) {
        case 'h': print_help(); return EXIT_OK;
        case OPT_FINDINGS: findings = g.arg; break;
        case OPT_WIDTH: /* a whole number of pixels */
            if (!cli_number(g.arg, &w) || w != floor(w) || w < 300 || w > 10000)
                return cli_usage_error("render", "--width: '%s' is not a whole number of "
                                       "pixels in 300..10000", g.arg);
            width = (long)w;
            break;
        case CLI_ARG:
            if (outpath) return cli_usage_error("render", "one output file only ('%s')", g.arg);
            outpath = g.arg;
            break;
        default: return EXIT_USAGE;
        }
    }
    if (!outpath) return cli_usage_error("render", "no output file: demarc render OUT.svg");
    /* The format is the name's: no viewer is handed SVG in a file called .png. */
    int format = render_format_of(outpath);
    if (format < 0)
        return cli_usage_error("render", "'%s': the output must be an .svg, .png or .pdf file",
                               outpath);

    char err[512];
    render_mark *marks = NULL;
    size_t nmarks = 0;
    if (findings && read_findings(findings, &marks, &nmarks, err, sizeof err)) {
        fprintf(stderr, "demarc render: --findings %s\n", err);
        return EXIT_USAGE;
    }
    demarc_ctx *ctx = NULL;
    demarc_border *b = cli_open_border(&c, &ctx, "render");
    if (!b) { demarc_ctx_free(ctx); free(marks); return EXIT_USAGE; }

    /* Findings without a place: put them at their sign. */
    size_t unplaced = 0;
    for (size_t i = 0; i < nmarks; i++) {
        render_mark *m = &marks[i];
        if (isfinite(m->lon) && isfinite(m->lat)) continue;
        size_t k;
        if (m->sign[0] && demarc_sign_find(ctx, b, m->sign, &k) == DEMARC_OK) {
            const demarc_sign *s = demarc_border_sign(b, k);
            m->lon = s->lon;
            m->lat = s->lat;
        } else {
            unplaced++;
        }
    }

    render_options o = {(int)width, marks, nmarks};
    render_result res;
    int code = EXIT_OK;
    PJ_CONTEXT *pj = proj_context_create(); /* the map projection's (render_map.c) */
    if (!pj) {
        fprintf(stderr, "demarc render: out of memory\n");
        code = EXIT_USAGE;
    } else if (render_map_write(pj, ctx, b, &o, (render_format)format, outpath, &res, err,
                                sizeof err)) {
        fprintf(stderr, "demarc render: %s\n", err);
        code = EXIT_USAGE;
    } else if (c.json) {
        json_object *j = cli_json_new("render"), *proj = cli_json_object();
        cli_json_add_text(j, "output", outpath);
        cli_json_add_int(j, "width_px", res.width_px);
        cli_json_add_int(j, "height_px", res.height_px);
        cli_json_add_text(proj, "name", "lcc");
        cli_json_add_text(proj, "ellipsoid", "WGS84");
        cli_json_add_number(proj, "lat_1", res.lat1);
        cli_json_add_number(proj, "lat_2", res.lat2);
        cli_json_add_number(proj, "lon_0", res.lon0);
        cli_json_add(j, "projection", proj);
        cli_json_add_int(j, "signs_drawn", (int64_t)res.signs_drawn);
        cli_json_add_int(j, "labels", (int64_t)res.labels_drawn);
        cli_json_add_int(j, "findings", (int64_t)nmarks);
        cli_json_add_int(j, "findings_drawn", (int64_t)res.marks_drawn);
        cli_json_add_int(j, "findings_unplaced", (int64_t)unplaced);
        cli_json_print(j, stdout);
    } else {
        printf("wrote %s: %d x %d px, Lambert conformal conic (lat_1 %.2f, lat_2 %.2f, "
               "lon_0 %.2f), %zu signs, %zu findings drawn",
               outpath, res.width_px, res.height_px, res.lat1, res.lat2, res.lon0,
               res.signs_drawn, res.marks_drawn);
        if (unplaced) printf(", %zu without a place or known sign", unplaced);
        printf("\n");
    }
    proj_context_destroy(pj);
    /* cairo keeps fonts in caches of its own until exit: free them, now that
     * no cairo object is left, so that a leak checker sees only real leaks. */
    cairo_debug_reset_static_data();
    demarc_border_free(b);
    demarc_ctx_free(ctx);
    free(marks);
    return code;
}
