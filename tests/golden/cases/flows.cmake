# import flows on a database of its own (flows.db: the bundled survey), so
# that the other cases' weighted averages keep the catalogue's flows.
#
# Before: ARE-IND (USD 20 bn) and USA-MEX (52 bn) have catalogue flows, so the
# 2024Q4 weighted average is (20 × 1.91998 + 52 × 9.81125) / 72 = 7.62 over 2
# corridors. flows-sample.csv then sets KEN-UGA 1 bn, FRA-SEN 1 bn and USA-MEX
# 2 bn (BRA-ARG is stored but is no monitored corridor; four rows are
# rejected), so it becomes (1 × 4.07997 + 1 × 6.87759 + 2 × 9.81125
# + 20 × 1.91998) / 24 = 2.87 over 4 corridors, GBR-NGA the one without a flow.
set(flows_db flows.db)
rw_golden_reset(flows_reset_db flows_db_reset ${flows_db})
rw_golden(flows_import_survey ARGS import survey ${example} --db ${flows_db}
  SETUP flows_db REQUIRES flows_db_reset)
rw_golden(flows_weighted_before ARGS averages --db ${flows_db} --by global
  SETUP flows_db REQUIRES flows_db_reset)
rw_golden(flows_import ARGS import flows tests/fixtures/flows-sample.csv --db ${flows_db}
  EXIT 4 SETUP flows_db REQUIRES flows_db_reset)
rw_golden(flows_weighted_after ARGS averages --db ${flows_db} --by global
  REQUIRES flows_db)
rw_golden(flows_not_flows ARGS import flows tests/fixtures/rpw-sample.csv --db ${flows_db}
  EXIT 2 STDERR "tests/fixtures/rpw-sample.csv:1: not a flows CSV" REQUIRES flows_db)
rw_golden_after(flows_weighted_before flows_import_survey)
rw_golden_after(flows_import flows_weighted_before)
