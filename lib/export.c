/* export.c -- writing a border through GDAL/OGR: border_line, signs,
 * territories and findings, in any CRS PROJ knows, under a temporary name
 * renamed on success. */
#include "border_internal.h"
#include "alloc_internal.h"
#include "geodesy_internal.h"
#include "io_internal.h"
#include "ogr_internal.h"
#include "project_internal.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
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

/* The format named by OUT's extension; NULL when it names none. */
static const fmt_desc *format_from_path(const char *out)
{
    const char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
    if (dot && (!slash || dot > slash)) {
        if (!strcasecmp(dot, ".json")) return find_format("GeoJSON");
        for (size_t i = 0; i < NFORMATS; i++)
            if (!strcasecmp(dot + 1, FORMATS[i].ext)) return &FORMATS[i];
    }
    return NULL;
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

static const field VERTEX_FIELDS[] = {
    {"vertex", "vertex", OFTInteger},
    {"chainage_m", "chainage_m", OFTReal},
};

static const field META_FIELDS[] = {
    {"key", "key", OFTString},
    {"value", "value", OFTString},
};

static const field FIND_FIELDS[] = {
    {"code", "code", OFTString},
    {"severity", "severity", OFTString},
    {"sign", "sign", OFTString},
    {"value", "value", OFTReal},
    {"limit", "limit", OFTReal},
    {"message", "message", OFTString},
};

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
    double densify_m;  /* tolerance of the densified line, m; <= 0: off */
    double unit_m;     /* metres per unit of a projected output CRS */
    int geographic;    /* 1: the output CRS is longitude/latitude, degrees */
    char op_code[128]; /* the operation's code, forceable both ways, or "" */
    size_t line_points;/* points of the densified line written */
    int nlayers;       /* layers written, their names and feature counts */
    char lname[8][24];
    long lcount[8];
    int lfields[8];    /* fields created in each layer */
    double worst_dev_m;/* largest deviation left by densification, m */
    double *line_xy;   /* the line as written (output CRS), for the territories */
    size_t *line_vpos; /* index in line_xy of each defining vertex */
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
    double frac = (double)j->done / (double)j->total; /* total >= 31: set before any call */
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
    if (j->nlayers < 8) {
        snprintf(j->lname[j->nlayers], sizeof j->lname[0], "%s", name);
        j->lfields[j->nlayers] = (int)nfields;
        j->lcount[j->nlayers++] = 0;
    }
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
    /* Full precision: RFC 7946 mode rounds to 7 decimals (1 cm) unless
     * told otherwise; 15 decimals of a degree are 0.1 nm. */
    const char *lco_json[] = {"RFC7946=YES", "WRITE_NAME=NO", "COORDINATE_PRECISION=15",
                              "SIGNIFICANT_FIGURES=17", NULL};
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
        /* dBase: strings of up to 254 bytes (default 80); reals with 17
         * significant digits (default width 24, 15 decimals). */
        if (j->fmt->short_names && fields[i].type == OFTString) OGR_Fld_SetWidth(fd, 254);
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

/* Undo a failed layer's transaction; GDAL's complaints about it (SQLite:
 * "cannot rollback - no transaction is active" after a full disk) must
 * not replace the cause. */
static void rollback(job *j, OGRLayerH l)
{
    char keep[DEMARC_ERRMSG_MAX];
    snprintf(keep, sizeof keep, "%s", j->ctx->msg);
    OGR_L_RollbackTransaction(l);
    snprintf(j->ctx->msg, sizeof j->ctx->msg, "%s", keep);
}

static demarc_status put(job *j, OGRLayerH l, OGRFeatureH f, const char *stage)
{
    OGRErr e = OGR_L_CreateFeature(l, f);
    OGR_F_Destroy(f);
    if (e != OGRERR_NONE) return gdal_fail(j, DEMARC_ERR_IO, "cannot write a feature");
    j->done++;
    if (j->nlayers > 0) j->lcount[j->nlayers - 1]++;
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

/* ---- densification ------------------------------------------------- */

/* A growing array of output points (x, y in the output CRS). */
typedef struct pts {
    double *xy;
    size_t n, cap;
} pts;

static int pts_add(pts *p, double x, double y)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 4096;
        double *xy = demarc__realloc(p->xy, 2 * cap * sizeof *xy);
        if (!xy) return 0;
        p->xy = xy;
        p->cap = cap;
    }
    p->xy[2 * p->n] = x;
    p->xy[2 * p->n + 1] = y;
    p->n++;
    return 1;
}

/* Distance in metres from point q to the segment p0-p1, all in the output
 * CRS.  Projected: units * unit_m.  Geographic: degrees scaled to metres at
 * q's latitude by the WGS 84 radii of curvature, meridian M and prime
 * vertical N (Snyder 1987, eqs. 4-18, 4-20): exact enough at 0.1 m over
 * segments of a few km, which is what a 0.1 m deviation leaves. */
static double seg_dist_m(const job *j, const double p0[2], const double p1[2], const double q[2])
{
    double sx = j->unit_m, sy = j->unit_m;
    if (j->geographic) {
        const double a = 6378137.0, f = 1 / 298.257223563, e2 = f * (2 - f);
        double phi = q[1] * M_PI / 180, w = sqrt(1 - e2 * sin(phi) * sin(phi));
        sy = a * (1 - e2) / (w * w * w) * M_PI / 180;
        sx = a / w * cos(phi) * M_PI / 180;
    }
    double ax = (p1[0] - p0[0]) * sx, ay = (p1[1] - p0[1]) * sy;
    double qx = (q[0] - p0[0]) * sx, qy = (q[1] - p0[1]) * sy;
    double l2 = ax * ax + ay * ay, u = l2 > 0 ? (qx * ax + qy * ay) / l2 : 0;
    if (u < 0) u = 0;
    if (u > 1) u = 1;
    return hypot(qx - u * ax, qy - u * ay);
}

/* The point at parameter t of edge e (lon/lat, model of the border) in the
 * output CRS. */
static demarc_status edge_at(job *j, size_t e, double t, double out[2])
{
    const demarc_border *b = j->b;
    double ll[2];
    demarc__edge_point(&b->geod, b->info.edge_model, &b->xy[2 * e], &b->xy[2 * e + 2], t, ll);
    out[0] = ll[0];
    out[1] = ll[1];
    return demarc_transform_apply(j->ctx, j->t, 1, &out[0], sizeof(double), &out[1],
                                  sizeof(double), NULL, 0);
}

/* Append the points strictly inside (t0, t1) of edge e that keep every
 * straight piece within j->densify_m of the true edge: the piece p0-p1 is
 * split at its middle while the edge's points at 1/4, 1/2 and 3/4 of it
 * (in t) lie farther than the tolerance from the chord.  Recursive
 * bisection; depth-bounded (2^24 pieces per edge at most). */
static demarc_status densify(job *j, pts *out, size_t e, double t0, const double p0[2],
                             double t1, const double p1[2], int depth)
{
    double q[3][2], worst = 0;
    for (int k = 0; k < 3; k++) {
        demarc_status rc = edge_at(j, e, t0 + (t1 - t0) * (k + 1) / 4.0, q[k]);
        if (rc) return rc;
        double d = seg_dist_m(j, p0, p1, q[k]);
        if (d > worst) worst = d;
    }
    if (worst <= j->densify_m || depth >= 24) {
        if (worst > j->worst_dev_m) j->worst_dev_m = worst;
        return DEMARC_OK;
    }
    double tm = (t0 + t1) / 2;
    demarc_status rc = densify(j, out, e, t0, p0, tm, q[1], depth + 1);
    if (rc) return rc;
    if (!pts_add(out, q[1][0], q[1][1]))
        return demarc__fail(j->ctx, DEMARC_ERR_NOMEM, "out of memory");
    return densify(j, out, e, tm, q[1], t1, p1, depth + 1);
}

/* The line in the output CRS: its defining vertices (vxy, 2 * nvert,
 * caller-owned) and the points written (densified when asked). */
static demarc_status line_points(job *j, double *vxy, pts *out, size_t *vpos)
{
    const demarc_border *b = j->b;
    memcpy(vxy, b->xy, 2 * b->nvert * sizeof *vxy);
    demarc_status rc = to_crs(j, vxy, b->nvert, "border_line");
    for (size_t i = 0; !rc && i < b->nvert; i++) {
        vpos[i] = out->n;
        if (!pts_add(out, vxy[2 * i], vxy[2 * i + 1]))
            return demarc__fail(j->ctx, DEMARC_ERR_NOMEM, "out of memory");
        if (i + 1 < b->nvert && j->densify_m > 0) {
            rc = densify(j, out, i, 0.0, &vxy[2 * i], 1.0, &vxy[2 * i + 2], 0);
            if (rc) {
                char m[DEMARC_ERRMSG_MAX];
                snprintf(m, sizeof m, "%s", j->ctx->msg);
                rc = demarc__fail(j->ctx, rc, "export %s: densifying edge %zu: %s", j->dest, i,
                                  m);
            }
        }
    }
    return rc;
}

static demarc_status write_line(job *j)
{
    const demarc_border *b = j->b;
    const demarc_border_info *in = &b->info;
    OGRLayerH l = NULL;
    demarc_status rc = open_layer(j, "border_line", wkbLineString, LINE_FIELDS, LF_N, &l);
    if (rc) return rc;
    double *vxy = demarc__malloc(2 * b->nvert * sizeof *vxy);
    j->line_vpos = demarc__malloc(b->nvert * sizeof *j->line_vpos);
    if (!vxy || !j->line_vpos) {
        demarc__free(vxy);
        return demarc__fail(j->ctx, DEMARC_ERR_NOMEM, "out of memory");
    }
    pts line = {NULL, 0, 0};
    rc = line_points(j, vxy, &line, j->line_vpos);
    demarc__free(vxy);
    if (rc) {
        demarc__free(line.xy);
        return rc;
    }
    if (line.n > (size_t)INT_MAX) {
        demarc__free(line.xy);
        return demarc__fail(j->ctx, DEMARC_ERR_RANGE, "export %s: %zu points in the line",
                            j->dest, line.n);
    }
    j->line_points = line.n;
    OGRGeometryH g = OGR_G_CreateGeometry(wkbLineString);
    OGR_G_SetPointCount(g, (int)line.n);
    for (size_t i = 0; i < line.n; i++)
        OGR_G_SetPoint_2D(g, (int)i, line.xy[2 * i], line.xy[2 * i + 1]);
    j->line_xy = line.xy; /* kept for the territories, freed by the export */
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
    set_num(f, LF_LENGTH, b->chain[b->nvert - 1]);
    rc = put(j, l, f, "border_line");
    if (!rc) rc = close_layer(j);
    if (!rc) rc = progress(j, "border_line");
    return rc;
}

/* The defining vertices, so that a reader tells them from the points
 * densification added (each is also a point of border_line, exactly). */
static demarc_status write_vertices(job *j)
{
    const demarc_border *b = j->b;
    OGRLayerH l;
    demarc_status rc = open_layer(j, "border_vertices", wkbPoint, VERTEX_FIELDS, 2, &l);
    if (rc) return rc;
    double *xy = demarc__malloc(2 * b->nvert * sizeof *xy);
    if (!xy) return demarc__fail(j->ctx, DEMARC_ERR_NOMEM, "out of memory");
    memcpy(xy, b->xy, 2 * b->nvert * sizeof *xy);
    rc = to_crs(j, xy, b->nvert, "border_vertices");
    int tx = !rc && OGR_L_TestCapability(l, OLCTransactions) &&
             OGR_L_StartTransaction(l) == OGRERR_NONE;
    for (size_t i = 0; !rc && i < b->nvert; i++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(g, 0, xy[2 * i], xy[2 * i + 1]);
        OGR_F_SetGeometryDirectly(f, g);
        char name[32];
        snprintf(name, sizeof name, "%zu", i);
        set_str_at(f, j->name_field, name);
        set_int(f, 0, (long)i);
        set_num(f, 1, b->chain[i]);
        rc = put(j, l, f, "border_vertices");
    }
    if (tx) {
        if (rc) rollback(j, l);
        else if (OGR_L_CommitTransaction(l) != OGRERR_NONE)
            rc = gdal_fail(j, DEMARC_ERR_IO, "cannot commit the vertices");
    }
    demarc__free(xy);
    if (!rc) rc = close_layer(j);
    if (!rc) rc = progress(j, "border_vertices");
    return rc;
}

/* The metadata in the file itself: rows key, value (text; numbers with 17
 * significant digits, which read back as the same double). */
static demarc_status write_metadata(job *j)
{
    const demarc_border *b = j->b;
    const demarc_border_info *in = &b->info;
    OGRLayerH l;
    /* A table with no geometry: GPKG attributes table, a .dbf alone, a
     * GeoJSON/FGB/CSV file of features without geometry. */
    /* FlatGeobuf drops features without geometry: there each row is a
     * point at the line's first vertex, in the output CRS. */
    int fgb = !strcmp(j->fmt->key, "FGB");
    double anchor[2] = {b->xy[0], b->xy[1]};
    OGRSpatialReferenceH srs = j->srs;
    if (!fgb) j->srs = NULL;
    demarc_status rc = open_layer(j, "metadata", fgb ? wkbPoint : wkbNone, META_FIELDS, 2, &l);
    j->srs = srs;
    if (!rc && fgb) rc = to_crs(j, anchor, 1, "metadata");
    if (rc) return rc;
    const char *on = "", *oc = "";
    double acc = -1;
    demarc_transform_operation(j->t, &on, &oc, &acc);
    char num[12][64];
    snprintf(num[0], sizeof num[0], "%.17g", in->declared_length_m);
    snprintf(num[1], sizeof num[1], "%ld", in->declared_signs);
    snprintf(num[2], sizeof num[2], "%d", in->inspection_interval_years);
    snprintf(num[3], sizeof num[3], "%d", in->signs_modelled);
    snprintf(num[4], sizeof num[4], "%zu", in->vertex_count);
    snprintf(num[5], sizeof num[5], "%zu", in->sign_count);
    snprintf(num[6], sizeof num[6], "%.17g", b->chain[b->nvert - 1]);
    snprintf(num[7], sizeof num[7], "%.17g", acc);
    snprintf(num[8], sizeof num[8], "%.15g", j->densify_m > 0 ? j->densify_m : 0.0);
    snprintf(num[9], sizeof num[9], "%zu", j->line_points);
    snprintf(num[10], sizeof num[10], "%.6g", j->worst_dev_m);
    char gen[64];
    snprintf(gen, sizeof gen, "libdemarc %s", demarc_version());
    const char *crs = j->o->crs ? j->o->crs : "EPSG:4326";
    const char *rows[][2] = {
        {"generator", gen},
        {"format_version", "1"},
        {"id", in->id},
        {"name", in->name},
        {"left_party", in->left_party},
        {"right_party", in->right_party},
        {"left_name", in->left_name},
        {"right_name", in->right_name},
        {"declared_length_m", isfinite(in->declared_length_m) ? num[0] : ""},
        {"declared_signs", in->declared_signs >= 0 ? num[1] : ""},
        {"demarcation_finalised", in->demarcation_finalised},
        {"agreement_signed", in->agreement_signed},
        {"agreement_place", in->agreement_place},
        {"inspection_interval_years", in->inspection_interval_years > 0 ? num[2] : ""},
        {"signs_modelled", num[3]},
        {"source", in->source},
        {"licence", in->licence},
        {"attribution", in->attribution},
        {"edge_model", demarc_edge_model_name(in->edge_model)},
        {"ellipsoid", "WGS84"},
        {"vertex_count", num[4]},
        {"sign_count", num[5]},
        {"length_m", num[6]},
        {"crs", strlen(crs) < 250 ? crs : ""},
        {"operation", j->op_code},
        {"operation_name", on},
        {"operation_accuracy_m", num[7]},
        {"densify_m", num[8]},
        {"line_points", num[9]},
        {"densify_worst_m", num[10]},
    };
    for (size_t i = 0; !rc && i < sizeof rows / sizeof rows[0]; i++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        if (fgb) {
            OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
            OGR_G_SetPoint_2D(g, 0, anchor[0], anchor[1]);
            OGR_F_SetGeometryDirectly(f, g);
        }
        set_str_at(f, j->name_field, rows[i][0]);
        set_str(f, 0, rows[i][0]);
        set_str(f, 1, rows[i][1] ? rows[i][1] : "");
        rc = put(j, l, f, "metadata");
    }
    if (!rc) rc = close_layer(j);
    if (!rc) rc = progress(j, "metadata");
    return rc;
}

static demarc_status write_signs(job *j)
{
    const demarc_border *b = j->b;
    OGRLayerH l;
    demarc_status rc = open_layer(j, "signs", wkbPoint, SIGN_FIELDS, SF_N, &l);
    if (rc) return rc;
    double *xy = demarc__malloc(2 * (b->nsign ? b->nsign : 1) * sizeof *xy);
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
        set_str(f, SF_KIND, demarc_sign_kind_name(s->kind));
        set_num(f, SF_LON, s->lon);
        set_num(f, SF_LAT, s->lat);
        set_num(f, SF_H, s->h_m);
        set_num(f, SF_CHAIN, s->chainage_m);
        set_num(f, SF_NEXT, s->next_dist_m);
        set_num(f, SF_AZI, s->next_azimuth_deg);
        set_str(f, SF_SEG, demarc_segment_kind_name(s->segment));
        set_str(f, SF_PROV, s->provenance);
        set_num(f, SF_LCHAIN, s->line_chainage_m);
        set_num(f, SF_LOFF, s->line_offset_m);
        rc = put(j, l, f, "signs");
    }
    if (tx) {
        if (rc) rollback(j, l);
        else if (OGR_L_CommitTransaction(l) != OGRERR_NONE)
            rc = gdal_fail(j, DEMARC_ERR_IO, "cannot commit the signs");
    }
    demarc__free(xy);
    if (!rc) rc = close_layer(j);
    if (!rc) rc = progress(j, "signs");
    return rc;
}

/* A defining vertex of the line, for finding the territories' ring edges
 * that are line edges (exact lon/lat: the territories share the line's
 * vertices). */
typedef struct vkey {
    double x, y;
    size_t i;
} vkey;

static int vkey_cmp(const void *pa, const void *pb)
{
    const vkey *a = pa, *b = pb;
    if (a->x != b->x) return a->x < b->x ? -1 : 1;
    if (a->y != b->y) return a->y < b->y ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* Index of the line vertex at (x, y), or SIZE_MAX. */
static size_t vkey_find(const vkey *k, size_t n, double x, double y)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (k[mid].x < x || (k[mid].x == x && k[mid].y < y)) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && k[lo].x == x && k[lo].y == y ? k[lo].i : SIZE_MAX;
}

/* One ring in the output CRS: its points (xy, transformed) with, along
 * every ring edge that is a line edge, the points the line's
 * densification put there, in the ring's direction -- so the territories
 * and border_line coincide in a GIS.  A reader removes them again (they are
 * border_line points that are not defining vertices). */
static demarc_status ring_points(job *j, const vkey *keys, const double *ll, const double *xy,
                                 size_t a, size_t e, OGRGeometryH ring)
{
    const size_t *vp = j->line_vpos;
    const double *lx = j->line_xy;
    size_t nk = j->b->nvert;
    for (int pass = 0; pass < 2; pass++) { /* count, then set */
        size_t m = 0;
        for (size_t p = a; p < e; p++) {
            if (pass) OGR_G_SetPoint_2D(ring, (int)m, xy[2 * p], xy[2 * p + 1]);
            m++;
            if (p + 1 == e || !lx) continue;
            size_t u = vkey_find(keys, nk, ll[2 * p], ll[2 * p + 1]);
            size_t v = u == SIZE_MAX ? u : vkey_find(keys, nk, ll[2 * p + 2], ll[2 * p + 3]);
            if (v == SIZE_MAX || (u + 1 != v && v + 1 != u)) continue;
            size_t lo = u < v ? u : v, q0 = vp[lo] + 1, q1 = vp[lo + 1];
            for (size_t q = q0; pass && q < q1; q++) {
                size_t s = u < v ? q : q1 - 1 - (q - q0);
                OGR_G_SetPoint_2D(ring, (int)(m + q - q0), lx[2 * s], lx[2 * s + 1]);
            }
            m += q1 - q0;
        }
        if (m > (size_t)INT_MAX)
            return demarc__fail(j->ctx, DEMARC_ERR_RANGE,
                                "export %s: a territory ring of %zu points", j->dest, m);
        if (!pass) OGR_G_SetPointCount(ring, (int)m);
    }
    return DEMARC_OK;
}

static demarc_status write_territories(job *j)
{
    const demarc_border *b = j->b;
    if (b->nterr == 0) return DEMARC_OK;
    OGRLayerH l;
    demarc_status rc = open_layer(j, "territories", wkbMultiPolygon, TERR_FIELDS, 2, &l);
    if (rc) return rc;
    vkey *keys = demarc__malloc(b->nvert * sizeof *keys);
    if (!keys) return demarc__fail(j->ctx, DEMARC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < b->nvert; i++) keys[i] = (vkey){b->xy[2 * i], b->xy[2 * i + 1], i};
    qsort(keys, b->nvert, sizeof *keys, vkey_cmp);
    for (size_t k = 0; !rc && k < b->nterr; k++) {
        const demarc_territory *t = &b->terr[k].pub;
        double *xy = demarc__malloc(2 * (t->point_count ? t->point_count : 1) * sizeof *xy);
        if (!xy) {
            rc = demarc__fail(j->ctx, DEMARC_ERR_NOMEM, "out of memory");
            break;
        }
        memcpy(xy, t->points, 2 * t->point_count * sizeof *xy);
        rc = to_crs(j, xy, t->point_count, "territories");
        if (rc) {
            demarc__free(xy);
            break;
        }
        OGRGeometryH mp = OGR_G_CreateGeometry(wkbMultiPolygon);
        OGRGeometryH poly = NULL;
        size_t cur = (size_t)-1;
        for (size_t r = 0; !rc && r < t->ring_count; r++) {
            if (t->ring_polygon[r] != cur) {
                if (poly) OGR_G_AddGeometryDirectly(mp, poly);
                poly = OGR_G_CreateGeometry(wkbPolygon);
                cur = t->ring_polygon[r];
            }
            OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
            rc = ring_points(j, keys, t->points, xy, t->ring_start[r], t->ring_start[r + 1],
                             ring);
            OGR_G_AddGeometryDirectly(poly, ring);
        }
        if (poly) OGR_G_AddGeometryDirectly(mp, poly);
        demarc__free(xy);
        if (rc) {
            OGR_G_DestroyGeometry(mp);
            break;
        }
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetGeometryDirectly(f, mp);
        set_str_at(f, j->name_field, t->party);
        set_str(f, 0, t->party);
        set_str(f, 1, t->name);
        rc = put(j, l, f, "territories");
    }
    demarc__free(keys);
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

/* Read what was written back through GDAL: every layer, every feature
 * read (not a header's count), as many as were written.  Some drivers of
 * GDAL 3.6 (KML, GeoJSON, CSV, a Shapefile's .dbf) do not report a failed
 * write (a full disk, a file-size limit): the file is then short, and
 * caught here. */
static demarc_status verify_output(job *j)
{
    GDALDatasetH ds = NULL;
    char path[sizeof j->tmpdir + 4096];
    demarc_status rc = DEMARC_OK;
    for (int k = 0; !rc && k < j->nlayers; k++) {
        if (j->fmt->folder || !ds) {
            if (j->fmt->folder)
                snprintf(path, sizeof path, "%s/%s.%s", j->tmpdir, j->lname[k],
                         j->fmt->short_names && !strcmp(j->lname[k], "metadata") ? "dbf"
                                                                                 : j->fmt->ext);
            else {
                const char *base = strrchr(j->dest, '/');
                snprintf(path, sizeof path, "%s/%s", j->tmpdir, base ? base + 1 : j->dest);
            }
            j->ctx->msg[0] = '\0';
            ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
            if (!ds) {
                rc = gdal_fail(j, DEMARC_ERR_IO, "the file written cannot be read back");
                break;
            }
        }
        OGRLayerH l = j->fmt->folder ? GDALDatasetGetLayer(ds, 0)
                                     : GDALDatasetGetLayerByName(ds, j->lname[k]);
        j->ctx->msg[0] = '\0';
        long n = l ? (long)demarc__read_back_count(l) : -1;
        if (n < 0)
            rc = demarc__fail(j->ctx, DEMARC_ERR_IO, "export %s: layer %s reads back with an "
                              "error: %s", j->dest, j->lname[k], j->ctx->msg);
        else if (n != j->lcount[k])
            rc = demarc__fail(j->ctx, DEMARC_ERR_IO,
                              "export %s: layer %s reads back with %ld of the %ld features "
                              "written",
                              j->dest, j->lname[k], n, j->lcount[k]);
        /* A .dbf whose header a failed write left without its fields reads
         * as features without attributes; formats without a schema
         * (GeoJSON, KML) declare no field that no feature has. */
        else if (!j->fmt->wgs84_only &&
                 OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(l)) < j->lfields[k])
            rc = demarc__fail(j->ctx, DEMARC_ERR_IO,
                              "export %s: layer %s reads back with %d of the %d fields written",
                              j->dest, j->lname[k], OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(l)),
                              j->lfields[k]);
        if (j->fmt->folder) {
            GDALClose(ds);
            ds = NULL;
        }
    }
    if (ds) GDALClose(ds);
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

/* Geographic or projected, and metres per unit of the first axis. */
static demarc_status crs_units(job *j, const char *crs)
{
    int geo = 0;
    demarc_status rc = demarc_crs_geographic(j->ctx, crs, &geo);
    if (rc) return rc;
    j->geographic = geo;
    j->unit_m = 1.0;
    if (geo) return DEMARC_OK;
    PJ *p = demarc__crs_create(j->ctx, crs, "CRS");
    if (!p) return DEMARC_ERR_CRS;
    PJ *cs = proj_crs_get_coordinate_system(j->ctx->pj, p);
    double f = 0;
    if (cs && proj_cs_get_axis_info(j->ctx->pj, cs, 0, NULL, NULL, NULL, &f, NULL, NULL, NULL) &&
        f > 0)
        j->unit_m = f;
    if (cs) proj_destroy(cs);
    proj_destroy(p);
    return DEMARC_OK;
}

/* The operation's code when a reader can force it to come back (the code
 * of a catalogued transformation, "INVERSE(EPSG):15865" read as
 * EPSG:15865): checked by a round trip of the first vertex, which must
 * come back within 1e-7 degrees (1 cm: a 2D datum shift drops the height
 * it changes, so its inverse is off by ~0.4 mm; a wrong operation by far
 * more).  "" otherwise (a map projection
 * alone has no datum to choose; a reader then applies the same area rule).
 * Out of memory for the round trip is DEMARC_ERR_NOMEM, not "no code": the
 * metadata would silently lose the operation a reader must force. */
static demarc_status forceable_code(job *j, const char *crs)
{
    const char *code = "";
    demarc_transform_operation(j->t, NULL, &code, NULL);
    j->op_code[0] = '\0';
    if (!code[0]) return DEMARC_OK;
    char c[128];
    if (!strncmp(code, "INVERSE(", 8) && strstr(code, "):")) {
        const char *close = strstr(code, "):");
        snprintf(c, sizeof c, "%.*s:%s", (int)(close - code - 8), code + 8, close + 2);
    } else {
        snprintf(c, sizeof c, "%s", code);
    }
    demarc_transform_options o = DEMARC_TRANSFORM_OPTIONS_INIT;
    o.operation = c;
    demarc_transform *back = NULL;
    char keep[DEMARC_ERRMSG_MAX];
    snprintf(keep, sizeof keep, "%s", j->ctx->msg);
    demarc_status rc = demarc_transform_new(j->ctx, &back, crs, "EPSG:4326", &o);
    if (rc == DEMARC_ERR_NOMEM) return rc;
    if (rc == DEMARC_OK) {
        double x = j->b->xy[0], y = j->b->xy[1];
        if (demarc_transform_apply(j->ctx, j->t, 1, &x, sizeof x, &y, sizeof y, NULL, 0) ==
                DEMARC_OK &&
            demarc_transform_apply(j->ctx, back, 1, &x, sizeof x, &y, sizeof y, NULL, 0) ==
                DEMARC_OK &&
            fabs(x - j->b->xy[0]) < 1e-7 && fabs(y - j->b->xy[1]) < 1e-7)
            snprintf(j->op_code, sizeof j->op_code, "%s", c);
    }
    demarc_transform_free(back);
    snprintf(j->ctx->msg, sizeof j->ctx->msg, "%s", keep);
    j->ctx->code = DEMARC_OK;
    return DEMARC_OK;
}

/* Is `path` (a file, or for folder formats a folder) an export of this
 * library: its metadata layer says generator "libdemarc ..."? */
static int written_by_us(const job *j, const char *path)
{
    char p[4096 + 64];
    if (j->fmt->folder) /* a Shapefile table without geometry is a .dbf */
        snprintf(p, sizeof p, "%s/metadata.%s", path,
                 j->fmt->short_names ? "dbf" : j->fmt->ext);
    else snprintf(p, sizeof p, "%s", path);
    struct stat st;
    if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    demarc__gdal_register();
    demarc__ogr_push_errors(j->ctx);
    GDALDatasetH ds = GDALOpenEx(p, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    demarc__ogr_pop_errors();
    j->ctx->msg[0] = '\0';
    if (!ds) return 0;
    int ours = 0;
    OGRLayerH l = GDALDatasetGetLayerByName(ds, "metadata");
    if (!l && j->fmt->folder && GDALDatasetGetLayerCount(ds) == 1) l = GDALDatasetGetLayer(ds, 0);
    if (l) {
        OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
        int fk = OGR_FD_GetFieldIndex(d, "key"), fv = OGR_FD_GetFieldIndex(d, "value");
        OGRFeatureH f;
        OGR_L_ResetReading(l);
        while (!ours && fk >= 0 && fv >= 0 && (f = OGR_L_GetNextFeature(l))) {
            if (!strcmp(OGR_F_GetFieldAsString(f, fk), "generator") &&
                !strncmp(OGR_F_GetFieldAsString(f, fv), "libdemarc ", 10))
                ours = 1;
            OGR_F_Destroy(f);
        }
    }
    GDALClose(ds);
    return ours;
}

/* Is `path` one of the files or folders the border was read from? */
static int is_source(const demarc_border *b, const struct stat *st)
{
    for (size_t i = 0; i < b->nsource && i < 6; i++)
        if (b->source_dev[i] == (unsigned long long)st->st_dev &&
            b->source_ino[i] == (unsigned long long)st->st_ino)
            return 1;
    return 0;
}

/* Does folder `dir` hold only files an export writes (<layer>.<ext> and
 * the format's side files)?  A file of someone else's in it (notes.txt)
 * keeps the folder from being replaced without force. */
static int only_export_files(const char *dir)
{
    static const char *const stems[] = {"border_line", "border_vertices", "signs",
                                        "territories", "metadata", "findings"};
    static const char *const exts[] = {"geojson", "shp", "shx", "dbf", "prj", "cpg",
                                       "fgb", "csv", "csvt"};
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    int ok = 1;
    while (ok && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        const char *dot = strrchr(e->d_name, '.');
        int stem_ok = 0, ext_ok = 0;
        for (size_t i = 0; dot && i < sizeof stems / sizeof stems[0]; i++)
            stem_ok |= strlen(stems[i]) == (size_t)(dot - e->d_name) &&
                       !strncmp(e->d_name, stems[i], (size_t)(dot - e->d_name));
        for (size_t i = 0; dot && i < sizeof exts / sizeof exts[0]; i++)
            ext_ok |= !strcmp(dot + 1, exts[i]);
        ok = stem_ok && ext_ok;
    }
    closedir(d);
    return ok;
}

/* A folder that holds only regular files (what we would replace). */
static int only_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    int ok = 1;
    char p[4096 + 512];
    while (ok && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) != 0 || !S_ISREG(st.st_mode)) ok = 0;
    }
    closedir(d);
    return ok;
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
    double densify = opts->version >= 2 ? opts->densify_m : 0.0;
    int force = opts->version >= 2 && opts->force;
    if (!isfinite(densify))
        return demarc__fail(ctx, DEMARC_ERR_ARG, "export: densify_m %g is not finite", densify);
    j.densify_m = densify == 0 ? DEMARC_EXPORT_DENSIFY_DEFAULT_M : densify;
    if (j.densify_m > 0 && j.densify_m < 1e-4)
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "export: densify_m %g m is below 0.1 mm (the precision kept)",
                            densify);
    if (strlen(out) >= sizeof j.dest - 64)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "export: output path too long");
    snprintf(j.dest, sizeof j.dest, "%s", out);
    size_t len = strlen(j.dest);
    while (len > 1 && j.dest[len - 1] == '/') j.dest[--len] = '\0';

    j.fmt = opts->format ? find_format(opts->format) : format_from_path(j.dest);
    if (!j.fmt && opts->format)
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "export: unknown format '%s' (GPKG, GeoJSON, KML, SHP, FGB, CSV)",
                            opts->format);
    if (!j.fmt) {
        const char *dot = strrchr(j.dest, '.'), *slash = strrchr(j.dest, '/');
        int has_ext = dot && (!slash || dot > slash);
        return demarc__fail(ctx, DEMARC_ERR_ARG,
                            "export %s: %s%s%s; name the format (GPKG, GeoJSON, KML, SHP, FGB, "
                            "CSV) or use .gpkg, .geojson, .kml, .shp, .fgb, .csv",
                            j.dest, has_ext ? "unknown extension '" : "no extension",
                            has_ext ? dot : "", has_ext ? "'" : "");
    }
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
    if (!rc) rc = crs_units(&j, crs);
    if (rc) {
        char m[DEMARC_ERRMSG_MAX];
        snprintf(m, sizeof m, "%s", ctx->msg);
        demarc_transform_free(j.t);
        return demarc__fail(ctx, rc, "export: %s", m);
    }
    if ((rc = forceable_code(&j, crs)) != DEMARC_OK) {
        demarc_transform_free(j.t);
        return rc;
    }

    /* Where we may write: OUT must not be a folder for a one-file format,
     * nor a file for a folder format; never what the border was read from;
     * an existing OUT only when we wrote it (or force). */
    struct stat st;
    int replace = 0;
    if (stat(j.dest, &st) == 0) {
        int bad = 0;
        if (is_source(border, &st)) bad = 4;
        else if (!j.fmt->folder && S_ISDIR(st.st_mode)) bad = 1;
        else if (j.fmt->folder && !S_ISDIR(st.st_mode)) bad = 2;
        else if (j.fmt->folder) {
            DIR *d = opendir(j.dest);
            struct dirent *e;
            int empty = 1;
            while (d && (e = readdir(d)))
                if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) empty = 0;
            if (d) closedir(d);
            if (!empty) {
                if (!force && (!written_by_us(&j, j.dest) || !only_export_files(j.dest)))
                    bad = 3;
                else if (!only_files(j.dest)) bad = 5;
                else replace = 1;
            }
        } else if (!force && !written_by_us(&j, j.dest)) {
            bad = 6;
        }
        if (bad) {
            demarc_transform_free(j.t);
            return demarc__fail(ctx, bad == 4 ? DEMARC_ERR_ARG : DEMARC_ERR_IO, "export %s: %s",
                                j.dest,
                                bad == 1   ? "is a folder; this format writes one file"
                                : bad == 2 ? "is a file; this format writes a folder"
                                : bad == 3 ? "the folder exists, is not empty and is not (only) "
                                             "an export of libdemarc (force to replace it)"
                                : bad == 4 ? "is the file or folder the border was read from"
                                : bad == 5 ? "the folder holds sub-folders or links; not "
                                             "replaced"
                                           : "exists and is not an export of libdemarc (force "
                                             "to replace it)");
        }
    }
    char parent[4096];
    {
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
        j.total = 1 + border->nvert + border->nsign + border->nterr + 30 +
                  (opts->report ? demarc_report_count(opts->report) : 0);
        rc = progress(&j, "start");
        if (!rc) rc = write_line(&j);
        if (!rc) rc = write_vertices(&j);
        if (!rc) rc = write_signs(&j);
        if (!rc) rc = write_territories(&j);
        if (!rc) rc = write_metadata(&j);
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
        if (!rc) rc = verify_output(&j);
        /* A short write some drivers did not report: say why, from the
         * file system, while the partial files are still there. */
        if (rc == DEMARC_ERR_IO) demarc__write_reason(ctx->msg, sizeof ctx->msg, j.tmpdir);
    }
    demarc__ogr_pop_errors();
    OSRDestroySpatialReference(j.srs);
    demarc_transform_free(j.t);
    demarc__free(j.line_xy);
    demarc__free(j.line_vpos);

    if (!rc) {
        int ok;
        if (j.fmt->folder) {
            /* An earlier export is moved aside first, removed after. */
            char old[sizeof j.tmpdir + 8];
            snprintf(old, sizeof old, "%s.old", j.tmpdir);
            ok = !replace || rename(j.dest, old) == 0;
            if (ok) {
                ok = rename(j.tmpdir, j.dest) == 0;
                int e = errno;
                if (!ok && replace) rename(old, j.dest); /* put it back */
                else if (replace) remove_tmp(old);
                errno = e;
            }
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
