/* cli_text_fields.c -- see cli_text_fields.h. */
#include "cli_text_fields.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Skip the decimal digits at p (before end); return where they stop. */
static const char *digits(const char *p, const char *end)
{
    while (p < end && *p >= '0' && *p <= '9') p++;
    return p;
}

int cli_is_decimal(const char *s, const char *end)
{
    if (s < end && (*s == '+' || *s == '-')) s++;
    const char *p = digits(s, end);
    size_t n = (size_t)(p - s); /* digits before the point and after it */
    if (p < end && *p == '.') {
        const char *q = digits(p + 1, end);
        n += (size_t)(q - p - 1);
        p = q;
    }
    if (!n) return 0; /* "", "+", ".", "inf", "nan", "0x" with no digit first */
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-')) p++;
        const char *q = digits(p, end);
        if (q == p) return 0; /* "1e", "1e+" */
        p = q;
    }
    return p == end; /* "0x45", "12abc": text after the number */
}

int cli_parse_number(const char *s, const char *end, double *v)
{
    while (s < end && (*s == ' ' || *s == '\t')) s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) end--;
    if (s == end || end - s > 64 || !cli_is_decimal(s, end)) return 0;
    char buf[72];
    memcpy(buf, s, (size_t)(end - s));
    buf[end - s] = '\0';
    char *e;
    errno = 0;
    *v = strtod(buf, &e);
    return *e == '\0' && errno == 0 && isfinite(*v);
}

int cli_split_record(const char *line, size_t len, cli_record *r)
{
    r->n = 0;
    r->comma = 0;
    if (len + 1 > sizeof r->buf) return RECORD_TOO_LONG;
    /* comma-separated when a comma stands outside quotes */
    int inq = 0;
    for (size_t i = 0; i < len; i++) {
        if (line[i] == '"') inq = !inq;
        else if (line[i] == ',' && !inq) { r->comma = 1; break; }
    }
    char *o = r->buf;
    size_t i = 0;
    for (;;) {
        while (i < len && (line[i] == ' ' || line[i] == '\t')) i++;
        if (!r->comma && i >= len) break;
        if (r->n == CLI_RECORD_MAX_FIELDS) return RECORD_TOO_MANY;
        r->f[r->n++] = o;
        if (i < len && line[i] == '"') {
            for (i++;; i++) {
                if (i >= len) return RECORD_OPEN;
                if (line[i] == '"') {
                    if (i + 1 < len && line[i + 1] == '"') { *o++ = '"'; i++; continue; }
                    i++;
                    break;
                }
                *o++ = line[i];
            }
            while (i < len && (line[i] == ' ' || line[i] == '\t')) i++;
            if (i < len && !(r->comma && line[i] == ',')) return RECORD_QUOTE;
        } else {
            char *start = o;
            while (i < len && (r->comma ? line[i] != ',' : line[i] != ' ' && line[i] != '\t')) {
                if (line[i] == '"') return RECORD_QUOTE;
                *o++ = line[i++];
            }
            while (o > start && (o[-1] == ' ' || o[-1] == '\t' || o[-1] == '\r')) o--;
        }
        *o++ = '\0';
        if (r->comma) {
            if (i >= len) break;
            i++; /* the comma */
        }
    }
    return RECORD_OK;
}
