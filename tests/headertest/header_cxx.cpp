// header_cxx.cpp -- demarc.h from C++ (ctest header.cxx: -std=c++11
// -pedantic -Werror -Wall -Wextra): extern "C" linkage, no C-only syntax.
#include "demarc.h"

int demarc_headertest_cxx();

int demarc_headertest_cxx()
{
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    demarc_length_options l = DEMARC_LENGTH_OPTIONS_INIT;
    demarc_locate_options lo = DEMARC_LOCATE_OPTIONS_INIT;
    demarc_transform_options t = DEMARC_TRANSFORM_OPTIONS_INIT;
    demarc_status (*open)(demarc_ctx *, demarc_border **, const char *,
                          const demarc_open_options *) = demarc_border_open;
    return static_cast<int>(o.version + l.version + lo.version + t.version) +
           (open != nullptr) + static_cast<int>(DEMARC_ERR_CANCELLED);
}
