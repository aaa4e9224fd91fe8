/* cli_repeat.c -- main() of the demarc command called many times in one
 * process, as tests/fuzz/fuzz_cli.c calls it: getopt_long's state (optind,
 * and glibc's hidden position inside a cluster of short options such as
 * -hx) must not leak from one call into the next.  Every call gets fresh
 * copies of its arguments (freed after it, so that a pointer kept into the
 * previous call's argv is a use after free under ASan), and a repeated
 * call must print exactly what its first call printed, with the same exit
 * status.  The CLI's sources are compiled in with main renamed
 * demarc_cli_main (tests/CMakeLists.txt). */
#define _POSIX_C_SOURCE 200809L /* strdup, fileno, dup */
#undef main
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int demarc_cli_main(int argc, char **argv);

/* Run "demarc ARGS..." (NULL-terminated); its stdout into out (size
 * bytes, NUL-terminated); returns the exit status. */
static int run(char *out, size_t size, const char *const *args)
{
    int argc = 0;
    while (args[argc]) argc++;
    char **argv = calloc((size_t)argc + 2, sizeof *argv);
    if (!argv) abort();
    argv[0] = strdup("demarc");
    for (int i = 0; i < argc; i++) argv[i + 1] = strdup(args[i]);
    FILE *tmp = tmpfile();
    if (!tmp) abort();
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    if (saved < 0 || dup2(fileno(tmp), STDOUT_FILENO) < 0) abort();
    int code = demarc_cli_main(argc + 1, argv);
    fflush(stdout);
    if (dup2(saved, STDOUT_FILENO) < 0) abort();
    close(saved);
    rewind(tmp);
    size_t n = fread(out, 1, size - 1, tmp);
    out[n] = '\0';
    fclose(tmp);
    for (int i = 0; i <= argc; i++) free(argv[i]);
    free(argv);
    return code;
}

static int failures;

static void expect(int ok, const char *what)
{
    printf("%s - %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok) failures++;
}

int main(void)
{
    static char first[65536], again[65536];
    static const char *const zones[] = {"zones", "-69.2", "41.3", "--json", NULL};
    static const char *const locate[] = {"locate", "--tolerance=5", "64", "42", "--json", NULL};
    /* calls that stop inside getopt: an error or --help in a cluster of
     * short options, a missing value, an unknown option before the command */
    const char *const *const stoppers[] = {
        (const char *const[]){"info", "-xy", NULL},
        (const char *const[]){"length", "-hx", NULL},
        (const char *const[]){"length", "--from", NULL},
        (const char *const[]){"--bogus", NULL},
        (const char *const[]){"locate", "-o", NULL},
        (const char *const[]){"zones", "--", "-69.2", "41.3", NULL},
        (const char *const[]){"report", "--tolerance", "0x45", NULL},
    };
    const int stopper_codes[] = {2, 0, 2, 2, 2, 0, 2};
    int c1 = run(first, sizeof first, zones);
    expect(c1 == 0 && strstr(first, "\"zone\": 19"), "zones -69.2 41.3 --json: exit 0, zone 19");
    char lfirst[8192], lagain[8192];
    int l1 = run(lfirst, sizeof lfirst, locate);
    expect(l1 == 0 && strstr(lfirst, "\"party\""), "locate --tolerance=5 64 42 --json: exit 0");
    for (size_t k = 0; k < sizeof stoppers / sizeof stoppers[0]; k++) {
        char scratch[8192], what[160];
        int code = run(scratch, sizeof scratch, stoppers[k]);
        snprintf(what, sizeof what, "demarc %s %s: exit %d", stoppers[k][0],
                 stoppers[k][1] ? stoppers[k][1] : "", stopper_codes[k]);
        expect(code == stopper_codes[k], what);
        int c2 = run(again, sizeof again, zones);
        snprintf(what, sizeof what, "then zones -69.2 41.3 --json as the first time (%s %s)",
                 stoppers[k][0], stoppers[k][1] ? stoppers[k][1] : "");
        expect(c2 == c1 && !strcmp(first, again), what);
        int l2 = run(lagain, sizeof lagain, locate);
        expect(l2 == l1 && !strcmp(lfirst, lagain), "and locate --tolerance=5 64 42 --json");
    }
    printf("cli_repeat: %d failed\n", failures);
    return failures != 0;
}
