/* header_c99.c -- demarc.h alone, as strict C99 (ctest header.c99:
 * -std=c99 -pedantic -Werror -Wall -Wextra).  Touches every public type so
 * that a declaration the header does not make is an error here. */
#include "demarc.h"

int demarc_headertest_c99(void);

int demarc_headertest_c99(void)
{
    demarc_open_options o = DEMARC_OPEN_OPTIONS_INIT;
    demarc_length_options l = DEMARC_LENGTH_OPTIONS_INIT;
    demarc_locate_options lo = DEMARC_LOCATE_OPTIONS_INIT;
    demarc_transform_options t = DEMARC_TRANSFORM_OPTIONS_INIT;
    demarc_status s = DEMARC_OK;
    demarc_sign_kind k = DEMARC_SIGN_MAIN;
    demarc_segment_kind g = DEMARC_SEGMENT_STRAIGHT;
    demarc_severity v = DEMARC_SEVERITY_INFO;
    const char *(*fn)(demarc_status) = demarc_status_str;
    return (int)o.version + (int)l.version + (int)lo.version + (int)t.version + (int)s +
           (int)k + (int)g + (int)v + (fn != 0) + DEMARC_VERSION_NUMBER * 0;
}
