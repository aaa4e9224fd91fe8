/* cli_json.c -- the JSON of the demarc command through json-c: every --json
 * output, and the JSON files it reads (render --findings). */
#include "cli_json.h"
#include "text_internal.h" /* UTF-8 and number text, shared with lib/ */

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void *need(void *p)
{
    if (p) return p;
    fputs("demarc: out of memory writing JSON\n", stderr);
    exit(2);
}

char *cli_json_number_text(char *buf, size_t size, double v)
{
    if (!isfinite(v)) snprintf(buf, size, "null");
    else demarc__number_text(buf, size, v);
    return buf;
}

/* text as a JSON string that is valid UTF-8 (bytes that are not: U+FFFD) */
static json_object *text_value(const char *key, const char *text)
{
    size_t bad = demarc__utf8_bad_bytes(text);
    if (!bad) return need(json_object_new_string(text));
    fprintf(stderr, "demarc: warning: \"%s\" is not valid UTF-8: %zu byte(s) written as "
                    "U+FFFD\n", key, bad);
    char *t = need(malloc(strlen(text) + 2 * bad + 1));
    size_t n = demarc__utf8_repair(t, text);
    json_object *o = need(json_object_new_string_len(t, (int)n));
    free(t);
    return o;
}

json_object *cli_json_object(void) { return need(json_object_new_object()); }

void cli_json_add(json_object *o, const char *key, json_object *value)
{
    if (json_object_object_add_ex(o, key, value, JSON_C_OBJECT_ADD_CONSTANT_KEY))
        need(NULL);
}

json_object *cli_json_new(const char *command)
{
    json_object *o = cli_json_object();
    cli_json_add_int(o, "schema_version", CLI_JSON_SCHEMA_VERSION);
    cli_json_add_text(o, "command", command);
    return o;
}

void cli_json_add_text(json_object *o, const char *key, const char *text)
{
    cli_json_add(o, key, text ? text_value(key, text) : NULL);
}

void cli_json_add_number(json_object *o, const char *key, double v)
{
    char buf[64];
    cli_json_number_text(buf, sizeof buf, v);
    cli_json_add(o, key, isfinite(v) ? need(json_object_new_double_s(v, buf)) : NULL);
}

void cli_json_add_int(json_object *o, const char *key, int64_t v)
{
    cli_json_add(o, key, need(json_object_new_int64(v)));
}

void cli_json_add_bool(json_object *o, const char *key, int v)
{
    cli_json_add(o, key, need(json_object_new_boolean(v)));
}

demarc_status cli_json_add_report(json_object *o, demarc_ctx *ctx, const demarc_report *rep)
{
    char *text = NULL;
    size_t len = 0;
    demarc_status rc = demarc_report_render(ctx, rep, 1, 0, &text, &len);
    if (rc) return rc;
    /* json-c keeps each number's text as the library wrote it */
    json_object *r = need(json_tokener_parse(text));
    free(text);
    json_object_object_foreach(r, key, val) {
        if (json_object_object_add(o, key, json_object_get(val))) need(NULL);
    }
    json_object_put(r);
    return DEMARC_OK;
}

void cli_json_print(json_object *o, FILE *f)
{
    const int how = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                    JSON_C_TO_STRING_NOSLASHESCAPE;
    size_t n = 0;
    const char *text = need((void *)json_object_to_json_string_length(o, how, &n));
    fwrite(text, 1, n, f);
    fputc('\n', f);
    json_object_put(o);
}

const char *cli_json_quote(json_object **scratch, const char *s, size_t *len)
{
    if (!*scratch) *scratch = need(json_object_new_string(s));
    else if (!json_object_set_string(*scratch, s)) need(NULL);
    return need((void *)json_object_to_json_string_length(
        *scratch, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, len));
}

/* ---- reading ---------------------------------------------------------- */

#define CLI_JSON_MAX_DEPTH 64            /* nesting json-c accepts */
#define CLI_JSON_MAX_BYTES (256u << 20)  /* 256 MiB: a report of millions of findings */

/* The whole of f into a NUL-terminated buffer (malloc'd), its length in
 * *len; NULL with the reason in err. */
static char *slurp(FILE *f, const char *file, size_t *len, char *err, size_t errlen)
{
    size_t cap = 1 << 16, n = 0;
    char *text = malloc(cap);
    while (text) {
        n += fread(text + n, 1, cap - n - 1, f);
        if (n + 1 < cap || ferror(f)) break;
        if (cap >= CLI_JSON_MAX_BYTES) {
            snprintf(err, errlen, "%s: larger than %u MiB", file, CLI_JSON_MAX_BYTES >> 20);
            free(text);
            return NULL;
        }
        char *t = realloc(text, cap *= 2);
        if (!t) free(text);
        text = t;
    }
    if (!text) {
        snprintf(err, errlen, "%s: out of memory", file);
        return NULL;
    }
    if (ferror(f)) {
        snprintf(err, errlen, "%s: read error: %s", file, strerror(errno));
        free(text);
        return NULL;
    }
    text[n] = '\0';
    *len = n;
    return text;
}

/* "FILE: line L, byte offset B: what" (B counted from 0, as cmp -l and
 * od -A d do; L from 1). */
static json_object *fail_at(const char *file, const char *text, size_t at, const char *what,
                            char *err, size_t errlen)
{
    int line = 1;
    for (size_t i = 0; i < at; i++) line += text[i] == '\n';
    snprintf(err, errlen, "%s: line %d, byte offset %zu: %s", file, line, at, what);
    return NULL;
}

json_object *cli_json_read_object(const char *file, char *err, size_t errlen)
{
    FILE *f = !strcmp(file, "-") ? stdin : fopen(file, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", file, strerror(errno));
        return NULL;
    }
    size_t len = 0;
    char *text = slurp(f, file, &len, err, errlen);
    if (f != stdin) fclose(f);
    if (!text) return NULL;
    json_object *doc = NULL;
    const char *nul = memchr(text, '\0', len);
    json_tokener *tok = nul ? NULL : json_tokener_new_ex(CLI_JSON_MAX_DEPTH);
    if (nul) {
        fail_at(file, text, (size_t)(nul - text), "a NUL byte: not a JSON text", err, errlen);
    } else if (!tok) {
        snprintf(err, errlen, "%s: out of memory", file);
    } else {
        /* trailing text is checked below, where blanks are allowed; the
         * NUL counted tells json-c that the input ends (a bare number) */
        json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS |
                                        JSON_TOKENER_VALIDATE_UTF8);
        doc = json_tokener_parse_ex(tok, text, (int)len + 1);
        enum json_tokener_error e = json_tokener_get_error(tok);
        size_t end = json_tokener_get_parse_end(tok);
        char what[96];
        const char *why = NULL;
        if (e == json_tokener_continue || e == json_tokener_error_parse_eof) {
            fail_at(file, text, len, "unexpected end of file", err, errlen);
        } else if (e != json_tokener_success) {
            snprintf(what, sizeof what, "invalid JSON: %s", json_tokener_error_desc(e));
            fail_at(file, text, end, what, err, errlen);
        } else if (!json_object_is_type(doc, json_type_object)) {
            fail_at(file, text, 0, "not a JSON object", err, errlen);
        } else if ((end += strspn(text + end, " \t\r\n")) < len) {
            fail_at(file, text, end, "text after the JSON object", err, errlen);
        } else if ((end = demarc__json_text_problem(text, len, &why)) < len) {
            snprintf(what, sizeof what, "invalid JSON: %s", why);
            fail_at(file, text, end, what, err, errlen);
        } else { /* the one good outcome */
            json_tokener_free(tok);
            free(text);
            return doc;
        }
    }
    json_object_put(doc);
    if (tok) json_tokener_free(tok);
    free(text);
    return NULL;
}
