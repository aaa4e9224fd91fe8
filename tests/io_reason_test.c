#define _POSIX_C_SOURCE 200809L /* mkdtemp, ftruncate */
/* io_reason_test.c -- the reason a failed write is given when GDAL's writer
 * said nothing (lib/io_reason.c), against io_internal.h's rules: EFBIG when
 * a file in the folder is within 1 MiB of RLIMIT_FSIZE, nothing for a folder
 * that cannot be asked; " (REASON)" appended once, a long message cut with
 * "..." so that the reason shows.  (EROFS and ENOSPC need a read-only or a
 * full file system: tests/io_faults_test.sh mounts them.)  Compiled with
 * lib/io_reason.c: the shared library hides it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "io_internal.h"

static int failures;

#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        if (!(cond)) {                                                          \
            printf("FAIL line %d: ", __LINE__);                                 \
            printf(__VA_ARGS__);                                                \
            printf("\n");                                                       \
            failures++;                                                         \
        }                                                                       \
    } while (0)

#define MIB (1024LL * 1024)

static void sized_file(const char *dir, const char *name, long long size)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || ftruncate(fd, (off_t)size) != 0 || close(fd) != 0) {
        printf("FAIL: cannot make %s: %s\n", p, strerror(errno));
        exit(1);
    }
}

int main(void)
{
    char dir[] = "/tmp/demarc-io-reason-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    char msg[64];

    /* A folder that cannot be asked: no reason, the message untouched. */
    CHECK(demarc__write_errno("/nonexistent/demarc") == 0, "no folder: a reason");
    snprintf(msg, sizeof msg, "x.geojson: cannot write");
    demarc__write_reason(msg, sizeof msg, "/nonexistent/demarc");
    CHECK(!strcmp(msg, "x.geojson: cannot write"), "no folder: '%s'", msg);

    /* RLIMIT_FSIZE 4 MiB: a 2 MiB file is not within 1 MiB of it, a
     * 3.5 MiB one is. */
    struct rlimit saved, rl;
    getrlimit(RLIMIT_FSIZE, &saved);
    sized_file(dir, "a.gpkg", 2 * MIB);
    rl = saved;
    rl.rlim_cur = (rlim_t)(4 * MIB);
    if (saved.rlim_max != RLIM_INFINITY && saved.rlim_max < rl.rlim_cur)
        rl.rlim_cur = saved.rlim_max;
    CHECK(setrlimit(RLIMIT_FSIZE, &rl) == 0, "setrlimit: %s", strerror(errno));
    CHECK(demarc__write_errno(dir) == 0, "2 MiB of 4: %d", demarc__write_errno(dir));
    setrlimit(RLIMIT_FSIZE, &saved); /* to grow the file */
    sized_file(dir, "a.gpkg", 7 * MIB / 2);
    setrlimit(RLIMIT_FSIZE, &rl);
    CHECK(demarc__write_errno(dir) == EFBIG, "3.5 MiB of 4: %d", demarc__write_errno(dir));

    const char *why = strerror(EFBIG); /* "File too large" */
    char want[128];
    snprintf(msg, sizeof msg, "x.geojson: cannot write");
    demarc__write_reason(msg, sizeof msg, dir);
    snprintf(want, sizeof want, "x.geojson: cannot write (%s)", why);
    CHECK(!strcmp(msg, want), "'%s', want '%s'", msg, want);
    /* Named once: a second call adds nothing. */
    demarc__write_reason(msg, sizeof msg, dir);
    CHECK(!strcmp(msg, want), "twice: '%s'", msg);
    /* A message filling the buffer is cut: 63 characters, "..." and the
     * reason at the end. */
    memset(msg, 'm', sizeof msg - 1);
    msg[sizeof msg - 1] = '\0';
    demarc__write_reason(msg, sizeof msg, dir);
    snprintf(want, sizeof want, " (%s)", why);
    size_t len = strlen(msg), wl = strlen(want);
    CHECK(len < sizeof msg && len > wl + 3 && !strcmp(msg + len - wl, want) &&
              !strncmp(msg + len - wl - 3, "...", 3),
          "cut: '%s'", msg);
    /* A buffer too small for any reason: untouched. */
    char tiny[12] = "cannot";
    demarc__write_reason(tiny, sizeof tiny, dir);
    CHECK(!strcmp(tiny, "cannot"), "tiny: '%s'", tiny);

    setrlimit(RLIMIT_FSIZE, &saved);
    char p[512];
    snprintf(p, sizeof p, "%s/a.gpkg", dir);
    unlink(p);
    rmdir(dir);
    if (failures) printf("%d failure(s)\n", failures);
    else printf("io_reason: all checks passed\n");
    return failures != 0;
}
