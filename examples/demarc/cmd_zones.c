/* cmd_zones.c -- demarc zones LON LAT: UTM and Gauss-Krueger zones of a
 * point and the grid convergence and scale factor in each. */
#include "cli.h"
#include "cli_json.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void print_help(void)
{
    printf("usage: demarc zones LON LAT [--json]\n"
           "UTM zone (WGS 84, EPSG:326zz/327zz) and Gauss-Kruger 6-degree zone\n"
           "(SK-42, EPSG:28400+zone) of a point given as WGS 84 longitude and\n"
           "latitude in degrees, with the grid convergence (degrees, positive\n"
           "east of the central meridian in the north), the point scale factor\n"
           "and the length distortion along the meridian (ppm) in each grid\n"
           "(PROJ's proj_factors). For the GK grid the WGS 84 position is used as\n"
           "an SK-42 one: ~100 m apart, far below any effect on these factors.\n");
    cli_common_help(0, 1);
}

static int grid(demarc_ctx *ctx, const char *label, const demarc_zone *z, double lon,
                double lat, json_object *json)
{
    demarc_grid_factors f;
    demarc_status rc = z->epsg ? demarc_grid_factors_at(ctx, z->crs, lon, lat, &f) : DEMARC_OK;
    if (rc) return cli_lib_error("zones", ctx, rc);
    if (json) {
        json_object *g = cli_json_object();
        cli_json_add_int(g, "zone", z->zone);
        if (!strcmp(label, "utm")) cli_json_add_text(g, "hemisphere", z->north ? "N" : "S");
        cli_json_add_number(g, "central_meridian_deg", z->central_meridian_deg);
        cli_json_add_text(g, "crs", z->epsg ? z->crs : NULL);
        if (z->epsg) {
            cli_json_add_number(g, "convergence_deg", f.convergence_deg);
            cli_json_add_number(g, "scale_factor", f.scale_factor);
            cli_json_add_number(g, "meridian_distortion_ppm", f.meridian_distortion_ppm);
        }
        cli_json_add(json, label, g);
    } else {
        printf("%-4s zone %d%s  central meridian %.0fE  %s\n", label, z->zone,
               !strcmp(label, "utm") ? (z->north ? "N" : "S") : "", z->central_meridian_deg,
               z->epsg ? z->crs : "(no EPSG grid)");
        if (z->epsg)
            printf("     convergence %.8f deg  scale factor %.9f  meridian %+.3f ppm\n",
                   f.convergence_deg, f.scale_factor, f.meridian_distortion_ppm);
    }
    return EXIT_OK;
}

int cmd_zones(int argc, char **argv)
{
    int json = 0, n = 0;
    double v[2];
    static const struct option longopts[] = {CLI_JSON_OPTION, CLI_HELP_OPTION, CLI_OPTIONS_END};
    cli_getopt g;
    cli_getopt_init(&g, argc, argv, "zones", "h", longopts, NULL);
    for (int opt; (opt = cli_getopt_next(&g)) != -1;) {
        if (opt == 'h') { print_help(); return EXIT_OK; }
        if (opt == CLI_OPT_JSON) { json = 1; continue; }
        if (opt != CLI_ARG) return EXIT_USAGE;
        if (n >= 2) return cli_usage_error("zones", "unexpected argument '%s'", g.arg);
        if (!cli_number(g.arg, &v[n]))
            return cli_usage_error("zones", "'%s' is not a number (LON LAT in degrees)", g.arg);
        n++;
    }
    if (n < 2) return cli_usage_error("zones", "LON and LAT are required (degrees, WGS 84)");
    demarc_ctx *ctx = NULL;
    if (demarc_ctx_new(&ctx)) return cli_usage_error("zones", "out of memory");
    demarc_zone utm, gk;
    demarc_status rc = demarc_zone_utm(ctx, v[0], v[1], &utm);
    if (!rc) rc = demarc_zone_gk(ctx, v[0], v[1], &gk);
    int code;
    if (rc) {
        code = cli_lib_error("zones", ctx, rc);
    } else {
        json_object *o = json ? cli_json_new("zones") : NULL;
        if (o) {
            cli_json_add_number(o, "lon", v[0]);
            cli_json_add_number(o, "lat", v[1]);
        }
        code = grid(ctx, "utm", &utm, v[0], v[1], o);
        if (!code) code = grid(ctx, "gk", &gk, v[0], v[1], o);
        if (o && !code) cli_json_print(o, stdout);
        else json_object_put(o);
    }
    demarc_ctx_free(ctx);
    return code;
}
