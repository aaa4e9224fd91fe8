/* cli_json.c -- the --json output of every subcommand, through json-c. */
#include "cli_json.h"
#include "lonlat_line.h" /* cli_utf8_seq_len */

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
    if (!isfinite(v)) {
        snprintf(buf, size, "null");
        return buf;
    }
    /* the shortest of %.15g, %.16g, %.17g that reads back as v (17
     * significant digits always do: IEEE 754-2008, 5.12.2) */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
    /* snprintf and strtod agree on the locale's decimal point; JSON's is
     * '.' (RFC 8259, 6): replace whatever the locale wrote */
    char *w = buf;
    for (const char *r = buf; *r;) {
        if (strchr("0123456789+-eE", *r)) { *w++ = *r++; continue; }
        *w++ = '.';
        while (*r && !strchr("0123456789+-eE", *r)) r++;
    }
    *w = '\0';
    return buf;
}

/* text as a JSON string that is valid UTF-8 (bytes that are not: U+FFFD) */
static json_object *text_value(const char *key, const char *text)
{
    size_t n = 0, bad = 0, k;
    for (; text[n]; n += k ? k : 1) bad += !(k = cli_utf8_seq_len(text + n));
    if (!bad) return need(json_object_new_string_len(text, (int)n));
    fprintf(stderr, "demarc: warning: \"%s\" is not valid UTF-8: %zu byte(s) written as "
                    "U+FFFD\n", key, bad);
    char *t = need(malloc(n + 2 * bad + 1)), *q = t;
    for (size_t i = 0; text[i]; i += k ? k : 1) {
        if ((k = cli_utf8_seq_len(text + i)) != 0) memcpy(q, text + i, k), q += k;
        else memcpy(q, "\xef\xbf\xbd", 3), q += 3;
    }
    json_object *o = need(json_object_new_string_len(t, (int)(q - t)));
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
