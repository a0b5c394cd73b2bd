// What handlers see of HTTP: a request value in, a response value out. Sockets, parsing, limits
// and compression negotiation stay inside web/ (server.h); handlers never touch a connection.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace marquee::web {

// A request body too large to keep in memory, spooled by the server to an unlinked temporary
// file and mapped read-only, so that handlers see its bytes without the process holding them on
// its heap. The file vanishes with the last reference.
class SpooledBody {
 public:
  // Takes ownership of fd (a file of exactly `size` bytes) and maps it; throws
  // std::system_error when the mapping fails.
  SpooledBody(int fd, std::size_t size);
  ~SpooledBody();
  SpooledBody(const SpooledBody&) = delete;
  SpooledBody& operator=(const SpooledBody&) = delete;

  std::string_view bytes() const { return {data_, size_}; }

 private:
  int fd_ = -1;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

// An open file whose bytes a response sends straight from disk (photos, posters, clips), so that
// no request reads a file whole into memory. The descriptor closes with the last reference.
class OpenFile {
 public:
  // nullptr when the path cannot be opened for reading or is not a regular file.
  static std::shared_ptr<const OpenFile> open(const std::string& path);
  OpenFile(int fd, std::uint64_t size, std::int64_t modified)
      : fd_(fd), size_(size), modified_(modified) {}
  ~OpenFile();
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;

  int fd() const { return fd_; }
  std::uint64_t size() const { return size_; }
  std::int64_t modified() const { return modified_; }  // seconds since the epoch

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::int64_t modified_ = 0;
};

struct Request {
  std::string method;        // "GET"
  std::string target;        // raw request target: "/movies?page=2"
  std::string path;          // percent-decoded path without the query: "/movies"
  std::string query_string;  // raw, without '?': "page=2"
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  // The body when it fits in ServerOptions::body_memory_limit; otherwise empty and `spooled`
  // holds it. Handlers of paths whose bodies may be large read body_view().
  std::string body;
  std::shared_ptr<const SpooledBody> spooled;
  std::string remote_address;
  bool keep_alive = true;

  // First header with this (case-insensitive) name, or empty.
  std::string_view header(std::string_view name) const;
  // First query parameter with this name, percent- and plus-decoded.
  std::optional<std::string> query(std::string_view name) const;
  // All fields of an application/x-www-form-urlencoded body.
  std::multimap<std::string, std::string> form() const;
  std::optional<std::string> cookie(std::string_view name) const;
  // The body wherever it is: in memory or in the spooled file.
  std::string_view body_view() const { return spooled ? spooled->bytes() : std::string_view(body); }
};

// A stretch of an open file to send as a response body.
struct FileSlice {
  std::shared_ptr<const OpenFile> file;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, sent instead of body without copying: cached pages share their bytes.
  std::shared_ptr<const std::string> shared_body;
  // When set, the body is these bytes of a file, streamed from disk by the server (body and
  // shared_body are ignored).
  std::optional<FileSlice> file;
  // When set, the response is a Server-Sent Events stream the server holds open (event_hub.h):
  // the head, then `opening` (what a reconnecting reader missed), then every event the hub
  // publishes on `channel` with an id above after_id, until the client goes, falls too far
  // behind, or the channel closes. Needs Handlers::events; the body fields are ignored.
  struct EventStream {
    std::string channel;
    std::string opening;
    std::uint64_t after_id = 0;
  };
  std::optional<EventStream> event_stream;

  void set_header(std::string name, std::string value);
  std::string_view header(std::string_view name) const;
  // The body's length, whichever of body, shared_body or file holds it.
  std::uint64_t payload_size() const { return file ? file->length : payload().size(); }
  std::string_view payload() const { return shared_body ? std::string_view(*shared_body) : body; }

  static Response text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  static Response redirect(int status, std::string location);
};

// Percent-decodes s; '+' becomes a space when plus_is_space. Returns nullopt on a bad escape.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);
std::string percent_encode(std::string_view s);
// A decoded URL path made safe to send back as a Location on this site: percent-encoded where a
// path needs it, and starting with exactly one '/', so that no browser reads it as another host
// ("//evil.example", "/\evil.example" and their encoded forms all become "/evil.example").
std::string local_redirect_path(std::string_view decoded_path);
// Parses "a=1&b=x%20y" into ordered pairs; fields with bad escapes are skipped.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

// The headers every HTML page carries: nosniff, no framing, the given Referrer-Policy, and a
// Content-Security-Policy that allows scripts, styles, images and media from the site only.
void add_security_headers(Response& response,
                          std::string_view referrer_policy = "strict-origin-when-cross-origin");

// What a page may do beyond that: frame other sites (CSP frame-src, e.g. the embed players a
// story's readers may choose to load) or be framed by the site's own pages (the newsroom's
// preview), which no other page allows.
struct SecurityPolicy {
  std::string_view referrer_policy = "strict-origin-when-cross-origin";
  std::string_view frame_src;   // space-separated sources; empty: only the site's own
  bool framed_by_self = false;  // frame-ancestors 'self' instead of 'none'
};
void add_security_headers(Response& response, const SecurityPolicy& policy);

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
