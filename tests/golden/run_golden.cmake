# Runs one golden case; see CMakeLists.txt. Arguments are separated by "|".
string(REPLACE "|" ";" args "${ARGS}")
execute_process(
  COMMAND ${BIN} ${args}
  WORKING_DIRECTORY ${WORKDIR}
  RESULT_VARIABLE status
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
if(NOT status STREQUAL "${EXIT}")
  message(FATAL_ERROR "exit code ${status}, expected ${EXIT}\nstderr:\n${err}")
endif()
if(STDERR STREQUAL "")
  if(NOT err STREQUAL "")
    message(FATAL_ERROR "stderr not empty:\n${err}")
  endif()
else()
  string(FIND "${err}" "${STDERR}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "stderr lacks '${STDERR}':\n${err}")
  endif()
endif()
if(DEFINED ENV{RW_UPDATE_GOLDEN})
  file(WRITE ${EXPECTED} "${out}")
  return()
endif()
if(NOT EXISTS ${EXPECTED})
  message(FATAL_ERROR "no expected output ${EXPECTED}")
endif()
file(READ ${EXPECTED} expected)
if(NOT out STREQUAL expected)
  file(WRITE ${EXPECTED}.actual "${out}")
  message(FATAL_ERROR "output differs from ${EXPECTED}; actual output written to ${EXPECTED}.actual")
endif()
