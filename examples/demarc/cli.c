/* cli.c -- helpers shared by the demarc subcommands. */
#include "cli.h"
#include "lonlat_line.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "demarc %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'demarc %s --help'.\n", cmd);
    return EXIT_USAGE;
}

int cli_lib_error(const char *cmd, demarc_ctx *ctx, demarc_status rc)
{
    const char *msg = demarc_ctx_errmsg(ctx);
    fprintf(stderr, "demarc %s: %s%s%s\n", cmd, demarc_status_str(rc), msg[0] ? ": " : "", msg);
    return EXIT_USAGE;
}

int cli_common_option(cli_common *c, int argc, char **argv, int *i, const char *cmd)
{
    const char *a = argv[*i];
    if (!strcmp(a, "--json")) { c->json = 1; return 1; }
    const char **path_opt = !strcmp(a, "--border")        ? &c->border_path
                            : !strcmp(a, "--signs")       ? &c->signs_path
                            : !strcmp(a, "--territories") ? &c->territories_path
                            : !strcmp(a, "--metadata")    ? &c->metadata_path
                                                          : NULL;
    if (path_opt || !strcmp(a, "--edges")) {
        if (*i + 1 >= argc) return cli_usage_error(cmd, "%s needs a value", a), -1;
        const char *v = argv[++*i];
        if (path_opt) { *path_opt = v; return 1; }
        for (int m = 0; m <= 2; m++)
            if (!strcmp(v, demarc_edge_model_name((demarc_edge_model)m))) {
                c->edge_model = (demarc_edge_model)m;
                c->edges_given = 1;
                return 1;
            }
        return cli_usage_error(cmd, "--edges: '%s' is not geodesic, rhumb or planar", v), -1;
    }
    return 0;
}

demarc_border *cli_open_border(const cli_common *c, demarc_ctx **ctx, const char *cmd)
{
    demarc_border *b = NULL;
    if (demarc_ctx_new(ctx)) {
        fprintf(stderr, "demarc %s: out of memory\n", cmd);
        return NULL;
    }
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    o.edge_model = c->edge_model;
    o.signs_path = c->signs_path;
    o.territories_path = c->territories_path;
    o.metadata_path = c->metadata_path;
    /* A border file that declares its edge model (an export's metadata,
     * border.json) is read with it, unless --edges says otherwise. */
    o.declared_edge_model = !c->edges_given;
    if (!c->border_path && (c->signs_path || c->territories_path || c->metadata_path)) {
        cli_usage_error(cmd, "--signs, --territories and --metadata go with --border");
        return NULL;
    }
    demarc_status rc = c->border_path ? demarc_border_open(*ctx, &b, c->border_path, &o)
                                      : demarc_border_open_default(*ctx, &b, &o);
    if (rc) cli_lib_error(cmd, *ctx, rc);
    return b;
}

void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const char *p = s ? s : ""; *p;) {
        unsigned char c = (unsigned char)*p;
        size_t n = cli_utf8_seq_len(p);
        if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
        else if (c < 0x20) fprintf(f, "\\u%04x", c);
        else if (!n) fputs("\xef\xbf\xbd", f); /* not UTF-8: U+FFFD, never the byte */
        else fwrite(p, 1, n, f);
        p += n ? n : 1;
    }
    fputc('"', f);
}

void json_number(FILE *f, double v, int decimals)
{
    if (isfinite(v)) fprintf(f, "%.*f", decimals, v);
    else fputs("null", f);
}

void json_begin(FILE *f, const char *command)
{
    fprintf(f, "{\n  \"schema_version\": %d,\n  \"command\": ", DEMARC_JSON_SCHEMA_VERSION);
    json_string(f, command);
}

int cli_parse_file_args(int argc, char **argv, const char *cmd, const char *what,
                        void (*help)(void), cli_common *c, cli_file_args *a)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help")) { help(); return EXIT_OK; }
        const char **text_opt = !strcmp(argv[i], "--layer")       ? &a->layer
                                : !strcmp(argv[i], "--position")  ? &a->position
                                : !strcmp(argv[i], "--operation") ? &a->operation
                                : !strcmp(argv[i], "--section")   ? &a->section
                                                                  : NULL;
        if (text_opt) {
            if (i + 1 >= argc) return cli_usage_error(cmd, "%s needs a value", argv[i]);
            *text_opt = argv[++i];
            continue;
        }
        if (!strcmp(argv[i], "--crs") || !strcmp(argv[i], "--tolerance")) {
            if (i + 1 >= argc) return cli_usage_error(cmd, "%s needs a value", argv[i]);
            if (argv[i][2] == 'c') { a->crs = argv[++i]; continue; }
            char *end;
            a->tolerance = strtod(argv[++i], &end);
            if (end == argv[i] || *end || !(a->tolerance > 0) || a->tolerance > 1e7)
                return cli_usage_error(cmd, "--tolerance: '%s' is not a positive number of metres",
                                       argv[i]);
            continue;
        }
        int r = cli_common_option(c, argc, argv, &i, cmd);
        if (r < 0) return EXIT_USAGE;
        if (r > 0) continue;
        if (argv[i][0] == '-' && argv[i][1])
            return cli_usage_error(cmd, "unknown option '%s'", argv[i]);
        if (a->path)
            return cli_usage_error(cmd, "one %s only ('%s' and '%s')", what, a->path, argv[i]);
        a->path = argv[i];
    }
    return -1;
}

int cli_progress(void *userdata, double fraction, const char *stage)
{
    fprintf(stderr, "\rdemarc %s: %-16s %3.0f%%", (const char *)userdata, stage ? stage : "",
            100.0 * fraction);
    fflush(stderr);
    return 0;
}

demarc_progress_fn cli_progress_for_tty(void)
{
    return isatty(STDERR_FILENO) ? cli_progress : NULL;
}

void cli_progress_end(demarc_progress_fn fn)
{
    if (fn) fputc('\n', stderr);
}

int cli_stdout_failed(const char *cmd)
{
    if (!ferror(stdout)) return 0;
    int err = errno;
    fprintf(stderr, "demarc %s: cannot write the output to standard output: %s\n", cmd,
            err ? strerror(err) : "write error");
    cli_stdout_silence();
    return 1;
}

void cli_stdout_silence(void)
{
    if (!freopen("/dev/null", "w", stdout)) clearerr(stdout);
}

demarc_catalogue_options cli_catalogue_options(const cli_file_args *a)
{
    demarc_catalogue_options o = DEMARC_CATALOGUE_OPTIONS_INIT;
    o.crs = a->crs;
    o.layer = a->layer;
    o.position = a->position;
    o.operation = a->operation;
    return o;
}

void cli_file_args_help(void)
{
    printf("  --crs CRS        CRS of the positions (default: the file's, else WGS 84);\n"
           "                   lon/lat columns need a geographic CRS\n"
           "  --layer NAME     the layer of a multi-layer file (default: the only one,\n"
           "                   else 'signs'; any other file with several is an error)\n"
           "  --position COLS  lon,lat | x,y | easting,northing: the columns holding the\n"
           "                   position, for a file that has more than one pair\n"
           "  --operation OP   the operation to WGS 84 (e.g. EPSG:15865; default: one\n"
           "                   chosen for the border area); the report states it and its\n"
           "                   accuracy, and warns when that is coarser than --tolerance\n");
}
