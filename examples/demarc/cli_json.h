/* cli_json.h -- the --json output of every subcommand, built with json-c,
 * and the JSON files the command reads (render --findings).
 *
 * One schema (demarc(1), JSON; examples/demarc/demarc.schema.json): each
 * output is one object whose first members are "schema_version" and
 * "command".  Strings are valid UTF-8 (a byte that is not becomes U+FFFD,
 * with a warning on stderr naming the member); numbers are written at full
 * precision (the shortest text that reads back as the same double) with
 * '.' whatever LC_NUMERIC; a number that is not finite is null.  These
 * helpers exit with status 2 when memory runs out. */
#ifndef DEMARC_CLI_JSON_H
#define DEMARC_CLI_JSON_H

#include "demarc.h"

#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>

/* Version of the JSON every subcommand writes with --json. */
#define CLI_JSON_SCHEMA_VERSION 1

/* A new output object: {"schema_version": 1, "command": COMMAND}. */
json_object *cli_json_new(const char *command);
/* A new nested object, to add with cli_json_add. */
json_object *cli_json_object(void);

/* Members.  `key` is a literal; text NULL is null. */
void cli_json_add(json_object *o, const char *key, json_object *value); /* NULL: null */
void cli_json_add_text(json_object *o, const char *key, const char *text);
void cli_json_add_number(json_object *o, const char *key, double v);
void cli_json_add_int(json_object *o, const char *key, int64_t v);
void cli_json_add_bool(json_object *o, const char *key, int v);

/* The members of a validation or inspection report (demarc_report_render:
 * "kind", "transformation", "summary", "findings", "displacements") added
 * to o.  DEMARC_OK or the library's status (message on ctx). */
demarc_status cli_json_add_report(json_object *o, demarc_ctx *ctx, const demarc_report *rep);

/* Write o (indented, then a newline) to f and free it.  Write errors show
 * on f (ferror), which main() checks after every command. */
void cli_json_print(json_object *o, FILE *f);

/* The JSON text of v as cli_json_add_number writes it ("null" when not
 * finite), into buf of at least 32 bytes; returns buf.  For the streams
 * that write their JSON piece by piece. */
char *cli_json_number_text(char *buf, size_t size, double v);

/* s as a JSON string literal, quotes included, escaped by json-c, in the
 * reusable string object *scratch (made at the first call; json_object_put
 * it when done): valid until the next call with the same scratch, length in
 * *len.  For the streams that write JSON piece by piece without a tree per
 * item; s must be valid UTF-8 (demarc__text_problem). */
const char *cli_json_quote(json_object **scratch, const char *s, size_t *len);

/* Read FILE ("-": standard input) as one JSON object: RFC 8259 through
 * json-c's strict tokener with its strings checked UTF-8 (RFC 3629),
 * nesting at most 64 deep, at most 256 MiB, no NUL byte, no '...' string
 * (json-c 0.16 reads them even when strict), nothing but blanks after it.  Returns the object (free it with json_object_put), or
 * NULL with "FILE: what is wrong" in err: "FILE: line L, byte offset B:
 * invalid JSON: invalid utf-8 string" for what the tokener refuses. */
json_object *cli_json_read_object(const char *file, char *err, size_t errlen);

#endif
