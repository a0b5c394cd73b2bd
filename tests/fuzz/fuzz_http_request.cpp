// Fuzzes the request side of web/: Beast's parser with the server's limits, then what the
// server and handlers do with a parsed head (target splitting, percent-decoding, queries,
// cookies, forms, Accept-Encoding, If-None-Match, redirect paths).
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "web/http.h"

namespace http = boost::beast::http;
using namespace marquee::web;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(1024 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  std::size_t offset = 0;
  while (offset < input.size() && !parser.is_done()) {
    const std::size_t used =
        parser.put(boost::asio::buffer(input.data() + offset, input.size() - offset), ec);
    offset += used;
    if (ec == http::error::need_more || used == 0) break;
    if (ec) return 0;
  }
  if (!parser.is_header_done()) return 0;
  const auto& message = parser.get();
  Request request;
  request.method.assign(message.method_string().data(), message.method_string().size());
  request.target.assign(message.target().data(), message.target().size());
  for (const auto& field : message) {
    request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  if (parser.is_done()) request.body = message.body();
  const std::string_view target = request.target;
  const auto question = target.find('?');
  if (auto path = percent_decode(target.substr(0, question), false)) {
    request.path = *path;
    (void)local_redirect_path(*path);
    (void)path_segments(*path);
  }
  if (question != std::string_view::npos) request.query_string = target.substr(question + 1);
  (void)parse_query(request.query_string);
  (void)request.query("page");
  (void)request.cookie("marquee_session");
  (void)request.form();
  (void)negotiate_coding(request.header("accept-encoding"));
  (void)if_none_match(request.header("if-none-match"), "\"abc\"");
  (void)percent_encode(request.body);
  return 0;
}
