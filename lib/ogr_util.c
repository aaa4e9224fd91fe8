/* ogr_util.c -- helpers shared by the GDAL/OGR readers. */
#define _LARGEFILE64_SOURCE 1 /* struct stat64: GDAL's VSIStatBufL */
#include "ogr_internal.h"
#include "alloc_internal.h"
#include "context_internal.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* GDAL's error handler stack is per thread: collect its last message. */
static void CPL_STDCALL gdal_message(CPLErr level, CPLErrorNum num, const char *msg)
{
    (void)num;
    demarc_ctx *ctx = CPLGetErrorHandlerUserData();
    if (ctx && level >= CE_Failure) snprintf(ctx->msg, sizeof ctx->msg, "%s", msg);
}

void demarc__gdal_register(void)
{
    /* GDALAllRegister() rescans the plugin directory on every call: do it
     * once, and only if the application has not chosen its drivers.  Two
     * threads may both see 0; GDAL serialises the registration. */
    if (GDALGetDriverCount() == 0) GDALAllRegister();
}

demarc_status demarc__fail_open(demarc_ctx *ctx, const char *path, int e)
{
    /* errno is 0 after a failed VSI call on a virtual file system */
    return demarc__fail(ctx, DEMARC_ERR_IO, "%s: cannot open: %s", path,
                        e ? strerror(e) : "no such file");
}

void demarc__ogr_push_errors(demarc_ctx *ctx) { CPLPushErrorHandlerEx(gdal_message, ctx); }

void demarc__ogr_pop_errors(void) { CPLPopErrorHandler(); }

/* A buffered byte reader over a VSI file (fgetc-like; VSI has none). */
typedef struct {
    VSILFILE *f;
    unsigned char buf[65536];
    size_t len, pos;
} vsi_bytes;

static int vsi_getc(vsi_bytes *r)
{
    if (r->pos == r->len) {
        r->len = VSIFReadL(r->buf, 1, sizeof r->buf, r->f);
        r->pos = 0;
        if (r->len == 0) return EOF;
    }
    return r->buf[r->pos++];
}

/* Every record of a CSV file has as many fields as its header: GDAL would
 * drop surplus values without a word.  Quoted fields (RFC 4180) may hold
 * separators and line breaks.  The separator is the one GDAL detects first:
 * ',' unless the header has none but has ';' or a tab. */
static demarc_status csv_check_columns(demarc_ctx *ctx, const char *path)
{
    vsi_bytes *r = demarc__calloc(1, sizeof *r);
    if (!r) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    errno = 0;
    r->f = VSIFOpenL(path, "rb");
    if (!r->f) {
        int e = errno;
        demarc__free(r);
        return demarc__fail_open(ctx, path, e);
    }
    int c, sep = 0, quoted = 0, at_start = 1;
    long line = 1, record_line = 1, fields = 1, header = -1;
    char first[4096];
    size_t nfirst = 0;
    demarc_status rc = DEMARC_OK;
    while ((c = vsi_getc(r)) != EOF && nfirst + 1 < sizeof first && c != '\n')
        first[nfirst++] = (char)c;
    first[nfirst] = '\0';
    sep = strchr(first, ',') ? ',' : strchr(first, ';') ? ';' : strchr(first, '\t') ? '\t' : ',';
    VSIFSeekL(r->f, 0, SEEK_SET); /* rewind */
    r->len = r->pos = 0;
    while (rc == DEMARC_OK && (c = vsi_getc(r)) != EOF) {
        if (quoted) {
            if (c == '"') quoted = 0; /* "" re-enters at once: same count */
            if (c == '\n') line++;
            continue;
        }
        if (c == '"') { quoted = 1; at_start = 0; continue; }
        if (c == '\r') continue;
        if (c == '\n') {
            if (!at_start) { /* blank lines are no records */
                if (header < 0) header = fields;
                else if (fields != header)
                    rc = demarc__fail(ctx, DEMARC_ERR_FORMAT,
                                      "%s: line %ld: %ld fields, the header has %ld", path,
                                      record_line, fields, header);
            }
            line++;
            record_line = line;
            fields = 1;
            at_start = 1;
            continue;
        }
        at_start = 0;
        if (c == sep) fields++;
    }
    if (rc == DEMARC_OK && !at_start && header >= 0 && fields != header)
        rc = demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: line %ld: %ld fields, the header has %ld",
                          path, record_line, fields, header);
    VSIFCloseL(r->f);
    demarc__free(r);
    return rc;
}

/* Does a GDAL message speak of a coordinate reference system? */
static int mentions_crs(const char *msg)
{
    static const char *const words[] = {"crs", "CRS", "SRS", "srs", "EPSG", "proj_create"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(msg, words[i])) return 1;
    return 0;
}

GDALDatasetH demarc__ogr_open(demarc_ctx *ctx, const char *path, demarc_status *rc)
{
    VSIStatBufL st;
    errno = 0;
    if (!path || VSIStatL(path, &st) != 0) {
        *rc = demarc__fail_open(ctx, path ? path : "(null)", errno);
        return NULL;
    }
    if (VSI_ISREG(st.st_mode) && st.st_size == 0) {
        *rc = demarc__fail(ctx, DEMARC_ERR_EMPTY, "%s: the file is empty", path);
        return NULL;
    }
    demarc__gdal_register();
    /* CSV columns stay text so that our parser names a bad value itself. */
    const char *csv_opts[] = {"AUTODETECT_TYPE=NO", NULL};
    CPLPushErrorHandlerEx(gdal_message, ctx);
    ctx->msg[0] = '\0';
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, csv_opts, NULL);
    CPLPopErrorHandler();
    if (!ds) {
        char detail[DEMARC_ERRMSG_MAX];
        snprintf(detail, sizeof detail, "%s", ctx->msg);
        *rc = demarc__fail(ctx, DEMARC_ERR_FORMAT,
                           "%s: not a vector file GDAL can read%s%s", path,
                           detail[0] ? ": " : "", detail);
        return NULL;
    }
    /* GDAL opens some files it has failed on (a GeoJSON "crs" PROJ does not
     * know is dropped, the layer then has no CRS): a failure is a failure. */
    if (ctx->msg[0]) {
        char detail[DEMARC_ERRMSG_MAX];
        snprintf(detail, sizeof detail, "%s", ctx->msg);
        GDALClose(ds);
        *rc = demarc__fail(ctx, mentions_crs(detail) ? DEMARC_ERR_CRS : DEMARC_ERR_FORMAT,
                           "%s: %s", path, detail);
        return NULL;
    }
    GDALDriverH drv = GDALGetDatasetDriver(ds);
    if (drv && !strcmp(GDALGetDriverShortName(drv), "CSV") &&
        (*rc = csv_check_columns(ctx, path)) != DEMARC_OK) {
        GDALClose(ds);
        return NULL;
    }
    *rc = DEMARC_OK;
    return ds;
}

OGRLayerH demarc__ogr_first_layer(demarc_ctx *ctx, GDALDatasetH ds, const char *path,
                                  demarc_status *rc)
{
    if (GDALDatasetGetLayerCount(ds) < 1) {
        *rc = demarc__fail(ctx, DEMARC_ERR_EMPTY, "%s: no layer", path);
        return NULL;
    }
    *rc = DEMARC_OK;
    return GDALDatasetGetLayer(ds, 0);
}

int demarc__ogr_field(OGRFeatureDefnH defn, const char *name)
{
    int n = OGR_FD_GetFieldCount(defn);
    for (int i = 0; i < n; i++)
        if (!strcasecmp(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)), name)) return i;
    /* dBase (Shapefile) field names hold at most 10 characters. */
    if (strlen(name) > 10)
        for (int i = 0; i < n; i++) {
            const char *f = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
            if (strlen(f) == 10 && !strncasecmp(f, name, 10)) return i;
        }
    return -1;
}

demarc_status demarc__ogr_double(demarc_ctx *ctx, OGRFeatureH f, int fi, const char *path,
                                 long row, const char *field, int required, double *out)
{
    *out = NAN;
    if (fi < 0 || !OGR_F_IsFieldSetAndNotNull(f, fi)) {
        if (!required) return DEMARC_OK;
        return demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: row %ld: field '%s' is empty", path,
                            row, field);
    }
    OGRFieldType type = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, fi));
    if (type == OFTReal || type == OFTInteger || type == OFTInteger64) {
        *out = OGR_F_GetFieldAsDouble(f, fi);
    } else {
        const char *s = OGR_F_GetFieldAsString(f, fi);
        while (*s == ' ' || *s == '\t') s++;
        if (*s == '\0') {
            if (!required) return DEMARC_OK;
            return demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: row %ld: field '%s' is empty",
                                path, row, field);
        }
        char *end;
        errno = 0;
        double v = CPLStrtod(s, &end); /* '.' whatever the host's LC_NUMERIC */
        while (*end == ' ' || *end == '\t' || *end == '\r') end++;
        if (end == s || *end != '\0')
            return demarc__fail(ctx, DEMARC_ERR_FORMAT,
                                "%s: row %ld: field '%s': '%.40s' is not a number", path, row,
                                field, s);
        *out = v;
    }
    if (!isfinite(*out))
        return demarc__fail(ctx, DEMARC_ERR_RANGE,
                            "%s: row %ld: field '%s': %g is not a finite number", path, row,
                            field, *out);
    return DEMARC_OK;
}
