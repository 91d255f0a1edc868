// The World Bank's RPW release: the newest workbook the Data Catalog lists
// for the dataset (its URL and file name change with every release), fetched
// with a conditional GET, archived, and imported whole in one transaction by
// the importer, which records the release (store/releases.hpp).

#include "collector/importer.hpp"
#include "collector/source.hpp"
#include "collector/sources/registry.hpp"
#include "collector/url.hpp"
#include "readers/data_catalog.hpp"
#include "store/collect_records.hpp"
#include "store/releases.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

namespace rw::collector {

namespace {

constexpr const char* k_rpw = "rpw";

std::string
catalog_url(const CollectConfig& config)
{
  return fmt::format("{}/ddhxext/DatasetView?dataset_unique_id={}", trim_slash(config.rpw_catalog_base_url),
                     url_encode(config.rpw_dataset));
}

// What a release changed, for the run item and the log.
std::string
describe_import(const readers::CatalogRelease& release, const ImportSummary& summary)
{
  std::string text = fmt::format("release {}: {} rows added, {} changed, {} unchanged", release.file_name,
                                 util::group_thousands(summary.imported), util::group_thousands(summary.updated),
                                 util::group_thousands(summary.unchanged));
  if (summary.updated > 0 && summary.revised_first) {
    text += "; " + describe_revision(summary.updated, *summary.revised_first, *summary.revised_last);
  }
  if (summary.rejected > 0) {
    text += fmt::format("; {} rows rejected", util::group_thousands(summary.rejected));
  }
  return text;
}

std::string
already_imported(const readers::CatalogRelease& release)
{
  return fmt::format("release {} already imported", release.file_name);
}

// The catalog's answer: the newest release, or nothing when the request
// failed (recorded in the run).
util::Expected<std::optional<readers::CatalogRelease>>
find_release(Run& run, net::HttpClient& client, const CollectConfig& config)
{
  const std::string url = catalog_url(config);
  const std::string where = net::redact_url(url);
  auto response = std::move(client.fetch({net::HttpRequest{url}}).front());
  std::optional<readers::CatalogRelease> none;
  if (!response) {
    auto ok = run.fail(k_rpw, "catalog", std::nullopt, response.error().message);
    return ok ? util::Expected<std::optional<readers::CatalogRelease>>(none) : std::unexpected(ok.error());
  }
  auto release = response->status == 200
                   ? readers::parse_catalog_release(response->body, where)
                   : util::make_error(util::ErrorKind::network,
                                      fmt::format("{}: HTTP {} from the Data Catalog; check sources.rpw.dataset",
                                                  where, response->status));
  if (!release) {
    auto ok = run.reject(k_rpw, "catalog", std::nullopt, url, *response, release.error().message);
    return ok ? util::Expected<std::optional<readers::CatalogRelease>>(none) : std::unexpected(ok.error());
  }
  auto sha = run.archive().put(response->body);
  if (!sha) {
    auto ok = run.fail(k_rpw, "catalog", std::nullopt, sha.error().message);
    return ok ? util::Expected<std::optional<readers::CatalogRelease>>(none) : std::unexpected(ok.error());
  }
  auto ok = run.accept(
    k_rpw, "catalog", std::nullopt, url, *response, *sha, [] { return util::Expected<std::int64_t>(0); },
    fmt::format("newest release {} (version '{}', {})", release->file_name, release->version, release->date));
  if (!ok) {
    return std::unexpected(ok.error());
  }
  return std::optional<readers::CatalogRelease>(std::move(*release));
}

// The downloaded workbook into the store through the importer (its own
// transaction); then the response, the run item and the validators for the
// next conditional GET. Killed between the two, the next run downloads the
// same bytes again and finds the release imported.
util::Expected<void>
import_release(Run& run, const Scope& scope, const readers::CatalogRelease& release,
               const net::HttpResponse& response, const std::string& sha)
{
  const std::string where = net::redact_url(release.url);
  auto known = store::release_with_sha256(run.database(), sha);
  if (!known) {
    return std::unexpected(known.error());
  }
  std::string note = already_imported(release);
  if (!*known) {
    ImportSettings settings;
    settings.release = ReleaseInfo{release.file_name, release.version, release.date, where};
    auto summary = import_file(run.database(), ImportKind::rpw, run.archive().path_of(sha), scope.catalogue,
                               run.options().now, {}, settings);
    if (!summary) {
      if (summary.error().kind == util::ErrorKind::database) {
        return std::unexpected(summary.error()); // the store failed: the run stops
      }
      return run.reject(k_rpw, "release", std::nullopt, release.url, response,
                        fmt::format("{} ({}): {}; nothing of it was imported", release.file_name, where,
                                    summary.error().message));
    }
    run.summary().quotes_new += summary->imported;
    run.summary().quotes_updated += summary->updated;
    run.summary().quotes_unchanged += summary->unchanged;
    if (summary->run_id != 0) {
      note = describe_import(release, *summary);
    }
  }
  return run.accept(
    k_rpw, "release", std::nullopt, release.url, response, sha,
    [&]() -> util::Expected<std::int64_t> {
      if (auto ok = store::save_validators(run.database(), where,
                                           {header(response, "etag"), header(response, "last-modified"), sha});
          !ok) {
        return std::unexpected(ok.error());
      }
      return 0;
    },
    note);
}

class RpwSource final : public Source
{
public:
  std::string_view name() const override { return k_rpw; }
  size_t planned(const Scope&) const override { return 2; }

  std::vector<std::string> plan(const Scope& scope) const override
  {
    return {fmt::format("rpw: GET {}", net::redact_url(catalog_url(scope.config))),
            "rpw: GET the newest release workbook the catalog lists (conditional GET), imported in one transaction"};
  }

  util::Expected<void> run(Run& run, net::HttpClient& client, const Scope& scope) const override
  {
    auto release = find_release(run, client, scope.config);
    if (!release) {
      return std::unexpected(release.error());
    }
    if (!*release) {
      return run.fail(k_rpw, "release", std::nullopt, "not fetched: the catalog named no release");
    }
    const readers::CatalogRelease& newest = **release;
    const std::string where = net::redact_url(newest.url);
    net::HttpRequest request{newest.url};
    request.max_bytes = scope.config.rpw_max_bytes;
    auto answer = conditional_get(run, client, request);
    if (!answer) {
      return std::unexpected(answer.error());
    }
    auto& response = answer->response;
    if (!response) {
      return run.fail(k_rpw, "release", std::nullopt, response.error().message);
    }
    if (answer->not_modified()) {
      return run.not_modified(k_rpw, "release", newest.url, answer->validators->sha256, already_imported(newest),
                              already_imported(newest));
    }
    if (response->status != 200) {
      return run.reject(k_rpw, "release", std::nullopt, newest.url, *response,
                        fmt::format("HTTP {} for {}: the Data Catalog lists release {} there, but it cannot be "
                                    "downloaded; nothing was imported (try again later, or report the catalog entry "
                                    "to the World Bank)",
                                    response->status, where, newest.file_name));
    }
    auto sha = run.archive().put(response->body);
    if (!sha) {
      return run.fail(k_rpw, "release", std::nullopt, sha.error().message);
    }
    return import_release(run, scope, newest, *response, *sha);
  }
};

} // namespace

const Source&
rpw_source()
{
  static const RpwSource source;
  return source;
}

} // namespace rw::collector
