# Precompiled headers (RW_PCH, on by default; clang only): the third-party
# and standard headers that most sources of a target include, parsed once per
# target instead of once per source. fmt, date, nlohmann/json and CLI11 take
# 1 to 3 s of CPU each to parse, in every source that includes them. It is
# CI's clang-19 ASan + UBSan build that gains: 20 to 45 % less CPU for a
# unit-test source, from a 27 MB PCH per target.
#
# Not with GCC 12: its PCH files are 80 to 160 MB per target and loading one
# costs most of what it saves (12 % less CPU per source measured, nothing over
# a clean build once the PCHs are built), and through a PCH it reports a false
# -Warray-bounds inside libstdc++ (store/database.cpp's `substr(0, 57) + "..."`)
# that it holds back without one.
#
# A source that forgets an include still compiles with a PCH; the GCC builds
# and scripts/tidy (configured with RW_PCH=OFF) catch it.
set(rw_pch_std <algorithm> <chrono> <functional> <map> <memory> <optional> <string> <string_view> <vector>)

# rw_precompile_headers(target HEADER ...): the standard list and these.
function(rw_precompile_headers target)
  if(RW_PCH AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    target_precompile_headers(${target} PRIVATE ${rw_pch_std} ${ARGN})
  endif()
endfunction()
