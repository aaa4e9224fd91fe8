/* fuzz_cli.c -- the demarc command's argument parsing (and, for
 * `locate -`, its standard input), with the sources of examples/demarc compiled in and
 * their main() renamed demarc_cli_main.
 *
 * Input: arguments separated by '\n' (at most 24, argv[0] is "demarc"),
 * then optionally a NUL byte and the text that becomes standard input.
 * Inputs with an argument containing '/' are skipped: the process works in
 * a scratch directory holding a copy of the data (kz/ = data/kz-uz,
 * line.geojson, signs.csv), so whatever a subcommand writes stays there.
 * Before each input the directory is put back as it was at start-up
 * (reset_scratch): every input meets the same files, and outputs do not
 * pile up (they did: 22 GB in /dev/shm after ~2.3 M executions, until the
 * kernel's OOM killer stopped a run).
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
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
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
    static const char *const names[] = {"--crs", "--to", "--from", "--operation"};
    int length = argc > 1 && !strcmp(argv[1], "length");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        for (size_t k = 0; k < sizeof names / sizeof names[0] && !v; k++) {
            size_t n = strlen(names[k]);
            if (!strncmp(a, names[k], n) && a[n] == '=') v = a + n + 1; /* --to=CRS */
            else if (!strcmp(a, names[k]) && i + 1 < argc) v = argv[i + 1];
        }
        if (!v) continue;
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

/* The data files of the scratch directory, with their source and their
 * state after the copy (relative paths: the process works there). */
typedef struct pristine {
    char path[300];
    char src[1024];
    struct stat st;
} pristine;

enum { MAX_PRISTINE = 32 };
static pristine pristine_files[MAX_PRISTINE];
static size_t n_pristine;

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_ino == b->st_ino && a->st_size == b->st_size && a->st_mode == b->st_mode &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static void copy_file(const char *src, const char *dst)
{
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    if (!in || !out) abort();
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n) abort();
    if (ferror(in) || fclose(out) != 0) abort();
    fclose(in);
}

static void add_pristine(const char *path, const char *src)
{
    if (n_pristine == MAX_PRISTINE) abort();
    pristine *p = &pristine_files[n_pristine++];
    snprintf(p->path, sizeof p->path, "%s", path);
    snprintf(p->src, sizeof p->src, "%s", src);
    copy_file(p->src, p->path);
    if (lstat(p->path, &p->st) != 0) abort();
}

static int is_pristine(const char *path)
{
    for (size_t i = 0; i < n_pristine; i++)
        if (!strcmp(pristine_files[i].path, path)) return 1;
    return 0;
}

/* Remove from dir ("." or "kz") every entry that is not a data file (or,
 * in ".", kz itself). */
static void remove_extras(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) abort();
    struct dirent *e;
    while ((e = readdir(d))) {
        char path[600];
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (!strcmp(dir, ".")) snprintf(path, sizeof path, "%s", e->d_name);
        else snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (!strcmp(path, "kz") || is_pristine(path)) continue;
        fz_rm_tree(path);
    }
    closedir(d);
}

/* The scratch directory as it was at start-up: extra entries removed, data
 * files that a command replaced or rewrote copied again. */
static void reset_scratch(void)
{
    struct stat kz;
    if (lstat("kz", &kz) != 0 || !S_ISDIR(kz.st_mode)) {
        fz_rm_tree("kz");
        if (mkdir("kz", 0755) != 0) abort();
    }
    remove_extras(".");
    remove_extras("kz");
    for (size_t i = 0; i < n_pristine; i++) {
        pristine *p = &pristine_files[i];
        struct stat now;
        if (lstat(p->path, &now) == 0 && same_file(&now, &p->st)) continue;
        fz_rm_tree(p->path);
        copy_file(p->src, p->path);
        if (lstat(p->path, &p->st) != 0) abort();
    }
}

/* Copy the data into the scratch directory and make it the working one. */
static void set_up_scratch(void)
{
    if (chdir(fz_dir()) != 0 || mkdir("kz", 0755) != 0) abort();
    add_pristine("line.geojson", DEMARC_FUZZ_LINE);
    add_pristine("signs.csv", DEMARC_FUZZ_SIGNS);
    DIR *d = opendir(DEMARC_FUZZ_KZUZ);
    if (!d) abort();
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[300], src[1024];
        snprintf(path, sizeof path, "kz/%s", e->d_name);
        snprintf(src, sizeof src, "%s/%s", DEMARC_FUZZ_KZUZ, e->d_name);
        add_pristine(path, src);
    }
    closedir(d);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    set_up_scratch();
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
    reset_scratch();
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
