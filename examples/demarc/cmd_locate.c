/* cmd_locate.c -- demarc locate: which state a point is in, how far from
 * the border, where along it, which sign is nearest.
 *
 *   demarc locate LON LAT [--json]     one point
 *   demarc locate -                    points on stdin (CSV or blank-separated,
 *                                      extra columns carried through), CSV out
 *
 * The stream mode works in chunks of CHUNK points through
 * demarc_locate_batch, so memory stays constant whatever the input size. */
#include "cli.h"
#include "cli_json.h"
#include "cli_text_fields.h"
#include "text_internal.h" /* demarc__text_problem, shared with lib/ */

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define CHUNK 4096
#define LINE_MAX_LEN 4096

static void print_help(void)
{
    printf("usage: demarc locate LON LAT [--tolerance M] [--border PATH] [--edges MODEL] [--json]\n"
           "       demarc locate - [--format csv|geojson] [--tolerance M] [--border PATH]\n"
           "                     [--edges MODEL]\n"
           "       demarc locate FILE -o OUT [--layer NAME] [--force] [--tolerance M]\n"
           "                     [--border PATH] [--edges MODEL] [--json]\n"
           "Which party's territory a WGS 84 point (degrees, longitude first) lies in, its\n"
           "geodesic distance to the border line, the chainage of the nearest point of the\n"
           "line and the nearest sign.\n"
           "With '-', reads points from stdin, one per line: fields separated by\n"
           "commas or blanks (as for 'demarc project'), \"quoted\" fields (which may\n"
           "hold line breaks, RFC 4180), an optional UTF-8 BOM, blank lines and '#'\n"
           "comments skipped, and an optional header row\n"
           "naming the columns (lon|longitude|x and lat|latitude|y; without one: lon,\n"
           "lat first).  Every other column (an id, a name) is carried through.  The\n"
           "CSV output is the input's columns, then party, on_border (1 within\n"
           "--tolerance, default 0.01 m, else 0), distance_m, chainage_m, nearest_sign;\n"
           "--format geojson writes a FeatureCollection of points (RFC 7946) with the\n"
           "same fields as properties.  A point on the line\n"
           "(every vertex, both tripoints) is given to the left party (demarc/locate.h).\n"
           "A malformed line stops the run (exit 2) after the rows before it are written.\n"
           "With FILE (any point layer GDAL reads, in any CRS), writes a copy OUT\n"
           "(-o OUT or --output OUT: .gpkg, .geojson, .fgb, .kml, .csv, .shp) with the\n"
           "same features and fields plus party, on_border, distance_m, chainage_m,\n"
           "nearest_sign, nearest_sign_m; OUT is written whole or not at all, and an\n"
           "existing OUT only with --force.\n");
    cli_common_help(1, 1);
}

/* Output format of the stream mode. */
typedef enum { OUT_CSV, OUT_GEOJSON } out_format;

/* State of the stream mode: one chunk of points in flight, with the text
 * each carries through (its input columns, formatted for the output). */
typedef struct stream_state {
    double lon[CHUNK], lat[CHUNK];
    demarc_location out[CHUNK];
    size_t off[CHUNK + 1];  /* point k's carried text: text[off[k]..off[k + 1]) */
    char *text;
    size_t textcap;
    size_t n;              /* points waiting in the chunk */
    unsigned long done;    /* points written */
    int tty;               /* stderr is a terminal: show progress */
    out_format format;
    size_t nfields;        /* columns of every record (0: not known yet) */
    int lon_col, lat_col;
    char names[CLI_RECORD_MAX_FIELDS][64]; /* column names */
    json_object *quote;    /* json-c's string escaping, reused (cli_json_quote) */
} stream_state;

/* s as a JSON string on stdout, or null. */
static void print_json_text(stream_state *st, const char *s)
{
    size_t n = 4;
    const char *q = s ? cli_json_quote(&st->quote, s, &n) : "null";
    fwrite(q, 1, n, stdout);
}

static void print_row(const demarc_border *b, stream_state *st, size_t k)
{
    const demarc_location *l = &st->out[k];
    const demarc_sign *s = demarc_border_sign(b, l->nearest_sign);
    const char *carried = st->text + st->off[k];
    int nc = (int)(st->off[k + 1] - st->off[k]);
    if (st->format == OUT_CSV) {
        printf("%.*s,%s,%d,%.3f,%.3f,%s\n", nc, carried, l->party_code, l->on_border,
               l->distance_m, l->chainage_m, s ? s->id : "");
        return;
    }
    /* GeoJSON by hand, not a json-c tree per feature: json-c costs 2.6 us
     * of CPU per feature against 1.1 us (1e6 features, tests in the commit
     * message); strings are escaped by json-c (cli_json_quote), every
     * carried text checked (demarc__text_problem).  Coordinates at full precision, as
     * cli_json_add_number writes them; metres to the millimetre. */
    char x[32], y[32];
    printf("%s{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%s,%s]},"
           "\"properties\":{%.*s\"party\":",
           st->done + k ? ",\n" : "", cli_json_number_text(x, sizeof x, st->lon[k]),
           cli_json_number_text(y, sizeof y, st->lat[k]), nc, carried);
    print_json_text(st, l->party < 0 ? NULL : l->party_code);
    printf(",\"on_border\":%s,\"distance_m\":%.3f,\"chainage_m\":%.3f,\"nearest_sign\":",
           l->on_border ? "true" : "false", l->distance_m, l->chainage_m);
    print_json_text(st, s ? s->id : NULL);
    printf(",\"nearest_sign_m\":%.3f}}", l->nearest_sign_m);
}

/* `demarc locate LON LAT --json`: one point. */
static void print_location_json(double lon, double lat, const demarc_location *l,
                                const demarc_sign *s, const demarc_border_info *in)
{
    json_object *o = cli_json_new("locate");
    cli_json_add_number(o, "lon", lon);
    cli_json_add_number(o, "lat", lat);
    cli_json_add_text(o, "party", l->party < 0 ? NULL : l->party_code);
    cli_json_add_int(o, "party_index", l->party);
    cli_json_add_bool(o, "on_border", l->on_border);
    cli_json_add_number(o, "distance_m", l->distance_m);
    cli_json_add_number(o, "foot_lon", l->foot_lon);
    cli_json_add_number(o, "foot_lat", l->foot_lat);
    cli_json_add_number(o, "chainage_m", l->chainage_m);
    cli_json_add_int(o, "edge", (int64_t)l->edge);
    cli_json_add_text(o, "nearest_sign", s ? s->id : NULL);
    cli_json_add_number(o, "nearest_sign_m", l->nearest_sign_m);
    cli_json_add_text(o, "edge_model", demarc_edge_model_name(in->edge_model));
    cli_json_print(o, stdout);
}

/* Locate and write the points waiting in the chunk. */
static int flush_chunk(demarc_ctx *ctx, const demarc_border *b, const demarc_locate_options *o,
                       stream_state *st)
{
    if (!st->n) return EXIT_OK;
    demarc_status rc = demarc_locate_batch(ctx, b, st->n, st->lon, 0, st->lat, 0, o, st->out, 0);
    if (rc) return cli_lib_error("locate", ctx, rc);
    for (size_t k = 0; k < st->n; k++) print_row(b, st, k);
    if (cli_stdout_failed("locate")) return EXIT_USAGE; /* stop at a write error */
    st->done += st->n;
    st->n = 0;
    st->off[0] = 0;
    if (st->tty && st->done % (16 * CHUNK) == 0)
        fprintf(stderr, "\rdemarc locate: %lu points", st->done);
    return EXIT_OK;
}

/* A malformed line: write what came before it, then say where it failed. */
static int bad_line(demarc_ctx *ctx, const demarc_border *b, const demarc_locate_options *o,
                    stream_state *st, const char *fmt, ...)
{
    int code = flush_chunk(ctx, b, o, st);
    fflush(stdout);
    va_list ap;
    va_start(ap, fmt);
    fputs("demarc locate: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return code ? code : EXIT_USAGE;
}

/* Append to the chunk's carried text; 0 when out of memory. */
static int put_text(stream_state *st, const char *s, size_t n)
{
    size_t end = st->off[st->n + 1];
    if (end + n + 1 > st->textcap) {
        size_t cap = st->textcap ? 2 * st->textcap : 1 << 16;
        while (cap < end + n + 1) cap *= 2;
        char *t = realloc(st->text, cap);
        if (!t) return 0;
        st->text = t;
        st->textcap = cap;
    }
    memcpy(st->text + end, s, n);
    st->off[st->n + 1] = end + n;
    return 1;
}

/* A CSV field as written, quoted when it must be (RFC 4180, 2.6-2.7: a
 * comma, a quote, a line break; and a blank at either end, which readers
 * that trim, cli_split_record among them, would lose), through put(u, text,
 * length) (0: out of memory).  GDAL's CPLEscapeString(CPLES_CSV) leaves
 * the blanks unquoted and aborts the process when memory runs out. */
static int write_csv_field(int (*put)(void *, const char *, size_t), void *u, const char *v,
                           int first)
{
    size_t n = strlen(v);
    if (!first && !put(u, ",", 1)) return 0;
    if (!v[strcspn(v, ",\"\r\n")] && (!n || (v[0] != ' ' && v[n - 1] != ' ')))
        return put(u, v, n);
    if (!put(u, "\"", 1)) return 0;
    for (const char *p = v; *p; p++)
        if (!put(u, p, 1) || (*p == '"' && !put(u, "\"", 1))) return 0;
    return put(u, "\"", 1);
}

static int put_chunk_text(void *st, const char *s, size_t n) { return put_text(st, s, n); }
static int put_stdout(void *u, const char *s, size_t n)
{
    (void)u;
    fwrite(s, 1, n, stdout); /* a write error shows in ferror(stdout), checked after */
    return 1;
}

/* A JSON string (escaped by json-c) into the chunk's text. */
static int put_json_string(stream_state *st, const char *v)
{
    size_t n;
    const char *q = cli_json_quote(&st->quote, v, &n);
    return put_text(st, q, n);
}

static int is_name(const char *s, const char *const *names)
{
    for (; *names; names++)
        if (!strcasecmp(s, *names)) return 1;
    return 0;
}

/* The header row, or the layout of a file without one. */
static int read_layout(stream_state *st, const cli_record *r, unsigned long lineno, int *header)
{
    static const char *const lon_names[] = {"lon", "longitude", "lng", "x", NULL};
    static const char *const lat_names[] = {"lat", "latitude", "y", NULL};
    double v;
    *header = r->n < 2 || !cli_parse_number(r->f[0], r->f[0] + strlen(r->f[0]), &v) ||
              !cli_parse_number(r->f[1], r->f[1] + strlen(r->f[1]), &v);
    st->nfields = r->n;
    st->lon_col = st->lat_col = -1;
    for (size_t c = 0; c < r->n; c++) {
        if (*header) {
            snprintf(st->names[c], sizeof st->names[c], "%s", r->f[c]);
            if (st->lon_col < 0 && is_name(r->f[c], lon_names)) st->lon_col = (int)c;
            else if (st->lat_col < 0 && is_name(r->f[c], lat_names)) st->lat_col = (int)c;
        } else {
            snprintf(st->names[c], sizeof st->names[c], "%s",
                     c == 0 ? "lon" : c == 1 ? "lat" : "");
            if (c > 1) snprintf(st->names[c], sizeof st->names[c], "field_%zu", c + 1);
        }
    }
    if (!*header) {
        st->lon_col = 0;
        st->lat_col = 1;
    }
    (void)lineno;
    return st->lon_col >= 0 && st->lat_col >= 0;
}

/* Why field text cannot be carried to CSV and GeoJSON (NULL: it can):
 * invalid UTF-8, or a control character other than the line break a
 * quoted field may hold (both outputs escape it). */
static const char *carried_text_problem(const char *s, char *why, size_t size)
{
    int fatal;
    const char *problem = demarc__text_problem(s, why, size, &fatal);
    if (!problem || fatal) return problem;
    for (size_t i = 0; s[i]; i++) {
        unsigned c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\n') || c == 0x7f) {
            snprintf(why, size, "control character U+%04X at byte %zu", c, i + 1);
            return why;
        }
    }
    return NULL;
}

/* Read the points on stdin, write one CSV row or GeoJSON feature per
 * point; memory is one chunk whatever the input length. */
static int stream(demarc_ctx *ctx, const demarc_border *b, const demarc_locate_options *o,
                  out_format format)
{
    stream_state *st = calloc(1, sizeof *st);
    cli_record *rec = malloc(sizeof *rec);
    if (!st || !rec) {
        free(st);
        free(rec);
        fprintf(stderr, "demarc locate: out of memory\n");
        return EXIT_USAGE;
    }
    st->tty = isatty(STDERR_FILENO);
    st->format = format;
    char line[LINE_MAX_LEN + 2];
    unsigned long lineno = 0, physical = 0; /* the record's first line; lines read */
    int code = EXIT_OK, header_done = 0;
    if (format == OUT_GEOJSON) printf("{\"type\":\"FeatureCollection\",\"features\":[\n");
    while (code == EXIT_OK && fgets(line, sizeof line, stdin)) {
        lineno = ++physical;
        size_t len = strlen(line);
        if (len > LINE_MAX_LEN && line[len - 1] != '\n') {
            code = bad_line(ctx, b, o, st, "stdin line %lu: longer than %d characters", lineno,
                            LINE_MAX_LEN);
            break;
        }
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        char *p = line;
        if (lineno == 1 && !strncmp(p, "\xef\xbb\xbf", 3)) p += 3, len -= 3; /* UTF-8 BOM */
        size_t skip = strspn(p, " \t");
        if (p[skip] == '\0' || p[skip] == '#') continue; /* blank lines, comments */
        /* A quoted field may hold line breaks (RFC 4180, 2.6): while the
         * record ends inside an open quoted field, the next line belongs
         * to it, joined by '\n', up to LINE_MAX_LEN characters in all. */
        int sr, too_long = 0;
        while ((sr = cli_split_record(p, len, rec)) == RECORD_OPEN) {
            char *next = p + len + 1;
            size_t room = (size_t)(line + LINE_MAX_LEN + 1 - next); /* with the NUL */
            if (strlen(p) != len) break; /* a NUL byte: named below */
            if (room < 2) {
                too_long = 1;
                break;
            }
            if (!fgets(next, (int)room, stdin)) break; /* end of input: an open quote */
            physical++;
            size_t add = strlen(next);
            if (add == room - 1 && next[add - 1] != '\n') {
                too_long = 1;
                break;
            }
            p[len] = '\n';
            while (add && (next[add - 1] == '\n' || next[add - 1] == '\r')) next[--add] = '\0';
            len += 1 + add;
        }
        if (strlen(p) != len) {
            code = bad_line(ctx, b, o, st, "stdin line %lu: a NUL byte", lineno);
            break;
        }
        if (too_long) {
            code = bad_line(ctx, b, o, st,
                            "stdin line %lu: a record longer than %d characters (a quote "
                            "left open?)",
                            lineno, LINE_MAX_LEN);
            break;
        }
        if (sr) {
            code = bad_line(ctx, b, o, st, "stdin line %lu: %s", lineno,
                            sr == RECORD_OPEN       ? "a quote not closed by the end of the input"
                            : sr == RECORD_QUOTE    ? "a quote not closed, or text after one"
                            : sr == RECORD_TOO_MANY ? "more than 64 fields"
                                                    : "too long");
            break;
        }
        /* What is carried to CSV and GeoJSON must be UTF-8 text. */
        char why[96];
        size_t bad = 0;
        while (bad < rec->n && !carried_text_problem(rec->f[bad], why, sizeof why)) bad++;
        if (bad < rec->n) {
            code = bad_line(ctx, b, o, st, "stdin line %lu: field %zu: %s", lineno, bad + 1, why);
            break;
        }
        if (!header_done) {
            int header;
            header_done = 1;
            if (!read_layout(st, rec, lineno, &header)) {
                code = bad_line(ctx, b, o, st,
                                "stdin line %lu: the header row names no lon and lat columns "
                                "(lon|longitude|lng|x, lat|latitude|y)",
                                lineno);
                break;
            }
            if (format == OUT_CSV) {
                for (size_t c = 0; c < st->nfields; c++)
                    write_csv_field(put_stdout, NULL, st->names[c], c == 0);
                printf(",party,on_border,distance_m,chainage_m,nearest_sign\n");
            }
            if (header) continue;
        }
        if (rec->n != st->nfields) {
            code = bad_line(ctx, b, o, st,
                            "stdin line %lu: %zu fields where the %s has %zu ('%.60s')", lineno,
                            rec->n, lineno == 1 ? "first line" : "header or first line",
                            st->nfields, p);
            break;
        }
        double x, y;
        const char *fx = rec->f[st->lon_col], *fy = rec->f[st->lat_col];
        if (!cli_parse_number(fx, fx + strlen(fx), &x) ||
            !cli_parse_number(fy, fy + strlen(fy), &y)) {
            code = bad_line(ctx, b, o, st,
                            "stdin line %lu: expected numbers for %s and %s, got '%.60s'",
                            lineno, st->names[st->lon_col], st->names[st->lat_col], p);
            break;
        }
        if (x < -180 || x > 180 || y < -90 || y > 90) {
            code = bad_line(ctx, b, o, st, "stdin line %lu: lon/lat (%g, %g) out of range",
                            lineno, x, y);
            break;
        }
        int ok = 1;
        st->off[st->n + 1] = st->off[st->n];
        for (size_t c = 0; c < rec->n && ok; c++) {
            if (format == OUT_CSV) {
                ok = write_csv_field(put_chunk_text, st, rec->f[c], c == 0);
            } else if ((int)c != st->lon_col && (int)c != st->lat_col) {
                ok = put_json_string(st, st->names[c]) && put_text(st, ":", 1) &&
                     put_json_string(st, rec->f[c]) && put_text(st, ",", 1);
            }
        }
        if (!ok) {
            code = bad_line(ctx, b, o, st, "out of memory");
            break;
        }
        st->lon[st->n] = x;
        st->lat[st->n] = y;
        if (++st->n == CHUNK) code = flush_chunk(ctx, b, o, st);
    }
    if (code == EXIT_OK && ferror(stdin)) {
        fprintf(stderr, "demarc locate: error reading stdin after line %lu\n", lineno);
        code = EXIT_USAGE;
    }
    if (code == EXIT_OK) code = flush_chunk(ctx, b, o, st);
    if (code == EXIT_OK && format == OUT_CSV && !header_done)
        printf("lon,lat,party,on_border,distance_m,chainage_m,nearest_sign\n");
    if (code == EXIT_OK && format == OUT_GEOJSON) printf("\n]}\n");
    if (st->tty && st->done) fprintf(stderr, "\rdemarc locate: %lu points\n", st->done);
    if ((fflush(stdout) || ferror(stdout)) && code == EXIT_OK)
        code = EXIT_USAGE; /* main() names the write error */
    json_object_put(st->quote);
    free(st->text);
    free(st);
    free(rec);
    return code;
}

/* demarc locate FILE -o OUT: every point of a GDAL point layer, written
 * back as a copy with the location fields (demarc_locate_file). */
static int locate_file(const cli_common *c, const char *in, const char *out,
                       const char *layer, int force, double tol)
{
    if (!out)
        return cli_usage_error("locate", "'demarc locate FILE' needs -o OUT (the copy with "
                               "the location fields; FILE itself is not changed)");
    demarc_ctx *ctx = NULL;
    demarc_border *b = cli_open_border(c, &ctx, "locate");
    if (!b) { demarc_ctx_free(ctx); return EXIT_USAGE; }
    demarc_locate_file_options o = DEMARC_LOCATE_FILE_OPTIONS_INIT;
    o.layer = layer;
    o.on_border_tolerance_m = tol;
    o.flags = force ? DEMARC_LOCATE_FILE_REPLACE : 0u;
    size_t n = 0;
    demarc_status rc = demarc_locate_file(ctx, b, in, out, &o, &n);
    int code = EXIT_OK;
    if (rc) {
        code = cli_lib_error("locate", ctx, rc);
    } else if (c->json) {
        json_object *j = cli_json_new("locate");
        cli_json_add_text(j, "input", in);
        cli_json_add_text(j, "output", out);
        cli_json_add_int(j, "points", (int64_t)n);
        cli_json_print(j, stdout);
    } else {
        printf("wrote %s: %zu points located (fields party, on_border, distance_m, "
               "chainage_m, nearest_sign, nearest_sign_m)\n", out, n);
    }
    demarc_border_free(b);
    demarc_ctx_free(ctx);
    return code;
}

int cmd_locate(int argc, char **argv)
{
    cli_common c = {0};
    const char *pos[2] = {NULL, NULL};
    int npos = 0, use_stdin = 0;
    out_format format = OUT_CSV;
    double tol = 0;
    const char *output = NULL, *layer = NULL;
    int force = 0;
    enum { OPT_FORCE = CLI_OPT_OWN, OPT_LAYER, OPT_FORMAT, OPT_TOLERANCE };
    static const struct option longopts[] = {
        {"force", no_argument, NULL, OPT_FORCE},
        {"output", required_argument, NULL, 'o'},
        {"layer", required_argument, NULL, OPT_LAYER},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"tolerance", required_argument, NULL, OPT_TOLERANCE},
        CLI_BORDER_OPTIONS, CLI_JSON_OPTION, CLI_HELP_OPTION, CLI_OPTIONS_END};
    cli_getopt g;
    cli_getopt_init(&g, argc, argv, "locate", "ho:", longopts, &c);
    for (int opt; (opt = cli_getopt_next(&g)) != -1;) {
        switch (opt) {
        case 'h': print_help(); return EXIT_OK;
        case OPT_FORCE: force = 1; break;
        case 'o': output = g.arg; break;
        case OPT_LAYER: layer = g.arg; break;
        case OPT_FORMAT:
            if (!strcmp(g.arg, "csv")) format = OUT_CSV;
            else if (!strcmp(g.arg, "geojson")) format = OUT_GEOJSON;
            else return cli_usage_error("locate", "--format: '%s' is not csv or geojson", g.arg);
            break;
        case OPT_TOLERANCE:
            if (!cli_number(g.arg, &tol) || tol < 0)
                return cli_usage_error("locate", "--tolerance: '%s' is not a distance in metres",
                                       g.arg);
            break;
        case CLI_ARG: /* LON LAT (a negative number is one), '-' or FILE */
            if (!strcmp(g.arg, "-")) { use_stdin = 1; break; }
            if (npos == 2) return cli_usage_error("locate", "unexpected argument '%s'", g.arg);
            pos[npos++] = g.arg;
            break;
        default: return EXIT_USAGE;
        }
    }
    double probe;
    if (!use_stdin && npos == 1 && !cli_number(pos[0], &probe))
        return locate_file(&c, pos[0], output, layer, force, tol);
    if (output || layer || force)
        return cli_usage_error("locate", "-o, --layer and --force go with 'demarc locate FILE'");
    if (use_stdin && npos) return cli_usage_error("locate", "give either LON LAT or '-'");
    if (use_stdin && c.json)
        return cli_usage_error("locate", "--json is for one point; '-' writes CSV");
    if (!use_stdin && npos != 2)
        return cli_usage_error("locate", "needs LON LAT or '-' (see --help)");
    double lon = 0, lat = 0;
    if (!use_stdin) {
        if (!cli_number(pos[0], &lon))
            return cli_usage_error("locate", "longitude '%s' is not a number", pos[0]);
        if (!cli_number(pos[1], &lat))
            return cli_usage_error("locate", "latitude '%s' is not a number", pos[1]);
    }
    demarc_ctx *ctx = NULL;
    demarc_border *b = cli_open_border(&c, &ctx, "locate");
    if (!b) { demarc_ctx_free(ctx); return EXIT_USAGE; }
    demarc_locate_options o = DEMARC_LOCATE_OPTIONS_INIT;
    o.on_border_tolerance_m = tol;
    int code = EXIT_OK;
    if (use_stdin) {
        code = stream(ctx, b, &o, format);
    } else {
        demarc_location l;
        demarc_status rc = demarc_locate(ctx, b, lon, lat, &o, &l);
        if (rc) {
            code = cli_lib_error("locate", ctx, rc);
        } else {
            const demarc_border_info *in = demarc_border_info_get(b);
            const demarc_sign *s = demarc_border_sign(b, l.nearest_sign);
            const char *name = l.party == 0 ? in->left_name : l.party == 1 ? in->right_name : "";
            if (c.json) {
                print_location_json(lon, lat, &l, s, in);
            } else {
                if (l.party >= 0)
                    printf("%.9g %.9g: in %s (%s)%s\n", lon, lat, name[0] ? name : l.party_code,
                           l.party_code, l.on_border ? ", on the border" : "");
                else
                    printf("%.9g %.9g: in neither %s nor %s\n", lon, lat, in->left_party,
                           in->right_party);
                printf("distance to the border: %.3f m (%s edges on WGS 84)\n", l.distance_m,
                       demarc_edge_model_name(in->edge_model));
                printf("nearest point of the line: %.9f %.9f, chainage %.3f m (edge %zu)\n",
                       l.foot_lon, l.foot_lat, l.chainage_m, l.edge);
                if (s) printf("nearest sign: %s, %.3f m away\n", s->id, l.nearest_sign_m);
            }
        }
    }
    demarc_border_free(b);
    demarc_ctx_free(ctx);
    return code;
}
