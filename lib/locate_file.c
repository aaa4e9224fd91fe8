/* locate_file.c -- demarc_locate_file: every point of a vector file
 * located against a border, written back as a copy with the location
 * fields added.  One operation to WGS 84 for the whole file (as
 * demarc_transform_new chooses it); the copy is written into a fresh
 * directory beside the target and renamed into place only when complete. */
#define _LARGEFILE64_SOURCE 1 /* struct stat64: GDAL's VSIStatBufL */
#include "validate_internal.h"
#include "alloc_internal.h"
#include "context_internal.h"
#include "io_internal.h"
#include "ogr_internal.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The fields added to every feature, in this order. */
static const struct {
    const char *name;
    OGRFieldType type;
} ADDED[] = {
    {"party", OFTString},       {"on_border", OFTInteger}, {"distance_m", OFTReal},
    {"chainage_m", OFTReal},    {"nearest_sign", OFTString}, {"nearest_sign_m", OFTReal},
};
#define NADDED (sizeof ADDED / sizeof ADDED[0])

/* GDAL driver for an output name, by extension; NULL when unknown. */
static const char *driver_for(const char *path)
{
    static const struct { const char *ext, *drv; } map[] = {
        {".gpkg", "GPKG"},      {".geojson", "GeoJSON"}, {".json", "GeoJSON"},
        {".fgb", "FlatGeobuf"}, {".kml", "KML"},         {".csv", "CSV"},
        {".shp", "ESRI Shapefile"},
    };
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        size_t e = strlen(map[i].ext);
        if (n > e && !strcasecmp(path + n - e, map[i].ext)) return map[i].drv;
    }
    return NULL;
}

/* Remove the temporary directory and what is in it. */
static void rm_tmpdir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *de;
        char p[4608];
        while ((de = readdir(d)) != NULL) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
            if (snprintf(p, sizeof p, "%s/%s", dir, de->d_name) < (int)sizeof p) unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* Move every file of tmp (named like the target's base, with its
 * extensions: a shapefile's .shx, .dbf, .prj, ...) into the target's
 * directory. */
static demarc_status move_into_place(demarc_ctx *ctx, const char *tmp, const char *outdir,
                                     const char *out)
{
    DIR *d = opendir(tmp);
    if (!d) return demarc__fail(ctx, DEMARC_ERR_IO, "%s: %s", tmp, strerror(errno));
    struct dirent *de;
    demarc_status rc = DEMARC_OK;
    char from[4608], to[4608];
    while (!rc && (de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        if (snprintf(from, sizeof from, "%s/%s", tmp, de->d_name) >= (int)sizeof from ||
            snprintf(to, sizeof to, "%s/%s", outdir, de->d_name) >= (int)sizeof to) {
            rc = demarc__fail(ctx, DEMARC_ERR_IO, "%s: path too long", out);
            break;
        }
        if (rename(from, to))
            rc = demarc__fail(ctx, DEMARC_ERR_IO, "%s: cannot move the finished file into "
                              "place: %s", out, strerror(errno));
    }
    closedir(d);
    return rc;
}

/* Read the copy back: every feature, as many as were written.  GDAL 3.6's
 * GeoJSON, KML and CSV writers, and the Shapefile's .dbf, do not report a
 * short write (a full disk, a file-size limit): the file is then cut off,
 * and caught here. */
static demarc_status verify_copy(demarc_ctx *ctx, const char *path, const char *out, size_t n,
                                 int nfields, int schema)
{
    ctx->msg[0] = '\0';
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds)
        return demarc__fail(ctx, DEMARC_ERR_IO, "%s: the file written cannot be read back%s%s",
                            out, ctx->msg[0] ? ": " : "", ctx->msg);
    OGRLayerH l = GDALDatasetGetLayerCount(ds) == 1 ? GDALDatasetGetLayer(ds, 0) : NULL;
    ctx->msg[0] = '\0';
    long long got = l ? demarc__read_back_count(l) : 0;
    int fields = l ? OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(l)) : 0;
    GDALClose(ds);
    /* a .dbf whose header a failed write left without its fields reads as
     * features without attributes; checked for the formats with a schema
     * (GeoJSON and KML declare no field that no feature has) */
    if (got >= 0 && schema && fields < nfields)
        return demarc__fail(ctx, DEMARC_ERR_IO, "%s: reads back with %d of the %d fields written",
                            out, fields, nfields);
    if (got < 0)
        return demarc__fail(ctx, DEMARC_ERR_IO, "%s: reads back with an error: %s", out,
                            ctx->msg);
    if (got != (long long)n)
        return demarc__fail(ctx, DEMARC_ERR_IO,
                            "%s: reads back with %lld of the %zu features written", out, got,
                            n);
    return DEMARC_OK;
}

static demarc_status check_opts(demarc_ctx *ctx, const demarc_locate_file_options *o)
{
    if (!o) return DEMARC_OK;
    if (o->version != DEMARC_LOCATE_FILE_OPTIONS_VERSION)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "locate_file options: version %u, expected %u",
                            o->version, DEMARC_LOCATE_FILE_OPTIONS_VERSION);
    if (o->flags & ~DEMARC_LOCATE_FILE_REPLACE)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "locate_file options: unknown flag bits 0x%x",
                            o->flags & ~DEMARC_LOCATE_FILE_REPLACE);
    if (!(o->on_border_tolerance_m >= 0))
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "locate_file options: on_border_tolerance_m %g is negative or NaN",
                            o->on_border_tolerance_m);
    return DEMARC_OK;
}

/* The input layer: opts' name, else the only one. */
static OGRLayerH input_layer(demarc_ctx *ctx, GDALDatasetH ds, const char *in, const char *want,
                             demarc_status *rc)
{
    int n = GDALDatasetGetLayerCount(ds);
    *rc = DEMARC_OK;
    if (want && want[0]) {
        OGRLayerH l = GDALDatasetGetLayerByName(ds, want);
        if (!l) *rc = demarc__fail(ctx, DEMARC_ERR_NOT_FOUND, "%s: no layer '%s'", in, want);
        return l;
    }
    if (n == 1) return GDALDatasetGetLayer(ds, 0);
    char names[400];
    size_t k = 0;
    names[0] = '\0';
    for (int i = 0; i < n && k + 1 < sizeof names; i++) {
        int w = snprintf(names + k, sizeof names - k, "%s'%s'", i ? ", " : "",
                         OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
        if (w < 0) break;
        k += (size_t)w;
    }
    *rc = n < 1 ? demarc__fail(ctx, DEMARC_ERR_EMPTY, "%s: no layer", in)
                : demarc__fail(ctx, DEMARC_ERR_FORMAT,
                               "%s has %d layers: choose one (--layer NAME) of %s", in, n, names);
    return NULL;
}

/* Locate one feature's point and copy the feature with the fields added. */
static demarc_status copy_feature(demarc_ctx *ctx, const demarc_border *b, OGRFeatureH f,
                                  OGRLayerH ol, int nin, const demarc_transform *t,
                                  const demarc_locate_options *lo, const char *in,
                                  const char *out, long long fno)
{
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (!g || wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint || OGR_G_IsEmpty(g))
        return demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: feature %lld has no point", in, fno);
    double x = OGR_G_GetX(g, 0), y = OGR_G_GetY(g, 0);
    if (t && demarc_transform_apply(ctx, t, 1, &x, 0, &y, 0, NULL, 0)) {
        char m[DEMARC_ERRMSG_MAX];
        snprintf(m, sizeof m, "%s", demarc_ctx_errmsg(ctx));
        return demarc__fail(ctx, DEMARC_ERR_CRS, "%s: feature %lld: %s", in, fno, m);
    }
    demarc_location l;
    demarc_status rc = demarc_locate(ctx, b, x, y, lo, &l);
    if (rc) {
        char m[DEMARC_ERRMSG_MAX];
        snprintf(m, sizeof m, "%s", demarc_ctx_errmsg(ctx));
        return demarc__fail(ctx, rc, "%s: feature %lld: %s", in, fno, m);
    }
    OGRFeatureH o = OGR_F_Create(OGR_L_GetLayerDefn(ol));
    if (!o) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    OGR_F_SetFrom(o, f, TRUE);
    const demarc_sign *s = demarc_border_sign(b, l.nearest_sign);
    OGR_F_SetFieldString(o, nin + 0, l.party_code);
    OGR_F_SetFieldInteger(o, nin + 1, l.on_border);
    OGR_F_SetFieldDouble(o, nin + 2, l.distance_m);
    OGR_F_SetFieldDouble(o, nin + 3, l.chainage_m);
    OGR_F_SetFieldString(o, nin + 4, s ? s->id : "");
    OGR_F_SetFieldDouble(o, nin + 5, l.nearest_sign_m);
    OGR_F_SetFID(o, OGRNullFID);
    OGRErr e = OGR_L_CreateFeature(ol, o);
    OGR_F_Destroy(o);
    if (e != OGRERR_NONE)
        return demarc__fail(ctx, DEMARC_ERR_IO, "%s: cannot write feature %lld%s%s", out, fno,
                            ctx->msg[0] ? ": " : "", ctx->msg);
    return DEMARC_OK;
}

demarc_status demarc_locate_file(demarc_ctx *ctx, const demarc_border *border, const char *in,
                                 const char *out, const demarc_locate_file_options *opts,
                                 size_t *count)
{
    DEMARC__ENTER(ctx);
    if (count) *count = 0;
    if (!border || !in || !out)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "locate_file: NULL border, input or output");
    demarc_status rc = check_opts(ctx, opts);
    if (rc) return rc;
    const char *drv_name = opts && opts->format ? opts->format : driver_for(out);
    if (!drv_name)
        return demarc__fail(ctx, DEMARC_ERR_FORMAT,
                            "%s: unknown output format: name it .gpkg, .geojson, .fgb, .kml, "
                            ".csv or .shp, or give the format",
                            out);
    struct stat si, so;
    int out_exists = stat(out, &so) == 0;
    if (out_exists && stat(in, &si) == 0 && si.st_dev == so.st_dev && si.st_ino == so.st_ino)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "%s: the output is the input", out);
    if (out_exists && !(opts && (opts->flags & DEMARC_LOCATE_FILE_REPLACE)))
        return demarc__fail(ctx, DEMARC_ERR_IO, "%s exists: not replaced (--force replaces it)",
                            out);

    demarc__ogr_push_errors(ctx);
    GDALDatasetH ids = demarc__ogr_open(ctx, in, &rc), ods = NULL;
    demarc_transform *t = NULL;
    char *crs = NULL, tmp[4200] = "", outdir[4096], tmpout[4608];
    size_t n = 0;
    if (!ids) goto done;
    OGRLayerH il = input_layer(ctx, ids, in, opts ? opts->layer : NULL, &rc);
    if (rc) goto done;
    OGRwkbGeometryType gt = wkbFlatten(OGR_L_GetGeomType(il));
    if (gt != wkbPoint && gt != wkbUnknown) {
        rc = demarc__fail(ctx, DEMARC_ERR_FORMAT,
                          "%s: layer '%s' holds %s geometries, not points%s", in,
                          OGR_L_GetName(il),
                          gt == wkbNone ? "no" : OGRGeometryTypeToName(gt),
                          gt == wkbNone ? " (a CSV of lon,lat columns: demarc locate - < FILE)"
                                        : "");
        goto done;
    }
    if ((rc = demarc__layer_crs_text(ctx, il, &crs)) != DEMARC_OK) goto done;
    if (crs && (rc = demarc_transform_new(ctx, &t, crs, "EPSG:4326", NULL))) {
        char m[DEMARC_ERRMSG_MAX];
        snprintf(m, sizeof m, "%s", demarc_ctx_errmsg(ctx));
        rc = demarc__fail(ctx, rc, "%s: CRS of the layer: %s", in, m);
        goto done;
    }
    OGRFeatureDefnH idef = OGR_L_GetLayerDefn(il);
    int nin = OGR_FD_GetFieldCount(idef);
    for (size_t k = 0; k < NADDED; k++)
        if (demarc__ogr_field(idef, ADDED[k].name) >= 0) {
            rc = demarc__fail(ctx, DEMARC_ERR_FORMAT,
                              "%s: the layer has a field '%s' already, which locate adds", in,
                              ADDED[k].name);
            goto done;
        }
    GDALDriverH drv = GDALGetDriverByName(drv_name);
    if (!drv) {
        rc = demarc__fail(ctx, DEMARC_ERR_FORMAT, "no GDAL driver '%s'", drv_name);
        goto done;
    }
    /* A fresh directory beside the target; the finished files move out. */
    snprintf(outdir, sizeof outdir, "%s", out);
    char *slash = strrchr(outdir, '/');
    if (slash) *slash = '\0';
    else snprintf(outdir, sizeof outdir, ".");
    snprintf(tmp, sizeof tmp, "%s/.demarc-locate-XXXXXX", outdir);
    if (!mkdtemp(tmp)) {
        rc = demarc__fail(ctx, DEMARC_ERR_IO, "%s: cannot write in %s: %s", out, outdir,
                          strerror(errno));
        tmp[0] = '\0';
        goto done;
    }
    const char *base = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
    snprintf(tmpout, sizeof tmpout, "%s/%s", tmp, base);
    ods = GDALCreate(drv, tmpout, 0, 0, 0, GDT_Unknown, NULL);
    if (!ods) {
        rc = demarc__fail(ctx, DEMARC_ERR_IO, "%s: cannot create%s%s", out,
                          ctx->msg[0] ? ": " : "", ctx->msg);
        goto done;
    }
    char **lco = NULL;
    if (!strcmp(drv_name, "CSV")) lco = CSLSetNameValue(lco, "GEOMETRY", "AS_XY");
    OGRLayerH ol = GDALDatasetCreateLayer(ods, OGR_L_GetName(il), OGR_L_GetSpatialRef(il),
                                          OGR_L_GetGeomType(il), lco);
    CSLDestroy(lco);
    if (!ol) {
        rc = demarc__fail(ctx, DEMARC_ERR_IO, "%s: cannot create the layer%s%s", out,
                          ctx->msg[0] ? ": " : "", ctx->msg);
        goto done;
    }
    for (int i = 0; i < nin && !rc; i++)
        if (OGR_L_CreateField(ol, OGR_FD_GetFieldDefn(idef, i), TRUE) != OGRERR_NONE)
            rc = demarc__fail(ctx, DEMARC_ERR_IO, "%s: cannot create field '%s'", out,
                              OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(idef, i)));
    for (size_t k = 0; k < NADDED && !rc; k++) {
        OGRFieldDefnH fd = OGR_Fld_Create(ADDED[k].name, ADDED[k].type);
        if (OGR_L_CreateField(ol, fd, TRUE) != OGRERR_NONE)
            rc = demarc__fail(ctx, DEMARC_ERR_IO, "%s: cannot create field '%s'", out,
                              ADDED[k].name);
        OGR_Fld_Destroy(fd);
    }
    if (rc) goto done;
    demarc_locate_options lo = DEMARC_LOCATE_OPTIONS_INIT;
    lo.on_border_tolerance_m = opts ? opts->on_border_tolerance_m : 0;
    int in_tx = OGR_L_StartTransaction(ol) == OGRERR_NONE; /* GPKG: one transaction */
    OGR_L_ResetReading(il);
    OGRFeatureH f;
    while (!rc && (f = OGR_L_GetNextFeature(il)) != NULL) {
        rc = copy_feature(ctx, border, f, ol, nin, t, &lo, in, out, (long long)n + 1);
        OGR_F_Destroy(f);
        if (!rc) n++;
    }
    if (!rc && in_tx && OGR_L_CommitTransaction(ol) != OGRERR_NONE)
        rc = demarc__fail(ctx, DEMARC_ERR_IO, "%s: cannot commit the features%s%s", out,
                          ctx->msg[0] ? ": " : "", ctx->msg);
    if (!rc && n == 0) rc = demarc__fail(ctx, DEMARC_ERR_EMPTY, "%s: no points", in);
    if (!rc) {
        /* GDAL 3.6's GDALClose returns nothing: a failed flush shows as an
         * error raised while closing. */
        ctx->msg[0] = '\0';
        CPLErrorReset();
        GDALClose(ods);
        ods = NULL;
        if (CPLGetLastErrorType() >= CE_Failure)
            rc = demarc__fail(ctx, DEMARC_ERR_IO, "%s: cannot finish writing%s%s", out,
                              ctx->msg[0] ? ": " : "", ctx->msg);
    }
    if (!rc)
        rc = verify_copy(ctx, tmpout, out, n, nin + (int)NADDED,
                         !strcmp(drv_name, "GPKG") || !strcmp(drv_name, "ESRI Shapefile") ||
                             !strcmp(drv_name, "FlatGeobuf") || !strcmp(drv_name, "CSV"));
    if (!rc) rc = move_into_place(ctx, tmp, outdir, out);
done:
    if (ods || ids) {
        /* closing a failed copy may raise GDAL errors: keep the cause */
        char keep[DEMARC_ERRMSG_MAX];
        snprintf(keep, sizeof keep, "%s", ctx->msg);
        if (ods) GDALClose(ods);
        if (ids) GDALClose(ids);
        snprintf(ctx->msg, sizeof ctx->msg, "%s", keep);
    }
    demarc__ogr_pop_errors();
    /* A write the driver did not report, or reported without its cause:
     * say why, from the file system, while the partial files are there. */
    if (rc == DEMARC_ERR_IO && tmp[0]) demarc__write_reason(ctx->msg, sizeof ctx->msg, tmp);
    if (tmp[0]) rm_tmpdir(tmp);
    demarc_transform_free(t);
    demarc__free(crs);
    if (!rc && count) *count = n;
    return rc;
}
