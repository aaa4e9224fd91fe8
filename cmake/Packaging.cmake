# Packaging.cmake -- install-tree fix-ups, the man page and a Debian package
# (CPack DEB).  Included at the end of the top-level CMakeLists.txt.
#
#   cmake --install build --prefix /opt/demarc          # any prefix
#   cd build && cpack -G DEB                            # demarc_<ver>_<arch>.deb

# demarc.pc is configured with the configure-time prefix; rewrite its
# `prefix=` line at install time so that `cmake --install --prefix P` (and
# CPack's staging, whose prefix is /usr) yields a .pc that points at P.
set(_demarc_pc_code [[
  set(_pc "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/@CMAKE_INSTALL_LIBDIR@/pkgconfig/demarc.pc")
  if(EXISTS "${_pc}")
    file(READ "${_pc}" _pc_text)
    string(REGEX REPLACE "(^|\n)prefix=[^\n]*" "\\1prefix=${CMAKE_INSTALL_PREFIX}" _pc_text "${_pc_text}")
    file(WRITE "${_pc}" "${_pc_text}")
  endif()
]])
string(CONFIGURE "${_demarc_pc_code}" _demarc_pc_code @ONLY)
install(CODE "${_demarc_pc_code}")

# The installed command finds the installed library wherever the prefix is
# ($ORIGIN: the directory of the executable; ld.so(8)).
if(TARGET demarc AND NOT IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  file(RELATIVE_PATH _demarc_bin_to_lib "/p/${CMAKE_INSTALL_BINDIR}" "/p/${CMAKE_INSTALL_LIBDIR}")
  set_target_properties(demarc PROPERTIES INSTALL_RPATH "$ORIGIN/${_demarc_bin_to_lib}")
endif()

# The man page demarc(1).
install(FILES ${PROJECT_SOURCE_DIR}/examples/demarc/demarc.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
# The JSON Schema of every --json output, beside the data (demarc(1), JSON).
install(FILES ${PROJECT_SOURCE_DIR}/examples/demarc/demarc.schema.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/demarc)

# ---- CPack: one Debian package with everything ----------------------------
set(CPACK_PACKAGE_NAME demarc)
set(CPACK_PACKAGE_VENDOR "libdemarc")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
  "libdemarc and the demarc command: border-demarcation geodata over PROJ, GEOS\n\
and GDAL -- geodesic lengths, sign catalogues, territories, validation, export.\n\
Ships the shared and static library, the C headers, CMake and pkg-config files,\n\
the embedded Kazakhstan-Uzbekistan border dataset and the demarc(1) man page.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "libdemarc maintainers <demarc@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Run-time dependencies from dpkg-shlibdeps (dpkg-dev) when it is there:
# libproj25, libgeos-c1v5, libgdal32, libc6 with their versions.  Without it
# the Debian 12 names are listed by hand.
find_program(DEMARC_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(DEMARC_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6, libproj25, libgeos-c1v5, libgdal32, libjson-c5, libcairo2")
endif()
# A shlibs file for packages built against this one, and the ldconfig trigger.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
# Headers and CMake files need the -dev packages of the dependencies.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libproj-dev, libgeos-dev, libgdal-dev, libjson-c-dev, pkg-config")
include(CPack)
