/* bench_instr.c -- one query kind over n points, for instruction counts
 * under callgrind, the stable second measure on a shared machine:
 *
 *   valgrind --tool=callgrind --toggle-collect=demarc_party_batch \
 *       build/tests/bench/bench_instr DIR 200000 uniform
 *   valgrind --tool=callgrind --toggle-collect=demarc_locate_batch \
 *       build/tests/bench/bench_instr DIR 5000 full
 *
 * DIR: a border directory (data/kz-uz), or "default" for the embedded one.
 * Exact inverses per point: run it under LD_PRELOAD=libinverse_count.so
 * (inverse_count.c), with N and with 0.
 * Kinds: uniform, track (tracks from uniform starts), btrack (tracks along
 * the border) -- demarc_party_batch; full -- demarc_locate_batch on uniform
 * points.  Instructions per point = the "I refs" total / n. */
#include "bench_util.h"
#include "demarc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s DIR|default N uniform|track|btrack|full\n", argv[0]);
        return 2;
    }
    size_t n = (size_t)strtoul(argv[2], NULL, 10);
    const char *kind = argv[3];
    demarc_ctx *ctx;
    demarc_border *b;
    if (demarc_ctx_new(&ctx)) return 1;
    demarc_status rc = strcmp(argv[1], "default") == 0
                           ? demarc_border_open_default(ctx, &b, NULL)
                           : demarc_border_open(ctx, &b, argv[1], NULL);
    if (rc) {
        fprintf(stderr, "bench_instr: %s\n", demarc_ctx_errmsg(ctx));
        return 1;
    }
    double *lon = malloc((n ? n : 1) * sizeof *lon), *lat = malloc((n ? n : 1) * sizeof *lat);
    demarc_location *out = malloc((n ? n : 1) * sizeof *out);
    int *party = malloc((n ? n : 1) * sizeof *party);
    if (!lon || !lat || !out || !party) return 1;
    size_t nv;
    const double *xy = demarc_border_vertices(b, &nv);
    if (strcmp(kind, "track") == 0)
        bench_tracks(NULL, 0, lon, lat, n, 7);
    else if (strcmp(kind, "btrack") == 0)
        bench_tracks(xy, nv, lon, lat, n, 7);
    else
        bench_uniform(lon, lat, n, 9);
    double sum = 0;
    if (strcmp(kind, "full") == 0) {
        if (demarc_locate_batch(ctx, b, n, lon, 0, lat, 0, NULL, out, 0)) return 1;
        for (size_t i = 0; i < n; i++) sum += out[i].distance_m;
    } else {
        if (demarc_party_batch(ctx, b, n, lon, 0, lat, 0, party, 0)) return 1;
        for (size_t i = 0; i < n; i++) sum += party[i];
    }
    printf("%s: %zu points, checksum %.6f\n", kind, n, sum);
    free(lon); free(lat); free(out); free(party);
    demarc_border_free(b);
    demarc_ctx_free(ctx);
    return 0;
}
