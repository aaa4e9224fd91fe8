/* report.c -- findings of a validation or an inspection: storage, accessors
 * and the text and JSON renderings. */
#include "validate_internal.h"
#include "alloc_internal.h"
#include "context_internal.h"
#include "text_internal.h"

#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

demarc_report *demarc__report_new(int inspection)
{
    demarc_report *r = demarc__calloc(1, sizeof *r);
    if (!r) return NULL;
    r->inspection = inspection;
    r->transformation = demarc__strdup("");
    if (!r->transformation) { demarc__free(r); return NULL; }
    return r;
}

void demarc_report_free(demarc_report *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) {
        demarc__free((char *)r->f[i].sign_id);
        demarc__free((char *)r->f[i].message);
    }
    for (size_t i = 0; i < r->nd; i++) demarc__free((char *)r->d[i].sign_id);
    demarc__free(r->f);
    demarc__free(r->d);
    demarc__free(r->transformation);
    demarc__free(r);
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
        demarc_finding *f = demarc__realloc(r->f, cap * sizeof *f);
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
        demarc__free((char *)f->sign_id);
        demarc__free((char *)f->message);
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
        demarc_displacement *n = demarc__realloc(r->d, cap * sizeof *n);
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
    demarc__free(r->transformation);
    r->transformation = t;
    return DEMARC_OK;
}

/* ---- rendering ------------------------------------------------------- */

/* A copy of s that is valid UTF-8: each byte that is not (the catalogue
 * reader refuses them, but a message may quote a file path) as U+FFFD.
 * json-c escapes '"', '\\' and control characters but copies other bytes
 * as they are: this is what keeps the output readable.  NULL: no memory. */
static json_object *j_string(const char *s)
{
    if (!s) s = "";
    size_t bad = demarc__utf8_bad_bytes(s);
    if (!bad) return json_object_new_string(s);
    char *t = demarc__malloc(strlen(s) + 2 * bad + 1);
    if (!t) return NULL;
    size_t n = demarc__utf8_repair(t, s);
    json_object *o = json_object_new_string_len(t, (int)n);
    demarc__free(t);
    return o;
}

/* A JSON number at full precision; NULL (null) when not finite. */
static json_object *j_number(double v, int *oom)
{
    char buf[64];
    if (!isfinite(v)) return NULL;
    demarc__number_text(buf, sizeof buf, v);
    json_object *o = json_object_new_double_s(v, buf);
    if (!o) *oom = 1;
    return o;
}

/* Add member key: val to o; a NULL val is a failed allocation unless
 * may_be_null (a deliberate null). */
static void j_add(json_object *o, const char *key, json_object *val, int may_be_null, int *oom)
{
    if (!val && !may_be_null) *oom = 1;
    if (!o || json_object_object_add(o, key, val)) { json_object_put(val); *oom = 1; }
}

static json_object *j_count(size_t n) { return json_object_new_int64((int64_t)n); }

static json_object *report_object(const demarc_report *r, int *oom)
{
    json_object *o = json_object_new_object(), *sum = json_object_new_object();
    json_object *fs = json_object_new_array();
    if (!o || !sum || !fs) *oom = 1;
    j_add(o, "kind", json_object_new_string(r->inspection ? "inspection" : "validation"), 0,
          oom);
    j_add(o, "transformation", j_string(r->transformation), 0, oom);
    j_add(sum, "errors", j_count(demarc_report_count_severity(r, DEMARC_SEVERITY_ERROR)), 0,
          oom);
    j_add(sum, "warnings", j_count(demarc_report_count_severity(r, DEMARC_SEVERITY_WARNING)), 0,
          oom);
    j_add(sum, "infos", j_count(demarc_report_count_severity(r, DEMARC_SEVERITY_INFO)), 0, oom);
    for (size_t i = 0; i < r->nstat; i++)
        j_add(sum, r->stat_name[i], j_number(r->stat_value[i], oom), 1, oom);
    j_add(o, "summary", sum, 0, oom);
    for (size_t i = 0; i < r->n && !*oom; i++) {
        const demarc_finding *x = &r->f[i];
        json_object *f = json_object_new_object();
        j_add(f, "code", j_string(x->code), 0, oom);
        j_add(f, "severity", json_object_new_string(demarc_severity_name(x->severity)), 0, oom);
        j_add(f, "sign", j_string(x->sign_id), 0, oom);
        j_add(f, "lon", j_number(x->lon, oom), 1, oom);
        j_add(f, "lat", j_number(x->lat, oom), 1, oom);
        j_add(f, "value", j_number(x->value, oom), 1, oom);
        j_add(f, "limit", j_number(x->limit, oom), 1, oom);
        j_add(f, "message", j_string(x->message), 0, oom);
        if (!f || json_object_array_add(fs, f)) { json_object_put(f); *oom = 1; }
    }
    j_add(o, "findings", fs, 0, oom);
    if (r->inspection) {
        json_object *ds = json_object_new_array();
        for (size_t i = 0; i < r->nd && ds && !*oom; i++) {
            const demarc_displacement *d = &r->d[i];
            json_object *e = json_object_new_object();
            j_add(e, "sign", j_string(d->sign_id), 0, oom);
            j_add(e, "distance_m", j_number(d->distance_m, oom), 1, oom);
            j_add(e, "azimuth_deg", j_number(d->azimuth_deg, oom), 1, oom);
            j_add(e, "moved", json_object_new_boolean(d->moved), 0, oom);
            if (!e || json_object_array_add(ds, e)) { json_object_put(e); *oom = 1; }
        }
        j_add(o, "displacements", ds, 0, oom);
    }
    return o;
}

/* The report as JSON text in a buffer the caller frees: an object ending
 * with a newline, or with DEMARC_REPORT_JSON_MEMBERS its members alone
 * ("  \"kind\": ...", no newline at the end).  NULL when out of memory. */
static char *render_json(const demarc_report *r, unsigned int flags, size_t *len)
{
    int oom = 0;
    json_object *o = report_object(r, &oom);
    size_t n = 0;
    const int how = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                    JSON_C_TO_STRING_NOSLASHESCAPE;
    const char *text = oom ? NULL : json_object_to_json_string_length(o, how, &n);
    char *out = NULL;
    if (text && n >= 4 && (flags & DEMARC_REPORT_JSON_MEMBERS)) {
        out = demarc__malloc(n - 3); /* "{\n" members "\n}" */
        if (out) {
            memcpy(out, text + 2, n - 4);
            out[n - 4] = '\0';
            *len = n - 4;
        }
    } else if (text) {
        out = demarc__malloc(n + 2);
        if (out) {
            memcpy(out, text, n);
            memcpy(out + n, "\n", 2);
            *len = n + 1;
        }
    }
    json_object_put(o);
    return out;
}

/* Text for a line of the text report: a control character (a line break
 * or a terminal escape in an id) as \xNN, a byte that is not UTF-8 as
 * U+FFFD; one finding stays one line. */
static void t_string(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = demarc__utf8_len((const char *)p);
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
    size_t n = 0;
    char *text = render_json(r, flags, &n);
    if (!text) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory rendering a report");
    fwrite(text, 1, n, f); /* a short write sets the error flag: check_written */
    demarc__free(text);
    return check_written(ctx, f, "JSON");
}

demarc_status demarc_report_write_text(demarc_ctx *ctx, const demarc_report *r, FILE *f)
{
    DEMARC__ENTER(ctx);
    if (!r || !f) return demarc__fail(ctx, DEMARC_ERR_ARG, "report and file must not be NULL");
    write_text(r, f);
    return check_written(ctx, f, "text");
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
    char *buf = json ? render_json(r, flags, &n) : NULL;
    if (json) {
        if (!buf) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory rendering a report");
        *out = buf;
        if (len) *len = n;
        return DEMARC_OK;
    }
    FILE *f = open_memstream(&buf, &n);
    if (!f) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory rendering a report");
    write_text(r, f);
    if (fclose(f) != 0 || !buf) {
        free(buf); /* open_memstream's buffer is libc's, not demarc__malloc's */
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
