"""cffi builder (API mode) for demarc._demarc_cffi.

The declarations below are a transcription of include/demarc.h and
include/demarc/*.h.  Structs end in ``...;`` so that the C compiler, not this
file, fixes their layout: a field whose type differs from the header's is a
compile error, and offsets/sizes come from the compiler.

libdemarc is found with pkg-config (``demarc.pc``, installed by
``cmake --install``); set PKG_CONFIG_PATH for a non-system prefix.  The
extension links the shared library and records pkg-config's libdir as its
RPATH, so it finds that very libdemarc.so at run time without
LD_LIBRARY_PATH (the static archive is not used: GDAL, PROJ and GEOS would
then have to be linked statically too, and Debian ships no static GDAL).
"""
import os
import shlex
import subprocess

from cffi import FFI

CDEF = r"""
typedef enum demarc_status {
    DEMARC_OK = 0, DEMARC_ERR_ARG = 1, DEMARC_ERR_NOMEM = 2, DEMARC_ERR_IO = 3,
    DEMARC_ERR_FORMAT = 4, DEMARC_ERR_RANGE = 5, DEMARC_ERR_NOT_FOUND = 6,
    DEMARC_ERR_GEOMETRY = 7, DEMARC_ERR_EMPTY = 8, DEMARC_ERR_CRS = 9,
    DEMARC_ERR_INTERNAL = 10, DEMARC_ERR_CANCELLED = 11
} demarc_status;

typedef enum demarc_edge_model {
    DEMARC_EDGE_GEODESIC = 0, DEMARC_EDGE_RHUMB = 1, DEMARC_EDGE_PLANAR = 2
} demarc_edge_model;
typedef enum demarc_sign_kind {
    DEMARC_SIGN_TRIPOINT = 0, DEMARC_SIGN_MAIN = 1, DEMARC_SIGN_INTERMEDIATE = 2,
    DEMARC_SIGN_POINT = 3
} demarc_sign_kind;
typedef enum demarc_segment_kind {
    DEMARC_SEGMENT_NONE = 0, DEMARC_SEGMENT_STRAIGHT = 1, DEMARC_SEGMENT_NATURAL = 2
} demarc_segment_kind;
typedef enum demarc_severity {
    DEMARC_SEVERITY_INFO = 0, DEMARC_SEVERITY_WARNING = 1, DEMARC_SEVERITY_ERROR = 2
} demarc_severity;

#define DEMARC_VERSION_NUMBER ...
#define DEMARC_LOCATE_PARTY_ONLY ...
#define DEMARC_OPEN_OPTIONS_VERSION ...
#define DEMARC_LOCATE_OPTIONS_VERSION ...
#define DEMARC_TRANSFORM_OPTIONS_VERSION ...
#define DEMARC_EXPORT_OPTIONS_VERSION ...
#define DEMARC_CATALOGUE_OPTIONS_VERSION ...
#define DEMARC_VALIDATE_OPTIONS_VERSION ...
#define DEMARC_INSPECT_OPTIONS_VERSION ...
#define DEMARC_ENTRY_COORD_MISSING ...
#define DEMARC_ENTRY_COORD_NOT_FINITE ...
#define DEMARC_ENTRY_COORD_RANGE ...
#define DEMARC_ENTRY_KIND_UNKNOWN ...

typedef int (*demarc_progress_fn)(void *userdata, double fraction, const char *stage);

const char *demarc_version(void);
int demarc_version_number(void);
const char *demarc_status_str(demarc_status status);
const char *demarc_edge_model_name(demarc_edge_model model);
const char *demarc_sign_kind_name(demarc_sign_kind kind);
const char *demarc_segment_kind_name(demarc_segment_kind kind);
const char *demarc_severity_name(demarc_severity severity);

typedef struct demarc_ctx demarc_ctx;
demarc_status demarc_ctx_new(demarc_ctx **out);
void demarc_ctx_free(demarc_ctx *ctx);
const char *demarc_ctx_errmsg(const demarc_ctx *ctx);
demarc_status demarc_ctx_errcode(const demarc_ctx *ctx);

typedef struct demarc_border demarc_border;
typedef struct demarc_border_info {
    const char *id; const char *name;
    const char *left_party; const char *right_party;
    const char *left_name; const char *right_name;
    double declared_length_m; long declared_signs;
    const char *demarcation_finalised; const char *agreement_signed;
    const char *agreement_place; int inspection_interval_years; int signs_modelled;
    const char *source; const char *licence; const char *attribution;
    demarc_edge_model edge_model;
    size_t vertex_count; size_t sign_count; size_t physical_sign_count;
    size_t territory_count;
    ...;
} demarc_border_info;

typedef struct demarc_open_options {
    unsigned int version; demarc_edge_model edge_model;
    const char *signs_path; const char *territories_path; const char *metadata_path;
    ...;
} demarc_open_options;

demarc_status demarc_border_open_default(demarc_ctx *ctx, demarc_border **out,
                                         const demarc_open_options *opts);
demarc_status demarc_border_open(demarc_ctx *ctx, demarc_border **out, const char *path,
                                 const demarc_open_options *opts);
void demarc_border_free(demarc_border *border);
const demarc_border_info *demarc_border_info_get(const demarc_border *border);
const double *demarc_border_vertices(const demarc_border *border, size_t *count);

typedef struct demarc_sign {
    const char *id; long seq; demarc_sign_kind kind;
    double lon; double lat; double h_m; double chainage_m; double next_dist_m;
    double next_azimuth_deg; demarc_segment_kind segment; const char *provenance;
    double line_chainage_m; double line_offset_m;
    ...;
} demarc_sign;
const demarc_sign *demarc_border_sign(const demarc_border *border, size_t i);
demarc_status demarc_sign_find(demarc_ctx *ctx, const demarc_border *border,
                               const char *id, size_t *index);

typedef struct demarc_territory {
    const char *party; const char *name;
    size_t polygon_count; size_t ring_count;
    const size_t *ring_start; const size_t *ring_polygon; const unsigned char *ring_is_hole;
    size_t point_count; const double *points;
    ...;
} demarc_territory;
const demarc_territory *demarc_border_territory(const demarc_border *border, size_t i);

demarc_status demarc_border_length(demarc_ctx *ctx, const demarc_border *border,
                                   double *length_m);
demarc_status demarc_length_between(demarc_ctx *ctx, const demarc_border *border,
                                    const char *from_id, const char *to_id, double *length_m);
demarc_status demarc_sign_segment(demarc_ctx *ctx, const demarc_border *border, size_t i,
                                  double *length_m, double *azimuth_deg);

/* locate.h */
typedef struct demarc_location {
    int party; const char *party_code; int on_border; double distance_m;
    double foot_lon; double foot_lat; double chainage_m; size_t edge;
    size_t nearest_sign; double nearest_sign_m;
    ...;
} demarc_location;
typedef struct demarc_locate_options {
    unsigned int version; double on_border_tolerance_m; unsigned int flags;
    demarc_progress_fn progress; void *progress_userdata;
    ...;
} demarc_locate_options;
demarc_status demarc_locate(demarc_ctx *ctx, const demarc_border *border, double lon,
                            double lat, const demarc_locate_options *opts,
                            demarc_location *out);
demarc_status demarc_locate_batch(demarc_ctx *ctx, const demarc_border *border, size_t n,
                                  const double *lon, size_t lon_stride_bytes,
                                  const double *lat, size_t lat_stride_bytes,
                                  const demarc_locate_options *opts,
                                  demarc_location *out, size_t out_stride_bytes);
demarc_status demarc_party_batch(demarc_ctx *ctx, const demarc_border *border, size_t n,
                                 const double *lon, size_t lon_stride_bytes,
                                 const double *lat, size_t lat_stride_bytes,
                                 int *party, size_t party_stride_bytes);

/* project.h */
typedef struct demarc_transform demarc_transform;
typedef struct demarc_transform_options {
    unsigned int version; const char *operation;
    double west; double south; double east; double north;
    ...;
} demarc_transform_options;
demarc_status demarc_transform_new(demarc_ctx *ctx, demarc_transform **out,
                                   const char *from_crs, const char *to_crs,
                                   const demarc_transform_options *opts);
void demarc_transform_free(demarc_transform *t);
demarc_status demarc_transform_apply(demarc_ctx *ctx, const demarc_transform *t, size_t n,
                                     double *x, size_t x_stride, double *y, size_t y_stride,
                                     double *z, size_t z_stride);
void demarc_transform_operation(const demarc_transform *t, const char **name,
                                const char **code, double *accuracy_m);
demarc_status demarc_crs_geographic(demarc_ctx *ctx, const char *crs, int *geographic);

/* validate.h */
typedef struct demarc_report demarc_report;
typedef struct demarc_finding {
    const char *code; demarc_severity severity; const char *sign_id;
    double lon; double lat; double value; double limit; const char *message;
    ...;
} demarc_finding;
void demarc_report_free(demarc_report *report);
size_t demarc_report_count(const demarc_report *report);
const demarc_finding *demarc_report_finding(const demarc_report *report, size_t i);
size_t demarc_report_stat_count(const demarc_report *report);
int demarc_report_stat(const demarc_report *report, size_t i, const char **name,
                       double *value);
const char *demarc_report_transformation(const demarc_report *report);
typedef struct demarc_displacement {
    const char *sign_id; double lon; double lat; double new_lon; double new_lat;
    double distance_m; double azimuth_deg; int moved;
    ...;
} demarc_displacement;
size_t demarc_report_displacement_count(const demarc_report *report);
const demarc_displacement *demarc_report_displacement(const demarc_report *report, size_t i);
demarc_status demarc_report_render(demarc_ctx *ctx, const demarc_report *report, int json,
                                   unsigned int flags, char **out, size_t *len);

typedef struct demarc_catalogue demarc_catalogue;
typedef struct demarc_catalogue_entry {
    const char *id; long seq; long row; demarc_sign_kind kind; const char *kind_text;
    double x; double y; double lon; double lat; double h_m; double chainage_m;
    double next_dist_m; double next_azimuth_deg; demarc_segment_kind segment;
    const char *provenance; const char *side; unsigned int flags;
    ...;
} demarc_catalogue_entry;
typedef struct demarc_catalogue_options {
    unsigned int version; const char *crs;
    ...;
} demarc_catalogue_options;
demarc_status demarc_catalogue_open(demarc_ctx *ctx, demarc_catalogue **out, const char *path,
                                    const demarc_catalogue_options *opts);
demarc_status demarc_catalogue_from_border(demarc_ctx *ctx, demarc_catalogue **out,
                                           const demarc_border *border);
void demarc_catalogue_free(demarc_catalogue *cat);
size_t demarc_catalogue_count(const demarc_catalogue *cat);
const demarc_catalogue_entry *demarc_catalogue_entry_get(const demarc_catalogue *cat,
                                                         size_t i);
const char *demarc_catalogue_source(const demarc_catalogue *cat);
const char *demarc_catalogue_transformation(const demarc_catalogue *cat);

typedef struct demarc_validate_options {
    unsigned int version; double off_line_m; double coincident_m; double max_gap_m;
    double next_dist_tolerance_m; double azimuth_tolerance_deg; long expected_signs;
    demarc_progress_fn progress; void *progress_userdata;
    ...;
} demarc_validate_options;
demarc_status demarc_catalogue_validate(demarc_ctx *ctx, demarc_report **out,
                                        const demarc_border *border,
                                        const demarc_catalogue *cat,
                                        const demarc_validate_options *opts);
typedef struct demarc_inspect_options {
    unsigned int version; double tolerance_m;
    demarc_progress_fn progress; void *progress_userdata;
    ...;
} demarc_inspect_options;
demarc_status demarc_inspect(demarc_ctx *ctx, demarc_report **out,
                             const demarc_catalogue *catalogue,
                             const demarc_catalogue *resurvey,
                             const demarc_inspect_options *opts);

/* io.h */
typedef struct demarc_export_options {
    unsigned int version; const char *format; const char *crs;
    const demarc_transform_options *transform; const demarc_report *report;
    demarc_progress_fn progress; void *progress_userdata;
    ...;
} demarc_export_options;
demarc_status demarc_border_export(demarc_ctx *ctx, const demarc_border *border,
                                   const char *out, const demarc_export_options *opts);

void free(void *);
"""


def _pkg_config(*args):
    """Run pkg-config for demarc; a missing library is a clear build error."""
    cmd = [os.environ.get("PKG_CONFIG", "pkg-config"), *args, "demarc"]
    try:
        return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as e:
        err = getattr(e, "stderr", "") or str(e)
        raise RuntimeError(
            "libdemarc not found by pkg-config (install it with `cmake --install` and set "
            "PKG_CONFIG_PATH to <prefix>/lib/pkgconfig): " + err.strip()) from e


def _builder():
    cflags = shlex.split(_pkg_config("--cflags"))
    libs = shlex.split(_pkg_config("--libs"))
    libdir = _pkg_config("--variable=libdir")
    ffi = FFI()
    ffi.cdef(CDEF)
    ffi.set_source(
        "demarc._demarc_cffi",
        "#include <stdlib.h>\n#include <demarc.h>\n",
        include_dirs=[f[2:] for f in cflags if f.startswith("-I")],
        # a field declared above with another pointer type than the header's
        # is an error, not a warning, so that a drifted transcription cannot build
        extra_compile_args=[f for f in cflags if not f.startswith("-I")]
        + ["-Werror=incompatible-pointer-types", "-Werror=int-conversion"],
        library_dirs=[f[2:] for f in libs if f.startswith("-L")],
        libraries=[f[2:] for f in libs if f.startswith("-l")],
        extra_link_args=["-Wl,-rpath," + libdir] if libdir else [],
    )
    return ffi


ffibuilder = _builder()

if __name__ == "__main__":
    ffibuilder.compile(verbose=True)
