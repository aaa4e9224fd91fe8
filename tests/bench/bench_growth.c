/* bench_growth.c -- how the cost of opening and querying a border grows with
 * its vertex count (issue 17).  The line of data/kz-uz (2,014 vertices) is
 * densified 10x, 100x and 497x at bench time, every edge split into k equal
 * parts along its own geodesic (PROJ's geod_inverseline + geod_position), so
 * that it is the same curve with ~20 k, ~200 k and ~1,000,000 vertices (the
 * last is the synthetic 1 M-vertex border); signs, territories and metadata
 * are data/kz-uz's.  Each is written to a temporary directory, opened with
 * demarc_border_open (GDAL reader, chainage, sign placement, index) and
 * queried:
 *   party  demarc_party_batch, 1,000,000 uniform points (lon 55-72, lat
 *          37-47) and 1,000,000 track points (bench_tracks, uniform starts);
 *   full   demarc_locate_batch, 100,000 uniform points, points/s;
 *   open   demarc_border_open, ms; memory: bytes the opened border holds.
 * `bench_growth --write DIR K` only writes the K-times densified border into
 * DIR (to profile one size with perf, callgrind or bench_instr).
 * The peer of every row is the first (the 2 k-vertex border opened the same
 * way); the growth ratio is printed beside each figure (target: party and
 * full <= 2x at 200 k; open linear, <= 0.2 s at 200 k).  Sanity: every
 * distance within 1 mm of the original line's, the party the same for
 * points more than 1 m from it.  Medians of RUNS runs; the query runs go
 * in paired rounds over all four borders (all open at once), and each
 * growth ratio is the median of the rounds' ratios, so that the shared
 * machine's changing load does not fall on one row. */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"
#include "demarc.h"
#include "locate_internal.h"

#include <geodesic.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RUNS 5
#define NP 1000000
#define NF 100000

#ifndef DEMARC_DATA_DIR
#define DEMARC_DATA_DIR "data"
#endif

static int copy_file(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
    if (!a || !b) {
        if (a) fclose(a);
        if (b) fclose(b);
        return 1;
    }
    char buf[65536];
    size_t k;
    int bad = 0;
    while ((k = fread(buf, 1, sizeof buf, a)) > 0) bad |= fwrite(buf, 1, k, b) != k;
    bad |= ferror(a);
    fclose(a);
    return bad | (fclose(b) != 0);
}

/* DIR/border.geojson: xy with every edge split into k parts along its
 * geodesic; the other files copied from data/kz-uz. */
static int write_border(const char *dir, const double *xy, size_t nv, int k)
{
    char path[4200], src[4200];
    struct geod_geodesic g;
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    snprintf(path, sizeof path, "%s/border.geojson", dir);
    FILE *f = fopen(path, "w");
    if (!f) return 1;
    fputs("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
          "{\"id\":\"kz-uz\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[", f);
    for (size_t v = 0; v + 1 < nv; v++) {
        fprintf(f, "[%.17g,%.17g],", xy[2 * v], xy[2 * v + 1]);
        struct geod_geodesicline l;
        geod_inverseline(&l, &g, xy[2 * v + 1], xy[2 * v], xy[2 * v + 3], xy[2 * v + 2],
                         GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_DISTANCE_IN);
        for (int q = 1; q < k; q++) {
            double la, lo;
            geod_position(&l, l.s13 * q / k, &la, &lo, NULL);
            fprintf(f, "[%.17g,%.17g],", lo, la);
        }
    }
    fprintf(f, "[%.17g,%.17g]]}}]}\n", xy[2 * nv - 2], xy[2 * nv - 1]);
    int bad = ferror(f) | (fclose(f) != 0);
    const char *keep[] = {"border.json", "signs.csv", "territories.geojson"};
    for (int q = 0; q < 3 && !bad; q++) {
        snprintf(src, sizeof src, "%s/kz-uz/%s", DEMARC_DATA_DIR, keep[q]);
        snprintf(path, sizeof path, "%s/%s", dir, keep[q]);
        bad |= copy_file(src, path);
    }
    return bad;
}

static void remove_dir(const char *dir)
{
    const char *files[] = {"border.geojson", "border.json", "signs.csv", "territories.geojson"};
    char path[4200];
    for (int q = 0; q < 4; q++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[q]);
        remove(path);
    }
    rmdir(dir);
}

typedef struct row {
    int k;
    size_t nv;
    double open_s, party_ns, track_ns, full_ps;
    size_t owned, borrowed;
    size_t bad_dist, bad_party;
} row;

int main(int argc, char **argv)
{
    demarc_ctx *ctx;
    demarc_border *orig;
    if (demarc_ctx_new(&ctx) || demarc_border_open_default(ctx, &orig, NULL)) return 1;
    size_t nv0;
    const double *xy0 = demarc_border_vertices(orig, &nv0);
    if (argc == 4 && !strcmp(argv[1], "--write")) {
        /* bench_growth --write DIR K: only write the K-times densified border
         * into the existing directory DIR (for perf, callgrind, bench_instr) */
        int bad = write_border(argv[2], xy0, nv0, atoi(argv[3]));
        demarc_border_free(orig);
        demarc_ctx_free(ctx);
        return bad;
    }
    if (argc != 1) {
        fprintf(stderr, "usage: %s [--write DIR K]\n", argv[0]);
        return 2;
    }
    double *lon = malloc(NP * sizeof *lon), *lat = malloc(NP * sizeof *lat);
    double *tlon = malloc(NP * sizeof *tlon), *tlat = malloc(NP * sizeof *tlat);
    int *party = malloc(NP * sizeof *party), *party0 = malloc(NP * sizeof *party0);
    demarc_location *full = malloc(NF * sizeof *full), *full0 = malloc(NF * sizeof *full0);
    if (!lon || !lat || !tlon || !tlat || !party || !party0 || !full || !full0) return 1;
    bench_uniform(lon, lat, NP, 0x9e3779b97f4a7c15ull);
    bench_tracks(NULL, 0, tlon, tlat, NP, 0x2545f4914f6cdd1dull);
    if (demarc_locate_batch(ctx, orig, NF, lon, 0, lat, 0, NULL, full0, 0) ||
        demarc_party_batch(ctx, orig, NP, lon, 0, lat, 0, party0, 0))
        return 1;
    const int ks[] = {1, 10, 100, 497};
    row rows[4];
    demarc_border *bs[4];
    for (int r = 0; r < 4; r++) {
        row *w = &rows[r];
        memset(w, 0, sizeof *w);
        w->k = ks[r];
        char dir[] = "/tmp/demarc-growth-XXXXXX";
        if (!mkdtemp(dir) || write_border(dir, xy0, nv0, ks[r])) {
            fprintf(stderr, "bench_growth: cannot write %s\n", dir);
            return 1;
        }
        double t_open[RUNS];
        demarc_border *b = NULL;
        for (int q = 0; q < RUNS; q++) {
            if (b) demarc_border_free(b);
            double t0 = bench_now();
            if (demarc_border_open(ctx, &b, dir, NULL)) {
                fprintf(stderr, "bench_growth: %s\n", demarc_ctx_errmsg(ctx));
                return 1;
            }
            t_open[q] = bench_now() - t0;
        }
        remove_dir(dir);
        bs[r] = b;
        demarc_border_vertices(b, &w->nv);
        demarc__border_bytes(b, &w->owned, &w->borrowed);
        w->open_s = bench_median(t_open, RUNS);
    }
    /* Paired rounds: in each, every border's party, track and full runs
     * back to back, so that a change of the machine's load between rows
     * (it is shared) touches every row of that round alike; each figure is
     * the median over the rounds, each ratio the median of the rounds'
     * ratios to the first row. */
    double t_party[4][RUNS], t_track[4][RUNS], t_full[4][RUNS];
    double r_party[4][RUNS], r_track[4][RUNS], r_full[4][RUNS];
    for (int q = 0; q < RUNS; q++) {
        for (int r = 0; r < 4; r++) {
            double t0 = bench_now();
            if (demarc_party_batch(ctx, bs[r], NP, lon, 0, lat, 0, party, 0)) return 1;
            t_party[r][q] = bench_now() - t0;
            t0 = bench_now();
            if (demarc_party_batch(ctx, bs[r], NP, tlon, 0, tlat, 0, party, 0)) return 1;
            t_track[r][q] = bench_now() - t0;
            t0 = bench_now();
            if (demarc_locate_batch(ctx, bs[r], NF, lon, 0, lat, 0, NULL, full, 0)) return 1;
            t_full[r][q] = bench_now() - t0;
        }
        for (int r = 0; r < 4; r++) {
            r_party[r][q] = t_party[r][q] / t_party[0][q];
            r_track[r][q] = t_track[r][q] / t_track[0][q];
            r_full[r][q] = t_full[r][q] / t_full[0][q];
        }
    }
    double x_party[4], x_track[4], x_full[4];
    for (int r = 0; r < 4; r++) {
        row *w = &rows[r];
        demarc_border *b = bs[r];
        if (demarc_locate_batch(ctx, b, NF, lon, 0, lat, 0, NULL, full, 0)) return 1;
        if (demarc_party_batch(ctx, b, NP, lon, 0, lat, 0, party, 0)) return 1;
        for (size_t i = 0; i < NF; i++) {
            w->bad_dist += fabs(full[i].distance_m - full0[i].distance_m) > 1e-3;
            w->bad_party += full0[i].distance_m > 1.0 && full[i].party != full0[i].party;
        }
        /* party_batch: points more than 1 m from the line (by the first NF) */
        for (size_t i = 0; i < NF; i++)
            w->bad_party += full0[i].distance_m > 1.0 && party[i] != party0[i];
        w->party_ns = 1e9 * bench_median(t_party[r], RUNS) / NP;
        w->track_ns = 1e9 * bench_median(t_track[r], RUNS) / NP;
        w->full_ps = NF / bench_median(t_full[r], RUNS);
        x_party[r] = bench_median(r_party[r], RUNS);
        x_track[r] = bench_median(r_track[r], RUNS);
        x_full[r] = bench_median(r_full[r], RUNS);
        demarc_border_free(b);
    }
    const row *p = &rows[0];
    printf("growth (peer: the first row, the same border with %zu vertices, opened the same "
           "way); medians of %d runs, ratios the medians of %d paired rounds\n", p->nv, RUNS,
           RUNS);
    printf("%9s %10s %8s %12s %8s %12s %8s %12s %8s %12s %6s %6s\n", "densified", "vertices",
           "open ms", "(x, /vertex)", "party ns", "(x)", "track ns", "(x)", "full pt/s",
           "(cost x)", "memMB", "bad");
    for (int r = 0; r < 4; r++) {
        const row *w = &rows[r];
        double vr = (double)w->nv / (double)p->nv;
        printf("%8dx %10zu %8.1f %5.1fx %5.2f %8.1f %11.2fx %8.1f %11.2fx %8.0f %11.2fx %6.1f "
               "%zu/%zu\n",
               w->k, w->nv, 1e3 * w->open_s, w->open_s / p->open_s,
               (w->open_s / p->open_s) / vr, w->party_ns, x_party[r], w->track_ns, x_track[r],
               w->full_ps, x_full[r], (double)w->owned / 1e6, w->bad_dist, w->bad_party);
    }
    printf("open: (x, /vertex) = open time ratio, and that ratio per vertex-count ratio (1 = "
           "linear); target <= 0.2 s at ~200 k vertices\n"
           "party, track, full: cost ratio to the first row; target <= 2x at ~200 k vertices\n"
           "bad: distances off the original line's by > 1 mm / parties differing > 1 m from "
           "it, of %d\n", NF);
    size_t own, bor;
    demarc__border_bytes(orig, &own, &bor);
    printf("memory of the embedded border (open_default): %zu bytes owned, %zu bytes of "
           "compiled-in index shared by every open\n", own, bor);
    demarc_border_free(orig);
    demarc_ctx_free(ctx);
    free(lon); free(lat); free(tlon); free(tlat); free(party); free(party0);
    free(full); free(full0);
    return 0;
}
