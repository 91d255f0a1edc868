# Every dependency comes from a Debian package. A missing one stops configuration
# and names the package to install (scripts/setup installs them all).
find_package(PkgConfig REQUIRED)

macro(rw_require_package name debian_package)
  find_package(${name} ${ARGN} QUIET)
  if(NOT ${name}_FOUND)
    message(FATAL_ERROR "remitwatch needs ${name}: apt-get install ${debian_package}")
  endif()
endmacro()

macro(rw_require_pkgconfig prefix module debian_package)
  pkg_check_modules(${prefix} QUIET IMPORTED_TARGET ${module})
  if(NOT ${prefix}_FOUND)
    message(FATAL_ERROR "remitwatch needs ${module}: apt-get install ${debian_package}")
  endif()
endmacro()

rw_require_package(fmt libfmt-dev)
rw_require_package(date libhowardhinnant-date-dev)
rw_require_package(CLI11 libcli11-dev)
rw_require_package(nlohmann_json nlohmann-json3-dev)
rw_require_package(SQLite3 libsqlite3-dev)
# PostgreSQL's client library (store/postgres.cpp; issue 22).
rw_require_pkgconfig(LIBPQ libpq libpq-dev)
rw_require_package(CURL libcurl4-openssl-dev)
rw_require_package(OpenSSL libssl-dev)
rw_require_package(pugixml libpugixml-dev)
# The RPW xlsx workbook: libzip inflates, expat streams the sheet XML.
# pkg-config: Debian 12's libzip CMake config needs zipcmp from libzip-tools.
rw_require_pkgconfig(LIBZIP libzip libzip-dev)
# The report's xlsx format (and the tests' workbooks).
rw_require_pkgconfig(XLSXWRITER xlsxwriter libxlsxwriter-dev)
rw_require_package(EXPAT libexpat1-dev)
# Configuration and alert rules (TOML).
rw_require_package(tomlplusplus libtomlplusplus-dev)
# The server of `remitwatch serve` (web/server.cpp): Debian builds it as a
# library with zlib, brotli and OpenSSL, and its pkg-config file says so.
rw_require_pkgconfig(HTTPLIB cpp-httplib libcpp-httplib-dev)
if(RW_BUILD_TESTS)
  rw_require_package(doctest doctest-dev)
endif()
find_package(Threads REQUIRED)
