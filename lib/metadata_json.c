/* metadata_json.c -- reads border.json, the border's metadata.
 *
 * json-c parses the text (RFC 8259, strict mode, UTF-8 validated); this
 * file keeps the keys libdemarc knows and checks their types.  Unknown keys
 * are skipped, so the file may carry more.  Errors name the file, the line
 * (syntax) or the key (a value of the wrong type). */
#include "border_internal.h"
#include "alloc_internal.h"
#include "text_internal.h"
#include "context_internal.h"

#include <json-c/json.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define METADATA_MAX_DEPTH 64      /* nesting json-c accepts */
#define METADATA_MAX_STRING 1023   /* bytes of one string value */

/* 1-based line number of byte offset `at` in text. */
static int line_of(const char *text, size_t len, size_t at)
{
    int line = 1;
    for (size_t i = 0; i < at && i < len; i++) line += text[i] == '\n';
    return line;
}

static demarc_status fail_line(demarc_ctx *ctx, const char *what, const char *text, size_t len,
                               size_t at, const char *msg)
{
    return demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: line %d: %s", what,
                        line_of(text, len, at), msg);
}

static demarc_status fail_key(demarc_ctx *ctx, const char *what, const char *key,
                              const char *msg)
{
    return demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: \"%s\": %s", what, key, msg);
}

/* What json-c does not refuse but border.json must not hold, anywhere in
 * the document: a number that is not finite (NaN, Infinity), a string with
 * U+0000 (ours are C strings) or longer than METADATA_MAX_STRING bytes.
 * `path` names the value in messages ("extra[3]"). */
static demarc_status check_values(demarc_ctx *ctx, const char *what, json_object *v,
                                  const char *path)
{
    char sub[256];
    switch (json_object_get_type(v)) {
    case json_type_double:
        if (!isfinite(json_object_get_double(v)))
            return fail_key(ctx, what, path, "a number that is not finite");
        return DEMARC_OK;
    case json_type_string: {
        size_t n = (size_t)json_object_get_string_len(v);
        if (n > METADATA_MAX_STRING)
            return fail_key(ctx, what, path, "string longer than 1023 bytes");
        if (memchr(json_object_get_string(v), '\0', n))
            return fail_key(ctx, what, path, "a string holds U+0000");
        return DEMARC_OK;
    }
    case json_type_object: {
        json_object_object_foreach(v, key, val) {
            snprintf(sub, sizeof sub, "%s%s%s", path, path[0] ? "." : "", key);
            demarc_status rc = check_values(ctx, what, val, sub);
            if (rc) return rc;
        }
        return DEMARC_OK;
    }
    case json_type_array:
        for (size_t i = 0, n = json_object_array_length(v); i < n; i++) {
            snprintf(sub, sizeof sub, "%s[%zu]", path, i);
            demarc_status rc = check_values(ctx, what, json_object_array_get_idx(v, i), sub);
            if (rc) return rc;
        }
        return DEMARC_OK;
    default: return DEMARC_OK;
    }
}

static const char *type_name(json_object *v)
{
    return v ? json_type_to_name(json_object_get_type(v)) : "null";
}

/* Keys whose value is a string, and the slot each fills. */
static const struct { const char *key; int slot; } STRING_KEYS[] = {
    {"id", BS_ID}, {"name", BS_NAME}, {"demarcation_finalised", BS_FINALISED},
    {"agreement_signed", BS_SIGNED}, {"agreement_place", BS_PLACE}, {"source", BS_SOURCE},
    {"licence", BS_LICENCE}, {"attribution", BS_ATTRIBUTION},
};

static demarc_status put_string(demarc_ctx *ctx, demarc_border *b, const char *what,
                                const char *key, json_object *v, int slot)
{
    if (!json_object_is_type(v, json_type_string)) {
        char msg[64];
        snprintf(msg, sizeof msg, "expected a string, not %s", type_name(v));
        return fail_key(ctx, what, key, msg);
    }
    if (!demarc__border_string(b, slot, json_object_get_string(v)))
        return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    return DEMARC_OK;
}

/* A number member (integer or not); DEMARC_OK with *out set. */
static demarc_status get_number(demarc_ctx *ctx, const char *what, const char *key,
                                json_object *v, double *out)
{
    if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double)) {
        char msg[64];
        snprintf(msg, sizeof msg, "expected a number, not %s", type_name(v));
        return fail_key(ctx, what, key, msg);
    }
    *out = json_object_get_double(v);
    return DEMARC_OK;
}

/* "parties": {"left": "KZ", "right": "UZ"} */
static demarc_status read_parties(demarc_ctx *ctx, demarc_border *b, const char *what,
                                  json_object *v)
{
    if (!json_object_is_type(v, json_type_object))
        return fail_key(ctx, what, "parties", "expected an object");
    json_object *side;
    demarc_status rc = DEMARC_OK;
    if (json_object_object_get_ex(v, "left", &side))
        rc = put_string(ctx, b, what, "parties.left", side, BS_LEFT);
    if (!rc && json_object_object_get_ex(v, "right", &side))
        rc = put_string(ctx, b, what, "parties.right", side, BS_RIGHT);
    return rc;
}

/* "party_names": {"KZ": "Kazakhstan", ...}, keyed by the parties' codes. */
static demarc_status read_party_names(demarc_ctx *ctx, demarc_border *b, const char *what,
                                      json_object *v)
{
    if (!json_object_is_type(v, json_type_object))
        return fail_key(ctx, what, "party_names", "expected an object");
    static const int code_slot[2] = {BS_LEFT, BS_RIGHT}, name_slot[2] = {BS_LEFT_NAME,
                                                                         BS_RIGHT_NAME};
    for (int k = 0; k < 2; k++) {
        json_object *name;
        const char *code = b->strings[code_slot[k]];
        if (!code || !json_object_object_get_ex(v, code, &name)) continue;
        demarc_status rc = put_string(ctx, b, what, "party_names", name, name_slot[k]);
        if (rc) return rc;
    }
    return DEMARC_OK;
}

static demarc_status read_member(demarc_ctx *ctx, demarc_border *b, const char *what,
                                 const char *key, json_object *v)
{
    for (size_t i = 0; i < sizeof STRING_KEYS / sizeof STRING_KEYS[0]; i++)
        if (!strcmp(key, STRING_KEYS[i].key))
            return put_string(ctx, b, what, key, v, STRING_KEYS[i].slot);
    demarc_border_info *in = &b->info;
    double d;
    demarc_status rc;
    if (!strcmp(key, "edge_model")) { /* used when the caller asks for it */
        if (!json_object_is_type(v, json_type_string))
            return fail_key(ctx, what, key, "expected a string");
        b->declared_model = demarc__edge_model_parse(json_object_get_string(v));
        return DEMARC_OK;
    }
    if (!strcmp(key, "declared_length_m")) {
        if ((rc = get_number(ctx, what, key, v, &d))) return rc;
        if (!(d > 0)) return fail_key(ctx, what, key, "declared_length_m must be positive");
        in->declared_length_m = d;
        return DEMARC_OK;
    }
    if (!strcmp(key, "declared_signs") || !strcmp(key, "inspection_interval_years")) {
        if ((rc = get_number(ctx, what, key, v, &d))) return rc;
        if (d < 0 || d > 1e9 || d != floor(d))
            return fail_key(ctx, what, key, "expected a whole number from 0 to 1e9");
        if (key[0] == 'd') in->declared_signs = (long)d;
        else in->inspection_interval_years = (int)d;
        return DEMARC_OK;
    }
    if (!strcmp(key, "signs_modelled")) {
        if (!json_object_is_type(v, json_type_boolean))
            return fail_key(ctx, what, key, "signs_modelled must be true or false");
        in->signs_modelled = json_object_get_boolean(v);
        return DEMARC_OK;
    }
    return DEMARC_OK; /* "parties", "party_names": read_document; others: not ours */
}

static demarc_status read_document(demarc_ctx *ctx, demarc_border *b, const char *what,
                                   json_object *doc)
{
    demarc_status rc = check_values(ctx, what, doc, "");
    json_object *v;
    /* the parties first: "party_names" is keyed by their codes */
    if (!rc && json_object_object_get_ex(doc, "parties", &v)) rc = read_parties(ctx, b, what, v);
    if (!rc && json_object_object_get_ex(doc, "party_names", &v))
        rc = read_party_names(ctx, b, what, v);
    json_object_object_foreach(doc, key, val) {
        if (rc) break;
        rc = read_member(ctx, b, what, key, val);
    }
    return rc;
}

demarc_status demarc__metadata_parse(demarc_ctx *ctx, demarc_border *b, const char *text,
                                     size_t len, const char *what)
{
    const char *nul = memchr(text, '\0', len);
    if (nul) return fail_line(ctx, what, text, len, (size_t)(nul - text), "a NUL byte");
    if (len > INT32_MAX) return demarc__fail(ctx, DEMARC_ERR_FORMAT, "%s: too large", what);
    json_tokener *tok = json_tokener_new_ex(METADATA_MAX_DEPTH);
    if (!tok) return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    /* trailing text is checked below, where whitespace is allowed */
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS |
                                    JSON_TOKENER_VALIDATE_UTF8);
    /* json-c wants the terminating NUL counted to know that the input ends
     * (a bare number); text is not NUL-terminated (tests/fuzz). */
    char *copy = demarc__malloc(len + 1);
    if (!copy) {
        json_tokener_free(tok);
        return demarc__fail(ctx, DEMARC_ERR_NOMEM, "out of memory");
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    json_object *doc = json_tokener_parse_ex(tok, copy, (int)len + 1);
    enum json_tokener_error err = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    demarc__free(copy);
    demarc_status rc;
    if (err == json_tokener_continue || err == json_tokener_error_parse_eof) {
        rc = fail_line(ctx, what, text, len, len, "unexpected end of file");
    } else if (err != json_tokener_success) {
        char msg[128];
        snprintf(msg, sizeof msg, "invalid JSON: %s", json_tokener_error_desc(err));
        rc = fail_line(ctx, what, text, len, end, msg);
    } else if (!json_object_is_type(doc, json_type_object)) {
        rc = fail_line(ctx, what, text, len, 0, "expected a JSON object");
    } else {
        while (end < len && text[end] && strchr(" \t\r\n", text[end])) end++;
        const char *why = NULL;
        size_t bad = end < len ? len : demarc__json_text_problem(text, len, &why);
        if (end < len)
            rc = fail_line(ctx, what, text, len, end, "trailing content after the object");
        else if (bad < len)
            rc = fail_line(ctx, what, text, len, bad, why);
        else
            rc = read_document(ctx, b, what, doc);
    }
    json_object_put(doc);
    return rc;
}
