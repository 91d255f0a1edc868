# The web monitor's pages in headless Chromium (Debian's `chromium`): the
# pages are written to files by rw_write_pages from a database like the
# report's browser test (the example survey, hostile provider names, a
# generated DataBank file for every corridor of the catalogue); each is
# loaded at 1280 px with pages_probe.js appended, which checks from inside:
# no horizontal overflow, charts present, every corridor a row of the
# explorer and the sender filter working, providers in ascending order, a
# link to the page's JSON and to its CSV (but the status page's). No
# page may log to the console. Screenshots are kept in WORKDIR.
#
# -DBIN=remitwatch -DWRITER=rw_write_pages -DCHROMIUM=... -DSOURCE_DIR=... -DWORKDIR=...
cmake_minimum_required(VERSION 3.25)
set(rw_browser_test "browser pages test")
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)

set(db "${WORKDIR}/pages.db")
prepare_browser_database("${db}")
file(MAKE_DIRECTORY "${WORKDIR}/pages")
run("${BIN}" report --db "${db}" --format json --out "${WORKDIR}/report.json")
file(READ "${WORKDIR}/report.json" report_json)
string(JSON corridor_count LENGTH "${report_json}" corridors all)
run("${WRITER}" "${db}" "${WORKDIR}/pages" USA-MEX KEN-UGA)

file(READ "${CMAKE_CURRENT_LIST_DIR}/pages_probe.js" probe)

# Loads one page with the probe at 1280 px; leaves the probe's lines in `found`.
function(probe name)
  file(READ "${WORKDIR}/pages/${name}.html" page)
  string(REPLACE "</body>" "<script>${probe}</script></body>" page "${page}")
  file(WRITE "${WORKDIR}/probe-${name}.html" "${page}")
  execute_process(COMMAND timeout 120 "${CHROMIUM}" ${chromium_flags} --window-size=1280,4000 --dump-dom
                          "file://${WORKDIR}/probe-${name}.html"
    RESULT_VARIABLE rc OUTPUT_VARIABLE dom ERROR_VARIABLE log)
  if(NOT rc EQUAL 0)
    fail("chromium exited with ${rc} on ${name}:\n${log}")
  endif()
  if(log MATCHES "CONSOLE[^\n]*")
    fail("${name} wrote to the console: ${CMAKE_MATCH_0}")
  endif()
  if(NOT dom MATCHES "<pre id=\"probe\">([^<]*)</pre>")
    fail("the probe wrote nothing on ${name} (did its script run?)")
  endif()
  set(found "${CMAKE_MATCH_1}")
  message(STATUS "${name}:${found}")
  foreach(line "viewport 1280" "page-overflow none")
    string(FIND "${found}" "\n${line}\n" at)
    if(at EQUAL -1)
      fail("${name}: the probe did not find '${line}':${found}")
    endif()
  endforeach()
  if(found MATCHES "\n(overflow [^\n]*)")
    fail("${name} is wider than its container at 1280 px: ${CMAKE_MATCH_1}")
  endif()
  if(dom MATCHES "(src|href)=\"(https?:)?//")
    fail("${name} refers to an external resource: ${CMAKE_MATCH_0}")
  endif()
  execute_process(COMMAND timeout 120 "${CHROMIUM}" ${chromium_flags} --hide-scrollbars --window-size=1280,2400
                          "--screenshot=${WORKDIR}/${name}.png" "file://${WORKDIR}/pages/${name}.html"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT EXISTS "${WORKDIR}/${name}.png")
    fail("no screenshot of ${name} (exit ${rc}):\n${err}")
  endif()
  if(NOT name STREQUAL "status" AND NOT found MATCHES "\ndata-links json [1-9][0-9]* csv [1-9][0-9]*\n")
    fail("${name} should link to its JSON and its CSV:${found}")
  endif()
  set(found "${found}" PARENT_SCOPE)
endfunction()

probe(overview)
if(NOT found MATCHES "\ncharts 2\n")
  fail("the overview should draw the trend and channel charts:${found}")
endif()
probe(corridors)
string(FIND "${found}" "\ncorridor-rows ${corridor_count}\n" at)
if(at EQUAL -1)
  fail("the explorer should have a row for each of the report's ${corridor_count} corridors:${found}")
endif()
if(NOT found MATCHES "\nsender-filter ok [0-9]+\n")
  fail("filtering by sender left other senders' corridors, or none:${found}")
endif()
foreach(corridor USA-MEX KEN-UGA)
  probe(corridor-${corridor})
  if(NOT found MATCHES "\nproviders ascending [1-9][0-9]*\n" OR NOT found MATCHES "\ncharts 1\n")
    fail("corridor ${corridor}: providers not in ascending order, or no chart:${found}")
  endif()
endforeach()
probe(alerts)
probe(status)
message(STATUS "screenshots in ${WORKDIR}")
