/* cmd_length.c -- demarc length: length of the line or between two signs. */
#include "cli.h"
#include "cli_json.h"

#include <math.h>
#include <string.h>

static void print_help(void)
{
    printf("usage: demarc length [--from ID --to ID] [--border PATH] [--edges MODEL] [--json]\n"
           "Length of the whole line in metres (Karney geodesics on WGS 84 unless\n"
           "--edges says otherwise), or along the line between two signs.\n");
    cli_common_help(1, 1);
}

int cmd_length(int argc, char **argv)
{
    enum { OPT_FROM = CLI_OPT_OWN, OPT_TO };
    static const struct option longopts[] = {
        {"from", required_argument, NULL, OPT_FROM}, {"to", required_argument, NULL, OPT_TO},
        CLI_BORDER_OPTIONS, CLI_JSON_OPTION, CLI_HELP_OPTION, CLI_OPTIONS_END};
    cli_common c = {0};
    const char *from = NULL, *to = NULL;
    cli_getopt g;
    cli_getopt_init(&g, argc, argv, "length", "h", longopts, &c);
    for (int opt; (opt = cli_getopt_next(&g)) != -1;) {
        switch (opt) {
        case 'h': print_help(); return EXIT_OK;
        case OPT_FROM: from = g.arg; break;
        case OPT_TO: to = g.arg; break;
        case CLI_ARG: return cli_usage_error("length", "unexpected argument '%s'", g.arg);
        default: return EXIT_USAGE;
        }
    }
    if (!from != !to) return cli_usage_error("length", "--from and --to go together");
    demarc_ctx *ctx = NULL;
    demarc_border *b = cli_open_border(&c, &ctx, "length");
    if (!b) { demarc_ctx_free(ctx); return EXIT_USAGE; }
    double len;
    demarc_status rc = from ? demarc_length_between(ctx, b, from, to, &len)
                            : demarc_border_length(ctx, b, &len);
    int code = EXIT_OK;
    if (rc) {
        code = cli_lib_error("length", ctx, rc);
    } else {
        const demarc_border_info *in = demarc_border_info_get(b);
        if (c.json) {
            json_object *o = cli_json_new("length");
            cli_json_add_number(o, "length_m", len);
            cli_json_add_number(o, "declared_length_m", from ? NAN : in->declared_length_m);
            cli_json_add_text(o, "edge_model", demarc_edge_model_name(in->edge_model));
            if (from) {
                cli_json_add_text(o, "from", from);
                cli_json_add_text(o, "to", to);
            }
            cli_json_print(o, stdout);
        } else if (from) {
            printf("%.3f m from sign %s to sign %s along the line (%s edges)\n", len, from, to,
                   demarc_edge_model_name(in->edge_model));
        } else {
            printf("%.3f m (%s edges on WGS 84)\n", len, demarc_edge_model_name(in->edge_model));
        }
    }
    demarc_border_free(b);
    demarc_ctx_free(ctx);
    return code;
}
