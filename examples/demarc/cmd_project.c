/* cmd_project.c -- demarc project: transform coordinates between CRSs,
 * one point per line. */
#include "cli.h"
#include "cli_text_fields.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void print_help(void)
{
    printf("usage: demarc project --to CRS [--from CRS] [--operation OP] [--allow-ballpark]\n"
           "                      [--outside-area] [--verbose] [FILE|-]\n"
           "Transform points, one per line: 'x y [z]' or 'x,y[,z]' (longitude first\n"
           "for a geographic CRS, degrees; easting first for a projected one). The\n"
           "output uses the input's separator. CRS: EPSG code, WKT, PROJJSON, PROJ\n"
           "string or an exact CRS name; --from defaults to EPSG:4326 (WGS 84). One\n"
           "operation is chosen for the whole KZ-UZ border area (e.g. EPSG:15865 for\n"
           "SK-42); --operation forces one ('EPSG:15865', usable in either direction,\n"
           "or a PROJ pipeline). PROJ's ballpark operations (no datum shift known)\n"
           "are refused unless --allow-ballpark. A point out of range (latitude 95)\n"
           "or outside the area of use of either CRS is an error; --outside-area\n"
           "accepts points outside the area of use. Empty lines and lines starting\n"
           "with '#' are copied through. The operation used is printed to stderr with\n"
           "--verbose. Errors name the line; exit 2.\n");
    cli_common_help(0, 0);
}

/* The 2 or 3 numbers of line[0..len): the record splitter of `demarc
 * locate -` (blanks, or commas when there is one) and the strict number
 * parser of every argument.  Returns the count, 0 when malformed; *comma
 * set when comma-separated. */
static int parse_line(const char *line, size_t len, cli_record *r, double v[3], int *comma)
{
    if (cli_split_record(line, len, r) || r->n < 2 || r->n > 3) return 0;
    for (size_t k = 0; k < r->n; k++)
        if (!cli_parse_number(r->f[k], r->f[k] + strlen(r->f[k]), &v[k])) return 0;
    *comma = r->comma;
    return (int)r->n;
}

int cmd_project(int argc, char **argv)
{
    const char *from = "EPSG:4326", *to = NULL, *op = NULL, *file = NULL;
    int verbose = 0, ballpark = 0, outside = 0;
    enum { OPT_VERBOSE = CLI_OPT_OWN, OPT_BALLPARK, OPT_OUTSIDE, OPT_FROM, OPT_TO, OPT_OPERATION };
    static const struct option longopts[] = {
        {"verbose", no_argument, NULL, OPT_VERBOSE},
        {"allow-ballpark", no_argument, NULL, OPT_BALLPARK},
        {"outside-area", no_argument, NULL, OPT_OUTSIDE},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"operation", required_argument, NULL, OPT_OPERATION},
        CLI_HELP_OPTION, CLI_OPTIONS_END};
    cli_getopt g;
    cli_getopt_init(&g, argc, argv, "project", "h", longopts, NULL);
    for (int opt; (opt = cli_getopt_next(&g)) != -1;) {
        switch (opt) {
        case 'h': print_help(); return EXIT_OK;
        case OPT_VERBOSE: verbose = 1; break;
        case OPT_BALLPARK: ballpark = 1; break;
        case OPT_OUTSIDE: outside = 1; break;
        case OPT_FROM: from = g.arg; break;
        case OPT_TO: to = g.arg; break;
        case OPT_OPERATION: op = g.arg; break;
        case CLI_ARG:
            if (file) return cli_usage_error("project", "one input file only ('%s')", g.arg);
            file = g.arg;
            break;
        default: return EXIT_USAGE;
        }
    }
    if (!to) return cli_usage_error("project", "--to CRS is required");
    FILE *in = stdin;
    const char *name = "<stdin>";
    if (file && strcmp(file, "-")) {
        in = fopen(file, "r");
        if (!in) return cli_usage_error("project", "%s: %s", file, strerror(errno));
        name = file;
    }
    demarc_ctx *ctx = NULL;
    if (demarc_ctx_new(&ctx)) {
        if (in != stdin) fclose(in);
        return cli_usage_error("project", "out of memory");
    }
    demarc_transform *t = NULL;
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.operation = op;
    o.allow_ballpark = ballpark;
    o.check_range = !outside;
    int geo = 0, from_geo = 0, code = EXIT_OK;
    demarc_status rc = demarc_transform_new(ctx, &t, from, to, &o);
    if (!rc) rc = demarc_crs_geographic(ctx, to, &geo);
    if (!rc) rc = demarc_crs_geographic(ctx, from, &from_geo);
    if (rc) {
        code = cli_lib_error("project", ctx, rc);
    } else {
        if (verbose) {
            const char *on, *oc;
            double acc;
            demarc_transform_operation(t, &on, &oc, &acc);
            fprintf(stderr, "demarc project: operation %s%s%s%s, accuracy %s%g m\n", on,
                    oc[0] ? " (" : "", oc, oc[0] ? ")" : "", acc < 0 ? "unknown " : "",
                    acc < 0 ? 0.0 : acc);
        }
        char line[4096];
        cli_record rec;
        long lineno = 0;
        int decimals = geo ? 9 : 4; /* 1e-9 deg ~ 0.1 mm; 0.1 mm */
        while (fgets(line, sizeof line, in)) {
            lineno++;
            size_t len = strlen(line);
            if (len == sizeof line - 1 && line[len - 1] != '\n') {
                code = cli_usage_error("project", "%s: line %ld: too long", name, lineno);
                break;
            }
            char *p = line;
            while (*p == ' ' || *p == '\t') p++;
            if (*p == '\0' || *p == '\n' || *p == '\r' || *p == '#') {
                fputs(line, stdout);
                continue;
            }
            double v[3] = {0, 0, 0};
            int comma = 0, n = parse_line(p, strcspn(p, "\r\n"), &rec, v, &comma);
            if (!n) {
                line[strcspn(line, "\r\n")] = '\0';
                code = cli_usage_error("project",
                                       "%s: line %ld: '%.60s' is not 'x y [z]' or 'x,y[,z]'",
                                       name, lineno, line);
                break;
            }
            /* --outside-area: the library checks no range; lon/lat still must be. */
            if (outside && from_geo && !(fabs(v[0]) <= 180 && fabs(v[1]) <= 90)) {
                fprintf(stderr, "demarc project: %s: line %ld: lon/lat (%g, %g) out of range\n",
                        name, lineno, v[0], v[1]);
                code = EXIT_USAGE;
                break;
            }
            rc = demarc_transform_apply(ctx, t, 1, &v[0], sizeof(double), &v[1],
                                        sizeof(double), n == 3 ? &v[2] : NULL, sizeof(double));
            if (rc) {
                fprintf(stderr, "demarc project: %s: line %ld: %s: %s\n", name, lineno,
                        demarc_status_str(rc), demarc_ctx_errmsg(ctx));
                code = EXIT_USAGE;
                break;
            }
            const char *sep = comma ? "," : " ";
            printf("%.*f%s%.*f", decimals, v[0], sep, decimals, v[1]);
            if (n == 3) printf("%s%.4f", sep, v[2]);
            putchar('\n');
        }
        if (code == EXIT_OK && ferror(in))
            code = cli_usage_error("project", "%s: read error", name);
    }
    demarc_transform_free(t);
    demarc_ctx_free(ctx);
    if (in != stdin) fclose(in);
    return code;
}
