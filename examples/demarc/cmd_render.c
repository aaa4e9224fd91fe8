/* cmd_render.c -- demarc render OUT.svg|.png|.pdf: the border as a map, with
 * the findings of `demarc validate --json` / `demarc inspect --json`
 * highlighted.  The drawing is render_map.c's, the file render_output.c's;
 * this file reads the options and the findings file. */
#include "cli.h"
#include "render_map.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* ---- a small JSON reader: enough to walk the findings file ------------ */

typedef struct jp {
    const char *s, *p;
    const char *file;
    char *err;
    size_t errlen;
    int depth;
} jp;

static int jp_fail(jp *j, const char *what)
{
    if (!j->err[0]) {
        int line = 1;
        for (const char *q = j->s; q < j->p; q++) line += *q == '\n';
        snprintf(j->err, j->errlen, "%s: line %d: %s", j->file, line, what);
    }
    return -1;
}

static void jp_ws(jp *j)
{
    while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r') j->p++;
}

/* Parse a string into buf (truncated to len - 1 bytes; \u escapes of the
 * BMP become UTF-8). */
static int jp_string(jp *j, char *buf, size_t len)
{
    size_t n = 0;
    if (*j->p != '"') return jp_fail(j, "expected a string");
    j->p++;
    while (*j->p != '"') {
        unsigned c = (unsigned char)*j->p;
        char tmp[4];
        size_t tn = 1;
        if (!c) return jp_fail(j, "unterminated string");
        if (c < 0x20) return jp_fail(j, "control character in a string");
        if (c == '\\') {
            j->p++;
            switch (*j->p) {
            case '"': case '\\': case '/': tmp[0] = *j->p; break;
            case 'b': tmp[0] = '\b'; break;
            case 'f': tmp[0] = '\f'; break;
            case 'n': tmp[0] = '\n'; break;
            case 'r': tmp[0] = '\r'; break;
            case 't': tmp[0] = '\t'; break;
            case 'u': {
                unsigned u = 0;
                for (int k = 1; k <= 4; k++) {
                    if (!isxdigit((unsigned char)j->p[k])) return jp_fail(j, "bad \\u escape");
                    u = u * 16 + (unsigned)(isdigit((unsigned char)j->p[k])
                                                ? j->p[k] - '0'
                                                : (tolower((unsigned char)j->p[k]) - 'a' + 10));
                }
                j->p += 4;
                if (u < 0x80) tmp[0] = (char)u;
                else if (u < 0x800)
                    tmp[0] = (char)(0xc0 | u >> 6), tmp[1] = (char)(0x80 | (u & 0x3f)), tn = 2;
                else tmp[0] = (char)(0xe0 | u >> 12), tmp[1] = (char)(0x80 | ((u >> 6) & 0x3f)),
                     tmp[2] = (char)(0x80 | (u & 0x3f)), tn = 3;
                break;
            }
            default: return jp_fail(j, "bad escape in a string");
            }
        } else {
            tmp[0] = (char)c;
        }
        j->p++;
        for (size_t k = 0; k < tn; k++)
            if (buf && n + 1 < len) buf[n++] = tmp[k];
    }
    j->p++;
    if (buf && len) buf[n] = 0;
    return 0;
}

static int jp_skip(jp *j);

static int jp_number(jp *j, double *v)
{
    char *end;
    const char *q = j->p;
    if (*q == '-') q++;
    if (!isdigit((unsigned char)*q)) return jp_fail(j, "expected a value");
    errno = 0;
    double d = strtod(j->p, &end);
    if (end == j->p || errno == ERANGE) return jp_fail(j, "bad number");
    j->p = end;
    if (v) *v = d;
    return 0;
}

/* Skip any value. */
static int jp_skip(jp *j)
{
    jp_ws(j);
    if (++j->depth > 64) return jp_fail(j, "nesting too deep");
    int rc = 0;
    if (*j->p == '"') {
        rc = jp_string(j, NULL, 0);
    } else if (*j->p == '{' || *j->p == '[') {
        char close = *j->p == '{' ? '}' : ']';
        int obj = close == '}';
        j->p++;
        jp_ws(j);
        if (*j->p == close) {
            j->p++;
        } else {
            for (;;) {
                if (obj) {
                    jp_ws(j);
                    if (jp_string(j, NULL, 0)) return -1;
                    jp_ws(j);
                    if (*j->p != ':') return jp_fail(j, "expected ':'");
                    j->p++;
                }
                if (jp_skip(j)) return -1;
                jp_ws(j);
                if (*j->p == ',') { j->p++; continue; }
                if (*j->p == close) { j->p++; break; }
                return jp_fail(j, obj ? "expected ',' or '}'" : "expected ',' or ']'");
            }
        }
    } else if (!strncmp(j->p, "true", 4) || !strncmp(j->p, "null", 4)) {
        j->p += 4;
    } else if (!strncmp(j->p, "false", 5)) {
        j->p += 5;
    } else {
        rc = jp_number(j, NULL);
    }
    j->depth--;
    return rc;
}

/* One item of the findings array into m; fields it lacks stay empty/NaN. */
static int jp_finding(jp *j, render_mark *m, size_t index)
{
    memset(m, 0, sizeof *m);
    m->lon = m->lat = NAN;
    m->severity = 1;
    jp_ws(j);
    if (*j->p != '{') {
        char msg[80];
        snprintf(msg, sizeof msg, "findings[%zu] is not an object", index);
        return jp_fail(j, msg);
    }
    j->p++;
    jp_ws(j);
    if (*j->p == '}') { j->p++; return 0; }
    for (;;) {
        char key[32];
        jp_ws(j);
        if (jp_string(j, key, sizeof key)) return -1;
        jp_ws(j);
        if (*j->p != ':') return jp_fail(j, "expected ':'");
        j->p++;
        jp_ws(j);
        if ((!strcmp(key, "sign") || !strcmp(key, "sign_id")) && *j->p == '"') {
            if (jp_string(j, m->sign, sizeof m->sign)) return -1;
        } else if (!strcmp(key, "code") && *j->p == '"') {
            if (jp_string(j, m->code, sizeof m->code)) return -1;
        } else if (!strcmp(key, "severity") && *j->p == '"') {
            char sev[16];
            if (jp_string(j, sev, sizeof sev)) return -1;
            if (!strcmp(sev, "info")) m->severity = 0;
            else if (!strcmp(sev, "warning")) m->severity = 1;
            else if (!strcmp(sev, "error")) m->severity = 2;
            else {
                char msg[96];
                snprintf(msg, sizeof msg, "findings[%zu].severity: '%s' is not info, "
                         "warning or error", index, sev);
                return jp_fail(j, msg);
            }
        } else if ((!strcmp(key, "lon") || !strcmp(key, "lat")) && *j->p != 'n') {
            double d;
            if (jp_number(j, &d)) return -1;
            double lim = key[1] == 'o' ? 180 : 90;
            if (!(fabs(d) <= lim)) {
                char msg[96];
                snprintf(msg, sizeof msg, "findings[%zu].%s: %g is out of range", index, key, d);
                return jp_fail(j, msg);
            }
            if (key[1] == 'o') m->lon = d; else m->lat = d;
        } else if (jp_skip(j)) {
            return -1;
        }
        jp_ws(j);
        if (*j->p == ',') { j->p++; continue; }
        if (*j->p == '}') { j->p++; return 0; }
        return jp_fail(j, "expected ',' or '}'");
    }
}

/* Read the findings of FILE into *marks (malloc'd).  Returns 0 or -1 with
 * a message naming the file (and line, or the item) in err. */
static int read_findings(const char *file, render_mark **marks, size_t *n, char *err,
                         size_t errlen)
{
    *marks = NULL;
    *n = 0;
    err[0] = 0;
    FILE *f = !strcmp(file, "-") ? stdin : fopen(file, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", file, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, len = 0;
    char *text = malloc(cap);
    for (;;) {
        if (!text) break;
        len += fread(text + len, 1, cap - len - 1, f);
        if (len + 1 < cap) break;
        char *t2 = realloc(text, cap *= 2);
        if (!t2) { free(text); text = NULL; break; }
        text = t2;
    }
    int rerr = ferror(f);
    if (f != stdin) fclose(f);
    if (!text) { snprintf(err, errlen, "%s: out of memory", file); return -1; }
    if (rerr) { free(text); snprintf(err, errlen, "%s: read error", file); return -1; }
    text[len] = 0;
    if (strlen(text) != len) {
        free(text);
        snprintf(err, errlen, "%s: a NUL byte: not a JSON text", file);
        return -1;
    }

    jp j = {text, text, file, err, errlen, 0};
    int found = 0, rc = 0;
    size_t mcap = 0;
    jp_ws(&j);
    if (*j.p != '{') { rc = jp_fail(&j, "expected a JSON object"); goto done; }
    j.p++;
    jp_ws(&j);
    while (*j.p != '}') {
        char key[32];
        if (jp_string(&j, key, sizeof key)) { rc = -1; goto done; }
        jp_ws(&j);
        if (*j.p != ':') { rc = jp_fail(&j, "expected ':'"); goto done; }
        j.p++;
        jp_ws(&j);
        if (!strcmp(key, "findings")) {
            found = 1;
            if (*j.p != '[') { rc = jp_fail(&j, "\"findings\" is not an array"); goto done; }
            j.p++;
            jp_ws(&j);
            while (*j.p != ']') {
                if (*n == mcap) {
                    mcap = mcap ? 2 * mcap : 64;
                    render_mark *m2 = realloc(*marks, mcap * sizeof **marks);
                    if (!m2) { rc = jp_fail(&j, "out of memory"); goto done; }
                    *marks = m2;
                }
                if (jp_finding(&j, &(*marks)[*n], *n)) { rc = -1; goto done; }
                (*n)++;
                jp_ws(&j);
                if (*j.p == ',') { j.p++; jp_ws(&j); continue; }
                if (*j.p != ']') { rc = jp_fail(&j, "expected ',' or ']'"); goto done; }
            }
            j.p++;
        } else if (jp_skip(&j)) {
            rc = -1;
            goto done;
        }
        jp_ws(&j);
        if (*j.p == ',') { j.p++; jp_ws(&j); continue; }
        if (*j.p != '}') { rc = jp_fail(&j, "expected ',' or '}'"); goto done; }
    }
    j.p++;
    jp_ws(&j);
    if (*j.p) { rc = jp_fail(&j, "text after the JSON object"); goto done; }
    if (!found) rc = jp_fail(&j, "no \"findings\" array");
done:
    free(text);
    if (rc) { free(*marks); *marks = NULL; *n = 0; }
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
        json_begin(stdout, "render");
        printf(",\n  \"output\": "); json_string(stdout, outpath);
        printf(",\n  \"width_px\": %d,\n  \"height_px\": %d", res.width_px, res.height_px);
        printf(",\n  \"projection\": {\"name\": \"lcc\", \"ellipsoid\": \"WGS84\", "
               "\"lat_1\": ");
        json_number(stdout, res.lat1, 4);
        printf(", \"lat_2\": "); json_number(stdout, res.lat2, 4);
        printf(", \"lon_0\": "); json_number(stdout, res.lon0, 4);
        printf("}");
        printf(",\n  \"signs_drawn\": %zu,\n  \"labels\": %zu", res.signs_drawn,
               res.labels_drawn);
        printf(",\n  \"findings\": %zu,\n  \"findings_drawn\": %zu,\n  \"findings_unplaced\": %zu"
               "\n}\n", nmarks, res.marks_drawn, unplaced);
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
