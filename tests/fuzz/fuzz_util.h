/* fuzz_util.h -- helpers shared by the libFuzzer targets of tests/fuzz.
 *
 * The readers under test take file paths (demarc__ogr_open stat()s them, so
 * GDAL's /vsimem/ cannot be used): each input is written to a file in a
 * private scratch directory, on /dev/shm when it exists (a RAM disk). */
#ifndef DEMARC_FUZZ_UTIL_H
#define DEMARC_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Scratch directory of this process, created on first use. */
static const char *fz_dir(void)
{
    static char dir[256];
    if (!dir[0]) {
        const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(dir, sizeof dir, "%s/demarc-fuzz-XXXXXX", base);
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            abort();
        }
    }
    return dir;
}

/* Write data to DIR/name; returns the path (static buffer per name slot). */
static const char *fz_write(char *path, size_t cap, const char *name, const uint8_t *data,
                            size_t size)
{
    snprintf(path, cap, "%s/%s", fz_dir(), name);
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(path);
        abort();
    }
    return path;
}

#endif
