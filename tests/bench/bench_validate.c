/* bench_validate.c -- validating the 1,301-sign catalogue (budget: 50 ms,
 * issue 3), against two peers measured in the same run:
 *   - 1,301 GEOS point-to-line distance calls (GEOSDistance_r of each sign
 *     to the 2,014-vertex line, planar in degrees: "how far is each sign
 *     from the line" with none of the geodesy), and the same through a
 *     prepared (indexed) line, GEOSPreparedDistance_r;
 *   - reading data/kz-uz/signs.csv with OGR (every field of every row).
 * Prints medians of 31 runs and the ratios. */
#include "bench_util.h"
#include "demarc.h"

#include <gdal.h>
#include <geos_c.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef DEMARC_BENCH_SIGNS
/* run from the repository root, or pass the path */
#define DEMARC_BENCH_SIGNS "data/kz-uz/signs.csv"
#endif

#define RUNS 31

int main(int argc, char **argv)
{
    const char *csv = argc > 1 ? argv[1] : DEMARC_BENCH_SIGNS;
    demarc_ctx *ctx;
    demarc_border *b;
    demarc_catalogue *cat, *file_cat;
    if (demarc_ctx_new(&ctx) || demarc_border_open_default(ctx, &b, NULL) ||
        demarc_catalogue_from_border(ctx, &cat, b)) {
        fprintf(stderr, "setup: %s\n", demarc_ctx_errmsg(ctx));
        return 1;
    }
    if (demarc_catalogue_open(ctx, &file_cat, csv, NULL)) {
        fprintf(stderr, "%s: %s\n", csv, demarc_ctx_errmsg(ctx));
        return 1;
    }
    size_t nsign = demarc_catalogue_count(cat), nv;
    const double *xy = demarc_border_vertices(b, &nv);

    GEOSContextHandle_t gh = GEOS_init_r();
    GEOSCoordSequence *seq = GEOSCoordSeq_create_r(gh, (unsigned)nv, 2);
    for (size_t i = 0; i < nv; i++)
        GEOSCoordSeq_setXY_r(gh, seq, (unsigned)i, xy[2 * i], xy[2 * i + 1]);
    GEOSGeometry *line = GEOSGeom_createLineString_r(gh, seq);
    GEOSGeometry **pts = malloc(nsign * sizeof *pts);
    for (size_t i = 0; i < nsign; i++) {
        const demarc_catalogue_entry *e = demarc_catalogue_entry_get(cat, i);
        pts[i] = GEOSGeom_createPointFromXY_r(gh, e->lon, e->lat);
    }
    GDALAllRegister();

    const GEOSPreparedGeometry *prep = GEOSPrepare_r(gh, line);
    double t_val[RUNS], t_file[RUNS], t_geos[RUNS], t_prep[RUNS], t_ogr[RUNS], sink = 0;
    size_t findings = 0;
    for (int r = 0; r < RUNS; r++) {
        demarc_report *rep;
        double t0 = bench_now();
        if (demarc_catalogue_validate(ctx, &rep, b, cat, NULL)) return 1;
        t_val[r] = bench_now() - t0;
        findings += demarc_report_count(rep);
        demarc_report_free(rep);

        t0 = bench_now();
        demarc_catalogue *c2;
        if (demarc_catalogue_open(ctx, &c2, csv, NULL) ||
            demarc_catalogue_validate(ctx, &rep, b, c2, NULL))
            return 1;
        t_file[r] = bench_now() - t0;
        demarc_report_free(rep);
        demarc_catalogue_free(c2);

        t0 = bench_now();
        for (size_t i = 0; i < nsign; i++) {
            double d;
            GEOSDistance_r(gh, pts[i], line, &d);
            sink += d;
        }
        t_geos[r] = bench_now() - t0;

        t0 = bench_now();
        for (size_t i = 0; i < nsign; i++) {
            double d;
            GEOSPreparedDistance_r(gh, prep, pts[i], &d);
            sink += d;
        }
        t_prep[r] = bench_now() - t0;

        t0 = bench_now();
        GDALDatasetH ds = GDALOpenEx(csv, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
        OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
        OGRFeatureH f;
        while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
            for (int k = 0; k < OGR_F_GetFieldCount(f); k++) sink += OGR_F_GetFieldAsDouble(f, k);
            OGR_F_Destroy(f);
        }
        GDALClose(ds);
        t_ogr[r] = bench_now() - t0;
    }
    double mv = bench_median(t_val, RUNS), mf = bench_median(t_file, RUNS),
           mg = bench_median(t_geos, RUNS), mp = bench_median(t_prep, RUNS),
           mo = bench_median(t_ogr, RUNS);
    printf("validate embedded catalogue (%zu signs): median %.3f ms over %d runs (budget 50 ms), "
           "%zu findings\n", nsign, 1e3 * mv, RUNS, findings / RUNS);
    printf("open + validate %s: median %.3f ms\n", csv, 1e3 * mf);
    printf("peer GEOSDistance_r x %zu signs (planar, degrees): median %.3f ms\n", nsign, 1e3 * mg);
    printf("peer GEOSPreparedDistance_r x %zu signs (indexed line): median %.3f ms\n", nsign,
           1e3 * mp);
    printf("peer OGR read of %s: median %.3f ms\n", csv, 1e3 * mo);
    printf("ratio validate / GEOS distances: %.2f, / prepared GEOS distances: %.2f\n", mv / mg,
           mv / mp);
    printf("ratio open+validate / OGR read: %.2f   (checksum %.0f)\n", mf / mo, sink / RUNS);
    for (size_t i = 0; i < nsign; i++) GEOSGeom_destroy_r(gh, pts[i]);
    free(pts);
    GEOSPreparedGeom_destroy_r(gh, prep);
    GEOSGeom_destroy_r(gh, line);
    GEOS_finish_r(gh);
    demarc_catalogue_free(file_cat);
    demarc_catalogue_free(cat);
    demarc_border_free(b);
    demarc_ctx_free(ctx);
    return 0;
}
