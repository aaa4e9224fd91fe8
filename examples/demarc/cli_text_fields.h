/* cli_text_fields.h -- the number parser and record splitter of
 * the demarc command's input lines (`demarc locate -`, `demarc project`);
 * its own file so that tests/fuzz/fuzz_locate_line.c and
 * fuzz_locate_record.c can reach it. */
#ifndef DEMARC_CLI_TEXT_FIELDS_H
#define DEMARC_CLI_TEXT_FIELDS_H

#include <stddef.h>

/* 1 when [s, end) is exactly one decimal number: an optional sign, digits
 * with an optional decimal point (at least one digit), an optional
 * exponent (e or E, optional sign, digits).  No blanks, no hexadecimal
 * (0x45), no inf or nan, nothing after it (12abc, 1e): what strtod accepts
 * beyond that is refused. */
int cli_is_decimal(const char *s, const char *end);

/* Parse a decimal number (cli_is_decimal) that must fill [s, end) exactly
 * (spaces around allowed); 1 on success with *v finite, else 0.  The one
 * number parser of the demarc command: its options (cli_number), its
 * positional LON LAT, the points of `demarc locate -` and `demarc project`. */
int cli_parse_number(const char *s, const char *end, double *v);

/* One record of `demarc locate -` (and of the point files project reads):
 * fields separated by commas -- when the line has a comma outside quotes --
 * or else by runs of blanks; a field may be quoted ("a, b", "" for a
 * quote); blanks around comma-separated fields are dropped.
 * Not GDAL's: CSLTokenizeString2(CSLT_HONOURSTRINGS) turns "a""b" into ab
 * and reads \" as an escape, which RFC 4180 has not; CSVReadParseLine3L
 * gets "" right but keeps the blanks, splits on one delimiter only (no
 * blank-separated lines), reads "a"b as ab and, at a quote left open,
 * swallows the following lines to the end of the input without a word
 * (each case in tests/cli_test.sh, locate -).  A quoted line break
 * (RFC 4180 2.6): a line ending inside a quoted field gives RECORD_OPEN,
 * and the caller may append the next line (after a '\n') and split again,
 * as `demarc locate -` does. */
#define CLI_RECORD_MAX_FIELDS 64
typedef struct cli_record {
    size_t n;                           /* fields */
    const char *f[CLI_RECORD_MAX_FIELDS]; /* each NUL-terminated, in buf */
    int comma;                          /* 1: comma-separated */
    char buf[4200];
} cli_record;

/* Results of cli_split_record. */
enum {
    RECORD_OK = 0,
    RECORD_QUOTE = 1,
    RECORD_TOO_MANY = 2,
    RECORD_TOO_LONG = 3,
    RECORD_OPEN = 4
};

/* Split line[0..len) into r.  RECORD_OPEN: the text ends inside a quoted
 * field; RECORD_QUOTE: a quote inside an unquoted field or text after a
 * closing quote; RECORD_TOO_MANY: more than
 * CLI_RECORD_MAX_FIELDS fields; RECORD_TOO_LONG: longer than r->buf. */
int cli_split_record(const char *line, size_t len, cli_record *r);

#endif
