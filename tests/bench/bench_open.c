/* bench_open.c -- opening the embedded border (budget: 5 ms, issue 2),
 * against the peer cost of computing the same 2,013 edge lengths with
 * PROJ's geod_inverse alone (what an open cannot avoid).  Prints medians
 * of 51 runs and the ratio. */
#include "bench_util.h"
#include "demarc.h"

#include <geodesic.h>
#include <stdio.h>

#define RUNS 51

int main(void)
{
    demarc_ctx *ctx;
    if (demarc_ctx_new(&ctx)) return 1;
    double t_open[RUNS], t_geod[RUNS], sink = 0;
    size_t nv = 0;
    for (int r = 0; r < RUNS; r++) {
        demarc_border *b;
        double t0 = bench_now();
        if (demarc_border_open_default(ctx, &b, NULL)) return 1;
        t_open[r] = bench_now() - t0;
        const double *xy = demarc_border_vertices(b, &nv);
        struct geod_geodesic g;
        geod_init(&g, 6378137.0, 1 / 298.257223563);
        t0 = bench_now();
        for (size_t i = 1; i < nv; i++) {
            double s12;
            geod_inverse(&g, xy[2 * i - 1], xy[2 * i - 2], xy[2 * i + 1], xy[2 * i], &s12, NULL,
                         NULL);
            sink += s12;
        }
        t_geod[r] = bench_now() - t0;
        demarc_border_free(b);
    }
    double mo = bench_median(t_open, RUNS), mg = bench_median(t_geod, RUNS);
    printf("open_default: median %.3f ms over %d runs (budget 5 ms)\n", 1e3 * mo, RUNS);
    printf("peer geod_inverse x %zu edges: median %.3f ms\n", nv - 1, 1e3 * mg);
    printf("ratio open / bare edge lengths: %.2f   (checksum %.0f)\n", mo / mg, sink / RUNS);
    demarc_ctx_free(ctx);
    return 0;
}
