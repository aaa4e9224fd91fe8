/* cmd_validate.c -- demarc validate: check a sign catalogue against the
 * border, every finding located to its sign. */
#include "cli.h"
#include "cli_json.h"

#include <stdlib.h>
#include <string.h>

static void print_help(void)
{
    printf("usage: demarc validate [CATALOGUE] [--crs CRS] [--tolerance M] [--layer NAME]\n"
           "                       [--position COLS] [--operation OP] [--json]\n"
           "                       [--border PATH] [--edges MODEL]\n"
           "Validate a sign catalogue file (CSV with lon/lat or x/y columns, GeoJSON,\n"
           "GeoPackage, ...; any CRS PROJ knows) against the border; without\n"
           "CATALOGUE, the border's own catalogue.  --tolerance: the largest distance\n"
           "of a sign from the line, m (default 0.10).\n");
    cli_file_args_help();
    cli_common_help(1, 1);
    printf("Exit 0 when clean, 1 when errors are found, 2 on usage or input errors.\n");
}

int cmd_validate(int argc, char **argv)
{
    cli_common c = {0};
    cli_file_args fa = {0};
    int parsed = cli_parse_file_args(argc, argv, "validate", "catalogue", print_help, &c, &fa);
    if (parsed >= 0) return parsed;
    if (fa.section)
        return cli_usage_error("validate", "--section is for 'demarc inspect' (a re-survey of "
                                           "a section); validate checks the whole catalogue");
    const char *path = fa.path, *crs = fa.crs;
    double tol = fa.tolerance;
    demarc_ctx *ctx = NULL;
    demarc_border *b = cli_open_border(&c, &ctx, "validate");
    if (!b) { demarc_ctx_free(ctx); return EXIT_USAGE; }
    demarc_catalogue *cat = NULL;
    demarc_report *rep = NULL;
    demarc_catalogue_options co = cli_catalogue_options(&fa);
    demarc_status rc = path ? demarc_catalogue_open(ctx, &cat, path, &co)
                            : demarc_catalogue_from_border(ctx, &cat, b);
    if (!rc && !path && (crs || fa.layer || fa.position || fa.operation))
        fprintf(stderr, "demarc validate: --crs, --layer, --position and --operation are "
                        "ignored for the border's own catalogue\n");
    demarc_validate_options vo = DEMARC_VALIDATE_OPTIONS_INIT;
    vo.off_line_m = tol;
    vo.progress = cli_progress_for_tty();
    vo.progress_userdata = (void *)"validate";
    if (!rc) rc = demarc_catalogue_validate(ctx, &rep, b, cat, &vo);
    cli_progress_end(vo.progress);
    int code;
    if (rc) {
        code = cli_lib_error("validate", ctx, rc);
    } else {
        if (c.json) {
            json_object *o = cli_json_new("validate");
            cli_json_add_text(o, "catalogue", demarc_catalogue_source(cat));
            rc = cli_json_add_report(o, ctx, rep);
            if (!rc) cli_json_print(o, stdout);
            else json_object_put(o);
        } else {
            printf("catalogue: %s (%zu rows)\n", demarc_catalogue_source(cat),
                   demarc_catalogue_count(cat));
            rc = demarc_report_write_text(ctx, rep, stdout);
        }
        if (rc == DEMARC_ERR_IO) { /* stdout failed: say so, as main() would */
            cli_stdout_silence();
            fprintf(stderr, "demarc validate: cannot write the output to standard output: %s\n",
                    demarc_ctx_errmsg(ctx));
        }
        code = rc == DEMARC_ERR_IO ? EXIT_USAGE
               : rc ? cli_lib_error("validate", ctx, rc)
               : demarc_report_count_severity(rep, DEMARC_SEVERITY_ERROR) ? EXIT_FINDINGS
                                                                           : EXIT_OK;
    }
    demarc_report_free(rep);
    demarc_catalogue_free(cat);
    demarc_border_free(b);
    demarc_ctx_free(ctx);
    return code;
}
