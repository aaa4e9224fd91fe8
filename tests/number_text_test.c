#define _POSIX_C_SOURCE 200809L /* strdup */
/* number_text_test.c -- the one number formatter of libdemarc's JSON
 * (lib/text.c: the report writer and every `demarc --json`) writes each
 * double so that it reads back as the same double, bit for bit, with '.'
 * whatever LC_NUMERIC; and the UTF-8 check refuses what RFC 3629 refuses
 * (overlong forms, surrogates, above U+10FFFF, truncated: RFC 3629, 3 and 10).
 *
 * Expected texts are Python's repr() of the same doubles (David Gay's
 * shortest round-trip, CPython's float_repr), without the ".0" it puts
 * on a whole number (JSON has no integer type), except -0.0, which
 * text_internal.h asks to be written "-0.0".  Round trips are read back by
 * glibc's strtod (correctly rounded), and random doubles cover every
 * exponent.  Compiled with lib/text.c: the shared library hides it. */
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_internal.h"

static int failures;

static void check_text(double v, const char *want)
{
    char buf[64];
    demarc__number_text(buf, sizeof buf, v);
    if (strcmp(buf, want)) {
        printf("FAIL: %a written as %s, want %s\n", v, buf, want);
        failures++;
    }
}

/* strtod in the C locale, whatever LC_NUMERIC is now */
static double read_back(const char *text)
{
    char *saved = strdup(setlocale(LC_NUMERIC, NULL));
    setlocale(LC_NUMERIC, "C");
    double d = strtod(text, NULL);
    setlocale(LC_NUMERIC, saved);
    free(saved);
    return d;
}

static void check_round_trip(double v)
{
    char buf[64];
    demarc__number_text(buf, sizeof buf, v);
    double back = read_back(buf);
    if (memcmp(&back, &v, sizeof v) || strchr(buf, ',') || strlen(buf) > 24) {
        printf("FAIL: %a written as %s reads back as %a\n", v, buf, back);
        failures++;
    }
}

static void check_utf8(const char *s, size_t want, const char *what)
{
    size_t got = demarc__utf8_len(s);
    if (got != want) {
        printf("FAIL: demarc__utf8_len(%s) = %zu, want %zu\n", what, got, want);
        failures++;
    }
}

int main(void)
{
    const char *locales[] = {"C", "de_DE.UTF-8", "de_DE.utf8", "ru_RU.UTF-8"};
    int comma = 0;
    uint64_t x = 0x9e3779b97f4a7c15u; /* xorshift64 */
    for (size_t l = 0; l < sizeof locales / sizeof locales[0]; l++) {
        if (!setlocale(LC_NUMERIC, locales[l])) continue;
        comma += l > 0;
        check_text(0.1, "0.1");
        check_text(1e-300, "1e-300");
        check_text(2360691.042283, "2360691.042283");
        check_text(-0.0, "-0.0");
        check_text(0.0, "0");
        check_text(1.7976931348623157e308, "1.7976931348623157e+308");
        check_text(0.30000000000000004, "0.30000000000000004");
        check_text(-69.2401, "-69.2401");
        check_text(2356600.0, "2356600");
        const double edge[] = {5e-324, 2.2250738585072014e-308, 1 / 3.0, 3.141592653589793,
                               1e23, 9007199254740993.0};
        for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) check_round_trip(edge[i]);
        for (int i = 0; i < 200000; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            double v;
            memcpy(&v, &x, sizeof v);
            if (isfinite(v)) check_round_trip(v);
        }
        if (l == 0) continue;
        break; /* one comma locale is enough */
    }
    setlocale(LC_NUMERIC, "C");
    check_utf8("a", 1, "a");
    check_utf8("\xc3\xa9", 2, "U+00E9");
    check_utf8("\xf4\x8f\xbf\xbf", 4, "U+10FFFF");
    check_utf8("\xff", 0, "FF");
    check_utf8("\xc0\x80", 0, "overlong C0 80");
    check_utf8("\xe0\x80\x80", 0, "overlong E0 80 80");
    check_utf8("\xed\xa0\x80", 0, "surrogate ED A0 80 (CPLIsUTF8 accepts it)");
    check_utf8("\xf4\x90\x80\x80", 0, "above U+10FFFF");
    check_utf8("\xe2\x82", 0, "truncated E2 82");
    check_utf8("", 0, "the NUL");
    char fixed[16];
    size_t n = demarc__utf8_repair(fixed, "B\xff" "D");
    if (n != 5 || strcmp(fixed, "B\xef\xbf\xbd" "D") || demarc__utf8_bad_bytes("B\xff\xfe") != 2) {
        printf("FAIL: demarc__utf8_repair\n");
        failures++;
    }
    char why[96];
    int fatal = -1;
    const char *p = demarc__text_problem("a\tb", why, sizeof why, &fatal);
    if (!p || fatal || strcmp(p, "control character U+0009 at byte 2")) {
        printf("FAIL: demarc__text_problem(a TAB b): %s, fatal %d\n", p ? p : "NULL", fatal);
        failures++;
    }
    p = demarc__text_problem("a\tb\xff", why, sizeof why, &fatal);
    if (!p || !fatal || strcmp(p, "invalid UTF-8 (byte 0xFF at byte 4)")) {
        printf("FAIL: demarc__text_problem(a TAB b FF): %s, fatal %d\n", p ? p : "NULL", fatal);
        failures++;
    }
    if (demarc__text_problem("\xd0\x9a\xd0\x97", why, sizeof why, &fatal) || fatal) {
        printf("FAIL: demarc__text_problem(KZ in Cyrillic) is not NULL\n");
        failures++;
    }
    if (!comma) printf("number_text_test: no decimal-comma locale installed, C locale only\n");
    printf("number_text_test: %d failure(s)\n", failures);
    return failures != 0;
}
