/* cmd_inspect.c -- demarc inspect: the joint inspection, a re-survey of the
 * signs against the catalogue. */
#include "cli.h"
#include "cli_json.h"
#include "cli_text_fields.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void print_help(void)
{
    printf("usage: demarc inspect RESURVEY [--crs CRS] [--tolerance M] [--layer NAME]\n"
           "                      [--position COLS] [--operation OP] [--section FROM..TO]\n"
           "                      [--json]\n"
           "                      [--border PATH] [--edges MODEL]\n"
           "Compare a re-survey (id and measured position per sign; CSV with lon/lat\n"
           "or x/y columns, GeoJSON, GeoPackage, ...; any CRS PROJ knows) with the\n"
           "border's sign catalogue: displacement of every sign (geodesic, metres and\n"
           "azimuth), signs moved more than --tolerance (default 0.10 m), signs\n"
           "missing from the re-survey, unknown signs, RMS and maximum.\n"
           "  --section FROM..TO  a re-survey of a section: only the catalogue signs from\n"
           "                   sign FROM to sign TO (ids, catalogue order), or within a\n"
           "                   chainage range with a unit (12500m..20.5km), are expected;\n"
           "                   re-surveyed signs outside it are warned about, not compared\n");
    cli_file_args_help();
    cli_common_help(1, 1);
    printf("Exit 0 when clean, 1 when errors are found, 2 on usage or input errors.\n");
}

/* A chainage: a number with unit m or km, into metres; 0 when it is not. */
static int parse_chainage(const char *s, double *m)
{
    size_t n = strlen(s);
    size_t unit = n > 2 && !strcmp(s + n - 2, "km") ? 2 : n > 1 && s[n - 1] == 'm' ? 1 : 0;
    double v;
    if (!unit || !cli_is_decimal(s, s + n - unit) || !cli_parse_number(s, s + n - unit, &v) ||
        v < 0)
        return 0;
    *m = unit == 2 ? 1000.0 * v : v;
    return 1;
}

/* --section FROM..TO: two sign ids, or two chainages with a unit
 * (12500m..20.5km).  Returns 0, or EXIT_USAGE after the message. */
static int parse_section(const char *arg, char *from, char *to, size_t size,
                         demarc_inspect_options *io)
{
    const char *dots = strstr(arg, "..");
    if (!dots || dots == arg || !dots[2] || strstr(dots + 2, ".."))
        return cli_usage_error("inspect", "--section '%s': expected FROM..TO (sign ids, e.g. "
                               "17..42A, or chainages with a unit, e.g. 12500m..20.5km)", arg);
    size_t n = (size_t)(dots - arg);
    if (n >= size || strlen(dots + 2) >= size)
        return cli_usage_error("inspect", "--section: an end longer than %zu characters",
                               size - 1);
    memcpy(from, arg, n);
    from[n] = '\0';
    snprintf(to, size, "%s", dots + 2);
    double a, b;
    int ca = parse_chainage(from, &a), cb = parse_chainage(to, &b);
    if (ca != cb)
        return cli_usage_error("inspect", "--section '%s': both ends sign ids, or both "
                               "chainages with a unit (m, km)", arg);
    if (ca) {
        if (!(b > a))
            return cli_usage_error("inspect", "--section '%s': the chainage must increase",
                                   arg);
        io->section_from_m = a;
        io->section_to_m = b;
    } else {
        io->section_from = from;
        io->section_to = to;
    }
    return 0;
}

int cmd_inspect(int argc, char **argv)
{
    cli_common c = {0};
    cli_file_args fa = {0};
    int parsed = cli_parse_file_args(argc, argv, "inspect", "re-survey", print_help, &c, &fa);
    if (parsed >= 0) return parsed;
    const char *path = fa.path;
    double tol = fa.tolerance;
    if (!path) return cli_usage_error("inspect", "a RESURVEY file is required");
    demarc_ctx *ctx = NULL;
    demarc_border *b = cli_open_border(&c, &ctx, "inspect");
    if (!b) { demarc_ctx_free(ctx); return EXIT_USAGE; }
    demarc_catalogue *cat = NULL, *sur = NULL;
    demarc_report *rep = NULL;
    demarc_catalogue_options co = cli_catalogue_options(&fa);
    demarc_status rc = demarc_catalogue_from_border(ctx, &cat, b);
    if (!rc) rc = demarc_catalogue_open(ctx, &sur, path, &co);
    demarc_inspect_options io = DEMARC_INSPECT_OPTIONS_INIT;
    io.tolerance_m = tol;
    char from[128], to[128];
    if (fa.section) {
        int r = parse_section(fa.section, from, to, sizeof from, &io);
        if (r) {
            demarc_catalogue_free(sur);
            demarc_catalogue_free(cat);
            demarc_border_free(b);
            demarc_ctx_free(ctx);
            return r;
        }
    }
    io.progress = cli_progress_for_tty();
    io.progress_userdata = (void *)"inspect";
    if (!rc) rc = demarc_inspect(ctx, &rep, cat, sur, &io);
    cli_progress_end(io.progress);
    int code;
    if (rc) {
        code = cli_lib_error("inspect", ctx, rc);
    } else {
        if (c.json) {
            json_object *o = cli_json_new("inspect");
            cli_json_add_text(o, "resurvey", path);
            rc = cli_json_add_report(o, ctx, rep);
            if (!rc) cli_json_print(o, stdout);
            else json_object_put(o);
        } else {
            printf("re-survey: %s (%zu rows) against %zu catalogue signs\n", path,
                   demarc_catalogue_count(sur), demarc_catalogue_count(cat));
            rc = demarc_report_write_text(ctx, rep, stdout);
        }
        if (rc == DEMARC_ERR_IO) cli_stdout_silence(); /* reported just below */
        code = rc ? cli_lib_error("inspect", ctx, rc)
               : demarc_report_count_severity(rep, DEMARC_SEVERITY_ERROR) ? EXIT_FINDINGS
                                                                           : EXIT_OK;
    }
    demarc_report_free(rep);
    demarc_catalogue_free(sur);
    demarc_catalogue_free(cat);
    demarc_border_free(b);
    demarc_ctx_free(ctx);
    return code;
}
