/* demarc/io.h -- writing a border through GDAL/OGR (issue 4).
 * Included by demarc.h; do not include directly. */
#ifndef DEMARC_IO_H
#define DEMARC_IO_H

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif /* DEMARC_IO_H */
