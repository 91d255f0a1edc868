# The World Bank's RPW releases (issue #20): two release-shaped workbooks
# (releases/rpw-release-*.xlsx in the work folder, written before the cases by
# rw_write_release_fixtures from tests/unit/release_workbook.hpp's
# write_release with libxlsxwriter, the same bytes every time: 2 legacy rows of 2011Q1, 4 newer rows of
# 2016Q2 and 2025Q3, trailing unlabelled cells on 2025Q3's) imported in turn;
# the second revises one 2016Q2 value (Beta's fee 540 → 720), so `db releases`
# shows 6 added, then 1 changed and 5 unchanged, 2016Q2 revised.
set(releases_db releases.db)
rw_golden_reset(releases_reset_db releases_db_reset ${releases_db})
add_test(NAME golden.releases_write_workbooks
  COMMAND $<TARGET_FILE:rw_write_release_fixtures> ${rw_golden_dir}/releases)
# For both backends' cases (work-pg/releases links to work/releases).
set_tests_properties(golden.releases_write_workbooks PROPERTIES FIXTURES_SETUP "releases_db_reset;pg_releases_db_reset"
  LABELS golden)
rw_golden(releases_import_first ARGS import rpw releases/rpw-release-2025q3.xlsx --db ${releases_db}
  SETUP releases_db_first REQUIRES releases_db_reset)
rw_golden(db_releases_one ARGS db releases --db ${releases_db} SETUP releases_db_one REQUIRES releases_db_first)
rw_golden(releases_import_revised ARGS import rpw releases/rpw-release-2026q1.xlsx --db ${releases_db}
  SETUP releases_db REQUIRES releases_db_one)
rw_golden(db_releases ARGS db releases --db ${releases_db} REQUIRES releases_db)
rw_golden(db_releases_csv ARGS db releases --db ${releases_db} --format csv REQUIRES releases_db)
rw_golden(db_releases_json ARGS db releases --db ${releases_db} --format json REQUIRES releases_db)
rw_golden(db_releases_help ARGS db releases --help)

# collect --source rpw plans the catalog request and the release it names.
rw_golden(collect_rpw_dry_run ARGS collect --config examples/remitwatch.toml --source rpw --dry-run)
