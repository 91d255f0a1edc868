# Shared by the browser tests: failing with a message, running a command, a
# generated DataBank file of realistic size. A script sets rw_browser_test
# (its name in messages) before including this file.

function(fail message)
  message(FATAL_ERROR "${rw_browser_test}: ${message}")
endfunction()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    fail("'${ARGN}' exited with ${rc}:\n${out}\n${err}")
  endif()
endfunction()

# A DataBank CSV (docs/formats) with a value for every corridor of the
# catalogue in quarters 2, 4, 14, 29, 45 and 46 quarters after 2011Q3, each
# value between 2.0 and 11.6 and about one in nine missing (".."), so that
# the report has hundreds of corridors, most of them DataBank-only.
function(write_databank path)
  file(STRINGS "${SOURCE_DIR}/corridors/data/corridors.csv" lines)
  list(REMOVE_AT lines 0)
  set(quarters 2011Q3 2012Q1 2013Q1 2016Q3 2020Q3 2024Q3 2024Q4)
  set(text "Sending Countries Code,Series Code,Receiving Countries Code")
  foreach(q IN LISTS quarters)
    string(APPEND text ",${q} [YR${q}]")
  endforeach()
  string(APPEND text "\n")
  set(i 0)
  foreach(line IN LISTS lines)
    if(NOT line MATCHES "^([A-Z]+),([A-Z]+),")
      continue()
    endif()
    string(APPEND text "${CMAKE_MATCH_1},ATCR.CORR,${CMAKE_MATCH_2}")
    set(k 0)
    foreach(q IN LISTS quarters)
      math(EXPR tenths "20 + (${i} * 37 + ${k} * 11) % 97")
      math(EXPR gap "(${i} + ${k}) % 9")
      if(gap EQUAL 0)
        string(APPEND text ",..")
      else()
        math(EXPR whole "${tenths} / 10")
        math(EXPR tenth "${tenths} % 10")
        string(APPEND text ",${whole}.${tenth}")
      endif()
      math(EXPR k "${k} + 1")
    endforeach()
    string(APPEND text "\n")
    math(EXPR i "${i} + 1")
  endforeach()
  file(WRITE "${path}" "${text}")
endfunction()

# Checks that Chromium is there, starts WORKDIR afresh and fills `db` with
# the example survey, a fixture whose provider names are hostile, and the
# generated DataBank series (REMITWATCH_NOW fixed).
function(prepare_browser_database db)
  if(NOT EXISTS "${CHROMIUM}")
    fail("Chromium not found (${CHROMIUM}); scripts/setup and .ci/run install Debian's chromium package")
  endif()
  file(REMOVE_RECURSE "${WORKDIR}")
  file(MAKE_DIRECTORY "${WORKDIR}")
  set(ENV{REMITWATCH_NOW} "2025-01-15T12:00:00Z")
  write_databank("${WORKDIR}/databank.csv")
  run("${BIN}" import survey "${SOURCE_DIR}/examples/survey.csv" --db "${db}")
  run("${BIN}" import survey "${SOURCE_DIR}/tests/fixtures/survey-hostile.csv" --db "${db}")
  run("${BIN}" import databank "${WORKDIR}/databank.csv" --db "${db}")
endfunction()

set(chromium_flags --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
    --user-data-dir=${WORKDIR}/profile --enable-logging=stderr --v=0)
