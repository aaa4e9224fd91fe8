/* cmd_locate.c -- demarc locate: which state a point is in, how far from
 * the border, where along it, which sign is nearest.
 *
 *   demarc locate LON LAT [--json]     one point
 *   demarc locate -                    CSV "lon,lat" lines on stdin, CSV out
 *
 * The stream mode works in chunks of CHUNK points through
 * demarc_locate_batch, so memory stays constant whatever the input size. */
#include "cli.h"
#include "lonlat_line.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK 4096
#define LINE_MAX_LEN 4096

static void print_help(void)
{
    printf("usage: demarc locate LON LAT [--tolerance M] [--border PATH] [--edges MODEL] [--json]\n"
           "       demarc locate - [--format csv|geojson] [--tolerance M] [--border PATH]\n"
           "                     [--edges MODEL]\n"
           "Which party's territory a WGS 84 point (degrees, longitude first) lies in, its\n"
           "geodesic distance to the border line, the chainage of the nearest point of the\n"
           "line and the nearest sign.  With '-', reads CSV lines 'lon,lat' from stdin (an\n"
           "optional header line 'lon,lat') and writes CSV with the header\n"
           "lon,lat,party,distance_m,chainage_m,nearest_sign, or with --format geojson a\n"
           "GeoJSON FeatureCollection of points (RFC 7946) to drop into QGIS.  A\n"
           "malformed line stops the run (exit 2) after the rows before it are written.\n");
}

/* Output format of the stream mode. */
typedef enum { OUT_CSV, OUT_GEOJSON } out_format;

/* State of the stream mode: one chunk of points in flight. */
typedef struct stream_state {
    double lon[CHUNK], lat[CHUNK];
    demarc_location out[CHUNK];
    size_t n;              /* points waiting in the chunk */
    unsigned long done;    /* points written */
    int tty;               /* stderr is a terminal: show progress */
    out_format format;
} stream_state;

static void print_row(const demarc_border *b, const stream_state *st, size_t k)
{
    const demarc_location *l = &st->out[k];
    const demarc_sign *s = demarc_border_sign(b, l->nearest_sign);
    if (st->format == OUT_CSV) {
        printf("%.9g,%.9g,%s,%.3f,%.3f,%s\n", st->lon[k], st->lat[k], l->party_code,
               l->distance_m, l->chainage_m, s ? s->id : "");
        return;
    }
    printf("%s{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.9g,%.9g]},"
           "\"properties\":{\"party\":",
           st->done + k ? ",\n" : "", st->lon[k], st->lat[k]);
    if (l->party < 0) printf("null"); else json_string(stdout, l->party_code);
    printf(",\"on_border\":%s,\"distance_m\":%.3f,\"chainage_m\":%.3f,\"nearest_sign\":",
           l->on_border ? "true" : "false", l->distance_m, l->chainage_m);
    if (s) json_string(stdout, s->id); else printf("null");
    printf(",\"nearest_sign_m\":%.3f}}", l->nearest_sign_m);
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

/* Read "lon,lat" lines from stdin, write one CSV row or GeoJSON feature
 * per point; memory is one chunk whatever the input length. */
static int stream(demarc_ctx *ctx, const demarc_border *b, const demarc_locate_options *o,
                  out_format format)
{
    stream_state *st = calloc(1, sizeof *st);
    if (!st) {
        fprintf(stderr, "demarc locate: out of memory\n");
        return EXIT_USAGE;
    }
    st->tty = isatty(STDERR_FILENO);
    st->format = format;
    char line[LINE_MAX_LEN + 2];
    unsigned long lineno = 0;
    int code = EXIT_OK;
    if (format == OUT_CSV) printf("lon,lat,party,distance_m,chainage_m,nearest_sign\n");
    else printf("{\"type\":\"FeatureCollection\",\"features\":[\n");
    while (code == EXIT_OK && fgets(line, sizeof line, stdin)) {
        lineno++;
        size_t len = strlen(line);
        if (len > LINE_MAX_LEN && line[len - 1] != '\n') {
            code = bad_line(ctx, b, o, st, "stdin line %lu: longer than %d characters", lineno,
                            LINE_MAX_LEN);
            break;
        }
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        if (len == 0) continue; /* blank lines are skipped */
        if (lineno == 1 && !strncmp(line, "lon,lat", 7)) continue;
        double x, y;
        int pr = cli_parse_lonlat_line(line, len, &x, &y);
        if (pr == LONLAT_MALFORMED) {
            code = bad_line(ctx, b, o, st,
                            "stdin line %lu: expected 'lon,lat' (two numbers), got '%.60s'",
                            lineno, line);
            break;
        }
        if (pr == LONLAT_RANGE) {
            code = bad_line(ctx, b, o, st, "stdin line %lu: lon/lat (%g, %g) out of range",
                            lineno, x, y);
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
    if (code == EXIT_OK && format == OUT_GEOJSON) printf("\n]}\n");
    if (st->tty && st->done) fprintf(stderr, "\rdemarc locate: %lu points\n", st->done);
    if ((fflush(stdout) || ferror(stdout)) && code == EXIT_OK)
        code = EXIT_USAGE; /* main() names the write error */
    free(st);
    return code;
}

int cmd_locate(int argc, char **argv)
{
    cli_common c = {0};
    const char *pos[2] = {NULL, NULL};
    int npos = 0, use_stdin = 0;
    out_format format = OUT_CSV;
    double tol = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help")) { print_help(); return EXIT_OK; }
        if (!strcmp(argv[i], "-")) { use_stdin = 1; continue; }
        if (!strcmp(argv[i], "--format")) {
            if (i + 1 >= argc) return cli_usage_error("locate", "--format needs csv or geojson");
            if (!strcmp(argv[i + 1], "csv")) format = OUT_CSV;
            else if (!strcmp(argv[i + 1], "geojson")) format = OUT_GEOJSON;
            else return cli_usage_error("locate", "--format: '%s' is not csv or geojson",
                                        argv[i + 1]);
            i++;
            continue;
        }
        if (!strcmp(argv[i], "--tolerance")) {
            if (i + 1 >= argc) return cli_usage_error("locate", "--tolerance needs metres");
            if (!cli_parse_number(argv[i + 1], argv[i + 1] + strlen(argv[i + 1]), &tol) || tol < 0)
                return cli_usage_error("locate", "--tolerance: '%s' is not a distance in metres",
                                       argv[i + 1]);
            i++;
            continue;
        }
        /* a negative longitude is a value, not an option */
        if (argv[i][0] == '-' && !(argv[i][1] >= '0' && argv[i][1] <= '9') && argv[i][1] != '.') {
            int r = cli_common_option(&c, argc, argv, &i, "locate");
            if (r < 0) return EXIT_USAGE;
            if (r == 0) return cli_usage_error("locate", "unknown option '%s'", argv[i]);
            continue;
        }
        if (npos == 2) return cli_usage_error("locate", "unexpected argument '%s'", argv[i]);
        pos[npos++] = argv[i];
    }
    if (use_stdin && npos) return cli_usage_error("locate", "give either LON LAT or '-'");
    if (use_stdin && c.json)
        return cli_usage_error("locate", "--json is for one point; '-' writes CSV");
    if (!use_stdin && npos != 2)
        return cli_usage_error("locate", "needs LON LAT or '-' (see --help)");
    double lon = 0, lat = 0;
    if (!use_stdin) {
        if (!cli_parse_number(pos[0], pos[0] + strlen(pos[0]), &lon))
            return cli_usage_error("locate", "longitude '%s' is not a number", pos[0]);
        if (!cli_parse_number(pos[1], pos[1] + strlen(pos[1]), &lat))
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
                json_begin(stdout, "locate");
                printf(",\n  \"lon\": %.9g,\n  \"lat\": %.9g,\n  \"party\": ", lon, lat);
                if (l.party < 0) printf("null"); else json_string(stdout, l.party_code);
                printf(",\n  \"party_index\": %d,\n  \"on_border\": %s,\n  \"distance_m\": ",
                       l.party, l.on_border ? "true" : "false");
                json_number(stdout, l.distance_m, 3);
                printf(",\n  \"foot_lon\": ");
                json_number(stdout, l.foot_lon, 9);
                printf(",\n  \"foot_lat\": ");
                json_number(stdout, l.foot_lat, 9);
                printf(",\n  \"chainage_m\": ");
                json_number(stdout, l.chainage_m, 3);
                printf(",\n  \"edge\": %zu,\n  \"nearest_sign\": ", l.edge);
                if (s) json_string(stdout, s->id); else printf("null");
                printf(",\n  \"nearest_sign_m\": ");
                json_number(stdout, l.nearest_sign_m, 3);
                printf(",\n  \"edge_model\": ");
                json_string(stdout, demarc_edge_model_name(in->edge_model));
                printf("\n}\n");
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
