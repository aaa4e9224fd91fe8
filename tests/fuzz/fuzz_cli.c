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
 * keep file descriptor 2).
 *
 * The embedded border, and the copy of data/kz-uz (`--border kz`), are
 * opened once per edge model, not once per input: the target is linked with
 * --wrap for demarc_border_open_default, demarc_border_open and
 * demarc_border_free (tests/fuzz/CMakeLists.txt), and the wrappers hand the
 * command a shared border and ignore its free.  A border is immutable, so
 * sharing it is what an application may do; kz/ cannot change, since no
 * argument may name a path inside it.  Opening them was a third of each
 * execution (perf: the embedded border's territory grid; kz/'s 780-KB
 * territories.geojson), and is fuzzed by the other targets.  Other paths
 * (line.geojson, signs.csv, which a command may overwrite) open as usual.
 *
 * PROJ's database: demarc_ctx_new is wrapped too.  When a value of --crs,
 * --to, --from or --operation is neither a code proj.db holds nor, for
 * `length`, a number (a sign), the command's context gets no database
 * (fuzz_proj.h): PROJ would otherwise search proj.db for the text as a
 * name, ~0.2 s.
 * Seeds: tests/fuzz/corpus/cli/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "context_internal.h"
#include "demarc.h"
#include "fuzz_proj.h"

int demarc_cli_main(int argc, char **argv);
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char stdin_path[512];

demarc_status __real_demarc_border_open_default(demarc_ctx *ctx, demarc_border **out,
                                                const demarc_open_options *opts);
void __real_demarc_border_free(demarc_border *border);
demarc_status __wrap_demarc_border_open_default(demarc_ctx *ctx, demarc_border **out,
                                                const demarc_open_options *opts);
void __wrap_demarc_border_free(demarc_border *border);

demarc_status __real_demarc_border_open(demarc_ctx *ctx, demarc_border **out, const char *path,
                                        const demarc_open_options *opts);
demarc_status __wrap_demarc_border_open(demarc_ctx *ctx, demarc_border **out, const char *path,
                                        const demarc_open_options *opts);

enum { N_EDGE_MODELS = 3 };
static demarc_border *shared[N_EDGE_MODELS];    /* the embedded border, by edge model */
static demarc_border *shared_kz[N_EDGE_MODELS]; /* kz/, by edge model */

/* 1 when opts names no file and a valid edge model. */
static int plain_options(const demarc_open_options *opts)
{
    return opts && opts->version == DEMARC_OPEN_OPTIONS_VERSION && !opts->signs_path &&
           !opts->territories_path && !opts->metadata_path && (int)opts->edge_model >= 0 &&
           (int)opts->edge_model < N_EDGE_MODELS;
}

demarc_status __wrap_demarc_border_open_default(demarc_ctx *ctx, demarc_border **out,
                                                const demarc_open_options *opts)
{
    if (!out || !plain_options(opts)) return __real_demarc_border_open_default(ctx, out, opts);
    demarc_border **slot = &shared[opts->edge_model];
    if (!*slot) {
        demarc_status rc = __real_demarc_border_open_default(ctx, slot, opts);
        if (rc) return rc;
    }
    *out = *slot;
    return DEMARC_OK;
}

demarc_status __wrap_demarc_border_open(demarc_ctx *ctx, demarc_border **out, const char *path,
                                        const demarc_open_options *opts)
{
    if (!out || !path || strcmp(path, "kz") || !plain_options(opts))
        return __real_demarc_border_open(ctx, out, path, opts);
    demarc_border **slot = &shared_kz[opts->edge_model];
    if (!*slot) {
        demarc_status rc = __real_demarc_border_open(ctx, slot, path, opts);
        if (rc) return rc;
    }
    *out = *slot;
    return DEMARC_OK;
}

demarc_status __real_demarc_ctx_new(demarc_ctx **out);
demarc_status __wrap_demarc_ctx_new(demarc_ctx **out);

static int no_database; /* for the input being run */

demarc_status __wrap_demarc_ctx_new(demarc_ctx **out)
{
    demarc_status rc = __real_demarc_ctx_new(out);
    if (rc == DEMARC_OK && no_database) fz_no_database((*out)->pj);
    return rc;
}

/* 1 when some CRS-valued option's value would make PROJ search proj.db.
 * `length --from/--to` take signs (numbers); elsewhere a number is CRS
 * text, which PROJ looks up as a name. */
static int slow_crs_text(int argc, char **argv)
{
    int length = argc > 1 && !strcmp(argv[1], "length");
    for (int i = 1; i + 1 < argc; i++) {
        const char *a = argv[i], *v = argv[i + 1];
        if (strcmp(a, "--crs") && strcmp(a, "--to") && strcmp(a, "--from") &&
            strcmp(a, "--operation"))
            continue;
        int sign = length && *v && strspn(v, "0123456789") == strlen(v);
        if (!sign && !fz_known_code(v)) return 1;
    }
    return 0;
}

void __wrap_demarc_border_free(demarc_border *border)
{
    for (int i = 0; i < N_EDGE_MODELS; i++)
        if (border && (border == shared[i] || border == shared_kz[i])) return;
    __real_demarc_border_free(border);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "cp -r '%s' '%s/kz' && cp '%s' '%s/signs.csv' && cp '%s' '%s/line.geojson'",
             DEMARC_FUZZ_KZUZ, fz_dir(), DEMARC_FUZZ_SIGNS, fz_dir(), DEMARC_FUZZ_LINE, fz_dir());
    if (system(cmd) != 0 || chdir(fz_dir()) != 0) abort();
    snprintf(stdin_path, sizeof stdin_path, "%s/stdin.txt", fz_dir());
    fz_gdal_drivers();
    demarc_ctx *ctx = NULL;
    if (__real_demarc_ctx_new(&ctx)) abort();
    fz_known_codes_load(ctx->pj);
    demarc_ctx_free(ctx);
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
    no_database = slow_crs_text(argc, argv);
    int code = demarc_cli_main(argc, argv);
    fflush(stdout);
    if (code < 0 || code > 2) abort(); /* exit codes are 0, 1 or 2 */
    free(args);
    return 0;
}
