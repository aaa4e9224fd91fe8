/* text.c -- UTF-8 and number text; see text_internal.h. */
#include "text_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t demarc__utf8_len(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned c = p[0];
    if (c < 0x80) return c ? 1 : 0;
    size_t n = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (!n) return 0;
    unsigned cp = n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
    for (size_t k = 1; k < n; k++) {
        if ((p[k] & 0xc0) != 0x80) return 0; /* also stops at the NUL */
        cp = cp << 6 | (p[k] & 0x3f);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

size_t demarc__utf8_bad_bytes(const char *s)
{
    size_t bad = 0, k;
    for (size_t i = 0; s[i]; i += k ? k : 1) bad += !(k = demarc__utf8_len(s + i));
    return bad;
}

size_t demarc__utf8_repair(char *out, const char *s)
{
    char *q = out;
    size_t k;
    for (size_t i = 0; s[i]; i += k ? k : 1) {
        if ((k = demarc__utf8_len(s + i)) != 0) memcpy(q, s + i, k), q += k;
        else memcpy(q, "\xef\xbf\xbd", 3), q += 3;
    }
    *q = '\0';
    return (size_t)(q - out);
}

const char *demarc__text_problem(const char *s, char *buf, size_t size, int *fatal)
{
    const char *control = NULL;
    *fatal = 0;
    for (size_t i = 0; s[i];) {
        unsigned c = (unsigned char)s[i];
        if ((c < 0x20 || c == 0x7f) && !control) {
            snprintf(buf, size, "control character U+%04X at byte %zu", c, i + 1);
            control = buf;
        }
        size_t n = demarc__utf8_len(s + i);
        if (!n) {
            snprintf(buf, size, "invalid UTF-8 (byte 0x%02X at byte %zu)", c, i + 1);
            *fatal = 1;
            return buf;
        }
        i += n;
    }
    return control;
}

char *demarc__number_text(char *buf, size_t size, double v)
{
    if (v == 0 && signbit(v)) {
        snprintf(buf, size, "-0.0");
        return buf;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
    /* snprintf and strtod agree on the locale's decimal point: replace
     * whatever the locale wrote (one byte or several) */
    char *w = buf;
    for (const char *r = buf; *r;) {
        if (strchr("0123456789+-eE", *r)) { *w++ = *r++; continue; }
        *w++ = '.';
        while (*r && !strchr("0123456789+-eE", *r)) r++;
    }
    *w = '\0';
    return buf;
}

/* The value of 4 hex digits (json-c checked they are hex). */
static unsigned hex4(const char *s)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v = v << 4 | (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

size_t demarc__json_text_problem(const char *t, size_t len, const char **why)
{
    int in = 0; /* inside a "..." string */
    for (size_t i = 0; i < len; i++) {
        if (!in) {
            if (t[i] == '"') {
                in = 1;
            } else if (t[i] == '\'') {
                *why = "a string in single quotes (not JSON: RFC 8259, 7)";
                return i;
            }
            continue;
        }
        if (t[i] == '"') {
            in = 0;
            continue;
        }
        if (t[i] != '\\' || i + 1 >= len) continue;
        if (t[i + 1] != 'u' || i + 5 >= len) { /* another escape: skip it */
            i++;
            continue;
        }
        unsigned v = hex4(t + i + 2);
        if (v >= 0xD800 && v < 0xDC00 && i + 11 < len && t[i + 6] == '\\' && t[i + 7] == 'u') {
            unsigned w = hex4(t + i + 8);
            if (w >= 0xDC00 && w < 0xE000) { /* a pair: one code point above U+FFFF */
                i += 11;
                continue;
            }
        }
        if (v >= 0xD800 && v < 0xE000) {
            *why = "a \\u escape of an unpaired surrogate: not text";
            return i;
        }
        i += 5;
    }
    return len;
}
