/* fuzz_cli.c -- the demarc command's argument parsing (and, for
 * `locate -`, its standard input), with the sources of examples/demarc compiled in and
 * their main() renamed demarc_cli_main.
 *
 * Input: arguments separated by '\n' (at most 24, argv[0] is "demarc"),
 * then optionally a NUL byte and the text that becomes standard input.
 * Inputs with an argument containing '/' are skipped: the process works in
 * a scratch directory holding a copy of the data (kz/ = data/kz-uz,
 * line.geojson, signs.csv), so whatever a subcommand writes stays there.
 * The CLI's stdout and stderr go to /dev/null (libFuzzer and the sanitizers
 * keep file descriptor 2).  Seeds: tests/fuzz/corpus/cli/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_util.h"

int demarc_cli_main(int argc, char **argv);
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char stdin_path[512];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cp -r '%s' '%s/kz' && cp '%s' '%s/signs.csv' && cp '%s' '%s/line.geojson'",
             DEMARC_FUZZ_KZUZ, fz_dir(), DEMARC_FUZZ_SIGNS, fz_dir(), DEMARC_FUZZ_LINE, fz_dir());
    if (system(cmd) != 0 || chdir(fz_dir()) != 0) abort();
    snprintf(stdin_path, sizeof stdin_path, "%s/stdin.txt", fz_dir());
    fz_gdal_drivers();
    FILE *null_out = fopen("/dev/null", "w");
    if (!null_out) abort();
    stdout = null_out; /* the CLI's output, not libFuzzer's */
    stderr = null_out;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    enum { MAXARG = 24 };
    const uint8_t *nul = memchr(data, '\0', size);
    size_t alen = nul ? (size_t)(nul - data) : size;
    if (memchr(data, '/', alen)) return 0;
    char *args = malloc(alen + 1);
    if (!args) return 0;
    memcpy(args, data, alen);
    args[alen] = '\0';
    char *argv[MAXARG + 2];
    int argc = 0;
    argv[argc++] = "demarc";
    for (char *p = args; argc < MAXARG + 1;) {
        argv[argc++] = p;
        char *nl = strchr(p, '\n');
        if (!nl) break;
        *nl = '\0';
        p = nl + 1;
    }
    argv[argc] = NULL;
    size_t slen = nul ? size - alen - 1 : 0;
    char path[512];
    fz_write(path, sizeof path, "stdin.txt", nul ? nul + 1 : data, slen);
    if (!freopen(stdin_path, "r", stdin)) abort();
    int code = demarc_cli_main(argc, argv);
    fflush(stdout);
    if (code < 0 || code > 2) abort(); /* exit codes are 0, 1 or 2 */
    free(args);
    return 0;
}
