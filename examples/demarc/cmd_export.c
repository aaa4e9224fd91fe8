/* cmd_export.c -- demarc export: write the border through GDAL. */
#include "cli.h"
#include "cli_json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void print_help(void)
{
    printf("usage: demarc export OUT [--format GPKG|GeoJSON|KML|SHP|FGB|CSV] [--to CRS]\n"
           "                    [--operation OP] [--allow-ballpark] [--densify M] [--force]\n"
           "                    [--validate] [--border PATH] [--edges MODEL] [--json]\n"
           "Write the border as layers border_line, border_vertices, signs, territories\n"
           "and metadata (name, parties, declared figures, edge model, CRS and the\n"
           "operation used), so that `--border OUT` reads the same border back. GPKG\n"
           "and KML go into the one file OUT; GeoJSON, FGB, SHP and CSV write one\n"
           "file per layer into the folder OUT. --format defaults to OUT's extension\n"
           "(.gpkg .kml .geojson .shp .fgb .csv; any other is an error). --to: any CRS\n"
           "PROJ knows (default WGS 84), reached by one operation for the whole border\n"
           "(--operation forces one, e.g. EPSG:15865; PROJ's ballpark operations only\n"
           "with --allow-ballpark); GeoJSON (RFC 7946) and KML are WGS 84 by\n"
           "definition and refuse others. --densify M: the line's geodesic edges get\n"
           "points so that straight segments in the output CRS stay within M metres\n"
           "of the true edge (default 0.10; 0: off). An existing OUT is replaced only\n"
           "when it is an earlier export of demarc, or with --force; never the\n"
           "border's own input. --validate adds a findings layer: demarc validate's\n"
           "findings on the border's own catalogue (default tolerances).\n"
           "A failed export leaves nothing behind and the old OUT as it was.\n");
    cli_common_help(1, 1);
}

int cmd_export(int argc, char **argv)
{
    cli_common c = {0};
    const char *out = NULL, *format = NULL, *crs = NULL, *op = NULL;
    int validate = 0, force = 0, ballpark = 0;
    double densify = 0; /* API: 0 is the default, negative is off */
    enum {
        OPT_VALIDATE = CLI_OPT_OWN, OPT_FORCE, OPT_BALLPARK, OPT_FORMAT, OPT_TO, OPT_OPERATION,
        OPT_DENSIFY
    };
    static const struct option longopts[] = {
        {"validate", no_argument, NULL, OPT_VALIDATE},
        {"force", no_argument, NULL, OPT_FORCE},
        {"allow-ballpark", no_argument, NULL, OPT_BALLPARK},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"to", required_argument, NULL, OPT_TO},
        {"operation", required_argument, NULL, OPT_OPERATION},
        {"densify", required_argument, NULL, OPT_DENSIFY},
        CLI_BORDER_OPTIONS, CLI_JSON_OPTION, CLI_HELP_OPTION, CLI_OPTIONS_END};
    cli_getopt g;
    cli_getopt_init(&g, argc, argv, "export", "h", longopts, &c);
    for (int opt; (opt = cli_getopt_next(&g)) != -1;) {
        double v;
        switch (opt) {
        case 'h': print_help(); return EXIT_OK;
        case OPT_VALIDATE: validate = 1; break;
        case OPT_FORCE: force = 1; break;
        case OPT_BALLPARK: ballpark = 1; break;
        case OPT_FORMAT: format = g.arg; break;
        case OPT_TO: crs = g.arg; break;
        case OPT_OPERATION: op = g.arg; break;
        case OPT_DENSIFY:
            if (!cli_number(g.arg, &v) || v < 0)
                return cli_usage_error("export",
                                       "--densify '%s': expected metres >= 0 (0: off)", g.arg);
            densify = v > 0 ? v : -1;
            break;
        case CLI_ARG:
            if (out) return cli_usage_error("export", "one OUT only ('%s')", g.arg);
            out = g.arg;
            break;
        default: return EXIT_USAGE;
        }
    }
    if (!out) return cli_usage_error("export", "OUT is required");
    demarc_ctx *ctx = NULL;
    demarc_border *b = cli_open_border(&c, &ctx, "export");
    if (!b) { demarc_ctx_free(ctx); return EXIT_USAGE; }
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    demarc_transform_options to = DEMARC_TRANSFORM_OPTIONS_INIT;
    to.operation = op;
    to.allow_ballpark = ballpark;
    o.format = format;
    o.crs = crs;
    o.transform = &to;
    o.densify_m = densify;
    o.force = force;
    o.progress = cli_progress_for_tty();
    o.progress_userdata = (void *)"export";
    demarc_catalogue *cat = NULL;
    demarc_report *rep = NULL;
    demarc_status rc = DEMARC_OK;
    if (validate) {
        rc = demarc_catalogue_from_border(ctx, &cat, b);
        if (!rc) rc = demarc_catalogue_validate(ctx, &rep, b, cat, NULL);
        o.report = rep;
    }
    if (!rc) rc = demarc_border_export(ctx, b, out, &o);
    cli_progress_end(o.progress);
    int code = EXIT_OK;
    if (rc) {
        code = cli_lib_error("export", ctx, rc);
    } else if (c.json) {
        const demarc_border_info *in = demarc_border_info_get(b);
        json_object *j = cli_json_new("export"), *layers = cli_json_object();
        cli_json_add_text(j, "out", out);
        cli_json_add_text(j, "format", format ? format : "");
        cli_json_add_text(j, "crs", crs ? crs : "EPSG:4326");
        cli_json_add_int(layers, "border_line", 1);
        cli_json_add_int(layers, "border_vertices", (int64_t)in->vertex_count);
        cli_json_add_int(layers, "signs", (int64_t)in->sign_count);
        cli_json_add_int(layers, "territories", (int64_t)in->territory_count);
        cli_json_add_int(layers, "metadata", 1);
        if (rep) cli_json_add_int(layers, "findings", (int64_t)demarc_report_count(rep));
        cli_json_add(j, "layers", layers);
        cli_json_print(j, stdout);
    } else {
        const demarc_border_info *in = demarc_border_info_get(b);
        printf("wrote %s: border_line (1), border_vertices (%zu), signs (%zu), "
               "territories (%zu), metadata", out, in->vertex_count, in->sign_count,
               in->territory_count);
        if (rep) printf(", findings (%zu)", demarc_report_count(rep));
        printf(" in %s\n", crs ? crs : "EPSG:4326");
    }
    demarc_report_free(rep);
    demarc_catalogue_free(cat);
    demarc_border_free(b);
    demarc_ctx_free(ctx);
    return code;
}
