/* cmd_report.c -- demarc report: the main job.  Summary of the border, its
 * lengths and the verdict of the length validation.  Exit 1 when the
 * validation finds a problem. */
#include "cli.h"
#include "cli_json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void print_help(void)
{
    printf("usage: demarc report [--tolerance REL] [--border PATH] [--edges MODEL] [--json]\n"
           "Summary of the border, its computed length against the declared one\n"
           "(default tolerance 0.005 = 0.5 %%), each sign-to-sign length and azimuth\n"
           "against the catalogue, and closure.  Exit 1 when a check fails.\n");
    cli_common_help(1, 1);
}

static void print_text(const demarc_border_info *in, const demarc_length_report *r)
{
    printf("%s (%s), %s | %s\n", in->name, in->id, in->left_party, in->right_party);
    printf("line: %zu vertices, %s edges on WGS 84; %zu signs%s\n", in->vertex_count,
           demarc_edge_model_name(in->edge_model), in->sign_count,
           in->signs_modelled ? " (modelled catalogue)" : "");
    printf("\nlength\n");
    printf("  computed   %14.3f m\n", r->computed_m);
    if (isfinite(r->declared_m)) {
        printf("  declared   %14.3f m\n", r->declared_m);
        printf("  deviation  %+14.3f m (%+.3f %%, tolerance %.3f %%)  %s\n", r->deviation_m,
               100 * r->deviation_rel, 100 * r->tolerance_rel, r->total_ok ? "OK" : "FAIL");
    }
    printf("\nsign-to-sign runs\n");
    printf("  lengths    %zu checked, %zu off tolerance", r->segments_checked,
           r->segment_mismatches);
    if (r->segments_checked)
        printf(", worst %+.3f m after sign index %zu", r->worst_segment_m, r->worst_segment);
    printf("\n  azimuths   %zu checked, %zu off tolerance", r->azimuths_checked,
           r->azimuth_mismatches);
    if (r->azimuths_checked)
        printf(", worst %+.6f deg after sign index %zu", r->worst_azimuth_deg, r->worst_azimuth);
    printf("\n  closure    declared runs - computed: ");
    if (isfinite(r->closure_m)) printf("%+.3f m", r->closure_m); else printf("n/a");
    printf(", uncovered ends %.3f m  %s\n", r->uncovered_m, r->closure_ok ? "OK" : "FAIL");
    printf("\nverdict: %s\n", r->ok ? "OK" : "FINDINGS");
}

static void print_json(const demarc_border_info *in, const demarc_length_report *r)
{
    json_object *o = cli_json_new("report");
    cli_json_add_text(o, "border", in->id);
    cli_json_add_text(o, "edge_model", demarc_edge_model_name(in->edge_model));
    cli_json_add_int(o, "vertices", (int64_t)in->vertex_count);
    cli_json_add_int(o, "signs", (int64_t)in->sign_count);
    cli_json_add_number(o, "length_m", r->computed_m);
    cli_json_add_number(o, "declared_length_m", r->declared_m);
    cli_json_add_number(o, "deviation_m", r->deviation_m);
    cli_json_add_number(o, "deviation_rel", r->deviation_rel);
    cli_json_add_number(o, "tolerance_rel", r->tolerance_rel);
    cli_json_add_bool(o, "total_ok", r->total_ok);
    cli_json_add_int(o, "segments_checked", (int64_t)r->segments_checked);
    cli_json_add_int(o, "segment_mismatches", (int64_t)r->segment_mismatches);
    cli_json_add_int(o, "azimuths_checked", (int64_t)r->azimuths_checked);
    cli_json_add_int(o, "azimuth_mismatches", (int64_t)r->azimuth_mismatches);
    cli_json_add_number(o, "closure_m", r->closure_m);
    cli_json_add_number(o, "uncovered_m", r->uncovered_m);
    cli_json_add_bool(o, "closure_ok", r->closure_ok);
    cli_json_add_bool(o, "ok", r->ok);
    cli_json_print(o, stdout);
}

int cmd_report(int argc, char **argv)
{
    cli_common c = {0};
    demarc_length_options o = DEMARC_LENGTH_OPTIONS_INIT;
    enum { OPT_TOLERANCE = CLI_OPT_OWN };
    static const struct option longopts[] = {
        {"tolerance", required_argument, NULL, OPT_TOLERANCE},
        CLI_BORDER_OPTIONS, CLI_JSON_OPTION, CLI_HELP_OPTION, CLI_OPTIONS_END};
    cli_getopt g;
    cli_getopt_init(&g, argc, argv, "report", "h", longopts, &c);
    for (int opt; (opt = cli_getopt_next(&g)) != -1;) {
        switch (opt) {
        case 'h': print_help(); return EXIT_OK;
        case OPT_TOLERANCE:
            if (!cli_number(g.arg, &o.total_tolerance_rel) ||
                !(o.total_tolerance_rel > 0 && o.total_tolerance_rel < 1))
                return cli_usage_error("report", "--tolerance: '%s' is not a fraction in (0, 1)",
                                       g.arg);
            break;
        case CLI_ARG: return cli_usage_error("report", "unexpected argument '%s'", g.arg);
        default: return EXIT_USAGE;
        }
    }
    demarc_ctx *ctx = NULL;
    demarc_border *b = cli_open_border(&c, &ctx, "report");
    if (!b) { demarc_ctx_free(ctx); return EXIT_USAGE; }
    demarc_length_report r;
    demarc_status rc = demarc_length_check(ctx, b, &o, &r);
    int code;
    if (rc) {
        code = cli_lib_error("report", ctx, rc);
    } else {
        if (c.json) print_json(demarc_border_info_get(b), &r);
        else print_text(demarc_border_info_get(b), &r);
        code = r.ok ? EXIT_OK : EXIT_FINDINGS;
    }
    demarc_border_free(b);
    demarc_ctx_free(ctx);
    return code;
}
