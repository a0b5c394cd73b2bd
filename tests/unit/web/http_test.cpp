// Tests of the handler-facing helpers in web/http.h: percent-coding, query strings, forms,
// cookies, Accept-Encoding negotiation and the gzip/brotli round trips.
#include "web/http.h"

#include <brotli/decode.h>
#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

namespace marquee::web {
namespace {

struct DecodeCase {
  std::string input;
  bool plus_is_space;
  std::optional<std::string> expected;
};

TEST(SecurityHeaders, FramingIsNoneUnlessAPageAsksForIt) {
  Response plain;
  add_security_headers(plain);
  EXPECT_EQ(plain.header("x-frame-options"), "DENY");
  const std::string csp(plain.header("content-security-policy"));
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("frame-src"), std::string::npos) << csp;

  Response story;
  SecurityPolicy players;
  players.frame_src = "https://player.example https://other.example";
  add_security_headers(story, players);
  const std::string story_csp(story.header("content-security-policy"));
  EXPECT_NE(story_csp.find("; frame-src https://player.example https://other.example; "),
            std::string::npos)
      << story_csp;
  EXPECT_NE(story_csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(story.header("x-frame-options"), "DENY");

  Response preview;
  SecurityPolicy framed;
  framed.referrer_policy = "same-origin";
  framed.framed_by_self = true;
  add_security_headers(preview, framed);
  const std::string preview_csp(preview.header("content-security-policy"));
  EXPECT_NE(preview_csp.find("frame-ancestors 'self'"), std::string::npos) << preview_csp;
  EXPECT_EQ(preview_csp.find("'none'; frame"), std::string::npos);
  EXPECT_EQ(preview.header("x-frame-options"), "SAMEORIGIN");
  EXPECT_EQ(preview.header("referrer-policy"), "same-origin");
}

TEST(PercentDecode, Table) {
  const DecodeCase cases[] = {
      {"", false, ""},
      {"plain", false, "plain"},
      {"a%20b", false, "a b"},
      {"%41%42%43", false, "ABC"},
      {"%e2%80%9c", false, "\xe2\x80\x9c"},  // lower-case hex is fine
      {"%E2%80%9C", false, "\xe2\x80\x9c"},
      {"a+b", false, "a+b"},
      {"a+b", true, "a b"},
      {"%2B", true, "+"},  // an escaped plus stays a plus
      {"100%25", false, "100%"},
      {"%00", false, std::string(1, '\0')},
      {"%", false, std::nullopt},
      {"abc%", false, std::nullopt},
      {"%4", false, std::nullopt},
      {"abc%4", false, std::nullopt},
      {"%G1", false, std::nullopt},
      {"%1G", false, std::nullopt},
      {"%%41", false, std::nullopt},
      {"% 41", false, std::nullopt},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(percent_decode(c.input, c.plus_is_space), c.expected)
        << "input: \"" << c.input << "\" plus_is_space=" << c.plus_is_space;
  }
}

TEST(PercentEncode, Table) {
  const std::pair<std::string, std::string> cases[] = {
      {"", ""},
      {"abcXYZ019-._~", "abcXYZ019-._~"},
      {"a b", "a%20b"},
      {"a+b&c=d/e?f#g", "a%2Bb%26c%3Dd%2Fe%3Ff%23g"},
      {"\xe2\x80\x9c", "%E2%80%9C"},
      {std::string(1, '\0'), "%00"},
      {"100%", "100%25"},
  };
  for (const auto& [input, expected] : cases) EXPECT_EQ(percent_encode(input), expected) << input;
}

TEST(PercentEncode, RoundTripsEveryByte) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  EXPECT_EQ(percent_decode(percent_encode(all), false), all);
  EXPECT_EQ(percent_decode(percent_encode(all), true), all);
}

using Fields = std::vector<std::pair<std::string, std::string>>;

TEST(ParseQuery, Table) {
  const std::pair<std::string, Fields> cases[] = {
      {"", {}},
      {"a=1", {{"a", "1"}}},
      {"a=1&b=x%20y", {{"a", "1"}, {"b", "x y"}}},
      {"q=kristen+stewart", {{"q", "kristen stewart"}}},
      {"a=1&a=2", {{"a", "1"}, {"a", "2"}}},  // repeats kept, in order
      {"flag", {{"flag", ""}}},
      {"flag=", {{"flag", ""}}},
      {"a=1&&b=2&", {{"a", "1"}, {"b", "2"}}},  // empty fields skipped
      {"=orphan&b=2", {{"b", "2"}}},            // no name: skipped
      {"a=%ZZ&b=2", {{"b", "2"}}},              // bad escape in value: field skipped
      {"%ZZ=1&b=2", {{"b", "2"}}},              // bad escape in name: field skipped
      {"a=x=y", {{"a", "x=y"}}},                // only the first '=' splits
      {"na%6De=v%61l", {{"name", "val"}}},
  };
  for (const auto& [query, expected] : cases) EXPECT_EQ(parse_query(query), expected) << query;
}

Request request_with(std::vector<std::pair<std::string, std::string>> headers,
                     std::string body = {}, std::string query = {}) {
  Request r;
  r.method = "POST";
  r.headers = std::move(headers);
  r.body = std::move(body);
  r.query_string = std::move(query);
  return r;
}

TEST(Request, HeaderIsCaseInsensitiveAndFirstWins) {
  const Request r = request_with({{"content-type", "text/html"}, {"x-a", "1"}, {"x-a", "2"}});
  EXPECT_EQ(r.header("Content-Type"), "text/html");
  EXPECT_EQ(r.header("CONTENT-TYPE"), "text/html");
  EXPECT_EQ(r.header("x-a"), "1");
  EXPECT_EQ(r.header("missing"), "");
}

TEST(Request, Query) {
  const Request r = request_with({}, {}, "page=2&q=dakota+fanning&bad=%Z1&page=3&empty=");
  EXPECT_EQ(r.query("page"), "2");
  EXPECT_EQ(r.query("q"), "dakota fanning");
  EXPECT_EQ(r.query("bad"), std::nullopt);
  EXPECT_EQ(r.query("empty"), "");
  EXPECT_EQ(r.query("missing"), std::nullopt);
  EXPECT_EQ(r.query("PAGE"), std::nullopt);  // names are case-sensitive
}

TEST(Request, FormParsesUrlencodedBodies) {
  const std::string body = "headline=The+Runaways&tag=music&tag=film&note=50%25+off&bad=%G0";
  for (const std::string type :
       {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
        "Application/X-WWW-Form-Urlencoded", ""}) {
    const Request r =
        type.empty() ? request_with({}, body) : request_with({{"content-type", type}}, body);
    const auto form = r.form();
    EXPECT_EQ(form.size(), 4u) << type;
    EXPECT_EQ(form.find("headline")->second, "The Runaways") << type;
    EXPECT_EQ(form.count("tag"), 2u) << type;
    EXPECT_EQ(form.find("note")->second, "50% off") << type;
    EXPECT_EQ(form.count("bad"), 0u) << type;
  }
}

TEST(Request, FormIgnoresOtherContentTypes) {
  for (const std::string type :
       {"multipart/form-data; boundary=x", "application/json", "text/plain"}) {
    const Request r = request_with({{"content-type", type}}, "a=1&b=2");
    EXPECT_TRUE(r.form().empty()) << type;
  }
}

struct CookieCase {
  std::vector<std::string> cookie_headers;
  std::string name;
  std::optional<std::string> expected;
};

TEST(Request, Cookie) {
  const CookieCase cases[] = {
      {{"session=abc123"}, "session", "abc123"},
      {{"a=1; session=abc; b=2"}, "session", "abc"},
      {{"a=1;session=abc"}, "session", "abc"},  // no space after ';'
      {{"  session = abc  "}, "session", "abc"},
      {{"session=\"quoted value\""}, "session", "quoted value"},
      {{"session="}, "session", ""},
      {{"session=a%20b"}, "session", "a%20b"},  // opaque: not decoded
      {{"session=a=b"}, "session", "a=b"},
      {{"xsession=1; sessionx=2"}, "session", std::nullopt},
      {{"garbage; ;;"}, "session", std::nullopt},
      {{}, "session", std::nullopt},
      {{"a=1", "session=second"}, "session", "second"},  // several Cookie lines
      {{"session=first; session=second"}, "session", "first"},
  };
  for (const auto& c : cases) {
    std::vector<std::pair<std::string, std::string>> headers;
    for (const auto& line : c.cookie_headers) headers.emplace_back("cookie", line);
    EXPECT_EQ(request_with(headers).cookie(c.name), c.expected)
        << (c.cookie_headers.empty() ? "(none)" : c.cookie_headers.front());
  }
}

TEST(Response, SetHeaderReplacesCaseInsensitively) {
  Response r;
  r.set_header("Cache-Control", "no-store");
  r.set_header("cache-control", "max-age=60");
  r.set_header("ETag", "\"1\"");
  ASSERT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.header("CACHE-CONTROL"), "max-age=60");
  EXPECT_EQ(r.header("etag"), "\"1\"");
  EXPECT_EQ(r.header("missing"), "");
}

TEST(Response, TextAndRedirect) {
  const Response text = Response::text(404, "Not Found\n");
  EXPECT_EQ(text.status, 404);
  EXPECT_EQ(text.payload(), "Not Found\n");
  EXPECT_EQ(text.header("content-type"), "text/plain; charset=utf-8");

  const Response html = Response::text(200, "<p>hi</p>", "text/html; charset=utf-8");
  EXPECT_EQ(html.header("Content-Type"), "text/html; charset=utf-8");

  const Response moved = Response::redirect(301, "/movies/eclipse");
  EXPECT_EQ(moved.status, 301);
  EXPECT_EQ(moved.header("Location"), "/movies/eclipse");
  EXPECT_TRUE(moved.payload().empty());
}

TEST(Response, PayloadPrefersSharedBody) {
  Response r;
  r.body = "own";
  r.shared_body = std::make_shared<const std::string>("shared page");
  EXPECT_EQ(r.payload(), "shared page");
  EXPECT_EQ(r.payload().data(), r.shared_body->data());  // no copy
}

TEST(NegotiateCoding, Table) {
  const std::pair<std::string, Coding> cases[] = {
      {"", Coding::identity},
      {"gzip", Coding::gzip},
      {"br", Coding::brotli},
      {"gzip, deflate, br", Coding::brotli},
      {"gzip, deflate, br, zstd", Coding::brotli},
      {"GZIP, BR", Coding::brotli},
      {"x-gzip", Coding::gzip},
      {"deflate", Coding::identity},
      {"identity", Coding::identity},
      {"*", Coding::brotli},
      {"*;q=0", Coding::identity},         // nothing acceptable: identity anyway
      {"identity;q=0", Coding::identity},  // nor here
      {"identity;q=0, gzip", Coding::gzip},
      {"br;q=0, gzip", Coding::gzip},
      {"br;q=0, *", Coding::gzip},
      {"gzip;q=0, br;q=0", Coding::identity},
      {"gzip;q=1.0, br;q=0.5", Coding::gzip},    // the client's preference wins
      {"gzip;q=0.5, br;q=0.5", Coding::brotli},  // ties go to the smaller variant
      {"br;q=0.001", Coding::brotli},
      {"br;q=0.000", Coding::identity},
      {"gzip ; q=0.8 , br ; q=0.9", Coding::brotli},  // whitespace around parameters
      {"gzip;Q=0.8", Coding::gzip},
      {"br;q=2, gzip", Coding::gzip},  // malformed q: the entry is ignored
      {"br;q=abc, gzip", Coding::gzip},
      {"br;q=0.12345, gzip", Coding::gzip},
      {"br;level=1", Coding::identity},  // unknown parameter: ignored
      {",,, ,gzip,", Coding::gzip},
      {"identity;q=0.5, gzip;q=0.4", Coding::identity},
  };
  for (const auto& [header, expected] : cases) {
    EXPECT_EQ(negotiate_coding(header), expected) << "Accept-Encoding: " << header;
  }
}

std::string brotli_decompress(std::string_view data) {
  std::string out(64 * 1024 * 1024, '\0');
  std::size_t size = out.size();
  const auto rc =
      BrotliDecoderDecompress(data.size(), reinterpret_cast<const uint8_t*>(data.data()), &size,
                              reinterpret_cast<uint8_t*>(out.data()));
  if (rc != BROTLI_DECODER_RESULT_SUCCESS) throw std::runtime_error("brotli: corrupt");
  out.resize(size);
  return out;
}

// Inputs of several shapes: empty, tiny, repetitive HTML, incompressible noise, large.
std::vector<std::string> sample_inputs() {
  std::vector<std::string> samples = {"", "a", "hello, marquee"};
  std::string html;
  for (int i = 0; i < 2000; ++i) {
    html += "<p class=\"story\">Paragraph " + std::to_string(i) + " of the story.</p>\n";
  }
  samples.push_back(html);
  std::mt19937 rng(7);
  std::string noise(100 * 1024, '\0');
  for (char& c : noise) c = static_cast<char>(rng());
  samples.push_back(noise);
  samples.push_back(std::string(3 * 1024 * 1024, 'x'));
  return samples;
}

TEST(Compression, GzipRoundTrips) {
  for (const auto& input : sample_inputs()) {
    const std::string packed = gzip_compress(input);
    ASSERT_GE(packed.size(), 18u);  // gzip header and trailer at least
    EXPECT_EQ(static_cast<unsigned char>(packed[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(packed[1]), 0x8b);
    EXPECT_EQ(gzip_decompress(packed), input) << "size " << input.size();
  }
}

TEST(Compression, BrotliRoundTrips) {
  for (const auto& input : sample_inputs()) {
    const std::string packed = brotli_compress(input);
    EXPECT_FALSE(packed.empty());
    EXPECT_EQ(brotli_decompress(packed), input) << "size " << input.size();
  }
}

TEST(Compression, CompressesTextWell) {
  const std::string html = sample_inputs()[3];
  EXPECT_LT(gzip_compress(html).size(), html.size() / 5);
  EXPECT_LT(brotli_compress(html).size(), gzip_compress(html).size());
}

TEST(Compression, GzipDecompressRejectsCorruptInput) {
  const std::string good = gzip_compress("the quick brown fox jumps over the lazy dog");
  std::string flipped = good;
  flipped[flipped.size() - 6] ^= 0x55;  // breaks the CRC32 trailer
  std::string bad_header = good;
  bad_header[0] = 'x';
  const std::string cases[] = {
      "",
      "not gzip at all",
      good.substr(0, good.size() / 2),  // truncated
      good.substr(0, good.size() - 1),  // truncated trailer
      flipped,
      bad_header,
      good + "trailing",
  };
  for (const auto& input : cases) {
    EXPECT_THROW(gzip_decompress(input), std::runtime_error) << "size " << input.size();
  }
}

TEST(LocalRedirectPath, NeverLeavesTheSite) {
  const std::pair<std::string, std::string> cases[] = {
      {"/movies", "/movies"},
      {"/movies/2010/07/21/a-story", "/movies/2010/07/21/a-story"},
      {"//evil.example", "/evil.example"},
      {"///evil.example/x", "/evil.example/x"},
      {"/\\evil.example", "/evil.example"},  // "/%5cevil.example/" decoded
      {"/\\/\\evil.example", "/evil.example"},
      {"\\\\evil.example", "/evil.example"},
      {"", "/"},
      {"/", "/"},
      {"/a\\b", "/a%5Cb"},
      {"/a b?c#d%", "/a%20b%3Fc%23d%25"},
      {"/caf\xc3\xa9", "/caf%C3%A9"},
      {"/a\r\nLocation: x", "/a%0D%0ALocation:%20x"},
  };
  for (const auto& [decoded, expected] : cases) {
    EXPECT_EQ(local_redirect_path(decoded), expected) << decoded;
  }
}

TEST(PathSegments, SkipEmptySegments) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(path_segments("/"), V{});
  EXPECT_EQ(path_segments("/movies"), V{"movies"});
  EXPECT_EQ(path_segments("/movies/2010//x/"), (V{"movies", "2010", "x"}));
}

TEST(IfNoneMatch, WeakComparisonOfListedTags) {
  const std::string tag = "\"abc\"";
  const std::pair<const char*, bool> cases[] = {
      {"", false},
      {"*", true},
      {"\"abc\"", true},
      {"W/\"abc\"", true},
      {"\"x\", \"abc\"", true},
      {"\"x\" ,  W/\"abc\" ", true},
      {"\"abcd\"", false},
      {"abc", false},
      {"\"x\",", false},
      {",,", false},
  };
  for (const auto& [header, expected] : cases) {
    EXPECT_EQ(if_none_match(header, tag), expected) << header;
  }
}

}  // namespace
}  // namespace marquee::web
