/* fuzz_util.h -- helpers shared by the libFuzzer targets of tests/fuzz.
 *
 * Inputs for the GDAL readers go to GDAL's in-memory file system
 * (/vsimem/demarc-fuzz/<name>): the readers take any VSI path, and no
 * syscall is made per input.  The CLI target, which runs the command in a
 * scratch directory, writes real files there (/dev/shm when it exists).
 *
 * GDAL drivers: GDALOpenEx asks every registered driver to identify the
 * input, ~200 of them, so by default the targets keep only the drivers of
 * the formats the library documents and its exports write (FZ_DRIVERS).
 * DEMARC_FUZZ_GDAL_DRIVERS=all keeps every driver; any other value is a
 * comma-separated list of GDAL driver short names. */
#ifndef DEMARC_FUZZ_UTIL_H
#define DEMARC_FUZZ_UTIL_H

#include <cpl_vsi.h>
#include <dirent.h>
#include <gdal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FZ_DRIVERS                                                                          \
    "GeoJSON,GeoJSONSeq,ESRIJSON,TopoJSON,CSV,GPKG,SQLite,FlatGeobuf,ESRI Shapefile,KML,GML," \
    "GPX"

/* Register GDAL's drivers, then deregister those not in the list (the
 * library registers none itself once some are registered). */
static inline void fz_gdal_drivers(void)
{
    const char *keep = getenv("DEMARC_FUZZ_GDAL_DRIVERS");
    if (!keep) keep = FZ_DRIVERS;
    GDALAllRegister();
    if (!strcmp(keep, "all")) return;
    for (int i = GDALGetDriverCount() - 1; i >= 0; i--) {
        GDALDriverH d = GDALGetDriver(i);
        const char *name = GDALGetDriverShortName(d);
        size_t n = strlen(name);
        int kept = 0;
        for (const char *p = keep; *p && !kept;) {
            size_t m = strcspn(p, ",");
            kept = m == n && !strncmp(p, name, n);
            p += m + (p[m] == ',');
        }
        if (!kept) {
            GDALDeregisterDriver(d);
            GDALDestroyDriver(d);
        }
    }
    if (GDALGetDriverCount() == 0) {
        fprintf(stderr, "DEMARC_FUZZ_GDAL_DRIVERS=%s: no such driver\n", keep);
        abort();
    }
}

/* Put data at /vsimem/demarc-fuzz/<name> (a copy; replaces the last one). */
static inline const char *fz_vsimem(char *path, size_t cap, const char *name, const uint8_t *data,
                             size_t size)
{
    snprintf(path, cap, "/vsimem/demarc-fuzz/%s", name);
    GByte *copy = malloc(size ? size : 1);
    if (!copy) abort();
    if (size) memcpy(copy, data, size);
    VSILFILE *f = VSIFileFromMemBuffer(path, copy, (vsi_l_offset)size, TRUE);
    if (!f) abort();
    VSIFCloseL(f);
    return path;
}

/* Remove path and, for a directory, everything under it (symbolic links
 * are removed, not followed).  Silent: a scratch-area helper. */
static inline void fz_rm_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d))) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
                char sub[4096];
                if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) < sizeof sub)
                    fz_rm_tree(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static char fz_dir_path[256];

static inline void fz_dir_remove(void)
{
    if (fz_dir_path[0]) fz_rm_tree(fz_dir_path);
}

/* Scratch directory of this process, created on first use and removed at
 * exit (a run stopped by a crash or a signal leaves it behind). */
static inline const char *fz_dir(void)
{
    if (!fz_dir_path[0]) {
        const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(fz_dir_path, sizeof fz_dir_path, "%s/demarc-fuzz-XXXXXX", base);
        if (!mkdtemp(fz_dir_path)) {
            perror("mkdtemp");
            abort();
        }
        atexit(fz_dir_remove);
    }
    return fz_dir_path;
}

/* Write data to DIR/name (a real file); returns the path. */
static inline const char *fz_write(char *path, size_t cap, const char *name, const uint8_t *data,
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
