# Warnings for our own targets only; linked as an INTERFACE library so that
# third-party headers are not held to them.
add_library(rw_warnings INTERFACE)
target_compile_options(rw_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
  -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(RW_WERROR)
  target_compile_options(rw_warnings INTERFACE -Werror)
endif()
