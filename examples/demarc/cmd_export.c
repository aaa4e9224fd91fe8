/* cmd_export.c -- demarc export: write the border through GDAL. */
#include "cli.h"

#include <string.h>

static void print_help(void)
{
    printf("usage: demarc export OUT [--format GPKG|GeoJSON|KML|SHP|FGB|CSV] [--to CRS]\n"
           "                    [--validate] [--border PATH] [--edges MODEL] [--json]\n"
           "Write the border as layers border_line, signs and territories. GPKG and\n"
           "KML go into the one file OUT; GeoJSON, FGB, SHP and CSV write one file\n"
           "per layer into the folder OUT (new or empty). --format defaults to\n"
           "OUT's extension, else GPKG. --to: any CRS PROJ knows (default WGS 84);\n"
           "GeoJSON (RFC 7946) and KML are WGS 84 by definition and refuse others.\n"
           "--validate adds a findings layer: demarc validate's findings on the\n"
           "border's own catalogue (default tolerances).\n"
           "A failed export leaves nothing behind.\n");
}

int cmd_export(int argc, char **argv)
{
    cli_common c = {0};
    const char *out = NULL, *format = NULL, *crs = NULL;
    int validate = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help")) { print_help(); return EXIT_OK; }
        if (!strcmp(a, "--validate")) { validate = 1; continue; }
        if (!strcmp(a, "--format") || !strcmp(a, "--to")) {
            if (i + 1 >= argc) return cli_usage_error("export", "%s needs a value", a);
            if (a[2] == 'f') format = argv[++i]; else crs = argv[++i];
            continue;
        }
        int r = cli_common_option(&c, argc, argv, &i, "export");
        if (r < 0) return EXIT_USAGE;
        if (r > 0) continue;
        if (a[0] == '-' && a[1] != '\0')
            return cli_usage_error("export", "unknown argument '%s'", a);
        if (out) return cli_usage_error("export", "one OUT only ('%s')", a);
        out = a;
    }
    if (!out) return cli_usage_error("export", "OUT is required");
    demarc_ctx *ctx = NULL;
    demarc_border *b = cli_open_border(&c, &ctx, "export");
    if (!b) { demarc_ctx_free(ctx); return EXIT_USAGE; }
    demarc_export_options o = DEMARC_EXPORT_OPTIONS_INIT;
    o.format = format;
    o.crs = crs;
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
        json_begin(stdout, "export");
        printf(",\n  \"out\": "); json_string(stdout, out);
        printf(",\n  \"format\": "); json_string(stdout, format ? format : "");
        printf(",\n  \"crs\": "); json_string(stdout, crs ? crs : "EPSG:4326");
        printf(",\n  \"layers\": {\"border_line\": 1, \"signs\": %zu, \"territories\": %zu",
               in->sign_count, in->territory_count);
        if (rep) printf(", \"findings\": %zu", demarc_report_count(rep));
        printf("}\n}\n");
    } else {
        const demarc_border_info *in = demarc_border_info_get(b);
        printf("wrote %s: border_line (1), signs (%zu), territories (%zu)", out,
               in->sign_count, in->territory_count);
        if (rep) printf(", findings (%zu)", demarc_report_count(rep));
        printf(" in %s\n", crs ? crs : "EPSG:4326");
    }
    demarc_report_free(rep);
    demarc_catalogue_free(cat);
    demarc_border_free(b);
    demarc_ctx_free(ctx);
    return code;
}
