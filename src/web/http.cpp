// The request and response helpers of http.h: header lookup, percent-coding, query strings,
// urlencoded forms, cookies and Accept-Encoding negotiation. Pure functions over strings.
#include "web/http.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

#include "core/ascii.h"

namespace marquee::web {
namespace {

std::string_view trim(std::string_view s) {
  constexpr std::string_view space = " \t";
  const auto first = s.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(space);
  return s.substr(first, last - first + 1);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Calls visit(key, value) for each well-formed "key=value" field of a query or form body, in
// order. Returns early when visit returns true.
template <typename Visit>
void for_each_field(std::string_view query, Visit visit) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view field = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (field.empty()) continue;
    const auto eq = field.find('=');
    auto key = percent_decode(field.substr(0, eq), true);
    auto value = eq == std::string_view::npos ? std::optional<std::string>(std::string())
                                              : percent_decode(field.substr(eq + 1), true);
    if (!key || !value || key->empty()) continue;
    if (visit(std::move(*key), std::move(*value))) return;
  }
}

template <typename Headers>
std::string_view find_header(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return {};
}

}  // namespace

SpooledBody::SpooledBody(int fd, std::size_t size) : fd_(fd), size_(size) {
  if (size_ == 0) return;  // mmap refuses a zero length; an empty view needs no mapping
  void* mapped = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
  if (mapped == MAP_FAILED) {
    const int error = errno;
    ::close(fd_);
    throw std::system_error(error, std::generic_category(), "cannot map a request body");
  }
  data_ = static_cast<const char*>(mapped);
}

SpooledBody::~SpooledBody() {
  if (data_) ::munmap(const_cast<char*>(data_), size_);
  if (fd_ >= 0) ::close(fd_);
}

std::shared_ptr<const OpenFile> OpenFile::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return nullptr;
  // Size and time come from the descriptor, so they describe exactly the file that is sent.
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return nullptr;
  }
  return std::make_shared<const OpenFile>(fd, static_cast<std::uint64_t>(info.st_size),
                                          static_cast<std::int64_t>(info.st_mtime));
}

OpenFile::~OpenFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::string_view Request::header(std::string_view name) const {
  return find_header(headers, name);
}

std::optional<std::string> Request::query(std::string_view name) const {
  std::optional<std::string> found;
  for_each_field(query_string, [&](std::string key, std::string value) {
    if (key != name) return false;
    found = std::move(value);
    return true;
  });
  return found;
}

std::multimap<std::string, std::string> Request::form() const {
  std::multimap<std::string, std::string> fields;
  // Multipart and JSON bodies are not forms; a body without a type is read as one.
  const std::string_view type = header("content-type");
  if (!type.empty() && !istarts_with(trim(type), "application/x-www-form-urlencoded")) {
    return fields;
  }
  for_each_field(body_view(), [&](std::string key, std::string value) {
    fields.emplace(std::move(key), std::move(value));
    return false;
  });
  return fields;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  // Cookie values are opaque (RFC 6265): no percent-decoding, only optional quotes dropped.
  for (const auto& [key, line] : headers) {
    if (!iequals(key, "cookie")) continue;
    std::string_view rest = line;
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      const std::string_view pair = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos || trim(pair.substr(0, eq)) != name) continue;
      std::string_view value = trim(pair.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
  }
  return std::nullopt;
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (iequals(key, name)) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string_view Response::header(std::string_view name) const {
  return find_header(headers, name);
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  response.headers.emplace_back("Content-Type", std::move(content_type));
  return response;
}

Response Response::redirect(int status, std::string location) {
  Response response;
  response.status = status;
  response.headers.emplace_back("Location", std::move(location));
  return response;
}

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;  // truncated escape
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

namespace {

// s with every byte that keep() refuses written as %XX.
template <typename Keep>
std::string percent_encode_except(std::string_view s, std::string out, Keep&& keep) {
  constexpr char digits[] = "0123456789ABCDEF";
  out.reserve(out.size() + s.size());
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (keep(u)) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(digits[u >> 4]);
      out.push_back(digits[u & 0x0f]);
    }
  }
  return out;
}

bool is_unreserved(unsigned char u) {
  return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' ||
         u == '.' || u == '_' || u == '~';
}

}  // namespace

std::string percent_encode(std::string_view s) {
  return percent_encode_except(s, {}, is_unreserved);
}

std::string local_redirect_path(std::string_view decoded_path) {
  // Browsers read "//host" and "/\host" as another host: drop every leading slash and
  // backslash, then put back the one that makes it a path on this site.
  const auto first = decoded_path.find_first_not_of("/\\");
  const std::string_view rest =
      first == std::string_view::npos ? std::string_view{} : decoded_path.substr(first);
  // RFC 3986 pchar and '/': everything else (controls, spaces, '\', '%', '?', '#', bytes past
  // ASCII) is encoded, so the Location means exactly the decoded path.
  return percent_encode_except(rest, "/", [](unsigned char u) {
    return is_unreserved(u) ||
           std::string_view("!$&'()*+,;=:@/").find(static_cast<char>(u)) != std::string_view::npos;
  });
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> fields;
  for_each_field(query, [&](std::string key, std::string value) {
    fields.emplace_back(std::move(key), std::move(value));
    return false;
  });
  return fields;
}

namespace {

// A q-value in thousandths (RFC 9110 12.4.2: "0" to "1" with up to three decimals), or nullopt
// when malformed.
std::optional<int> parse_qvalue(std::string_view s) {
  if (s.empty() || s.size() > 5 || (s[0] != '0' && s[0] != '1')) return std::nullopt;
  int whole = s[0] - '0';
  int thousandths = 0;
  if (s.size() > 1) {
    if (s[1] != '.') return std::nullopt;
    int scale = 100;
    for (std::size_t i = 2; i < s.size(); ++i, scale /= 10) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      thousandths += (s[i] - '0') * scale;
    }
  }
  const int q = whole * 1000 + thousandths;
  return q > 1000 ? std::nullopt : std::optional<int>(q);
}

}  // namespace

Coding negotiate_coding(std::string_view accept_encoding) {
  // q per coding in thousandths; -1 means the client did not name it.
  int brotli = -1, gzip = -1, identity = -1, any = -1;
  std::string_view rest = accept_encoding;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view item = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const auto semi = item.find(';');
    const std::string_view coding = trim(item.substr(0, semi));
    if (coding.empty()) continue;
    int q = 1000;
    if (semi != std::string_view::npos) {
      const std::string_view param = trim(item.substr(semi + 1));
      if (!istarts_with(param, "q=")) continue;  // unknown parameters: ignore the entry
      const auto parsed = parse_qvalue(trim(param.substr(2)));
      if (!parsed) continue;
      q = *parsed;
    }
    if (iequals(coding, "br")) {
      brotli = q;
    } else if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
      gzip = q;
    } else if (iequals(coding, "identity")) {
      identity = q;
    } else if (coding == "*") {
      any = q;
    }
  }
  // Unnamed codings take the "*" value; identity stays acceptable unless excluded.
  if (brotli < 0) brotli = std::max(any, 0);
  if (gzip < 0) gzip = std::max(any, 0);
  if (identity < 0) identity = any < 0 ? 1 : any;
  // The client's preference wins; on a tie, the smaller variant.
  if (brotli > 0 && brotli >= gzip && brotli >= identity) return Coding::brotli;
  if (gzip > 0 && gzip >= identity) return Coding::gzip;
  // Nothing acceptable at all ("identity;q=0" alone): identity is still the only sane reply.
  return Coding::identity;
}

void add_security_headers(Response& response, std::string_view referrer_policy) {
  SecurityPolicy policy;
  policy.referrer_policy = referrer_policy;
  add_security_headers(response, policy);
}

void add_security_headers(Response& response, const SecurityPolicy& policy) {
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Referrer-Policy", std::string(policy.referrer_policy));
  std::string csp =
      "default-src 'self'; img-src 'self' data:; media-src 'self'; "
      "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; "
      "form-action 'self'; ";
  if (!policy.frame_src.empty()) {
    csp += "frame-src ";
    csp += policy.frame_src;
    csp += "; ";
  }
  csp += policy.framed_by_self ? "frame-ancestors 'self'" : "frame-ancestors 'none'";
  response.set_header("Content-Security-Policy", csp);
  response.set_header("X-Frame-Options", policy.framed_by_self ? "SAMEORIGIN" : "DENY");
}

std::vector<std::string_view> path_segments(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

bool if_none_match(std::string_view header, std::string_view etag) {
  if (header.empty()) return false;
  if (header == "*") return true;
  std::size_t pos = 0;
  while (pos < header.size()) {
    auto comma = header.find(',', pos);
    if (comma == std::string_view::npos) comma = header.size();
    auto item = header.substr(pos, comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.rfind("W/", 0) == 0) item.remove_prefix(2);
    if (item == etag) return true;
    pos = comma + 1;
  }
  return false;
}

}  // namespace marquee::web
