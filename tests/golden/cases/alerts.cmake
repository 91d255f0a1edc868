# alerts (issue #18, items 9 and 10): delivery settings checked up front,
# rule corridors checked, scope options, --since. All --dry-run on the shared
# golden database, so that it stays unchanged.

# An unset webhook variable: every problem named at once, exit 2, nothing evaluated.
rw_golden(alerts_delivery_unset ARGS alerts --db ${golden_db} --rules examples/alerts.toml --dry-run
  EXIT 2 STDERR "channel 'ops-webhook': the environment variable REMITWATCH_WEBHOOK_URL is not set" REQUIRES golden_db)
# A real run fails the same way, before it records anything (the database stays unchanged).
rw_golden(alerts_delivery_unset_real_run ARGS alerts --db ${golden_db} --rules examples/alerts.toml
  EXIT 2 STDERR "(5 problems; nothing evaluated or sent)" REQUIRES golden_db)
# A variable set to something that is not a URL.
rw_golden(alerts_delivery_bad_url ARGS alerts --db ${golden_db} --rules examples/alerts.toml --dry-run
  EXIT 2 STDERR "channel 'ops-webhook': REMITWATCH_WEBHOOK_URL holds 'hooks.example.org/x', which is not an https:// or http:// URL"
  REQUIRES golden_db)
set_property(TEST golden.alerts_delivery_bad_url golden.pg.alerts_delivery_bad_url APPEND PROPERTY ENVIRONMENT
  "REMITWATCH_WEBHOOK_URL=hooks.example.org/x;REMITWATCH_SLACK_WEBHOOK_URL=https://hooks.example.org/slack;REMITWATCH_SMTP_URL=smtps://smtp.example.org;REMITWATCH_SMTP_USER=alerts;REMITWATCH_SMTP_PASSWORD=secret")

# Corridors in rules: names and unknown codes refused with FILE:LINE; patterns in any case.
rw_golden(alerts_rules_country_name ARGS alerts --db ${golden_db} --rules tests/fixtures/alerts-country-name.toml
  EXIT 2 STDERR "tests/fixtures/alerts-country-name.toml:7: rule 'east-africa-up': 'Kenya-Rwanda' is not a corridor (expected SENDER-RECEIVER, e.g. KEN-UGA"
  REQUIRES golden_db)
rw_golden(alerts_rules_unknown_country ARGS alerts --db ${golden_db} --rules tests/fixtures/alerts-unknown-country.toml
  EXIT 2 STDERR "tests/fixtures/alerts-unknown-country.toml:7: rule 'east-africa-up': corridor 'KEN-XYZ': 'XYZ' is not a country in the catalogue"
  REQUIRES golden_db)
rw_golden(alerts_rules_wildcards ARGS alerts --db ${golden_db} --rules tests/fixtures/alerts-wildcards.toml
  --quarter 2012Q3 --dry-run EXIT 3 STDERR "dry run (tests/fixtures/alerts-wildcards.toml):" REQUIRES golden_db)
# Every quarter from 2011Q1: KEN-UGA rose in 2012Q1 and 2012Q3 (2011Q3 has no quarter before
# it), two alerts, more than digest_above = 1: the webhook would get them as one digest.
rw_golden(alerts_digest_dry_run ARGS alerts --db ${golden_db} --rules tests/fixtures/alerts-wildcards.toml
  --since 2011Q1 --dry-run EXIT 3 STDERR "dry run: ops would get one digest of 2 alerts" REQUIRES golden_db)
foreach(case alerts_rules_wildcards alerts_digest_dry_run)
  set_property(TEST golden.${case} golden.pg.${case} APPEND PROPERTY ENVIRONMENT
    "REMITWATCH_WEBHOOK_URL=https://hooks.example.org/x")
endforeach()

# Scope: only the corridors to or from Kenya; the global and channel averages are not evaluated.
rw_golden(alerts_scope_country ARGS alerts --db ${golden_db} --quarter 2012Q3 --country ken --dry-run EXIT 3
  STDERR "dry run (default rules):" REQUIRES golden_db)
rw_golden(alerts_scope_unknown ARGS alerts --db ${golden_db} --sender XYZ --dry-run
  EXIT 2 STDERR "--sender: 'XYZ' is not a country in the catalogue" REQUIRES golden_db)

# --since a quarter: every quarter with data from it (a first run alone looks at the latest).
rw_golden(alerts_since_quarter ARGS alerts --db ${golden_db} --since 2011Q1 --dry-run EXIT 3
  STDERR "dry run (default rules):" REQUIRES golden_db)
rw_golden(alerts_since_bad ARGS alerts --db ${golden_db} --since last-week --dry-run
  EXIT 2 STDERR "--since: 'last-week' is neither a quarter (2024Q3) nor a time" REQUIRES golden_db)
