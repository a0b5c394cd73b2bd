// What handlers see of HTTP: a request value in, a response value out. Sockets, parsing, limits
// and compression negotiation stay inside web/ (server.h); handlers never touch a connection.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace marquee::web {

struct Request {
  std::string method;        // "GET"
  std::string target;        // raw request target: "/movies?page=2"
  std::string path;          // percent-decoded path without the query: "/movies"
  std::string query_string;  // raw, without '?': "page=2"
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;
  bool keep_alive = true;

  // First header with this (case-insensitive) name, or empty.
  std::string_view header(std::string_view name) const;
  // First query parameter with this name, percent- and plus-decoded.
  std::optional<std::string> query(std::string_view name) const;
  // All fields of an application/x-www-form-urlencoded body.
  std::multimap<std::string, std::string> form() const;
  std::optional<std::string> cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, sent instead of body without copying: cached pages share their bytes.
  std::shared_ptr<const std::string> shared_body;

  void set_header(std::string name, std::string value);
  std::string_view header(std::string_view name) const;
  std::string_view payload() const { return shared_body ? std::string_view(*shared_body) : body; }

  static Response text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  static Response redirect(int status, std::string location);
};

// Percent-decodes s; '+' becomes a space when plus_is_space. Returns nullopt on a bad escape.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);
std::string percent_encode(std::string_view s);
// Parses "a=1&b=x%20y" into ordered pairs; fields with bad escapes are skipped.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

// The headers every HTML page carries: nosniff, no framing, the given Referrer-Policy, and a
// Content-Security-Policy that allows scripts, styles, images and media from the site only.
void add_security_headers(Response& response,
                          std::string_view referrer_policy = "strict-origin-when-cross-origin");

// The non-empty segments of a URL path: "/movies/2010//x/" -> {"movies", "2010", "x"}.
std::vector<std::string_view> path_segments(std::string_view path);

// Whether an If-None-Match header value names `etag` (a quoted tag such as "\"abc\""): "*", or
// any listed tag equal to it under the weak comparison of RFC 9110 (a W/ prefix is ignored).
bool if_none_match(std::string_view header, std::string_view etag);

// Content codings a cached page can be stored in, best first.
enum class Coding { brotli, gzip, identity };
// The best of the codings a client accepts (Accept-Encoding, with q-values), given that the
// server has brotli and gzip variants.
Coding negotiate_coding(std::string_view accept_encoding);
std::string gzip_compress(std::string_view data);
std::string brotli_compress(std::string_view data);
std::string gzip_decompress(std::string_view data);  // for tests; throws on corrupt input

}  // namespace marquee::web
