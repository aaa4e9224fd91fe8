/* metadata_json.c -- reads border.json, the border's metadata.
 *
 * A small strict JSON reader (RFC 8259) that walks one object and keeps the
 * keys libdemarc knows; unknown keys are skipped, so the file may carry
 * more.  Errors give the line and what was expected. */
#include "border_internal.h"
#include "context_internal.h"

#include <cpl_conv.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader {
    const char *start, *p, *end, *what;
    demarc_ctx *ctx;
    demarc_border *b;
    char buf[1024]; /* last string value, UTF-8 */
} reader;

/* 1-based line number of position `at`. */
static int line_of(const reader *r, const char *at)
{
    int line = 1;
    for (const char *q = r->start; q < at && q < r->end; q++)
        if (*q == '\n') line++;
    return line;
}

static demarc_status fail_at(reader *r, const char *msg);

static void skip_ws(reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static int expect(reader *r, char c)
{
    skip_ws(r);
    if (r->p < r->end && *r->p == c) { r->p++; return 1; }
    return 0;
}

/* Append code point cp to buf as UTF-8. */
static int put_utf8(char *buf, size_t *n, size_t cap, unsigned cp)
{
    char tmp[4];
    size_t k;
    if (cp < 0x80) {
        tmp[0] = (char)cp;
        k = 1;
    } else if (cp < 0x800) {
        tmp[0] = (char)(0xC0 | cp >> 6);
        tmp[1] = (char)(0x80 | (cp & 0x3F));
        k = 2;
    } else if (cp < 0x10000) {
        tmp[0] = (char)(0xE0 | cp >> 12); tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        tmp[2] = (char)(0x80 | (cp & 0x3F)); k = 3;
    } else {
        tmp[0] = (char)(0xF0 | cp >> 18); tmp[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        tmp[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); tmp[3] = (char)(0x80 | (cp & 0x3F)); k = 4;
    }
    if (*n + k >= cap) return 0;
    memcpy(buf + *n, tmp, k);
    *n += k;
    return 1;
}

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

/* 1 when s[0..n) is well-formed UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF). */
static int utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        unsigned cp;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
        else return 0;
        if (n - i < len) return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + k] & 0x3Fu);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return 0;
        i += len;
    }
    return 1;
}

/* Read a string into r->buf; 0 on error (message set). */
static int read_string(reader *r)
{
    skip_ws(r);
    if (r->p >= r->end || *r->p != '"') return fail_at(r, "expected a string"), 0;
    r->p++;
    size_t n = 0;
    while (r->p < r->end && *r->p != '"') {
        unsigned char c = (unsigned char)*r->p++;
        if (c < 0x20) return fail_at(r, "control character in a string"), 0;
        if (c != '\\') {
            if (n + 1 >= sizeof r->buf) return fail_at(r, "string longer than 1023 bytes"), 0;
            r->buf[n++] = (char)c;
            continue;
        }
        if (r->p >= r->end) break;
        char e = *r->p++;
        unsigned cp;
        switch (e) {
        case '"': case '\\': case '/': cp = (unsigned char)e; break;
        case 'b': cp = '\b'; break;
        case 'f': cp = '\f'; break;
        case 'n': cp = '\n'; break;
        case 'r': cp = '\r'; break;
        case 't': cp = '\t'; break;
        case 'u':
            if (r->end - r->p < 4 || !hex4(r->p, &cp)) return fail_at(r, "bad \\u escape"), 0;
            r->p += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && r->end - r->p >= 6 && r->p[0] == '\\' &&
                r->p[1] == 'u') {
                unsigned lo;
                if (hex4(r->p + 2, &lo) && lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    r->p += 6;
                }
            }
            break;
        default: return fail_at(r, "bad escape in a string"), 0;
        }
        if (!put_utf8(r->buf, &n, sizeof r->buf, cp))
            return fail_at(r, "string longer than 1023 bytes"), 0;
    }
    if (r->p >= r->end) return fail_at(r, "unterminated string"), 0;
    r->p++;
    r->buf[n] = '\0';
    if (!utf8_valid((const unsigned char *)r->buf, n))
        return fail_at(r, "a string is not valid UTF-8"), 0;
    return 1;
}

static int read_number(reader *r, double *v)
{
    skip_ws(r);
    const char *s = r->p;
    if (s < r->end && *s == '-') s++;
    if (s >= r->end || *s < '0' || *s > '9') return fail_at(r, "expected a number"), 0;
    while (s < r->end && strchr("0123456789+-.eE", *s)) s++;
    char tmp[64];
    size_t n = (size_t)(s - r->p);
    if (n >= sizeof tmp) return fail_at(r, "number too long"), 0;
    memcpy(tmp, r->p, n);
    tmp[n] = '\0';
    char *endp;
    errno = 0;
    *v = CPLStrtod(tmp, &endp); /* '.' whatever the host's LC_NUMERIC */
    if (*endp || errno == ERANGE || !isfinite(*v)) return fail_at(r, "malformed number"), 0;
    r->p = s;
    return 1;
}

static int skip_value(reader *r, int depth);

static int skip_container(reader *r, char close, int depth)
{
    if (expect(r, close)) return 1;
    for (;;) {
        if (close == '}') {
            if (!read_string(r)) return 0;
            if (!expect(r, ':')) return fail_at(r, "expected ':'"), 0;
        }
        if (!skip_value(r, depth + 1)) return 0;
        if (expect(r, ',')) continue;
        if (expect(r, close)) return 1;
        return fail_at(r, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'"), 0;
    }
}

static int skip_value(reader *r, int depth)
{
    if (depth > 64) return fail_at(r, "nesting deeper than 64"), 0;
    skip_ws(r);
    if (r->p >= r->end) return fail_at(r, "unexpected end of file"), 0;
    double v;
    switch (*r->p) {
    case '"': return read_string(r);
    case '{': r->p++; return skip_container(r, '}', depth);
    case '[': r->p++; return skip_container(r, ']', depth);
    case 't': if (r->end - r->p >= 4 && !memcmp(r->p, "true", 4)) { r->p += 4; return 1; } break;
    case 'f': if (r->end - r->p >= 5 && !memcmp(r->p, "false", 5)) { r->p += 5; return 1; } break;
    case 'n': if (r->end - r->p >= 4 && !memcmp(r->p, "null", 4)) { r->p += 4; return 1; } break;
    default: return read_number(r, &v);
    }
    return fail_at(r, "unexpected token"), 0;
}

/* Keys whose value is a string, and the slot each fills. */
static const struct { const char *key; int slot; } STRING_KEYS[] = {
    {"id", BS_ID}, {"name", BS_NAME}, {"demarcation_finalised", BS_FINALISED},
    {"agreement_signed", BS_SIGNED}, {"agreement_place", BS_PLACE}, {"source", BS_SOURCE},
    {"licence", BS_LICENCE}, {"attribution", BS_ATTRIBUTION},
};

static int read_string_into(reader *r, int slot)
{
    if (!read_string(r)) return 0;
    if (!demarc__border_string(r->b, slot, r->buf))
        return demarc__fail(r->ctx, DEMARC_ERR_NOMEM, "out of memory"), 0;
    return 1;
}

/* "parties": {"left": "KZ", "right": "UZ"}; "party_names": {"KZ": "..."} */
static int read_pair_object(reader *r, int names)
{
    if (!expect(r, '{')) return fail_at(r, "expected an object"), 0;
    if (expect(r, '}')) return 1;
    for (;;) {
        if (!read_string(r)) return 0;
        char key[sizeof r->buf];
        memcpy(key, r->buf, sizeof key);
        if (!expect(r, ':')) return fail_at(r, "expected ':'"), 0;
        int slot = -1;
        if (!names && !strcmp(key, "left")) slot = BS_LEFT;
        if (!names && !strcmp(key, "right")) slot = BS_RIGHT;
        if (names && r->b->strings[BS_LEFT] && !strcmp(key, r->b->strings[BS_LEFT]))
            slot = BS_LEFT_NAME;
        if (names && r->b->strings[BS_RIGHT] && !strcmp(key, r->b->strings[BS_RIGHT]))
            slot = BS_RIGHT_NAME;
        if (slot >= 0 ? !read_string_into(r, slot) : !skip_value(r, 1)) return 0;
        if (expect(r, ',')) continue;
        if (expect(r, '}')) return 1;
        return fail_at(r, "expected ',' or '}'"), 0;
    }
}

static int read_key_value(reader *r, const char *key, const char **pending_names)
{
    for (size_t i = 0; i < sizeof STRING_KEYS / sizeof STRING_KEYS[0]; i++)
        if (!strcmp(key, STRING_KEYS[i].key)) return read_string_into(r, STRING_KEYS[i].slot);
    double v;
    demarc_border_info *in = &r->b->info;
    if (!strcmp(key, "parties")) return read_pair_object(r, 0);
    if (!strcmp(key, "edge_model")) { /* used when the caller asks for it */
        if (!read_string(r)) return 0;
        r->b->declared_model = demarc__edge_model_parse(r->buf);
        return 1;
    }
    if (!strcmp(key, "party_names")) { /* needs "parties" first: remember where */
        skip_ws(r);
        *pending_names = r->p;
        return skip_value(r, 1);
    }
    if (!strcmp(key, "declared_length_m")) {
        if (!read_number(r, &v)) return 0;
        if (!(v > 0)) return fail_at(r, "declared_length_m must be positive"), 0;
        in->declared_length_m = v;
        return 1;
    }
    if (!strcmp(key, "declared_signs") || !strcmp(key, "inspection_interval_years")) {
        if (!read_number(r, &v)) return 0;
        if (v < 0 || v > 1e9 || v != floor(v)) return fail_at(r, "expected a whole number"), 0;
        if (key[0] == 'd') in->declared_signs = (long)v;
        else in->inspection_interval_years = (int)v;
        return 1;
    }
    if (!strcmp(key, "signs_modelled")) {
        skip_ws(r);
        if (r->end - r->p >= 4 && !memcmp(r->p, "true", 4)) {
            in->signs_modelled = 1;
            r->p += 4;
            return 1;
        }
        if (r->end - r->p >= 5 && !memcmp(r->p, "false", 5)) {
            in->signs_modelled = 0;
            r->p += 5;
            return 1;
        }
        return fail_at(r, "signs_modelled must be true or false"), 0;
    }
    return skip_value(r, 1);
}

demarc_status demarc__metadata_parse(demarc_ctx *ctx, demarc_border *b, const char *text,
                                     size_t len, const char *what)
{
    reader r = {text, text, text + len, what, ctx, b, {0}};
    const char *names = NULL;
    if (!expect(&r, '{')) return fail_at(&r, "expected a JSON object");
    if (!expect(&r, '}')) {
        for (;;) {
            if (!read_string(&r)) return ctx->code;
            char key[sizeof r.buf];
            memcpy(key, r.buf, sizeof key);
            if (!expect(&r, ':')) return fail_at(&r, "expected ':'");
            if (!read_key_value(&r, key, &names)) return ctx->code;
            if (expect(&r, ',')) continue;
            if (expect(&r, '}')) break;
            return fail_at(&r, "expected ',' or '}'");
        }
    }
    skip_ws(&r);
    if (r.p != r.end) return fail_at(&r, "trailing content after the object");
    if (names) { /* party_names, now that the parties are known */
        r.p = names;
        if (!read_pair_object(&r, 1)) return ctx->code;
    }
    return DEMARC_OK;
}

static demarc_status fail_at(reader *r, const char *msg)
{
    return demarc__fail(r->ctx, DEMARC_ERR_FORMAT, "%s: line %d: %s", r->what,
                        line_of(r, r->p), msg);
}
