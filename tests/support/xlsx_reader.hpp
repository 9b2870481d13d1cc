#pragma once
// Reading back an .xlsx that libxlsxwriter wrote, for the tests: a zip member inflated with
// zlib, and a sheet's cells by reference with shared strings resolved. Only what libxlsxwriter
// writes is handled (sheets stored as xl/worksheets/sheetN.xml in the workbook's order).

#include <cctype>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>

#include <zlib.h>

namespace ehsim::test {

inline std::uint32_t le(const std::string& bytes, std::size_t at, int width) {
  std::uint32_t v = 0;
  for (int i = width - 1; i >= 0; --i)
    v = (v << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
  return v;
}

// One member of a zip archive, found through the central directory and inflated with zlib.
inline std::string zip_member(const std::string& zip, const std::string& name) {
  const std::size_t end = zip.rfind(std::string("PK\x05\x06", 4));
  if (end == std::string::npos) return {};
  std::size_t at = le(zip, end + 16, 4);  // start of the central directory
  const std::uint32_t entries = le(zip, end + 10, 2);
  for (std::uint32_t i = 0; i < entries; ++i) {
    const auto method = le(zip, at + 10, 2), packed = le(zip, at + 20, 4),
               size = le(zip, at + 24, 4);
    const auto name_len = le(zip, at + 28, 2), extra_len = le(zip, at + 30, 2),
               comment_len = le(zip, at + 32, 2);
    const auto local = le(zip, at + 42, 4);
    if (zip.compare(at + 46, name_len, name) == 0) {
      const std::size_t data = local + 30 + le(zip, local + 26, 2) + le(zip, local + 28, 2);
      if (method == 0) return zip.substr(data, size);
      std::string out(size, '\0');
      z_stream z{};
      inflateInit2(&z, -MAX_WBITS);  // raw deflate, as zip stores it
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
      z.avail_in = packed;
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = size;
      inflate(&z, Z_FINISH);
      inflateEnd(&z);
      return out;
    }
    at += 46 + name_len + extra_len + comment_len;
  }
  return {};
}

inline std::string xml_unescaped(std::string text) {
  const std::pair<const char*, const char*> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  for (const auto& [entity, ch] : entities) {
    for (std::size_t at = text.find(entity); at != std::string::npos;
         at = text.find(entity, at + 1)) {
      text.replace(at, std::string(entity).size(), ch);
    }
  }
  return text;
}

// The text of every <t> element of an XML fragment, joined (a rich string has several).
inline std::string text_elements(const std::string& xml) {
  std::string out;
  for (std::size_t at = xml.find("<t"); at != std::string::npos; at = xml.find("<t", at + 1)) {
    const std::size_t open_end = xml.find('>', at);
    const std::size_t close = xml.find("</t>", open_end);
    if (open_end == std::string::npos || close == std::string::npos) break;
    out += xml_unescaped(xml.substr(open_end + 1, close - open_end - 1));
    at = close;
  }
  return out;
}

// The sheet named `sheet` of the workbook `xlsx` (its bytes): cell reference ("B7") -> the
// cell's text, or a number's (or a formula's cached value's) text as written. Empty when the
// workbook has no such sheet.
inline std::map<std::string, std::string> sheet_cells(const std::string& xlsx,
                                                      const std::string& sheet) {
  const std::string book = zip_member(xlsx, "xl/workbook.xml");
  int index = 0, found = 0;
  for (std::size_t at = book.find("<sheet "); at != std::string::npos;
       at = book.find("<sheet ", at + 1)) {
    ++index;
    if (xml_unescaped(book.substr(at, book.find('>', at) - at)).find("name=\"" + sheet + "\"") !=
        std::string::npos) {
      found = index;
    }
  }
  std::map<std::string, std::string> cells;
  if (found == 0) return cells;
  std::vector<std::string> shared;
  const std::string strings = zip_member(xlsx, "xl/sharedStrings.xml");
  for (std::size_t at = strings.find("<si>"); at != std::string::npos;
       at = strings.find("<si>", at + 1)) {
    shared.push_back(text_elements(strings.substr(at, strings.find("</si>", at) - at)));
  }
  const std::string xml = zip_member(xlsx, "xl/worksheets/sheet" + std::to_string(found) + ".xml");
  for (std::size_t at = xml.find("<c r=\""); at != std::string::npos;
       at = xml.find("<c r=\"", at + 1)) {
    const std::size_t ref_end = xml.find('"', at + 6);
    const std::string ref = xml.substr(at + 6, ref_end - at - 6);
    const std::size_t open_end = xml.find('>', at);
    if (xml[open_end - 1] == '/') continue;  // an empty, formatted cell
    const std::string open = xml.substr(at, open_end - at);
    const std::size_t close = xml.find("</c>", open_end);
    const std::string body = xml.substr(open_end + 1, close - open_end - 1);
    const std::size_t v = body.find("<v>");
    if (v == std::string::npos) continue;
    const std::string value = xml_unescaped(body.substr(v + 3, body.find("</v>", v) - v - 3));
    cells[ref] = open.find("t=\"s\"") != std::string::npos ? shared.at(std::stoul(value)) : value;
  }
  return cells;
}

// The row (1-based, as in a cell reference) whose cell in `column` reads `text`; 0 if none.
inline int row_with(const std::map<std::string, std::string>& cells, const std::string& column,
                    const std::string& text) {
  for (const auto& [ref, value] : cells) {
    if (value == text && ref.rfind(column, 0) == 0 &&
        std::isdigit(static_cast<unsigned char>(ref[column.size()])))
      return std::stoi(ref.substr(column.size()));
  }
  return 0;
}

// The number in cell `ref`; NaN (which no expectation accepts) when the cell is empty.
inline double number_in(const std::map<std::string, std::string>& cells, const std::string& ref) {
  const auto it = cells.find(ref);
  return it == cells.end() ? std::nan("") : std::stod(it->second);
}

}  // namespace ehsim::test
