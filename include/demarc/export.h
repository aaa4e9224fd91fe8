/* export.h -- DEMARC_API marks the symbols libdemarc exports.
 * The library is built with hidden visibility (-fvisibility=hidden), so only
 * what carries DEMARC_API is visible; every such symbol is named demarc_*. */
#ifndef DEMARC_EXPORT_H
#define DEMARC_EXPORT_H

#if defined(_WIN32) && !defined(DEMARC_STATIC)
#  ifdef DEMARC_BUILDING
#    define DEMARC_API __declspec(dllexport)
#  else
#    define DEMARC_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define DEMARC_API __attribute__((visibility("default")))
#else
#  define DEMARC_API
#endif

#endif /* DEMARC_EXPORT_H */
