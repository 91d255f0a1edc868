-- The benchmark's sqlite3 peer: remitwatch's aggregates for one quarter at USD 200
-- (docs/methodology.md), over table rpw (an RPW dataset CSV export loaded by
-- import_sqlite.sh, every column TEXT) and the catalogue tables countries and corridors.
-- Parameter @period is the quarter as the rows write it ('2016_2Q'); aggregates_sqlite.sh
-- sets it. Output: measure, key, value (17 significant digits), sorted by measure and key.
--
-- Services are the quarter's rows with a cc1 total cost whose countries are in the catalogue
-- (remitwatch's import rejects the others); only transparent ones enter an average. One pass
-- sums the services per corridor and firm-type label; corridor, firm-type, regional and
-- global means come from those few sums, and the catalogue test is made on them too. Firm
-- types and speeds are matched against the labels remitwatch recognises, in lower case
-- without spaces, hyphens, dots and slashes, on the few distinct labels rather than on every
-- row.

WITH
services AS MATERIALIZED (
  SELECT upper(source_code) || '-' || upper(destination_code) AS corridor,
         upper(destination_code) AS receiver,
         firm_type,
         "speed actual" AS speed,
         CAST("cc1 total cost %" AS REAL) AS total
  FROM rpw
  WHERE period = @period
    AND trim("cc1 total cost %") <> ''
    AND lower(transparent) = 'yes'
),
known_corridors AS (
  SELECT s.iso3 || '-' || r.iso3 AS corridor FROM countries AS s, countries AS r
),
sums AS (
  SELECT corridor, receiver, firm_type, sum(total) AS total, count(*) AS services
  FROM services
  WHERE corridor IN (SELECT corridor FROM known_corridors)
  GROUP BY corridor, receiver, firm_type
),
speeds AS (
  SELECT speed,
         lower(replace(replace(replace(replace(speed, ' ', ''), '-', ''), '.', ''), '/', ''))
           IN ('lessthanonehour', 'lessthan1hour', 'lessthanonehours', 'sameday', 'nextday',
               '1day', 'oneday', '2days', 'twodays', '35days', 'threetofivedays', '3to5days')
           AS within_five_days
  FROM (SELECT DISTINCT speed FROM services)
),
firm_types AS (
  SELECT firm_type,
         CASE lower(replace(replace(replace(replace(firm_type, ' ', ''), '-', ''), '.', ''), '/', ''))
           WHEN 'bank' THEN 'bank' WHEN 'banks' THEN 'bank' WHEN 'commercialbank' THEN 'bank'
           WHEN 'mto' THEN 'mto' WHEN 'mtos' THEN 'mto' WHEN 'moneytransferoperator' THEN 'mto'
           WHEN 'moneytransferoperators' THEN 'mto' WHEN 'moneytransferprovider' THEN 'mto'
           WHEN 'moneytransferproviders' THEN 'mto' WHEN 'moneytransfercompany' THEN 'mto'
           WHEN 'fintech' THEN 'mto'
           WHEN 'postoffice' THEN 'post_office' WHEN 'postoffices' THEN 'post_office'
           WHEN 'post' THEN 'post_office' WHEN 'postalservice' THEN 'post_office'
           WHEN 'postaloperator' THEN 'post_office'
           WHEN 'mobileoperator' THEN 'mobile_operator'
           WHEN 'mobileoperators' THEN 'mobile_operator'
           WHEN 'mobilenetworkoperator' THEN 'mobile_operator'
           WHEN 'mno' THEN 'mobile_operator' WHEN 'mobilemoneyoperator' THEN 'mobile_operator'
           ELSE 'other'
         END AS channel
  FROM (SELECT DISTINCT firm_type FROM sums)
),
corridor_average AS (
  SELECT corridor, sum(total) / sum(services) AS value
  FROM sums
  GROUP BY corridor
),
ranked AS (
  SELECT corridor, total,
         row_number() OVER (PARTITION BY corridor ORDER BY total) AS position
  FROM services
  WHERE speed IN (SELECT speed FROM speeds WHERE within_five_days)
),
corridor_smart AS (
  SELECT corridor, avg(total) AS value
  FROM ranked
  WHERE position <= 3 AND corridor IN (SELECT corridor FROM known_corridors)
  GROUP BY corridor
),
flows AS (
  SELECT sender || '-' || receiver AS corridor, CAST(flow_usd AS REAL) AS flow
  FROM corridors
  WHERE trim(flow_usd) <> '' AND CAST(flow_usd AS REAL) > 0
),
results(measure, key, value) AS (
  SELECT 'corridor_average', corridor, value FROM corridor_average
  UNION ALL
  SELECT 'corridor_smart', corridor, value FROM corridor_smart
  UNION ALL
  SELECT 'firm_type', f.channel, sum(s.total) / sum(s.services)
  FROM sums AS s JOIN firm_types AS f ON f.firm_type IS s.firm_type
  GROUP BY f.channel
  UNION ALL
  SELECT 'region', CASE c.income_group WHEN 'high' THEN 'high_income' ELSE c.region END,
         sum(s.total) / sum(s.services)
  FROM sums AS s JOIN countries AS c ON c.iso3 = s.receiver
  GROUP BY 2
  UNION ALL
  SELECT 'global', '', sum(total) / sum(services) FROM sums
  UNION ALL
  SELECT 'weighted', '', sum(a.value * f.flow) / sum(f.flow)
  FROM corridor_average AS a JOIN flows AS f ON f.corridor = a.corridor
  UNION ALL
  SELECT 'smart_global', '', avg(value) FROM corridor_smart
)
SELECT measure, key, printf('%!.17g', value) AS value
FROM results
WHERE value IS NOT NULL
ORDER BY measure, key;
