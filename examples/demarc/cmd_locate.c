/* cmd_locate.c -- demarc locate: which state a point is in, how far from
 * the border, where along it, which sign is nearest.
 *
 *   demarc locate LON LAT [--json]     one point
 *   demarc locate -                    CSV "lon,lat" lines on stdin, CSV out
 *
 * The stream mode works in chunks of CHUNK points through
 * demarc_locate_batch, so memory stays constant whatever the input size. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK 4096
#define LINE_MAX_LEN 4096

static void print_help(void)
{
    printf("usage: demarc locate LON LAT [--tolerance M] [--border PATH] [--edges MODEL] [--json]\n"
           "       demarc locate - [--tolerance M] [--border PATH] [--edges MODEL]\n"
           "Which party's territory a WGS 84 point (degrees, longitude first) lies in, its\n"
           "geodesic distance to the border line, the chainage of the nearest point of the\n"
           "line and the nearest sign.  With '-', reads CSV lines 'lon,lat' from stdin (an\n"
           "optional header line 'lon,lat') and writes CSV with the header\n"
           "lon,lat,party,distance_m,chainage_m,nearest_sign.\n");
}

/* Parse a number that must fill [s, end) exactly (spaces around allowed). */
static int parse_num(const char *s, const char *end, double *v)
{
    while (s < end && (*s == ' ' || *s == '\t')) s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) end--;
    if (s == end || end - s > 64) return 0;
    char buf[72];
    memcpy(buf, s, (size_t)(end - s));
    buf[end - s] = '\0';
    char *e;
    errno = 0;
    *v = strtod(buf, &e);
    return *e == '\0' && errno == 0 && isfinite(*v);
}

static void print_row(const demarc_border *b, double lon, double lat, const demarc_location *l)
{
    const demarc_sign *s = demarc_border_sign(b, l->nearest_sign);
    printf("%.9g,%.9g,%s,%.3f,%.3f,%s\n", lon, lat, l->party_code, l->distance_m, l->chainage_m,
           s ? s->id : "");
}

static int progress_tty;

static int stream(demarc_ctx *ctx, const demarc_border *b, const demarc_locate_options *o)
{
    static double lon[CHUNK], lat[CHUNK];
    static demarc_location out[CHUNK];
    char line[LINE_MAX_LEN + 2];
    unsigned long lineno = 0, done = 0;
    size_t n = 0;
    int eof = 0;
    printf("lon,lat,party,distance_m,chainage_m,nearest_sign\n");
    while (!eof) {
        if (fgets(line, sizeof line, stdin)) {
            lineno++;
            size_t len = strlen(line);
            if (len > LINE_MAX_LEN && line[len - 1] != '\n') {
                fflush(stdout);
                fprintf(stderr, "demarc locate: stdin line %lu: longer than %d characters\n",
                        lineno, LINE_MAX_LEN);
                return EXIT_USAGE;
            }
            while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
            if (len == 0) continue; /* blank lines are skipped */
            if (lineno == 1 && !strncmp(line, "lon,lat", 7)) continue;
            char *comma = strchr(line, ',');
            double x, y;
            if (!comma || strchr(comma + 1, ',') || !parse_num(line, comma, &x) ||
                !parse_num(comma + 1, line + len, &y)) {
                fflush(stdout);
                fprintf(stderr,
                        "demarc locate: stdin line %lu: expected 'lon,lat' (two numbers), got "
                        "'%.60s'\n",
                        lineno, line);
                return EXIT_USAGE;
            }
            if (x < -180 || x > 180 || y < -90 || y > 90) {
                fflush(stdout);
                fprintf(stderr,
                        "demarc locate: stdin line %lu: lon/lat (%g, %g) out of range\n", lineno,
                        x, y);
                return EXIT_USAGE;
            }
            lon[n] = x;
            lat[n] = y;
            n++;
        } else {
            if (ferror(stdin)) {
                fprintf(stderr, "demarc locate: error reading stdin after line %lu\n", lineno);
                return EXIT_USAGE;
            }
            eof = 1;
        }
        if (n == CHUNK || (eof && n)) {
            demarc_status rc = demarc_locate_batch(ctx, b, n, lon, 0, lat, 0, o, out, 0);
            if (rc) return cli_lib_error("locate", ctx, rc);
            for (size_t k = 0; k < n; k++) print_row(b, lon[k], lat[k], &out[k]);
            done += n;
            n = 0;
            if (progress_tty && (done % (16 * CHUNK) == 0 || eof))
                fprintf(stderr, "\rdemarc locate: %lu points", done);
        }
    }
    if (progress_tty && done) fprintf(stderr, "\n");
    if (fflush(stdout)) {
        fprintf(stderr, "demarc locate: cannot write the output\n");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

int cmd_locate(int argc, char **argv)
{
    cli_common c = {0};
    const char *pos[2] = {NULL, NULL};
    int npos = 0, use_stdin = 0;
    double tol = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help")) { print_help(); return EXIT_OK; }
        if (!strcmp(argv[i], "-")) { use_stdin = 1; continue; }
        if (!strcmp(argv[i], "--tolerance")) {
            if (i + 1 >= argc) return cli_usage_error("locate", "--tolerance needs metres");
            if (!parse_num(argv[i + 1], argv[i + 1] + strlen(argv[i + 1]), &tol) || tol < 0)
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
    if (use_stdin && c.json) return cli_usage_error("locate", "--json is for one point; '-' writes CSV");
    if (!use_stdin && npos != 2) return cli_usage_error("locate", "needs LON LAT or '-' (see --help)");
    double lon = 0, lat = 0;
    if (!use_stdin) {
        if (!parse_num(pos[0], pos[0] + strlen(pos[0]), &lon))
            return cli_usage_error("locate", "longitude '%s' is not a number", pos[0]);
        if (!parse_num(pos[1], pos[1] + strlen(pos[1]), &lat))
            return cli_usage_error("locate", "latitude '%s' is not a number", pos[1]);
    }
    demarc_ctx *ctx = NULL;
    demarc_border *b = cli_open_border(&c, &ctx, "locate");
    if (!b) { demarc_ctx_free(ctx); return EXIT_USAGE; }
    demarc_locate_options o = DEMARC_LOCATE_OPTIONS_INIT;
    o.on_border_tolerance_m = tol;
    int code = EXIT_OK;
    if (use_stdin) {
        progress_tty = isatty(STDERR_FILENO);
        code = stream(ctx, b, &o);
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
