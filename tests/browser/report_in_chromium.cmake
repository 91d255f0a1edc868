# The HTML report in a real browser: headless Chromium (Debian's `chromium`)
# loads the report from a file; the test checks the DOM Chromium built
# (charts present, tables filled, names from the data shown as text and not
# run), that the page logged no script error, and saves a screenshot.
#
# A control page with a deliberate script error runs first: it proves that
# this Chromium reports script errors the way the check below looks for them,
# so "no script error" cannot pass because errors went unseen.
#
# -DBIN=remitwatch -DCHROMIUM=/usr/bin/chromium -DSOURCE_DIR=... -DWORKDIR=...
cmake_minimum_required(VERSION 3.25)

function(fail message)
  message(FATAL_ERROR "browser test: ${message}")
endfunction()

if(NOT EXISTS "${CHROMIUM}")
  fail("Chromium not found (${CHROMIUM}); scripts/setup and .ci/run install Debian's chromium package")
endif()

file(REMOVE_RECURSE "${WORKDIR}")
file(MAKE_DIRECTORY "${WORKDIR}")
set(db "${WORKDIR}/browser.db")
set(html "${WORKDIR}/report.html")
set(screenshot "${WORKDIR}/report.png")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    fail("'${ARGN}' exited with ${rc}:\n${out}\n${err}")
  endif()
endfunction()

# The example survey and a fixture whose provider names are hostile.
set(ENV{REMITWATCH_NOW} "2025-01-15T12:00:00Z")
run("${BIN}" import survey "${SOURCE_DIR}/examples/survey.csv" --db "${db}")
run("${BIN}" import survey "${SOURCE_DIR}/tests/fixtures/survey-hostile.csv" --db "${db}")
run("${BIN}" report --db "${db}" --format html --out "${html}")

set(chromium_flags --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
    --user-data-dir=${WORKDIR}/profile --enable-logging=stderr --v=0)

# Loads a page; leaves its DOM and Chromium's log in the caller's variables.
function(load page dom_var log_var)
  execute_process(COMMAND timeout 120 "${CHROMIUM}" ${chromium_flags} --dump-dom "file://${page}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE dom ERROR_VARIABLE log)
  if(NOT rc EQUAL 0)
    fail("chromium exited with ${rc} on ${page}:\n${log}")
  endif()
  set(${dom_var} "${dom}" PARENT_SCOPE)
  set(${log_var} "${log}" PARENT_SCOPE)
endfunction()

# Script errors reach the log as CONSOLE lines ("Uncaught ReferenceError ...").
set(script_error_pattern "CONSOLE[^\n]*(Uncaught|Error)")

file(WRITE "${WORKDIR}/control.html"
  "<!DOCTYPE html><html><body><p>control</p><script>not_a_function();</script></body></html>\n")
load("${WORKDIR}/control.html" control_dom control_log)
if(NOT control_log MATCHES "${script_error_pattern}")
  fail("the control page's script error was not seen in Chromium's log; the check cannot be trusted:\n${control_log}")
endif()

load("${html}" dom log)
if(log MATCHES "${script_error_pattern}")
  fail("the report logged a script error:\n${CMAKE_MATCH_0}")
endif()
if(log MATCHES "CONSOLE")
  fail("the report wrote to the console:\n${log}")
endif()

function(count_of pattern text out_var)
  string(REGEX MATCHALL "${pattern}" matches "${text}")
  list(LENGTH matches n)
  set(${out_var} ${n} PARENT_SCOPE)
endfunction()

function(at_least what pattern minimum)
  count_of("${pattern}" "${dom}" n)
  if(n LESS ${minimum})
    fail("expected at least ${minimum} ${what} in the rendered DOM, found ${n}")
  endif()
  message(STATUS "${what}: ${n}")
endfunction()

# Charts: the three SVGs, each with its marks.
foreach(chart chart-trend chart-channels chart-distribution)
  if(NOT dom MATCHES "<svg[^>]*id=\"${chart}\"")
    fail("chart ${chart} missing from the rendered DOM")
  endif()
endforeach()
at_least("trend lines" "<polyline" 1)
at_least("target lines" "class=\"target-line\"" 4)
at_least("bars" "<rect class=\"bar\"" 5)
# Tables: filled with rows of cells.
at_least("tables" "<table class=\"data\"" 10)
at_least("numeric cells" "<td class=\"num\">[0-9+-]" 50)
foreach(section headline targets channels groups corridors history notes)
  if(NOT dom MATCHES "<section id=\"${section}\">")
    fail("section ${section} missing")
  endif()
endforeach()
# Names from the data: shown as text, never elements.
count_of("<script" "${dom}" scripts)
count_of("<img" "${dom}" images)
if(NOT scripts EQUAL 0 OR NOT images EQUAL 0)
  fail("markup from the data became elements: ${scripts} <script>, ${images} <img>")
endif()
foreach(escaped "&lt;script&gt;alert(1)&lt;/script&gt;" "&lt;img src=x onerror=alert(2)&gt;")
  string(FIND "${dom}" "${escaped}" at)
  if(at EQUAL -1)
    fail("the provider name ${escaped} is not shown as text")
  endif()
endforeach()
# Self-contained: nothing fetched from elsewhere.
if(dom MATCHES "(src|href)=\"(https?:)?//")
  fail("the report refers to an external resource: ${CMAKE_MATCH_0}")
endif()

execute_process(COMMAND timeout 120 "${CHROMIUM}" ${chromium_flags} --hide-scrollbars --window-size=1280,2400
  "--screenshot=${screenshot}" "file://${html}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT EXISTS "${screenshot}")
  fail("no screenshot (exit ${rc}):\n${err}")
endif()
file(SIZE "${screenshot}" size)
# A blank 1280×2400 PNG compresses to a few kB; a rendered report is far larger.
if(size LESS 50000)
  fail("the screenshot is ${size} bytes: the page did not render")
endif()
message(STATUS "screenshot: ${screenshot} (${size} bytes)")
