// The multipart/form-data splitter of multipart.h: finds the boundary in the Content-Type, walks
// the delimiters with one Boyer-Moore-Horspool searcher, and reads each part's few headers.
#include "web/multipart.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "core/ascii.h"

namespace marquee::web {
namespace {

constexpr std::string_view kCrlf = "\r\n";

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// A header value like `form-data; name="photo"; filename="a b.jpg"`: the leading token and its
// parameters, names lower-cased, quotes and backslash escapes removed.
struct HeaderValue {
  std::string token;
  std::vector<std::pair<std::string, std::string>> params;

  std::optional<std::string> param(std::string_view name) const {
    for (const auto& [key, value] : params) {
      if (key == name) return value;
    }
    return std::nullopt;
  }
};

std::optional<HeaderValue> parse_header_value(std::string_view s) {
  HeaderValue result;
  auto semi = s.find(';');
  result.token = ascii_lower(trim(s.substr(0, semi)));
  while (semi != std::string_view::npos) {
    s.remove_prefix(semi + 1);
    s = trim(s);
    const auto eq = s.find('=');
    if (eq == std::string_view::npos) {
      if (s.empty()) return result;  // a trailing ';'
      return std::nullopt;
    }
    std::string name = ascii_lower(trim(s.substr(0, eq)));
    s = trim(s.substr(eq + 1));
    std::string value;
    if (!s.empty() && s.front() == '"') {
      std::size_t i = 1;
      for (; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        value.push_back(s[i]);
      }
      if (i >= s.size()) return std::nullopt;  // unterminated quote
      s.remove_prefix(i + 1);
      semi = s.find(';');
      if (!trim(s.substr(0, semi)).empty()) return std::nullopt;  // junk after the quote
    } else {
      semi = s.find(';');
      value = std::string(trim(s.substr(0, semi)));
    }
    result.params.emplace_back(std::move(name), std::move(value));
  }
  return result;
}

// RFC 2046 5.1.1: 1 to 70 characters, no control characters, not ending in a space.
bool valid_boundary(std::string_view b) {
  return !b.empty() && b.size() <= 70 && b.back() != ' ' &&
         std::none_of(b.begin(), b.end(), [](char c) {
           const auto u = static_cast<unsigned char>(c);
           return u < 0x20 || u >= 0x7f;
         });
}

// Reads one part's header block into part; false when it is malformed or names no field.
bool read_part_headers(std::string_view block, FormPart& part) {
  bool named = false;
  part.content_type = "text/plain";
  while (!block.empty()) {
    const auto end = block.find(kCrlf);
    const std::string_view line = block.substr(0, end);
    block = end == std::string_view::npos ? std::string_view{} : block.substr(end + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return false;
    const std::string name = ascii_lower(trim(line.substr(0, colon)));
    const std::string_view value = trim(line.substr(colon + 1));
    if (name == "content-disposition") {
      const auto disposition = parse_header_value(value);
      if (!disposition || disposition->token != "form-data") return false;
      const auto field = disposition->param("name");
      if (!field) return false;
      part.name = *field;
      part.filename = disposition->param("filename");
      named = true;
    } else if (name == "content-type") {
      part.content_type = std::string(value);
    }
  }
  return named;
}

}  // namespace

std::optional<std::vector<FormPart>> parse_multipart(std::string_view content_type,
                                                     std::string_view body, std::size_t max_parts) {
  const auto type = parse_header_value(content_type);
  if (!type || type->token != "multipart/form-data") return std::nullopt;
  const auto boundary = type->param("boundary");
  if (!boundary || !valid_boundary(*boundary)) return std::nullopt;

  const std::string delimiter = "\r\n--" + *boundary;
  const std::boyer_moore_horspool_searcher searcher(delimiter.begin(), delimiter.end());
  const auto find_delimiter = [&](std::size_t from) -> std::size_t {
    const auto it =
        std::search(body.begin() + static_cast<std::ptrdiff_t>(from), body.end(), searcher);
    return it == body.end() ? std::string_view::npos : static_cast<std::size_t>(it - body.begin());
  };

  // The first delimiter may open the body without the CRLF before it; anything before it is a
  // preamble to ignore.
  std::size_t pos;
  if (body.starts_with(std::string_view(delimiter).substr(2))) {
    pos = delimiter.size() - 2;
  } else {
    const auto first = find_delimiter(0);
    if (first == std::string_view::npos) return std::nullopt;
    pos = first + delimiter.size();
  }

  std::vector<FormPart> parts;
  for (;;) {
    std::string_view rest = body.substr(pos);
    if (rest.starts_with("--")) return parts;  // the close delimiter; an epilogue may follow
    const auto line_end = rest.find(kCrlf);
    if (line_end == std::string_view::npos || !trim(rest.substr(0, line_end)).empty()) {
      return std::nullopt;  // only transport padding may follow a delimiter on its line
    }
    const std::size_t headers_start = pos + line_end + 2;
    std::size_t data_start;
    std::string_view header_block;
    if (body.substr(headers_start).starts_with(kCrlf)) {
      data_start = headers_start + 2;  // no headers at all
    } else {
      const auto headers_end = body.find("\r\n\r\n", headers_start);
      if (headers_end == std::string_view::npos) return std::nullopt;
      header_block = body.substr(headers_start, headers_end - headers_start);
      data_start = headers_end + 4;
    }
    // Search from one before the data so that an empty part's CRLF is the delimiter's.
    const auto next = find_delimiter(data_start - 2);
    if (next == std::string_view::npos) return std::nullopt;  // truncated
    FormPart part;
    if (!read_part_headers(header_block, part)) return std::nullopt;
    part.data =
        next >= data_start ? body.substr(data_start, next - data_start) : std::string_view{};
    parts.push_back(std::move(part));
    if (parts.size() > max_parts) return std::nullopt;
    pos = next + delimiter.size();
  }
}

const FormPart* find_part(const std::vector<FormPart>& parts, std::string_view name) {
  for (const auto& part : parts) {
    if (part.name == name) return &part;
  }
  return nullptr;
}

std::string_view part_text(const std::vector<FormPart>& parts, std::string_view name) {
  const FormPart* part = find_part(parts, name);
  return part ? part->data : std::string_view{};
}

}  // namespace marquee::web
