/* io_reason.c -- the reason of a failed write, asked of the file system
 * (see io_internal.h). */
#include "io_internal.h"

#include <cpl_error.h>
#include <ogr_api.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

/* Has a regular file in dir reached `limit` bytes, to within 1 MiB?  Not
 * exactly the limit: SQLite (GPKG) rolls a failed transaction back and
 * truncates the file below the page that failed. */
static int file_at_limit(const char *dir, unsigned long long limit)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    char p[4096 + 512];
    int hit = 0;
    while (!hit && (e = readdir(d))) {
        struct stat st;
        if (snprintf(p, sizeof p, "%s/%s", dir, e->d_name) >= (int)sizeof p) continue;
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode) &&
            (unsigned long long)st.st_size + 1024 * 1024 >= limit)
            hit = 1;
    }
    closedir(d);
    return hit;
}

int demarc__write_errno(const char *dir)
{
    struct statvfs vfs;
    if (statvfs(dir, &vfs) != 0) return 0;
    if (vfs.f_flag & ST_RDONLY) return EROFS;
    struct rlimit rl;
    if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        file_at_limit(dir, (unsigned long long)rl.rlim_cur))
        return EFBIG;
    unsigned long long avail = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
    if (avail < 1024 * 1024 || (vfs.f_files > 0 && vfs.f_favail == 0)) return ENOSPC;
    return 0;
}

void demarc__write_reason(char *msg, size_t n, const char *dir)
{
    int e = demarc__write_errno(dir);
    if (!e) return;
    const char *why = strerror(e);
    size_t len = strlen(msg), need = strlen(why) + 3; /* " (" why ")" */
    if (strstr(msg, why) || need + 4 >= n) return;
    if (len + need >= n) { /* a long message: cut, the reason must show */
        len = n - need - 4;
        memcpy(msg + len, "...", 3);
        len += 3;
    }
    snprintf(msg + len, n - len, " (%s)", why);
}

long long demarc__read_back_count(void *layer)
{
    OGRLayerH l = layer;
    OGRFeatureH f;
    long long n = 0;
    CPLErrorReset();
    OGR_L_ResetReading(l);
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        n++;
        OGR_F_Destroy(f);
    }
    return CPLGetLastErrorType() >= CE_Failure ? -1 : n;
}
