#include "readers/xlsx_reader.hpp"

#include "util/text.hpp"

#include <expat.h>
#include <fmt/format.h>
#include <zip.h>

#include <array>
#include <memory>
#include <optional>

namespace rw::readers {

namespace {

constexpr size_t k_chunk = 64 * 1024;
constexpr int k_max_depth = 64;
constexpr zip_uint64_t k_max_entry_size = 4ULL << 30; // 4 GiB uncompressed

struct ZipDiscard
{
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct ZipFileClose
{
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
struct ParserFree
{
  void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};

using Archive = std::unique_ptr<zip_t, ZipDiscard>;
using ZipFile = std::unique_ptr<zip_file_t, ZipFileClose>;
using Parser = std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserFree>;

std::string_view
local_name(const XML_Char* name)
{
  std::string_view view(name);
  const auto colon = view.rfind(':');
  return colon == std::string_view::npos ? view : view.substr(colon + 1);
}

const XML_Char*
attribute(const XML_Char** attributes, std::string_view name)
{
  for (size_t i = 0; attributes[i] != nullptr; i += 2) {
    if (local_name(attributes[i]) == name) {
      return attributes[i + 1];
    }
  }
  return nullptr;
}

// The SAX side every part of the workbook shares: depth and DTD limits, the
// first error, and text accumulation.
class SaxHandler
{
public:
  SaxHandler() = default;
  SaxHandler(const SaxHandler&) = delete;
  SaxHandler& operator=(const SaxHandler&) = delete;
  virtual ~SaxHandler() = default;

  virtual void start(std::string_view name, const XML_Char** attributes) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view) {}

  std::optional<std::string> error;
  bool stopped = false; // stopped on purpose (early stop), not an error
  int depth = 0;
  XML_Parser parser = nullptr;

  // Stops expat at once (not at the end of the chunk) after an error or an
  // early stop.
  void halt_if_done() const
  {
    if (error || stopped) {
      XML_StopParser(parser, XML_FALSE);
    }
  }
};

void XMLCALL
on_start(void* data, const XML_Char* name, const XML_Char** attributes)
{
  auto* handler = static_cast<SaxHandler*>(data);
  if (++handler->depth > k_max_depth) {
    handler->error = fmt::format("XML nested deeper than {} elements", k_max_depth);
    handler->halt_if_done();
    return;
  }
  handler->start(local_name(name), attributes);
  handler->halt_if_done();
}

void XMLCALL
on_end(void* data, const XML_Char* name)
{
  auto* handler = static_cast<SaxHandler*>(data);
  --handler->depth;
  handler->end(local_name(name));
  handler->halt_if_done();
}

void XMLCALL
on_text(void* data, const XML_Char* text, int length)
{
  static_cast<SaxHandler*>(data)->text(std::string_view(text, static_cast<size_t>(length)));
}

void XMLCALL
on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int)
{
  auto* handler = static_cast<SaxHandler*>(data);
  handler->error = "a DOCTYPE declaration (refused: no DTD processing)";
  handler->halt_if_done();
}

void XMLCALL
on_entity(void* data, const XML_Char*, int, const XML_Char*, int, const XML_Char*, const XML_Char*,
          const XML_Char*, const XML_Char*)
{
  auto* handler = static_cast<SaxHandler*>(data);
  handler->error = "an entity declaration (refused)";
  handler->halt_if_done();
}

struct Workbook
{
  std::filesystem::path path;
  Archive archive;
};

util::Expected<Workbook>
open_workbook(const std::filesystem::path& path)
{
  int code = 0;
  zip_t* raw = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (raw == nullptr) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string reason = zip_error_strerror(&error);
    zip_error_fini(&error);
    return util::make_error(code == ZIP_ER_NOENT ? util::ErrorKind::not_found : util::ErrorKind::parse,
                            fmt::format("{}: not an xlsx workbook (zip: {})", path.string(), reason));
  }
  return Workbook{path, Archive(raw)};
}

// Feeds one archive entry to expat chunk by chunk.
util::Expected<void>
parse_entry(Workbook& workbook, const std::string& entry, SaxHandler& handler)
{
  const std::string where = fmt::format("{}[{}]", workbook.path.string(), entry);
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(workbook.archive.get(), entry.c_str(), 0, &stat) != 0) {
    return util::make_error(util::ErrorKind::parse, fmt::format("{}: missing from the workbook", where));
  }
  if ((stat.valid & ZIP_STAT_SIZE) != 0 && stat.size > k_max_entry_size) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: {} bytes uncompressed, more than the {} allowed", where, stat.size,
                                        k_max_entry_size));
  }
  ZipFile file(zip_fopen(workbook.archive.get(), entry.c_str(), 0));
  if (!file) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: cannot open: {}", where, zip_strerror(workbook.archive.get())));
  }
  Parser parser(XML_ParserCreate(nullptr));
  if (!parser) {
    throw std::bad_alloc();
  }
  handler.parser = parser.get();
  XML_SetUserData(parser.get(), &handler);
  XML_SetElementHandler(parser.get(), on_start, on_end);
  XML_SetCharacterDataHandler(parser.get(), on_text);
  XML_SetStartDoctypeDeclHandler(parser.get(), on_doctype);
  XML_SetEntityDeclHandler(parser.get(), on_entity);
  XML_SetParamEntityParsing(parser.get(), XML_PARAM_ENTITY_PARSING_NEVER);

  std::array<char, k_chunk> buffer{};
  zip_uint64_t total = 0;
  while (true) {
    const zip_int64_t read = zip_fread(file.get(), buffer.data(), buffer.size());
    if (read < 0) {
      return util::make_error(util::ErrorKind::parse,
                              fmt::format("{}: cannot inflate: {}", where, zip_file_strerror(file.get())));
    }
    total += static_cast<zip_uint64_t>(read);
    if (total > k_max_entry_size) {
      return util::make_error(util::ErrorKind::parse, fmt::format("{}: larger than {} bytes", where, k_max_entry_size));
    }
    const bool last = read == 0;
    const auto status = XML_Parse(parser.get(), buffer.data(), static_cast<int>(read), last ? 1 : 0);
    if (handler.error) {
      return util::make_error(util::ErrorKind::parse,
                              fmt::format("{}:{}: {}", where, XML_GetCurrentLineNumber(parser.get()), *handler.error));
    }
    if (handler.stopped) {
      return {};
    }
    if (status != XML_STATUS_OK) {
      return util::make_error(util::ErrorKind::parse,
                              fmt::format("{}:{}: malformed XML: {}", where, XML_GetCurrentLineNumber(parser.get()),
                                          XML_ErrorString(XML_GetErrorCode(parser.get()))));
    }
    if (last) {
      return {};
    }
  }
}

// Collects two attributes of every element with a given name:
// xl/workbook.xml <sheet name r:id>, xl/_rels/workbook.xml.rels <Relationship Id Target>.
class AttributePairsHandler final : public SaxHandler
{
public:
  AttributePairsHandler(std::string_view element, std::string_view first, std::string_view second)
    : m_element(element),
      m_first(first),
      m_second(second)
  {
  }

  std::vector<std::pair<std::string, std::string>> pairs;

  void start(std::string_view name, const XML_Char** attributes) override
  {
    if (name == m_element) {
      const XML_Char* first = attribute(attributes, m_first);
      const XML_Char* second = attribute(attributes, m_second);
      if (first != nullptr && second != nullptr) {
        pairs.emplace_back(first, second);
      }
    }
  }
  void end(std::string_view) override {}

private:
  std::string_view m_element;
  std::string_view m_first;
  std::string_view m_second;
};

// xl/sharedStrings.xml: <si> of <t> or rich-text runs <r><t>; phonetic <rPh> ignored.
class SharedStringsHandler final : public SaxHandler
{
public:
  std::vector<std::string> strings;
  void start(std::string_view name, const XML_Char**) override
  {
    if (name == "si") {
      m_current.clear();
    } else if (name == "rPh") {
      m_in_phonetic = true;
    } else if (name == "t") {
      m_in_text = true;
    }
  }
  void end(std::string_view name) override
  {
    if (name == "si") {
      strings.push_back(std::move(m_current));
      m_current.clear();
    } else if (name == "rPh") {
      m_in_phonetic = false;
    } else if (name == "t") {
      m_in_text = false;
    }
  }
  void text(std::string_view text) override
  {
    if (m_in_text && !m_in_phonetic) {
      m_current.append(text);
    }
  }

private:
  std::string m_current;
  bool m_in_text = false;
  bool m_in_phonetic = false;
};

// "C5" → column index 2; letters only.
std::optional<size_t>
column_of(std::string_view reference)
{
  size_t column = 0;
  size_t letters = 0;
  for (const char c : reference) {
    if (c >= 'A' && c <= 'Z') {
      column = column * 26 + static_cast<size_t>(c - 'A' + 1);
      ++letters;
    } else {
      break;
    }
  }
  if (letters == 0 || letters > 3) {
    return std::nullopt;
  }
  return column - 1;
}

class SheetHandler final : public SaxHandler
{
public:
  SheetHandler(const std::vector<std::string>& shared, const XlsxRowHandler& on_row)
    : m_shared(shared),
      m_on_row(on_row)
  {
  }

  void start(std::string_view name, const XML_Char** attributes) override
  {
    if (name == "row") {
      m_cells.clear();
      const XML_Char* r = attribute(attributes, "r");
      const auto number = r != nullptr ? util::parse_integer(r) : std::nullopt;
      m_row = number && *number > 0 ? static_cast<size_t>(*number) : m_row + 1;
      m_next_column = 0;
    } else if (name == "c") {
      const XML_Char* r = attribute(attributes, "r");
      const XML_Char* type = attribute(attributes, "t");
      m_type = type != nullptr ? type : "n";
      const auto column = r != nullptr ? column_of(r) : std::optional<size_t>(m_next_column);
      if (!column) {
        error = fmt::format("cell reference '{}' is not a column and row", r);
        return;
      }
      m_column = *column;
      m_next_column = m_column + 1;
      m_value.clear();
      m_in_cell = true;
    } else if (m_in_cell && (name == "v" || name == "t")) {
      m_in_value = true;
    }
  }

  void end(std::string_view name) override
  {
    if (name == "v" || name == "t") {
      m_in_value = false;
    } else if (name == "c") {
      m_in_cell = false;
      store_cell();
    } else if (name == "row") {
      auto more = m_on_row(m_row, m_cells);
      if (!more) {
        error = more.error().message;
        handler_error = more.error();
      } else if (!*more) {
        stopped = true;
      }
    }
  }

  void text(std::string_view text) override
  {
    if (m_in_value) {
      m_value.append(text);
    }
  }

  std::optional<util::Error> handler_error; // an error of the row handler, passed up as is

private:
  void store_cell()
  {
    std::string value;
    if (m_type == "s") {
      const auto index = util::parse_integer(m_value);
      if (!index || *index < 0 || static_cast<size_t>(*index) >= m_shared.size()) {
        error = fmt::format("row {}: shared string '{}' does not exist", m_row, m_value);
        return;
      }
      value = m_shared[static_cast<size_t>(*index)];
    } else if (m_type == "b") {
      value = m_value == "1" ? "TRUE" : "FALSE";
    } else {
      value = std::move(m_value); // n, str, inlineStr, e: the text as stored
    }
    if (m_cells.size() <= m_column) {
      m_cells.resize(m_column + 1);
    }
    m_cells[m_column] = std::move(value);
    m_value.clear();
  }

  const std::vector<std::string>& m_shared;
  const XlsxRowHandler& m_on_row;
  std::vector<std::string> m_cells;
  std::string m_value;
  std::string m_type;
  size_t m_row = 0;
  size_t m_column = 0;
  size_t m_next_column = 0;
  bool m_in_cell = false;
  bool m_in_value = false;
};

bool
has_entry(Workbook& workbook, const std::string& entry)
{
  return zip_name_locate(workbook.archive.get(), entry.c_str(), 0) >= 0;
}

util::Expected<std::vector<std::pair<std::string, std::string>>>
read_sheets(Workbook& workbook)
{
  if (!has_entry(workbook, "xl/workbook.xml")) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: a zip file but not an xlsx workbook (no xl/workbook.xml)",
                                        workbook.path.string()));
  }
  AttributePairsHandler sheets("sheet", "name", "id"); // name, r:id
  if (auto ok = parse_entry(workbook, "xl/workbook.xml", sheets); !ok) {
    return std::unexpected(ok.error());
  }
  return sheets.pairs;
}

} // namespace

util::Expected<std::vector<std::string>>
xlsx_sheet_names(const std::filesystem::path& file)
{
  auto workbook = open_workbook(file);
  if (!workbook) {
    return std::unexpected(workbook.error());
  }
  auto sheets = read_sheets(*workbook);
  if (!sheets) {
    return std::unexpected(sheets.error());
  }
  std::vector<std::string> names;
  for (const auto& [name, id] : *sheets) {
    names.push_back(name);
  }
  return names;
}

util::Expected<void>
read_xlsx_sheet(const std::filesystem::path& file, std::string_view sheet_name, const XlsxRowHandler& on_row)
{
  auto workbook = open_workbook(file);
  if (!workbook) {
    return std::unexpected(workbook.error());
  }
  auto sheets = read_sheets(*workbook);
  if (!sheets) {
    return std::unexpected(sheets.error());
  }
  std::string id;
  std::vector<std::string> names;
  for (const auto& [name, sheet_id] : *sheets) {
    names.push_back(fmt::format("'{}'", name));
    if (name == sheet_name) {
      id = sheet_id;
    }
  }
  if (id.empty()) {
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("{}: no sheet '{}' (sheets: {})", file.string(), sheet_name,
                                        fmt::join(names, ", ")));
  }
  AttributePairsHandler relationships("Relationship", "Id", "Target");
  if (auto ok = parse_entry(*workbook, "xl/_rels/workbook.xml.rels", relationships); !ok) {
    return ok;
  }
  std::string target;
  for (const auto& [rel_id, rel_target] : relationships.pairs) {
    if (rel_id == id) {
      target = rel_target;
    }
  }
  if (target.empty()) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: sheet '{}' has no part in the workbook's relationships",
                                        file.string(), sheet_name));
  }
  // Targets are relative to xl/ ("worksheets/sheet1.xml") or absolute ("/xl/…").
  const std::string part = target.starts_with('/') ? target.substr(1) : "xl/" + target;

  SharedStringsHandler shared;
  if (has_entry(*workbook, "xl/sharedStrings.xml")) {
    if (auto ok = parse_entry(*workbook, "xl/sharedStrings.xml", shared); !ok) {
      return ok;
    }
  }
  SheetHandler sheet(shared.strings, on_row);
  auto ok = parse_entry(*workbook, part, sheet);
  if (sheet.handler_error) {
    return std::unexpected(*sheet.handler_error);
  }
  return ok;
}

} // namespace rw::readers
