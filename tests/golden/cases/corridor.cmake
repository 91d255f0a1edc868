# remitwatch corridor on the golden database (survey, RPW fixture and DataBank
# fixture): a quarter with a non-transparent service and one provider's two
# services, the latest quarter by default, USD 500 as CSV, JSON, and the errors.
rw_golden(corridor_help ARGS corridor --help)
rw_golden(corridor_ken_uga_2011q3 ARGS corridor KEN-UGA --db ${golden_db} --quarter 2011Q3 REQUIRES golden_db)
rw_golden(corridor_usa_mex_latest ARGS corridor USA-MEX --db ${golden_db} REQUIRES golden_db)
rw_golden(corridor_usa_mex_usd500_csv ARGS corridor usa-mex --db ${golden_db} --amount 500 --format csv
  REQUIRES golden_db)
rw_golden(corridor_ken_uga_json ARGS corridor KEN-UGA --db ${golden_db} --quarter 2011Q3 --format json
  REQUIRES golden_db)
rw_golden(corridor_unknown_country ARGS corridor KEN-XYZ --db ${golden_db}
  EXIT 2 STDERR "remitwatch: error: corridor KEN-XYZ: XYZ is not a country in the catalogue" REQUIRES golden_db)
rw_golden(corridor_quarter_without_data ARGS corridor KEN-UGA --db ${golden_db} --quarter 2012Q3
  EXIT 2 STDERR "KEN-UGA has data for 2011Q3 to 2024Q4 (4 quarters); try --quarter 2024Q4" REQUIRES golden_db)
rw_golden(corridor_no_quotes ARGS corridor KEN-RWA --db ${golden_db}
  EXIT 2 STDERR "no USD 200 quotes for corridor KEN-RWA" REQUIRES golden_db)
rw_golden(corridor_bad_code ARGS corridor KENUG --db ${golden_db}
  EXIT 2 STDERR "remitwatch: error: corridor 'KENUG':" REQUIRES golden_db)

# The acceptance test on the real RPW rows (label realdata; skipped, saying so,
# when ../shared/data is absent).
add_test(NAME realdata.corridor_ken_uga_2012q3
  COMMAND ${CMAKE_COMMAND} -DBIN=$<TARGET_FILE:remitwatch> -DDATA=${PROJECT_SOURCE_DIR}/../shared/data
    -DWORKDIR=${rw_golden_dir} -P ${CMAKE_CURRENT_SOURCE_DIR}/corridor_realdata.cmake)
set_tests_properties(realdata.corridor_ken_uga_2012q3 PROPERTIES LABELS realdata SKIP_REGULAR_EXPRESSION "skipped: ")
