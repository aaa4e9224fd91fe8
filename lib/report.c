/* report.c -- findings of a validation or an inspection: storage, accessors
 * and the text and JSON renderings. */
#include "validate_internal.h"
#include "context_internal.h"

#include <cpl_string.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

demarc_report *demarc__report_new(int inspection)
{
    demarc_report *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->inspection = inspection;
    r->transformation = demarc__strdup("");
    if (!r->transformation) { free(r); return NULL; }
    return r;
}

void demarc_report_free(demarc_report *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) {
        free((char *)r->f[i].sign_id);
        free((char *)r->f[i].message);
    }
    for (size_t i = 0; i < r->nd; i++) free((char *)r->d[i].sign_id);
    free(r->f);
    free(r->d);
    free(r->transformation);
    free(r);
}

size_t demarc_report_count(const demarc_report *r) { return r ? r->n : 0; }

const demarc_finding *demarc_report_finding(const demarc_report *r, size_t i)
{
    return r && i < r->n ? &r->f[i] : NULL;
}

size_t demarc_report_count_severity(const demarc_report *r, demarc_severity sev)
{
    size_t k = 0;
    for (size_t i = 0; r && i < r->n; i++) k += r->f[i].severity == sev;
    return k;
}

const char *demarc_severity_name(demarc_severity s)
{
    switch (s) {
    case DEMARC_SEVERITY_INFO: return "info";
    case DEMARC_SEVERITY_WARNING: return "warning";
    case DEMARC_SEVERITY_ERROR: return "error";
    }
    return NULL;
}

size_t demarc_report_stat_count(const demarc_report *r) { return r ? r->nstat : 0; }

int demarc_report_stat(const demarc_report *r, size_t i, const char **name, double *value)
{
    if (!r || i >= r->nstat) return 0;
    if (name) *name = r->stat_name[i];
    if (value) *value = r->stat_value[i];
    return 1;
}

double demarc_report_stat_get(const demarc_report *r, const char *name)
{
    for (size_t i = 0; r && name && i < r->nstat; i++)
        if (!strcmp(r->stat_name[i], name)) return r->stat_value[i];
    return NAN;
}

const char *demarc_report_transformation(const demarc_report *r)
{
    return r ? r->transformation : "";
}

size_t demarc_report_displacement_count(const demarc_report *r) { return r ? r->nd : 0; }

const demarc_displacement *demarc_report_displacement(const demarc_report *r, size_t i)
{
    return r && i < r->nd ? &r->d[i] : NULL;
}

demarc_status demarc__report_add(demarc_ctx *ctx, demarc_report *r, const char *code,
                                 demarc_severity sev, const char *sign, double lon, double lat,
                                 double value, double limit, const char *fmt, ...)
{
    /* A systematic error (every row swapped, every sign at one spot) must
     * not bury the report under 846,955 lines: count beyond the limit. */
    size_t c = 0;
    while (c < r->ncodes && strcmp(r->codes[c].code, code)) c++;
    if (c == r->ncodes && c < DEMARC_REPORT_MAX_CODES) {
        r->codes[c].code = code;
        r->codes[c].severity = sev;
        r->codes[c].count = 0;
        r->ncodes++;
    }
    if (c < r->ncodes && ++r->codes[c].count > DEMARC_REPORT_LIST_LIMIT) {
        r->unlisted++;
        return DEMARC_OK;
    }
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        demarc_finding *f = realloc(r->f, cap * sizeof *f);
        if (!f) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory adding a finding");
        r->f = f;
        r->cap = cap;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    demarc_finding *f = &r->f[r->n];
    f->code = code;
    f->severity = sev;
    f->sign_id = demarc__strdup(sign ? sign : "");
    f->message = demarc__strdup(msg);
    f->lon = lon;
    f->lat = lat;
    f->value = value;
    f->limit = limit;
    if (!f->sign_id || !f->message) {
        free((char *)f->sign_id);
        free((char *)f->message);
        return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory adding a finding");
    }
    r->n++;
    return DEMARC_OK;
}

size_t demarc__report_code_count(const demarc_report *r, const char *code)
{
    for (size_t c = 0; c < r->ncodes; c++)
        if (!strcmp(r->codes[c].code, code)) return r->codes[c].count;
    return 0;
}

demarc_status demarc__report_finish(demarc_ctx *ctx, demarc_report *r, size_t signs)
{
    size_t ncodes = r->ncodes;
    for (size_t c = 0; c < ncodes; c++) {
        size_t count = r->codes[c].count;
        if (count <= DEMARC_REPORT_LIST_LIMIT) continue;
        r->codes[c].count = 0; /* the summary itself is listed */
        demarc_status rc = demarc__report_add(
            ctx, r, r->codes[c].code, r->codes[c].severity, "", NAN, NAN, (double)count,
            (double)DEMARC_REPORT_LIST_LIMIT,
            "%zu findings %s in all, for %zu rows%s: the first %d are listed, %zu are not",
            count, r->codes[c].code, signs,
            count >= signs / 2 ? " -- a systematic error in the whole file?" : "",
            DEMARC_REPORT_LIST_LIMIT, count - DEMARC_REPORT_LIST_LIMIT);
        r->codes[c].count = count;
        if (rc) return rc;
    }
    demarc__report_stat(r, "unlisted_findings", (double)r->unlisted);
    return DEMARC_OK;
}

void demarc__report_stat(demarc_report *r, const char *name, double value)
{
    for (size_t i = 0; i < r->nstat; i++)
        if (!strcmp(r->stat_name[i], name)) { r->stat_value[i] = value; return; }
    if (r->nstat < DEMARC_REPORT_MAX_STATS) {
        r->stat_name[r->nstat] = name;
        r->stat_value[r->nstat++] = value;
    }
}

demarc_status demarc__report_displacement(demarc_ctx *ctx, demarc_report *r,
                                          const demarc_displacement *d)
{
    if (r->nd == r->dcap) {
        size_t cap = r->dcap ? 2 * r->dcap : 64;
        demarc_displacement *n = realloc(r->d, cap * sizeof *n);
        if (!n) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
        r->d = n;
        r->dcap = cap;
    }
    r->d[r->nd] = *d;
    r->d[r->nd].sign_id = demarc__strdup(d->sign_id);
    if (!r->d[r->nd].sign_id) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    r->nd++;
    return DEMARC_OK;
}

demarc_status demarc__report_set_transformation(demarc_ctx *ctx, demarc_report *r,
                                                const char *text)
{
    char *t = demarc__strdup(text ? text : "");
    if (!t) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    free(r->transformation);
    r->transformation = t;
    return DEMARC_OK;
}

/* ---- rendering ------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at p (RFC 3629), 0 when none. */
static size_t utf8_len(const unsigned char *p)
{
    unsigned c = p[0];
    if (c < 0x80) return 1;
    size_t n = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    unsigned cp = n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
    for (size_t k = 1; k < n; k++) {
        if ((p[k] & 0xc0) != 0x80) return 0;
        cp = cp << 6 | (p[k] & 0x3f);
    }
    if (!n || (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

/* A JSON string: UTF-8 as it is, any byte that is not (the catalogue
 * reader refuses them; a border's ids are not checked here) as U+FFFD. */
static void j_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
        size_t n = utf8_len(p);
        if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
        else if (*p < 0x20) fprintf(f, "\\u%04x", *p);
        else if (!n) fputs("\xef\xbf\xbd", f);
        else fwrite(p, 1, n, f);
        p += n ? n : 1;
    }
    fputc('"', f);
}

/* JSON numbers always take '.', whatever LC_NUMERIC the host application
 * set (GDAL's CPLsnprintf does not follow the locale). */
static void j_number(FILE *f, double v, int decimals)
{
    char buf[64];
    if (!isfinite(v)) { fputs("null", f); return; }
    CPLsnprintf(buf, sizeof buf, "%.*f", decimals, v);
    fputs(buf, f);
}

static void write_json(const demarc_report *r, FILE *f, unsigned int flags)
{
    const char *ind = (flags & DEMARC_REPORT_JSON_MEMBERS) ? "  " : "  ";
    if (!(flags & DEMARC_REPORT_JSON_MEMBERS)) fputs("{\n", f);
    fprintf(f, "%s\"kind\": \"%s\",\n%s\"transformation\": ", ind,
            r->inspection ? "inspection" : "validation", ind);
    j_string(f, r->transformation);
    fprintf(f, ",\n%s\"summary\": {", ind);
    fprintf(f, "\"errors\": %zu, \"warnings\": %zu, \"infos\": %zu",
            demarc_report_count_severity(r, DEMARC_SEVERITY_ERROR),
            demarc_report_count_severity(r, DEMARC_SEVERITY_WARNING),
            demarc_report_count_severity(r, DEMARC_SEVERITY_INFO));
    for (size_t i = 0; i < r->nstat; i++) {
        fprintf(f, ", ");
        j_string(f, r->stat_name[i]);
        fputs(": ", f);
        j_number(f, r->stat_value[i], r->stat_value[i] == floor(r->stat_value[i]) ? 0 : 6);
    }
    fprintf(f, "},\n%s\"findings\": [", ind);
    for (size_t i = 0; i < r->n; i++) {
        const demarc_finding *x = &r->f[i];
        fprintf(f, "%s\n%s  {\"code\": ", i ? "," : "", ind);
        j_string(f, x->code);
        fprintf(f, ", \"severity\": \"%s\", \"sign\": ", demarc_severity_name(x->severity));
        j_string(f, x->sign_id);
        fputs(", \"lon\": ", f);
        j_number(f, x->lon, 9);
        fputs(", \"lat\": ", f);
        j_number(f, x->lat, 9);
        fputs(", \"value\": ", f);
        j_number(f, x->value, 6);
        fputs(", \"limit\": ", f);
        j_number(f, x->limit, 6);
        fputs(", \"message\": ", f);
        j_string(f, x->message);
        fputc('}', f);
    }
    fprintf(f, "%s]", r->n ? "\n  " : "");
    if (r->inspection) {
        fprintf(f, ",\n%s\"displacements\": [", ind);
        for (size_t i = 0; i < r->nd; i++) {
            const demarc_displacement *d = &r->d[i];
            fprintf(f, "%s\n%s  {\"sign\": ", i ? "," : "", ind);
            j_string(f, d->sign_id);
            fputs(", \"distance_m\": ", f);
            j_number(f, d->distance_m, 4);
            fputs(", \"azimuth_deg\": ", f);
            j_number(f, d->azimuth_deg, 3);
            fprintf(f, ", \"moved\": %s}", d->moved ? "true" : "false");
        }
        fprintf(f, "%s]", r->nd ? "\n  " : "");
    }
    if (!(flags & DEMARC_REPORT_JSON_MEMBERS)) fputs("\n}\n", f);
}

/* Text for a line of the text report: a control character (a line break
 * or a terminal escape in an id) as \xNN, a byte that is not UTF-8 as
 * U+FFFD; one finding stays one line. */
static void t_string(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = utf8_len(p);
        if (*p < 0x20 || *p == 0x7f) fprintf(f, "\\x%02x", *p);
        else if (!n) fputs("\xef\xbf\xbd", f);
        else fwrite(p, 1, n, f);
        p += n ? n : 1;
    }
}

static void write_text(const demarc_report *r, FILE *f)
{
    for (size_t i = 0; i < r->n; i++) {
        const demarc_finding *x = &r->f[i];
        const char *sev = x->severity == DEMARC_SEVERITY_ERROR     ? "ERROR"
                          : x->severity == DEMARC_SEVERITY_WARNING ? "WARNING"
                                                                   : "INFO";
        fprintf(f, "%s %s [", sev, x->code);
        if (x->sign_id[0]) {
            fputs("sign ", f);
            t_string(f, x->sign_id);
        } else {
            fputs("catalogue", f);
        }
        fputs("]: ", f);
        t_string(f, x->message);
        fputc('\n', f);
    }
    if (r->transformation[0]) fprintf(f, "transformation: %s\n", r->transformation);
    fprintf(f, "%s: %zu error(s), %zu warning(s)",
            r->inspection ? "inspection" : "validation",
            demarc_report_count_severity(r, DEMARC_SEVERITY_ERROR),
            demarc_report_count_severity(r, DEMARC_SEVERITY_WARNING));
    for (size_t i = 0; i < r->nstat; i++) {
        double v = r->stat_value[i];
        if (v == floor(v) && fabs(v) < 1e15) fprintf(f, ", %s %.0f", r->stat_name[i], v);
        else fprintf(f, ", %s %.4f", r->stat_name[i], v);
    }
    fputc('\n', f);
}

/* DEMARC_OK when everything written to f reached it (flushed), else
 * DEMARC_ERR_IO with the reason (ENOSPC: "No space left on device"). */
static demarc_status check_written(demarc_ctx *ctx, FILE *f, const char *what)
{
    errno = 0;
    int err = fflush(f) ? errno : 0;
    if (!err && !ferror(f)) return DEMARC_OK;
    return demarc__fail(ctx, DEMARC_ERR_IO, "writing the %s report failed%s%s", what,
                        err ? ": " : "", err ? strerror(err) : "");
}

demarc_status demarc_report_write_json(demarc_ctx *ctx, const demarc_report *r, FILE *f,
                                       unsigned int flags)
{
    DEMARC__ENTER(ctx);
    if (!r || !f) return demarc__fail(ctx, DEMARC_ERR_ARG, "report and file must not be NULL");
    if (flags & ~DEMARC_REPORT_JSON_MEMBERS)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "report_write_json: unknown flag bits 0x%x",
                            flags & ~DEMARC_REPORT_JSON_MEMBERS);
    write_json(r, f, flags);
    return check_written(ctx, f, "JSON");
    return DEMARC_OK;
}

demarc_status demarc_report_write_text(demarc_ctx *ctx, const demarc_report *r, FILE *f)
{
    DEMARC__ENTER(ctx);
    if (!r || !f) return demarc__fail(ctx, DEMARC_ERR_ARG, "report and file must not be NULL");
    write_text(r, f);
    return check_written(ctx, f, "text");
    return DEMARC_OK;
}

demarc_status demarc_report_render(demarc_ctx *ctx, const demarc_report *r, int json,
                                   unsigned int flags, char **out, size_t *len)
{
    DEMARC__ENTER_OUT(ctx, out);
    if (!r || !out) return demarc__fail(ctx, DEMARC_ERR_ARG, "report and out must not be NULL");
    *out = NULL;
    if (flags & ~DEMARC_REPORT_JSON_MEMBERS)
        return demarc__fail(ctx, DEMARC_ERR_ARG, "report_render: unknown flag bits 0x%x",
                            flags & ~DEMARC_REPORT_JSON_MEMBERS);
    size_t n = 0;
    char *buf = NULL;
    FILE *f = open_memstream(&buf, &n);
    if (!f) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory rendering a report");
    if (json) write_json(r, f, flags);
    else write_text(r, f);
    if (fclose(f) != 0 || !buf) {
        free(buf);
        return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory rendering a report");
    }
    *out = buf;
    if (len) *len = n;
    return DEMARC_OK;
}

const char *demarc__op_code_text(const char *code, char *buf, size_t size)
{
    const char *close;
    if (code && !strncmp(code, "INVERSE(", 8) && (close = strstr(code, "):")) != NULL)
        snprintf(buf, size, "%.*s:%s (inverse)", (int)(close - code - 8), code + 8, close + 2);
    else
        snprintf(buf, size, "%s", code ? code : "");
    return buf;
}
