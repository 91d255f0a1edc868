# Warnings for our own targets only; linked as an INTERFACE library so that
# third-party headers are not held to them. Not enabled: -Wnull-dereference,
# which GCC 12 at -O2 reports inside libstdc++'s own std::string moves; and
# -Wmissing-field-initializers, which GCC 12 raises on designated initialisers
# that rely on default member initialisers (our idiom for option structs).
add_library(rw_warnings INTERFACE)
target_compile_options(rw_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough -Wno-missing-field-initializers)
if(RW_WERROR)
  target_compile_options(rw_warnings INTERFACE -Werror)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # clang in C++23 flags libstdc++ 12's own call of the deprecated
  # std::get_temporary_buffer inside std::stable_sort, at our call site.
  # We call no deprecated function ourselves (GCC, which checks the same, agrees).
  target_compile_options(rw_warnings INTERFACE -Wno-deprecated-declarations)
endif()
