// Tests of parse_multipart: well-formed browser bodies, boundary and header variants, and the
// malformed and truncated bodies it must refuse.
#include "web/multipart.h"

#include <gtest/gtest.h>

namespace marquee::web {
namespace {

const std::string kType = "multipart/form-data; boundary=XyZ";

// A body as a browser builds it: each part, then the close delimiter.
std::string body_of(const std::vector<std::string>& parts, std::string_view boundary = "XyZ") {
  std::string body;
  for (const auto& part : parts)
    body.append("--").append(boundary).append("\r\n").append(part).append("\r\n");
  return body.append("--").append(boundary).append("--\r\n");
}

TEST(Multipart, FieldsAndAFile) {
  const std::string jpeg("\xff\xd8\xff\xe0\r\n--X\r\n\0binary", 18);
  const std::string body = body_of({
      "Content-Disposition: form-data; name=\"caption\"\r\n\r\nKristen Stewart at the premiere",
      "Content-Disposition: form-data; name=\"photo\"; filename=\"red carpet.jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n" +
          jpeg,
      "Content-Disposition: form-data; name=\"empty\"\r\n\r\n",
  });
  const auto parts = parse_multipart(kType, body);
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].name, "caption");
  EXPECT_EQ((*parts)[0].filename, std::nullopt);
  EXPECT_EQ((*parts)[0].content_type, "text/plain");
  EXPECT_EQ((*parts)[0].data, "Kristen Stewart at the premiere");
  EXPECT_EQ((*parts)[1].name, "photo");
  EXPECT_EQ((*parts)[1].filename, "red carpet.jpg");
  EXPECT_EQ((*parts)[1].content_type, "image/jpeg");
  EXPECT_EQ((*parts)[1].data, jpeg);
  EXPECT_EQ((*parts)[2].name, "empty");
  EXPECT_EQ((*parts)[2].data, "");
  // Views into the body, not copies.
  EXPECT_GE((*parts)[1].data.data(), body.data());
  EXPECT_LE((*parts)[1].data.data() + (*parts)[1].data.size(), body.data() + body.size());
}

struct TypeCase {
  std::string content_type;
  std::string boundary_in_body;
  bool ok;
};

TEST(Multipart, ContentTypeVariants) {
  const TypeCase cases[] = {
      {"multipart/form-data; boundary=XyZ", "XyZ", true},
      {"Multipart/Form-Data; BOUNDARY=XyZ", "XyZ", true},
      {"multipart/form-data; boundary=\"a b:c\"", "a b:c", true},
      {"multipart/form-data;boundary=----WebKitFormBoundary7MA4YWxk",
       "----WebKitFormBoundary7MA4YWxk", true},
      {"multipart/form-data; charset=utf-8; boundary=XyZ", "XyZ", true},
      {"multipart/form-data; boundary=XyZ;", "XyZ", true},
      {"multipart/form-data", "XyZ", false},             // no boundary
      {"multipart/form-data; boundary=", "XyZ", false},  // empty boundary
      {"multipart/form-data; boundary=\"XyZ", "XyZ", false},
      {"multipart/form-data; boundary=" + std::string(71, 'b'), std::string(71, 'b'), false},
      {"multipart/mixed; boundary=XyZ", "XyZ", false},
      {"application/x-www-form-urlencoded", "XyZ", false},
      {"", "XyZ", false},
  };
  for (const auto& c : cases) {
    const std::string body =
        body_of({"Content-Disposition: form-data; name=\"a\"\r\n\r\n1"}, c.boundary_in_body);
    EXPECT_EQ(parse_multipart(c.content_type, body).has_value(), c.ok) << c.content_type;
  }
}

TEST(Multipart, PreambleEpilogueAndPaddingAreIgnored) {
  const std::string body =
      "This is a preamble.\r\n--XyZ  \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
      "--XyZ\r\ncontent-disposition: FORM-DATA; NAME=b\r\n\r\n2\r\n--XyZ--\r\nepilogue";
  const auto parts = parse_multipart(kType, body);
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].data, "1");
  EXPECT_EQ((*parts)[1].name, "b");
  EXPECT_EQ((*parts)[1].data, "2");
}

TEST(Multipart, QuotedParametersKeepTheirSpecialCharacters) {
  const std::string body = body_of(
      {"Content-Disposition: form-data; name=\"a;b\"; filename=\"say \\\"hi\\\".txt\"\r\n\r\nx"});
  const auto parts = parse_multipart(kType, body);
  ASSERT_TRUE(parts);
  EXPECT_EQ((*parts)[0].name, "a;b");
  EXPECT_EQ((*parts)[0].filename, "say \"hi\".txt");
}

TEST(Multipart, EmptyFormHasNoParts) {
  const auto parts = parse_multipart(kType, "--XyZ--\r\n");
  ASSERT_TRUE(parts);
  EXPECT_TRUE(parts->empty());
}

TEST(Multipart, RefusesMalformedBodies) {
  const std::string part = "Content-Disposition: form-data; name=\"a\"\r\n\r\nvalue";
  const std::pair<std::string, std::string> cases[] = {
      {"empty body", ""},
      {"no delimiter", "just some text"},
      {"no close delimiter", "--XyZ\r\n" + part},
      {"truncated in the headers", "--XyZ\r\nContent-Disposition: form-data; name=\"a\""},
      {"junk after a delimiter", "--XyZjunk\r\n" + part + "\r\n--XyZ--"},
      {"no content-disposition", "--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--"},
      {"no headers at all", "--XyZ\r\n\r\nv\r\n--XyZ--"},
      {"not form-data", "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--XyZ--"},
      {"no name", "--XyZ\r\nContent-Disposition: form-data; filename=\"f\"\r\n\r\nv\r\n--XyZ--"},
      {"header line without colon", "--XyZ\r\nContent-Disposition form-data\r\n\r\nv\r\n--XyZ--"},
      {"unterminated quote",
       "--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--XyZ--"},
      {"other boundary", body_of({part}, "Other")},
  };
  for (const auto& [name, body] : cases) {
    EXPECT_EQ(parse_multipart(kType, body), std::nullopt) << name;
  }
}

TEST(Multipart, PartCountIsLimited) {
  std::vector<std::string> parts(11, "Content-Disposition: form-data; name=\"f\"\r\n\r\nv");
  EXPECT_TRUE(parse_multipart(kType, body_of(parts), 11));
  EXPECT_EQ(parse_multipart(kType, body_of(parts), 10), std::nullopt);
}

TEST(Multipart, LargeFileIsFoundWhole) {
  std::string big(5 * 1024 * 1024, 'z');
  big[1000] = '\r';
  big[1001] = '\n';
  big[1002] = '-';
  big[1003] = '-';  // almost a delimiter
  const std::string body =
      body_of({"Content-Disposition: form-data; name=\"clip\"; filename=\"c.mp4\"\r\n\r\n" + big});
  const auto parts = parse_multipart(kType, body);
  ASSERT_TRUE(parts);
  EXPECT_EQ((*parts)[0].data.size(), big.size());
  EXPECT_EQ((*parts)[0].data, big);
}

TEST(Multipart, FileNamesArriveAsSentForTheCallerToDistrust) {
  // The parser reports names verbatim; storing uploads under generated names is the caller's job.
  const std::pair<std::string, std::string> cases[] = {
      {"filename=\"../../etc/passwd\"", "../../etc/passwd"},
      {"filename=\"C:\\\\fakepath\\\\photo.jpg\"", "C:\\fakepath\\photo.jpg"},
      {"filename=\"/tmp/x.png\"", "/tmp/x.png"},
      {"filename=\"\"", ""},
      {"filename=clip.mp4", "clip.mp4"},
  };
  for (const auto& [param, expected] : cases) {
    const std::string body =
        body_of({"Content-Disposition: form-data; name=\"file\"; " + param + "\r\n\r\nbytes"});
    const auto parts = parse_multipart(kType, body);
    ASSERT_TRUE(parts) << param;
    EXPECT_EQ((*parts)[0].filename, expected) << param;
  }
}

TEST(Multipart, PartsAreFoundByName) {
  const std::string body = body_of({
      "Content-Disposition: form-data; name=\"csrf\"\r\n\r\ntoken-1",
      "Content-Disposition: form-data; name=\"caption\"\r\n\r\nOn set",
      "Content-Disposition: form-data; name=\"csrf\"\r\n\r\ntoken-2",
  });
  const auto parts = parse_multipart(kType, body);
  ASSERT_TRUE(parts);
  ASSERT_NE(find_part(*parts, "caption"), nullptr);
  EXPECT_EQ(find_part(*parts, "caption")->data, "On set");
  EXPECT_EQ(part_text(*parts, "csrf"), "token-1");  // the first of a repeated field
  EXPECT_EQ(find_part(*parts, "alt"), nullptr);
  EXPECT_EQ(part_text(*parts, "alt"), "");
}

TEST(Multipart, RefusesAPartWhoseHeadersNeverEnd) {
  // The blank line that ends a part's headers is missing, so the next delimiter's line would be
  // read as a header.
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n--XyZ\r\n"
      "Content-Disposition: form-data; name=\"b\"\r\n\r\nv\r\n--XyZ--\r\n";
  EXPECT_EQ(parse_multipart(kType, body), std::nullopt);
}

TEST(Multipart, UploadCutOffInTheFileIsRefused) {
  const std::string whole =
      body_of({"Content-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\n" +
               std::string(4096, 'j')});
  ASSERT_TRUE(parse_multipart(kType, whole));
  // Only the line break after the close delimiter may go missing ("--XyZ--" still closes).
  EXPECT_TRUE(parse_multipart(kType, std::string_view(whole).substr(0, whole.size() - 2)));
  for (std::size_t cut : {whole.size() - 3, whole.size() - 9, whole.size() / 2, std::size_t{60}}) {
    EXPECT_EQ(parse_multipart(kType, std::string_view(whole).substr(0, cut)), std::nullopt) << cut;
  }
}

TEST(Multipart, EveryCutOfABodyIsRefusedOrWhole) {
  // However a transfer is cut off, the parser never reads past the body and never returns a
  // part that the cut has shortened.
  const std::string body = body_of({
      "Content-Disposition: form-data; name=\"csrf\"\r\n\r\nabc123",
      "Content-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n\xff\xd8\xff\r\n-- not a delimiter --\r\n",
  });
  const auto whole = parse_multipart(kType, body);
  ASSERT_TRUE(whole);
  for (std::size_t cut = 0; cut < body.size(); ++cut) {
    const auto parts = parse_multipart(kType, std::string_view(body).substr(0, cut));
    if (!parts) continue;
    // Only the line break after the close delimiter may be missing.
    EXPECT_GE(cut, body.size() - 2) << cut;
    EXPECT_EQ(parts->size(), whole->size()) << cut;
    EXPECT_EQ((*parts)[1].data, (*whole)[1].data) << cut;
  }
}

}  // namespace
}  // namespace marquee::web
