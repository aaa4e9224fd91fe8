/* export.c -- writing a border through GDAL/OGR: border_line, signs,
 * territories and findings, in any CRS PROJ knows, under a temporary name
 * renamed on success. */
#include "border_internal.h"
#include "ogr_internal.h"
#include "project_internal.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct fmt_desc {
    const char *key;    /* canonical short name */
    const char *alias1, *alias2;
    const char *driver; /* GDAL driver */
    const char *ext;    /* file extension */
    int folder;         /* 1: one layer per file in a folder */
    int wgs84_only;     /* 1: the format is WGS 84 by definition */
    int short_names;    /* 1: field names <= 10 characters */
} fmt_desc;

static const fmt_desc FORMATS[] = {
    {"GPKG", "GeoPackage", NULL, "GPKG", "gpkg", 0, 0, 0},
    {"GeoJSON", "JSON", NULL, "GeoJSON", "geojson", 1, 1, 0},
    {"KML", NULL, NULL, "KML", "kml", 0, 1, 0},
    {"SHP", "ESRI Shapefile", "Shapefile", "ESRI Shapefile", "shp", 1, 0, 1},
    {"FGB", "FlatGeobuf", NULL, "FlatGeobuf", "fgb", 1, 0, 0},
    {"CSV", NULL, NULL, "CSV", "csv", 1, 0, 0},
};
#define NFORMATS (sizeof FORMATS / sizeof FORMATS[0])

static const fmt_desc *find_format(const char *name)
{
    for (size_t i = 0; i < NFORMATS; i++) {
        const fmt_desc *f = &FORMATS[i];
        if (!strcasecmp(name, f->key) || (f->alias1 && !strcasecmp(name, f->alias1)) ||
            (f->alias2 && !strcasecmp(name, f->alias2)))
            return f;
    }
    return NULL;
}

static const fmt_desc *format_from_path(const char *out)
{
    const char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
    if (dot && (!slash || dot > slash)) {
        if (!strcasecmp(dot, ".json")) return find_format("GeoJSON");
        for (size_t i = 0; i < NFORMATS; i++)
            if (!strcasecmp(dot + 1, FORMATS[i].ext)) return &FORMATS[i];
    }
    return &FORMATS[0];
}

/* A field: long name, name for formats limited to 10 characters, type. */
typedef struct field {
    const char *name, *shortname;
    OGRFieldType type;
} field;

static const field LINE_FIELDS[] = {
    {"id", "id", OFTString},
    {"name", "name", OFTString},
    {"left_party", "left_party", OFTString},
    {"right_party", "rightparty", OFTString},
    {"left_name", "left_name", OFTString},
    {"right_name", "right_name", OFTString},
    {"declared_length_m", "decl_len_m", OFTReal},
    {"declared_signs", "decl_signs", OFTInteger},
    {"demarcation_finalised", "finalised", OFTString},
    {"agreement_signed", "agr_signed", OFTString},
    {"agreement_place", "agr_place", OFTString},
    {"inspection_interval_years", "insp_years", OFTInteger},
    {"signs_modelled", "modelled", OFTInteger},
    {"source", "source", OFTString},
    {"licence", "licence", OFTString},
    {"attribution", "attributn", OFTString},
    {"edge_model", "edge_model", OFTString},
    {"vertex_count", "vertices", OFTInteger},
    {"sign_count", "sign_count", OFTInteger},
    {"length_m", "length_m", OFTReal},
};
enum { LF_ID, LF_NAME, LF_LEFT, LF_RIGHT, LF_LEFT_NAME, LF_RIGHT_NAME, LF_DECL_LEN,
       LF_DECL_SIGNS, LF_FINAL, LF_SIGNED, LF_PLACE, LF_INSP, LF_MODELLED, LF_SOURCE,
       LF_LICENCE, LF_ATTR, LF_EDGES, LF_NVERT, LF_NSIGN, LF_LENGTH, LF_N };

static const field SIGN_FIELDS[] = {
    {"id", "id", OFTString},
    {"seq", "seq", OFTInteger},
    {"kind", "kind", OFTString},
    {"lon", "lon", OFTReal},
    {"lat", "lat", OFTReal},
    {"h_m", "h_m", OFTReal},
    {"chainage_m", "chainage_m", OFTReal},
    {"next_dist_m", "next_dist", OFTReal},
    {"next_azimuth_deg", "next_azim", OFTReal},
    {"segment", "segment", OFTString},
    {"provenance", "provenance", OFTString},
    {"line_chainage_m", "line_chain", OFTReal},
    {"line_offset_m", "line_offs", OFTReal},
};
enum { SF_ID, SF_SEQ, SF_KIND, SF_LON, SF_LAT, SF_H, SF_CHAIN, SF_NEXT, SF_AZI, SF_SEG, SF_PROV,
       SF_LCHAIN, SF_LOFF, SF_N };

static const field TERR_FIELDS[] = {
    {"party", "party", OFTString},
    {"name", "name", OFTString},
};

static const field FIND_FIELDS[] = {
    {"code", "code", OFTString},
    {"severity", "severity", OFTString},
    {"sign", "sign", OFTString},
    {"value", "value", OFTReal},
    {"limit", "limit", OFTReal},
    {"message", "message", OFTString},
};

static const char *kind_name(demarc_sign_kind k)
{
    switch (k) {
    case DEMARC_SIGN_TRIPOINT: return "tripoint";
    case DEMARC_SIGN_MAIN: return "main";
    case DEMARC_SIGN_INTERMEDIATE: return "intermediate";
    case DEMARC_SIGN_POINT: return "point";
    }
    return "";
}

static const char *segment_name(demarc_segment_kind k)
{
    switch (k) {
    case DEMARC_SEGMENT_NONE: return "";
    case DEMARC_SEGMENT_STRAIGHT: return "straight";
    case DEMARC_SEGMENT_NATURAL: return "natural";
    }
    return "";
}

static const char *severity_name(demarc_severity s)
{
    switch (s) {
    case DEMARC_SEVERITY_INFO: return "info";
    case DEMARC_SEVERITY_WARNING: return "warning";
    case DEMARC_SEVERITY_ERROR: return "error";
    }
    return "";
}

/* State of one export. */
typedef struct job {
    demarc_ctx *ctx;
    const demarc_border *b;
    const fmt_desc *fmt;
    GDALDriverH drv;
    OGRSpatialReferenceH srs;
    demarc_transform *t;
    const demarc_export_options *o;
    char dest[4096];   /* final OUT */
    char tmpdir[4096 + 96];
    GDALDatasetH ds;   /* the one dataset (GPKG, KML) or the current one */
    size_t done, total;/* features written, for progress */
    int fmap[32];      /* our field k -> the layer's field index (KML, for
                          one, puts Name and Description first) */
    int name_field;    /* the layer's "Name" field (KML), -1 when none */
} job;

static demarc_status gdal_fail(job *j, demarc_status code, const char *what)
{
    char detail[DEMARC_ERRMSG_MAX];
    snprintf(detail, sizeof detail, "%s", j->ctx->msg);
    return demarc__fail(j->ctx, code, "export %s: %s%s%s", j->dest, what, detail[0] ? ": " : "",
                        detail);
}

static demarc_status progress(job *j, const char *stage)
{
    if (!j->o->progress) return DEMARC_OK;
    double frac = j->total ? (double)j->done / (double)j->total : 1.0;
    if (frac > 1) frac = 1;
    if (j->o->progress(j->o->progress_userdata, frac, stage))
        return demarc__fail(j->ctx, DEMARC_ERR_CANCELLED,
                            "export %s: cancelled by the progress callback at %s", j->dest,
                            stage);
    return DEMARC_OK;
}

/* Open the dataset for layer `name` (folder formats) or the shared one. */
static demarc_status open_layer(job *j, const char *name, OGRwkbGeometryType gtype,
                                const field *fields, size_t nfields, OGRLayerH *out)
{
    char path[sizeof j->tmpdir + 4096];
    if (j->fmt->folder || !j->ds) {
        if (j->fmt->folder)
            snprintf(path, sizeof path, "%s/%s.%s", j->tmpdir, name, j->fmt->ext);
        else {
            const char *base = strrchr(j->dest, '/');
            snprintf(path, sizeof path, "%s/%s", j->tmpdir, base ? base + 1 : j->dest);
        }
        j->ctx->msg[0] = '\0';
        j->ds = GDALCreate(j->drv, path, 0, 0, 0, GDT_Unknown, NULL);
        if (!j->ds) return gdal_fail(j, DEMARC_ERR_IO, "cannot create the file");
    }
    const char *lco_json[] = {"RFC7946=YES", "WRITE_NAME=NO", NULL};
    const char *lco_csv[] = {"GEOMETRY=AS_WKT", "CREATE_CSVT=YES", NULL};
    const char *lco_shp[] = {"ENCODING=UTF-8", NULL};
    const char **lco = NULL;
    if (!strcmp(j->fmt->key, "GeoJSON")) lco = lco_json;
    else if (!strcmp(j->fmt->key, "CSV")) lco = lco_csv;
    else if (!strcmp(j->fmt->key, "SHP")) lco = lco_shp;
    j->ctx->msg[0] = '\0';
    OGRLayerH l = GDALDatasetCreateLayer(j->ds, name, j->srs, gtype, (char **)lco);
    if (!l) return gdal_fail(j, DEMARC_ERR_IO, "cannot create a layer");
    for (size_t i = 0; i < nfields; i++) {
        OGRFieldDefnH fd =
            OGR_Fld_Create(j->fmt->short_names ? fields[i].shortname : fields[i].name,
                           fields[i].type);
        OGRErr e = OGR_L_CreateField(l, fd, 1);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE) return gdal_fail(j, DEMARC_ERR_IO, "cannot create a field");
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    for (size_t i = 0; i < nfields && i < 32; i++)
        j->fmap[i] = OGR_FD_GetFieldIndex(
            defn, j->fmt->short_names ? fields[i].shortname : fields[i].name);
    j->name_field = strcmp(j->fmt->key, "KML") ? -1 : OGR_FD_GetFieldIndex(defn, "Name");
    *out = l;
    return DEMARC_OK;
}

static demarc_status close_layer(job *j)
{
    if (!j->fmt->folder || !j->ds) return DEMARC_OK;
    j->ctx->msg[0] = '\0';
    CPLErrorReset();
    GDALClose(j->ds); /* void in GDAL 3.6: a failure shows as the last error */
    j->ds = NULL;
    if (CPLGetLastErrorType() >= CE_Failure)
        return gdal_fail(j, DEMARC_ERR_IO, "cannot finish the file");
    return DEMARC_OK;
}

static demarc_status put(job *j, OGRLayerH l, OGRFeatureH f, const char *stage)
{
    OGRErr e = OGR_L_CreateFeature(l, f);
    OGR_F_Destroy(f);
    if (e != OGRERR_NONE) return gdal_fail(j, DEMARC_ERR_IO, "cannot write a feature");
    j->done++;
    if (j->done % 256 == 0) return progress(j, stage);
    return DEMARC_OK;
}

static void set_str_at(OGRFeatureH f, int i, const char *s)
{
    if (i >= 0 && s && *s) OGR_F_SetFieldString(f, i, s);
}
static void set_num_at(OGRFeatureH f, int i, double v)
{
    if (i >= 0 && isfinite(v)) OGR_F_SetFieldDouble(f, i, v);
}
static void set_int_at(OGRFeatureH f, int i, long v)
{
    if (i >= 0) OGR_F_SetFieldInteger(f, i, (int)v);
}
/* Field k of our table, through the layer's map. */
#define set_str(f, k, s) set_str_at(f, j->fmap[k], s)
#define set_num(f, k, v) set_num_at(f, j->fmap[k], v)
#define set_int(f, k, v) set_int_at(f, j->fmap[k], v)

/* Transform n interleaved lon/lat points into the output CRS. */
static demarc_status to_crs(job *j, double *xy, size_t n, const char *what)
{
    if (n == 0) return DEMARC_OK;
    demarc_status rc = demarc_transform_apply(j->ctx, j->t, n, xy, 2 * sizeof(double), xy + 1,
                                              2 * sizeof(double), NULL, 0);
    if (rc) {
        char m[DEMARC_ERRMSG_MAX];
        snprintf(m, sizeof m, "%s", j->ctx->msg);
        return demarc__fail(j->ctx, rc, "export %s: %s: %s", j->dest, what, m);
    }
    return DEMARC_OK;
}

static demarc_status write_line(job *j)
{
    const demarc_border *b = j->b;
    const demarc_border_info *in = &b->info;
    OGRLayerH l;
    demarc_status rc = open_layer(j, "border_line", wkbLineString, LINE_FIELDS, LF_N, &l);
    if (rc) return rc;
    double *xy = malloc(2 * (b->nvert ? b->nvert : 1) * sizeof *xy);
    if (!xy) return demarc__fail(j->ctx, DEMARC_ERR_NOMEM, "out of memory");
    memcpy(xy, b->xy, 2 * b->nvert * sizeof *xy);
    rc = to_crs(j, xy, b->nvert, "border_line");
    if (rc) {
        free(xy);
        return rc;
    }
    OGRGeometryH g = OGR_G_CreateGeometry(wkbLineString);
    OGR_G_SetPointCount(g, (int)b->nvert);
    for (size_t i = 0; i < b->nvert; i++) OGR_G_SetPoint_2D(g, (int)i, xy[2 * i], xy[2 * i + 1]);
    free(xy);
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
    OGR_F_SetGeometryDirectly(f, g);
    set_str_at(f, j->name_field, in->name);
    set_str(f, LF_ID, in->id);
    set_str(f, LF_NAME, in->name);
    set_str(f, LF_LEFT, in->left_party);
    set_str(f, LF_RIGHT, in->right_party);
    set_str(f, LF_LEFT_NAME, in->left_name);
    set_str(f, LF_RIGHT_NAME, in->right_name);
    set_num(f, LF_DECL_LEN, in->declared_length_m);
    if (in->declared_signs >= 0) set_int(f, LF_DECL_SIGNS, (int)in->declared_signs);
    set_str(f, LF_FINAL, in->demarcation_finalised);
    set_str(f, LF_SIGNED, in->agreement_signed);
    set_str(f, LF_PLACE, in->agreement_place);
    if (in->inspection_interval_years > 0)
        set_int(f, LF_INSP, in->inspection_interval_years);
    set_int(f, LF_MODELLED, in->signs_modelled);
    set_str(f, LF_SOURCE, in->source);
    set_str(f, LF_LICENCE, in->licence);
    set_str(f, LF_ATTR, in->attribution);
    set_str(f, LF_EDGES, demarc_edge_model_name(in->edge_model));
    set_int(f, LF_NVERT, (int)in->vertex_count);
    set_int(f, LF_NSIGN, (int)in->sign_count);
    set_num(f, LF_LENGTH, b->nvert ? b->chain[b->nvert - 1] : NAN);
    rc = put(j, l, f, "border_line");
    if (!rc) rc = close_layer(j);
    if (!rc) rc = progress(j, "border_line");
    return rc;
}

static demarc_status write_signs(job *j)
{
    const demarc_border *b = j->b;
    OGRLayerH l;
    demarc_status rc = open_layer(j, "signs", wkbPoint, SIGN_FIELDS, SF_N, &l);
    if (rc) return rc;
    double *xy = malloc(2 * (b->nsign ? b->nsign : 1) * sizeof *xy);
    if (!xy) return demarc__fail(j->ctx, DEMARC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < b->nsign; i++) {
        xy[2 * i] = b->signs[i].lon;
        xy[2 * i + 1] = b->signs[i].lat;
    }
    rc = to_crs(j, xy, b->nsign, "signs");
    /* One transaction for the whole layer where the format has them (GPKG). */
    int tx = !rc && OGR_L_TestCapability(l, OLCTransactions) &&
             OGR_L_StartTransaction(l) == OGRERR_NONE;
    for (size_t i = 0; !rc && i < b->nsign; i++) {
        const demarc_sign *s = &b->signs[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(g, 0, xy[2 * i], xy[2 * i + 1]);
        OGR_F_SetGeometryDirectly(f, g);
        set_str_at(f, j->name_field, s->id);
        set_str(f, SF_ID, s->id);
        set_int(f, SF_SEQ, (int)s->seq);
        set_str(f, SF_KIND, kind_name(s->kind));
        set_num(f, SF_LON, s->lon);
        set_num(f, SF_LAT, s->lat);
        set_num(f, SF_H, s->h_m);
        set_num(f, SF_CHAIN, s->chainage_m);
        set_num(f, SF_NEXT, s->next_dist_m);
        set_num(f, SF_AZI, s->next_azimuth_deg);
        set_str(f, SF_SEG, segment_name(s->segment));
        set_str(f, SF_PROV, s->provenance);
        set_num(f, SF_LCHAIN, s->line_chainage_m);
        set_num(f, SF_LOFF, s->line_offset_m);
        rc = put(j, l, f, "signs");
    }
    if (tx) {
        if (rc) OGR_L_RollbackTransaction(l);
        else if (OGR_L_CommitTransaction(l) != OGRERR_NONE)
            rc = gdal_fail(j, DEMARC_ERR_IO, "cannot commit the signs");
    }
    free(xy);
    if (!rc) rc = close_layer(j);
    if (!rc) rc = progress(j, "signs");
    return rc;
}

static demarc_status write_territories(job *j)
{
    const demarc_border *b = j->b;
    if (b->nterr == 0) return DEMARC_OK;
    OGRLayerH l;
    demarc_status rc = open_layer(j, "territories", wkbMultiPolygon, TERR_FIELDS, 2, &l);
    if (rc) return rc;
    for (size_t k = 0; !rc && k < b->nterr; k++) {
        const demarc_territory *t = &b->terr[k].pub;
        double *xy = malloc(2 * (t->point_count ? t->point_count : 1) * sizeof *xy);
        if (!xy) return demarc__fail(j->ctx, DEMARC_ERR_NOMEM, "out of memory");
        memcpy(xy, t->points, 2 * t->point_count * sizeof *xy);
        rc = to_crs(j, xy, t->point_count, "territories");
        if (rc) {
            free(xy);
            break;
        }
        OGRGeometryH mp = OGR_G_CreateGeometry(wkbMultiPolygon);
        OGRGeometryH poly = NULL;
        size_t cur = (size_t)-1;
        for (size_t r = 0; r < t->ring_count; r++) {
            if (t->ring_polygon[r] != cur) {
                if (poly) OGR_G_AddGeometryDirectly(mp, poly);
                poly = OGR_G_CreateGeometry(wkbPolygon);
                cur = t->ring_polygon[r];
            }
            OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
            size_t a = t->ring_start[r], e = t->ring_start[r + 1];
            OGR_G_SetPointCount(ring, (int)(e - a));
            for (size_t p = a; p < e; p++)
                OGR_G_SetPoint_2D(ring, (int)(p - a), xy[2 * p], xy[2 * p + 1]);
            OGR_G_AddGeometryDirectly(poly, ring);
        }
        if (poly) OGR_G_AddGeometryDirectly(mp, poly);
        free(xy);
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetGeometryDirectly(f, mp);
        set_str_at(f, j->name_field, t->party);
        set_str(f, 0, t->party);
        set_str(f, 1, t->name);
        rc = put(j, l, f, "territories");
    }
    if (!rc) rc = close_layer(j);
    if (!rc) rc = progress(j, "territories");
    return rc;
}

static demarc_status write_findings(job *j)
{
    const demarc_report *rep = j->o->report;
    if (!rep) return DEMARC_OK;
    OGRLayerH l;
    demarc_status rc = open_layer(j, "findings", wkbPoint, FIND_FIELDS, 6, &l);
    if (rc) return rc;
    size_t n = demarc_report_count(rep);
    for (size_t i = 0; !rc && i < n; i++) {
        const demarc_finding *fd = demarc_report_finding(rep, i);
        if (!fd) continue;
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        if (isfinite(fd->lon) && isfinite(fd->lat)) {
            double xy[2] = {fd->lon, fd->lat};
            rc = to_crs(j, xy, 1, "findings");
            if (rc) {
                OGR_F_Destroy(f);
                break;
            }
            OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
            OGR_G_SetPoint_2D(g, 0, xy[0], xy[1]);
            OGR_F_SetGeometryDirectly(f, g);
        }
        set_str_at(f, j->name_field, fd->code);
        set_str(f, 0, fd->code);
        set_str(f, 1, severity_name(fd->severity));
        set_str(f, 2, fd->sign_id);
        set_num(f, 3, fd->value);
        set_num(f, 4, fd->limit);
        set_str(f, 5, fd->message);
        rc = put(j, l, f, "findings");
    }
    if (!rc) rc = close_layer(j);
    if (!rc) rc = progress(j, "findings");
    return rc;
}

/* Remove the temporary folder and what we wrote into it (no subfolders). */
static void remove_tmp(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char p[sizeof ((job *)0)->tmpdir + 512];
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* Is the CRS WGS 84 geographic (EPSG:4326 or OGC:CRS84, any axis order)? */
static int is_wgs84(demarc_ctx *ctx, const char *crs)
{
    PJ *a = demarc__crs_create(ctx, crs, "CRS");
    PJ *w = proj_create(ctx->pj, "EPSG:4326");
    int same = a && w &&
               proj_is_equivalent_to_with_ctx(ctx->pj, a, w,
                                              PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS);
    if (a) proj_destroy(a);
    if (w) proj_destroy(w);
    demarc__clear(ctx);
    return same;
}

demarc_status demarc_border_export(demarc_ctx *ctx, const demarc_border *border,
                                   const char *out, const demarc_export_options *opts)
{
    demarc__clear(ctx);
    if (!ctx) return DEMARC_ERR_ARG;
    if (!border || !out || !*out)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "export: %s is NULL or empty",
                            border ? "output path" : "border");
    demarc_export_options def = DEMARC_EXPORT_OPTIONS_INIT;
    if (!opts) opts = &def;
    if (opts->version < 1 || opts->version > DEMARC_EXPORT_OPTIONS_VERSION)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "export: options version %u unknown",
                            opts->version);
    job j;
    memset(&j, 0, sizeof j);
    j.ctx = ctx;
    j.b = border;
    j.o = opts;
    if (strlen(out) >= sizeof j.dest - 64)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "export: output path too long");
    snprintf(j.dest, sizeof j.dest, "%s", out);
    size_t len = strlen(j.dest);
    while (len > 1 && j.dest[len - 1] == '/') j.dest[--len] = '\0';

    j.fmt = opts->format ? find_format(opts->format) : format_from_path(j.dest);
    if (!j.fmt)
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "export: unknown format '%s' (GPKG, GeoJSON, KML, SHP, FGB, CSV)",
                            opts->format);
    const char *crs = opts->crs ? opts->crs : "EPSG:4326";
    char label[80];
    demarc__crs_label(label, sizeof label, crs);
    if (j.fmt->wgs84_only && opts->crs && !is_wgs84(ctx, crs)) {
        PJ *p = demarc__crs_create(ctx, crs, "export: CRS");
        if (!p) return DEMARC_ERR_CRS;
        proj_destroy(p);
        return demarc__fail(ctx, DEMARC_ERR_CRS,
                            "export: %s is WGS 84 longitude/latitude by definition (%s); "
                            "cannot write it in '%s'",
                            j.fmt->key, !strcmp(j.fmt->key, "KML") ? "OGC KML 2.2" : "RFC 7946",
                            label);
    }
    demarc_status rc = demarc_transform_new(ctx, &j.t, "EPSG:4326", crs, opts->transform);
    if (rc) {
        char m[DEMARC_ERRMSG_MAX];
        snprintf(m, sizeof m, "%s", ctx->msg);
        return demarc__fail(ctx, rc, "export: %s", m);
    }

    /* Where we may write: OUT must not be a folder for a one-file format,
     * nor a non-empty folder (or a file) for a folder format. */
    struct stat st;
    if (stat(j.dest, &st) == 0) {
        int bad = 0;
        if (!j.fmt->folder && S_ISDIR(st.st_mode)) bad = 1;
        if (j.fmt->folder) {
            if (!S_ISDIR(st.st_mode)) {
                bad = 2;
            } else {
                /* rename() replaces an empty folder, never a full one. */
                DIR *d = opendir(j.dest);
                struct dirent *e;
                while (d && (e = readdir(d)))
                    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) bad = 3;
                if (d) closedir(d);
            }
        }
        if (bad) {
            demarc_transform_free(j.t);
            return demarc__fail(ctx, DEMARC_ERR_IO, "export %s: %s", j.dest,
                                bad == 1   ? "is a folder; this format writes one file"
                                : bad == 2 ? "is a file; this format writes a folder"
                                           : "the folder exists and is not empty");
        }
    }
    {
        char parent[4096];
        const char *slash = strrchr(j.dest, '/');
        const char *base = slash ? slash + 1 : j.dest;
        size_t plen = slash ? (size_t)(slash - j.dest) : 0;
        if (!slash) snprintf(parent, sizeof parent, ".");
        else if (plen == 0) snprintf(parent, sizeof parent, "/");
        else snprintf(parent, sizeof parent, "%.*s", (int)plen, j.dest);
        /* A fresh hidden folder beside OUT (same file system, so rename()
         * is atomic); mkdir honours the umask, unlike mkdtemp's 0700. */
        int made = 0, e = 0;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        for (unsigned k = 0; k < 100 && !made; k++) {
            snprintf(j.tmpdir, sizeof j.tmpdir, "%.4000s/.%.60s.demarc-%ld-%lx", parent, base,
                     (long)getpid(), (unsigned long)ts.tv_nsec + k);
            made = mkdir(j.tmpdir, 0777) == 0;
            e = errno;
            if (!made && e != EEXIST) break;
        }
        if (!made) {
            demarc_transform_free(j.t);
            return demarc__fail(ctx, DEMARC_ERR_IO, "export %s: cannot write in '%s': %s",
                                j.dest, parent, strerror(e));
        }
    }

    demarc__gdal_register();
    demarc__ogr_push_errors(ctx);
    j.drv = GDALGetDriverByName(j.fmt->driver);
    j.srs = OSRNewSpatialReference(NULL);
    if (!j.drv) {
        rc = demarc__fail(ctx, DEMARC_ERR_INTERNAL, "export: GDAL has no %s driver",
                          j.fmt->driver);
    } else if (OSRSetFromUserInput(j.srs, crs) != OGRERR_NONE) {
        rc = gdal_fail(&j, DEMARC_ERR_CRS, "GDAL does not accept the CRS");
    } else {
        OSRSetAxisMappingStrategy(j.srs, OAMS_TRADITIONAL_GIS_ORDER);
        j.total = 1 + border->nsign + border->nterr +
                  (opts->report ? demarc_report_count(opts->report) : 0);
        rc = progress(&j, "start");
        if (!rc) rc = write_line(&j);
        if (!rc) rc = write_signs(&j);
        if (!rc) rc = write_territories(&j);
        if (!rc) rc = write_findings(&j);
        if (j.ds) {
            char keep[DEMARC_ERRMSG_MAX];
            snprintf(keep, sizeof keep, "%s", ctx->msg);
            if (!rc) ctx->msg[0] = '\0';
            CPLErrorReset();
            GDALClose(j.ds);
            if (CPLGetLastErrorType() >= CE_Failure && !rc)
                rc = gdal_fail(&j, DEMARC_ERR_IO, "cannot finish the file");
            else if (rc) /* closing a failed file may complain: keep the cause */
                snprintf(ctx->msg, sizeof ctx->msg, "%s", keep);
            j.ds = NULL;
        }
    }
    demarc__ogr_pop_errors();
    OSRDestroySpatialReference(j.srs);
    demarc_transform_free(j.t);

    if (!rc) {
        int ok;
        if (j.fmt->folder) {
            ok = rename(j.tmpdir, j.dest) == 0;
        } else {
            char tmpfile[sizeof j.tmpdir + 4096];
            const char *base = strrchr(j.dest, '/');
            snprintf(tmpfile, sizeof tmpfile, "%s/%s", j.tmpdir, base ? base + 1 : j.dest);
            ok = rename(tmpfile, j.dest) == 0;
        }
        if (!ok)
            rc = demarc__fail(ctx, DEMARC_ERR_IO, "export %s: cannot rename into place: %s",
                              j.dest, strerror(errno));
    }
    if (rc || !j.fmt->folder) remove_tmp(j.tmpdir);
    if (!rc) demarc__clear(ctx);
    return rc;
}
