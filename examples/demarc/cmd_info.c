/* cmd_info.c -- demarc info: metadata and counts of the border. */
#include "cli.h"
#include "cli_json.h"

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
        json_object *o = cli_json_new("info"), *parties = cli_json_object();
        cli_json_add_text(o, "id", in->id);
        cli_json_add_text(o, "name", in->name);
        cli_json_add_text(parties, "left", in->left_party);
        cli_json_add_text(parties, "right", in->right_party);
        cli_json_add(o, "parties", parties);
        cli_json_add_int(o, "vertices", (int64_t)in->vertex_count);
        cli_json_add_int(o, "signs", (int64_t)in->sign_count);
        cli_json_add_int(o, "physical_signs", (int64_t)in->physical_sign_count);
        cli_json_add_int(o, "territories", (int64_t)in->territory_count);
        cli_json_add_number(o, "declared_length_m", in->declared_length_m);
        if (in->declared_signs >= 0) cli_json_add_int(o, "declared_signs", in->declared_signs);
        else cli_json_add(o, "declared_signs", NULL);
        cli_json_add_text(o, "demarcation_finalised", in->demarcation_finalised);
        cli_json_add_text(o, "agreement_signed", in->agreement_signed);
        cli_json_add_text(o, "agreement_place", in->agreement_place);
        cli_json_add_int(o, "inspection_interval_years", in->inspection_interval_years);
        cli_json_add_bool(o, "signs_modelled", in->signs_modelled);
        cli_json_add_text(o, "edge_model", demarc_edge_model_name(in->edge_model));
        cli_json_add_text(o, "source", in->source);
        cli_json_add_text(o, "licence", in->licence);
        cli_json_add_text(o, "attribution", in->attribution);
        cli_json_print(o, stdout);
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
