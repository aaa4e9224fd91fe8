/* text_internal.h -- UTF-8 and number text, the one implementation shared
 * by the report writer (report.c), the catalogue reader (catalogue.c) and
 * the demarc command (examples/demarc, which compiles text.c in: it links
 * the shared library, whose internal symbols are hidden).
 *
 * Plain C with no state and no allocation: nothing here may depend on the
 * rest of lib/. */
#ifndef DEMARC_TEXT_INTERNAL_H
#define DEMARC_TEXT_INTERNAL_H

#include <stddef.h>

/* Byte length (1..4) of the valid UTF-8 sequence at s, 0 when none starts
 * there (and at the terminating NUL).  Valid is RFC 3629: no overlong
 * forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF; GDAL's
 * CPLIsUTF8 accepts an encoded surrogate (ED A0 80), which strict decoders
 * (Python's, json-c's JSON_TOKENER_VALIDATE_UTF8) refuse.  s is
 * NUL-terminated. */
size_t demarc__utf8_len(const char *s);

/* How many bytes of s start no valid sequence (0: s is valid UTF-8). */
size_t demarc__utf8_bad_bytes(const char *s);

/* Copy s to out with each byte that starts no valid sequence replaced by
 * U+FFFD (EF BF BD), NUL-terminated; out holds at least
 * strlen(s) + 2 * demarc__utf8_bad_bytes(s) + 1 bytes.  Returns the length
 * written (without the NUL). */
size_t demarc__utf8_repair(char *out, const char *s);

/* What makes a text unfit to pass on: NULL when it is fit, else a
 * description into buf.  Invalid UTF-8 ("invalid UTF-8 (byte 0xFF at byte
 * 3)", bytes counted from 1) makes JSON, SVG and GeoJSON unreadable:
 * *fatal is set.  A control character (below U+0020, U+007F: "control
 * character U+0009 at byte 2") is valid text that breaks a line of output:
 * *fatal 0, and the first one is described unless invalid UTF-8 follows. */
const char *demarc__text_problem(const char *s, char *buf, size_t size, int *fatal);

/* The shortest of %.15g, %.16g, %.17g that strtod reads back as v (17
 * significant digits always do: IEEE 754-2008, 5.12.2), with '.' as the
 * decimal point whatever LC_NUMERIC (JSON's, RFC 8259, 6), and -0.0 as
 * "-0.0" (a reader that takes "-0" for the integer 0 loses the sign).
 * v must be finite; buf of at least 32 bytes.  Returns buf. */
char *demarc__number_text(char *buf, size_t size, double v);

/* What json-c 0.16 lets through in a text it parsed with
 * JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8 that RFC 8259 or text
 * refuse: a string in single quotes ('...', which json-c reads as a
 * string), or a \u escape of an unpaired surrogate (U+D800..U+DFFF, which
 * json-c turns silently into U+FFFD).  Run on text[0..len) that json-c
 * parsed without error: the byte offset of the first such thing, with *why
 * describing it, or len when there is none. */
size_t demarc__json_text_problem(const char *text, size_t len, const char **why);

#endif
