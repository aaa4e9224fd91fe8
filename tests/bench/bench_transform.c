/* bench_transform.c -- demarc_transform_apply against a bare
 * proj_trans_generic loop on the same 1,000,000 points (goal: library
 * throughput >= 0.9x the bare call).  Two cases:
 *   WGS 84 -> UTM 41N (EPSG:4326 -> EPSG:32641): one conversion either way;
 *   SK-42 -> WGS 84 (EPSG:4284 -> EPSG:4326): the library's single chosen
 *     operation (EPSG:15865) vs the peer PJ from proj_create_crs_to_crs
 *     (with the border as area), which keeps every candidate and picks one
 *     per point, as cs2cs does; and vs the same single operation bare.
 * Points: a pseudo-random cloud over the border's extent 55.9-71.0 E,
 * 37.1-45.6 N (fixed seed).  Each timed run transforms a fresh copy;
 * medians of RUNS runs, interleaved so drift hits both sides alike. */
#include "bench_util.h"
#include "demarc.h"

#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 1000000
#define RUNS 7

static double *xs0, *ys0, *x, *y;

static void reset(void)
{
    memcpy(x, xs0, N * sizeof *x);
    memcpy(y, ys0, N * sizeof *y);
}

static double run_bare(PJ *p)
{
    reset();
    double t0 = bench_now();
    proj_trans_generic(p, PJ_FWD, x, sizeof *x, N, y, sizeof *y, N, NULL, 0, 0, NULL, 0, 0);
    return bench_now() - t0;
}

static double run_lib(demarc_ctx *ctx, demarc_transform *t)
{
    reset();
    double t0 = bench_now();
    if (demarc_transform_apply(ctx, t, N, x, sizeof *x, y, sizeof *y, NULL, 0)) {
        fprintf(stderr, "apply: %s\n", demarc_ctx_errmsg(ctx));
        exit(1);
    }
    return bench_now() - t0;
}

static void bench(demarc_ctx *ctx, PJ_CONTEXT *pc, const char *from, const char *to)
{
    demarc_transform *t;
    if (demarc_transform_new(ctx, &t, from, to, NULL)) {
        fprintf(stderr, "%s\n", demarc_ctx_errmsg(ctx));
        exit(1);
    }
    const char *name, *code;
    demarc_transform_operation(t, &name, &code, NULL);
    /* Peer 1: what a PROJ user writes, crs_to_crs with the same area. */
    PJ_AREA *area = proj_area_create();
    proj_area_set_bbox(area, 55.9, 37.1, 71.0, 45.6);
    PJ *raw = proj_create_crs_to_crs(pc, from, to, area);
    PJ *c2c = proj_normalize_for_visualization(pc, raw);
    proj_destroy(raw);
    proj_area_destroy(area);
    /* Peer 2: the very operation the library chose, bare. */
    PJ *src = proj_create(pc, from), *dst = proj_create(pc, to);
    PJ_OPERATION_FACTORY_CONTEXT *f = proj_create_operation_factory_context(pc, NULL);
    proj_operation_factory_context_set_area_of_interest(pc, f, 55.9, 37.1, 71.0, 45.6);
    PJ_OBJ_LIST *l = proj_create_operations(pc, src, dst, f);
    PJ *op0 = proj_list_get(pc, l, 0);
    PJ *single = proj_normalize_for_visualization(pc, op0);
    proj_destroy(op0);
    proj_list_destroy(l);
    proj_operation_factory_context_destroy(f);
    proj_destroy(src);
    proj_destroy(dst);
    if (!c2c || !single) {
        fprintf(stderr, "PROJ peers failed\n");
        exit(1);
    }
    double tl[RUNS], tc[RUNS], ts[RUNS];
    for (int r = 0; r < RUNS; r++) {
        tc[r] = run_bare(c2c);
        tl[r] = run_lib(ctx, t);
        ts[r] = run_bare(single);
    }
    double ml = bench_median(tl, RUNS), mc = bench_median(tc, RUNS),
           ms = bench_median(ts, RUNS);
    printf("%s -> %s (library operation: %s %s), %d points, median of %d runs:\n", from, to,
           name, code, N, RUNS);
    printf("  demarc_transform_apply          %8.1f ms  %6.2f Mpt/s\n", 1e3 * ml, N / ml / 1e6);
    printf("  proj_trans_generic, crs_to_crs  %8.1f ms  %6.2f Mpt/s\n", 1e3 * mc, N / mc / 1e6);
    printf("  proj_trans_generic, same op     %8.1f ms  %6.2f Mpt/s\n", 1e3 * ms, N / ms / 1e6);
    printf("  throughput ratio library / crs_to_crs: %.3f   library / same op: %.3f  "
           "(goal >= 0.9)\n",
           mc / ml, ms / ml);
    proj_destroy(c2c);
    proj_destroy(single);
    demarc_transform_free(t);
}

int main(void)
{
    demarc_ctx *ctx;
    if (demarc_ctx_new(&ctx)) return 1;
    PJ_CONTEXT *pc = proj_context_create();
    xs0 = malloc(N * sizeof *xs0);
    ys0 = malloc(N * sizeof *ys0);
    x = malloc(N * sizeof *x);
    y = malloc(N * sizeof *y);
    if (!xs0 || !ys0 || !x || !y) return 1;
    unsigned long s = 42;
    for (size_t i = 0; i < N; i++) { /* LCG (Numerical Recipes), fixed seed */
        s = s * 1664525UL + 1013904223UL;
        xs0[i] = 55.9 + 15.1 * (double)(s & 0xffffffUL) / 16777216.0;
        s = s * 1664525UL + 1013904223UL;
        ys0[i] = 37.1 + 8.5 * (double)(s & 0xffffffUL) / 16777216.0;
    }
    bench(ctx, pc, "EPSG:4326", "EPSG:32641");
    bench(ctx, pc, "EPSG:4284", "EPSG:4326");
    proj_context_destroy(pc);
    demarc_ctx_free(ctx);
    free(xs0);
    free(ys0);
    free(x);
    free(y);
    return 0;
}
