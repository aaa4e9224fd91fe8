/* cli.c -- helpers shared by the demarc subcommands. */
#include "cli.h"
#include "cli_text_fields.h"

#include <errno.h>
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

void cli_getopt_init(cli_getopt *g, int argc, char **argv, const char *cmd,
                     const char *shortopts, const struct option *longopts, cli_common *common)
{
    memset(g, 0, sizeof *g);
    g->argc = argc;
    g->argv = argv;
    g->cmd = cmd;
    g->longopts = longopts;
    g->common = common;
    /* "-": every token in order (arguments come back as 1, nothing is
     * permuted, POSIXLY_CORRECT or not); ":": a missing value is ':'. */
    snprintf(g->optstring, sizeof g->optstring, "-:%s", shortopts);
    opterr = 0; /* the messages are ours (they name the subcommand) */
    optind = 0; /* GNU getopt: a full reset, of its hidden state too */
    /* The reset takes effect at the next call: make it now, on no tokens,
     * so that cli_getopt_next may look at argv[optind] before its first
     * getopt_long call. */
    (void)getopt_long(1, argv, g->optstring, longopts, NULL); /* argv[0] only */
}

/* The long option whose value is val, or NULL. */
static const struct option *long_option_of(const cli_getopt *g, int val)
{
    for (const struct option *o = g->longopts; o->name; o++)
        if (!o->flag && o->val == val) return o;
    return NULL;
}

/* The usage error of an unknown, ambiguous or misused option at argv[at]. */
static int option_error(const cli_getopt *g, int c, int at)
{
    const char *tok = at < g->argc ? g->argv[at] : "";
    const struct option *lo = long_option_of(g, optopt);
    if (c == ':') {
        if (lo && !strncmp(tok, "--", 2))
            return cli_usage_error(g->cmd, "--%s needs a value", lo->name);
        return cli_usage_error(g->cmd, "-%c needs a value", optopt);
    }
    if (strncmp(tok, "--", 2)) /* a short option: -x, or a letter of -xyz */
        return strlen(tok) > 2
                   ? cli_usage_error(g->cmd, "unknown option '-%c' (in '%s')", optopt, tok)
                   : cli_usage_error(g->cmd, "unknown option '%s'", tok);
    size_t n = strcspn(tok + 2, "=");
    if (optopt && lo) /* a flag given a value */
        return cli_usage_error(g->cmd, "--%s takes no value ('%s')", lo->name, tok);
    char names[256] = "";
    int matches = 0;
    for (const struct option *o = g->longopts; n && o->name; o++)
        if (!strncmp(o->name, tok + 2, n)) {
            size_t len = strlen(names);
            snprintf(names + len, sizeof names - len, "%s--%s", matches++ ? ", " : "", o->name);
        }
    if (matches > 1)
        return cli_usage_error(g->cmd, "option '%.*s' is ambiguous (%s)", (int)n + 2, tok,
                               names);
    return cli_usage_error(g->cmd, "unknown option '%.*s'", (int)n + 2, tok);
}

/* Take a common option; 0, or '?' after the usage error. */
static int common_option(cli_getopt *g, int c)
{
    cli_common *k = g->common;
    switch (c) {
    case CLI_OPT_JSON: k->json = 1; return 0;
    case CLI_OPT_BORDER: k->border_path = g->arg; return 0;
    case CLI_OPT_SIGNS: k->signs_path = g->arg; return 0;
    case CLI_OPT_TERRITORIES: k->territories_path = g->arg; return 0;
    case CLI_OPT_METADATA: k->metadata_path = g->arg; return 0;
    default: break;
    }
    for (int m = 0; m <= 2; m++)
        if (!strcmp(g->arg, demarc_edge_model_name((demarc_edge_model)m))) {
            k->edge_model = (demarc_edge_model)m;
            k->edges_given = 1;
            return 0;
        }
    cli_usage_error(g->cmd, "--edges: '%s' is not geodesic, rhumb or planar", g->arg);
    return '?';
}

int cli_getopt_next(cli_getopt *g)
{
    for (;;) {
        g->arg = NULL;
        if (optind >= g->argc) return -1;
        /* After "--", and a negative number (getopt would read -69.2 as the
         * options -6 -9 -. -2): an argument. */
        double v;
        if (g->rest || (g->argv[optind][0] == '-' && cli_number(g->argv[optind], &v))) {
            g->arg = g->argv[optind++];
            return CLI_ARG;
        }
        int at = optind;
        int c = getopt_long(g->argc, g->argv, g->optstring, g->longopts, NULL);
        g->arg = optarg;
        if (c == -1) {
            if (optind >= g->argc) return -1;
            g->rest = 1; /* "--" */
            continue;
        }
        if (c == '?' || c == ':') return option_error(g, c, at), '?';
        if (!g->common || c < CLI_OPT_BORDER || c > CLI_OPT_JSON) return c;
        if (common_option(g, c)) return '?';
    }
}

int cli_number(const char *text, double *v)
{
    size_t n = strlen(text);
    return n && text[0] != ' ' && text[0] != '\t' && text[n - 1] != ' ' &&
           text[n - 1] != '\t' && text[n - 1] != '\r' && cli_parse_number(text, text + n, v);
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

enum { OPT_CRS = CLI_OPT_OWN, OPT_TOLERANCE, OPT_LAYER, OPT_POSITION, OPT_OPERATION, OPT_SECTION };

int cli_parse_file_args(int argc, char **argv, const char *cmd, const char *what,
                        void (*help)(void), cli_common *c, cli_file_args *a)
{
    static const struct option longopts[] = {
        {"crs", required_argument, NULL, OPT_CRS},
        {"tolerance", required_argument, NULL, OPT_TOLERANCE},
        {"layer", required_argument, NULL, OPT_LAYER},
        {"position", required_argument, NULL, OPT_POSITION},
        {"operation", required_argument, NULL, OPT_OPERATION},
        {"section", required_argument, NULL, OPT_SECTION},
        CLI_BORDER_OPTIONS,
        CLI_JSON_OPTION,
        CLI_HELP_OPTION,
        CLI_OPTIONS_END};
    cli_getopt g;
    cli_getopt_init(&g, argc, argv, cmd, "h", longopts, c);
    for (int opt; (opt = cli_getopt_next(&g)) != -1;) {
        switch (opt) {
        case 'h': help(); return EXIT_OK;
        case OPT_CRS: a->crs = g.arg; break;
        case OPT_LAYER: a->layer = g.arg; break;
        case OPT_POSITION: a->position = g.arg; break;
        case OPT_OPERATION: a->operation = g.arg; break;
        case OPT_SECTION: a->section = g.arg; break;
        case OPT_TOLERANCE:
            if (!cli_number(g.arg, &a->tolerance) || !(a->tolerance > 0) || a->tolerance > 1e7)
                return cli_usage_error(cmd, "--tolerance: '%s' is not a positive number of metres",
                                       g.arg);
            break;
        case CLI_ARG:
            if (a->path)
                return cli_usage_error(cmd, "one %s only ('%s' and '%s')", what, a->path, g.arg);
            a->path = g.arg;
            break;
        default: return EXIT_USAGE;
        }
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

void cli_common_help(int border, int json)
{
    if (border)
        printf("  --border PATH    the border: a directory, or the line file with\n"
               "                   --signs FILE, --territories FILE, --metadata FILE\n"
               "                   (default: the embedded Kazakhstan-Uzbekistan border)\n"
               "  --edges MODEL    geodesic (default), rhumb or planar edges\n");
    if (json) printf("  --json           the result as one JSON object\n");
    printf("  -h, --help       this help\n"
           "--OPTION VALUE or --OPTION=VALUE (or an unambiguous abbreviation);\n"
           "'--' ends the options; numbers are decimal (no 0x, inf or nan).\n");
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
