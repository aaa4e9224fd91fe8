/* io_internal.h -- why a write failed when the writer did not say.
 * GDAL 3.6's GeoJSON, KML and CSV writers ignore a short write (a full
 * disk, a file-size limit) and GDALClose returns nothing, so the export and
 * locate_file find a failed write only by reading the file back; this names
 * the reason the file system gives. */
#ifndef DEMARC_IO_INTERNAL_H
#define DEMARC_IO_INTERNAL_H

#include <stddef.h>

/* The likely errno of a failed write of files into folder `dir`: EROFS
 * when its file system is mounted read-only, EFBIG when a file in it has
 * reached the process's RLIMIT_FSIZE (within 1 MiB), ENOSPC when its file
 * system has less than 1 MiB or no inode free; 0 when none of these. */
int demarc__write_errno(const char *dir);

/* Append " (REASON)" (strerror of demarc__write_errno(dir)) to the
 * message msg of size n unless it is 0 or msg names it already. */
void demarc__write_reason(char *msg, size_t n, const char *dir);

/* Count the features of `layer` (an OGRLayerH) by reading every one:
 * a count from a header (a Shapefile's .shx) would not see a .dbf cut off
 * by a failed write.  -1 when GDAL raised an error while reading. */
long long demarc__read_back_count(void *layer);

#endif
