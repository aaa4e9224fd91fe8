/* cmd_report.c -- demarc report: the main job.  Summary of the border, its
 * lengths and the verdict of the length validation.  Exit 1 when the
 * validation finds a problem. */
#include "cli.h"

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
    json_begin(stdout, "report");
    printf(",\n  \"border\": "); json_string(stdout, in->id);
    printf(",\n  \"edge_model\": "); json_string(stdout, demarc_edge_model_name(in->edge_model));
    printf(",\n  \"vertices\": %zu,\n  \"signs\": %zu", in->vertex_count, in->sign_count);
    printf(",\n  \"length_m\": "); json_number(stdout, r->computed_m, 3);
    printf(",\n  \"declared_length_m\": "); json_number(stdout, r->declared_m, 3);
    printf(",\n  \"deviation_m\": "); json_number(stdout, r->deviation_m, 3);
    printf(",\n  \"deviation_rel\": "); json_number(stdout, r->deviation_rel, 6);
    printf(",\n  \"tolerance_rel\": "); json_number(stdout, r->tolerance_rel, 6);
    printf(",\n  \"total_ok\": %s", r->total_ok ? "true" : "false");
    printf(",\n  \"segments_checked\": %zu,\n  \"segment_mismatches\": %zu",
           r->segments_checked, r->segment_mismatches);
    printf(",\n  \"azimuths_checked\": %zu,\n  \"azimuth_mismatches\": %zu", r->azimuths_checked,
           r->azimuth_mismatches);
    printf(",\n  \"closure_m\": "); json_number(stdout, r->closure_m, 3);
    printf(",\n  \"uncovered_m\": "); json_number(stdout, r->uncovered_m, 3);
    printf(",\n  \"closure_ok\": %s", r->closure_ok ? "true" : "false");
    printf(",\n  \"ok\": %s\n}\n", r->ok ? "true" : "false");
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
