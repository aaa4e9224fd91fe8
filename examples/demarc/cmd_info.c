/* cmd_info.c -- demarc info: metadata and counts of the border. */
#include "cli.h"

#include <math.h>
#include <string.h>

static void print_help(void)
{
    printf("usage: demarc info [--border PATH] [--edges MODEL] [--json]\n"
           "Prints the border's metadata (parties, declared figures, dates,\n"
           "source and licence) and counts of vertices, signs and territories.\n");
    cli_common_help(1, 1);
}

int cmd_info(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_BORDER_OPTIONS, CLI_JSON_OPTION,
                                             CLI_HELP_OPTION, CLI_OPTIONS_END};
    cli_common c = {0};
    cli_getopt g;
    cli_getopt_init(&g, argc, argv, "info", "h", longopts, &c);
    for (int opt; (opt = cli_getopt_next(&g)) != -1;) {
        if (opt == 'h') { print_help(); return EXIT_OK; }
        if (opt == CLI_ARG) return cli_usage_error("info", "unexpected argument '%s'", g.arg);
        return EXIT_USAGE;
    }
    demarc_ctx *ctx = NULL;
    demarc_border *b = cli_open_border(&c, &ctx, "info");
    if (!b) { demarc_ctx_free(ctx); return EXIT_USAGE; }
    const demarc_border_info *in = demarc_border_info_get(b);
    if (c.json) {
        json_begin(stdout, "info");
        printf(",\n  \"id\": "); json_string(stdout, in->id);
        printf(",\n  \"name\": "); json_string(stdout, in->name);
        printf(",\n  \"parties\": {\"left\": "); json_string(stdout, in->left_party);
        printf(", \"right\": "); json_string(stdout, in->right_party);
        printf("},\n  \"vertices\": %zu,\n  \"signs\": %zu,\n  \"physical_signs\": %zu,\n"
               "  \"territories\": %zu,\n  \"declared_length_m\": ",
               in->vertex_count, in->sign_count, in->physical_sign_count, in->territory_count);
        json_number(stdout, in->declared_length_m, 3);
        printf(",\n  \"declared_signs\": ");
        if (in->declared_signs >= 0) printf("%ld", in->declared_signs); else printf("null");
        printf(",\n  \"demarcation_finalised\": "); json_string(stdout, in->demarcation_finalised);
        printf(",\n  \"agreement_signed\": "); json_string(stdout, in->agreement_signed);
        printf(",\n  \"agreement_place\": "); json_string(stdout, in->agreement_place);
        printf(",\n  \"inspection_interval_years\": %d", in->inspection_interval_years);
        printf(",\n  \"signs_modelled\": %s", in->signs_modelled ? "true" : "false");
        printf(",\n  \"edge_model\": ");
        json_string(stdout, demarc_edge_model_name(in->edge_model));
        printf(",\n  \"source\": "); json_string(stdout, in->source);
        printf(",\n  \"licence\": "); json_string(stdout, in->licence);
        printf(",\n  \"attribution\": "); json_string(stdout, in->attribution);
        printf("\n}\n");
    } else {
        printf("%s (%s)\n", in->name, in->id);
        printf("  parties          %s %s (left), %s %s (right)\n", in->left_party,
               in->left_name, in->right_party, in->right_name);
        printf("  line             %zu vertices, edges: %s on WGS 84\n", in->vertex_count,
               demarc_edge_model_name(in->edge_model));
        printf("  signs            %zu (%zu physical)%s\n", in->sign_count,
               in->physical_sign_count, in->signs_modelled ? ", MODELLED, not official" : "");
        printf("  territories      %zu\n", in->territory_count);
        if (isfinite(in->declared_length_m))
            printf("  declared length  %.1f km\n", in->declared_length_m / 1000.0);
        if (in->declared_signs >= 0) printf("  declared signs   %ld\n", in->declared_signs);
        if (in->agreement_signed[0])
            printf("  agreement        signed %s in %s (demarcation finalised %s)\n",
                   in->agreement_signed, in->agreement_place, in->demarcation_finalised);
        if (in->inspection_interval_years)
            printf("  joint inspection every %d years\n", in->inspection_interval_years);
        if (in->source[0]) printf("  source           %s\n", in->source);
        if (in->licence[0]) printf("  licence          %s, %s\n", in->licence, in->attribution);
    }
    demarc_border_free(b);
    demarc_ctx_free(ctx);
    return EXIT_OK;
}
