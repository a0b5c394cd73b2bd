// Content sniffing: every accepted type, headers cut short, and the look-alikes that must be
// refused (text, HTML, SVG, other RIFF and ISO files, plain Matroska).
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "media/media.h"
#include "media_test_support.h"

namespace marquee::media {
namespace {

using namespace std::string_literals;

// An ftyp box of 16 bytes with the given major brand.
std::string ftyp(const std::string& brand) {
  return "\x00\x00\x00\x10"s + "ftyp" + brand + "\x00\x00\x02\x00"s;
}

// An EBML header holding EBMLVersion 1 and the given DocType.
std::string ebml(const std::string& doc_type) {
  const std::string body =
      "\x42\x86\x81\x01"s + "\x42\x82"s + char(0x80 | doc_type.size()) + doc_type;
  return "\x1A\x45\xDF\xA3"s + char(0x80 | body.size()) + body;
}

struct SniffCase {
  const char* label;
  std::string bytes;
  std::optional<MediaType> expected;
};

TEST(Sniff, Table) {
  const std::string png_signature = "\x89PNG\r\n\x1A\n"s;
  const SniffCase cases[] = {
      {"jpeg", "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"s, MediaType::jpeg},
      {"jpeg, bare SOI and marker", "\xFF\xD8\xFF"s, MediaType::jpeg},
      {"png", png_signature + "\x00\x00\x00\x0DIHDR"s, MediaType::png},
      {"webp lossy", "RIFF\x24\x00\x00\x00WEBPVP8 "s, MediaType::webp},
      {"webp lossless", "RIFF\x24\x00\x00\x00WEBPVP8L"s, MediaType::webp},
      {"webp extended", "RIFF\x24\x00\x00\x00WEBPVP8X"s, MediaType::webp},
      {"mp4 isom", ftyp("isom"), MediaType::mp4},
      {"mp4 mp42", ftyp("mp42"), MediaType::mp4},
      {"mp4 M4V", ftyp("M4V "), MediaType::mp4},
      {"quicktime", ftyp("qt  "), MediaType::quicktime},
      {"webm", ebml("webm"), MediaType::webm},
      {"webm, padded doctype", ebml("webm\0\0"s), MediaType::webm},
      // Cut short.
      {"empty", "", std::nullopt},
      {"jpeg cut", "\xFF\xD8"s, std::nullopt},
      {"png cut", png_signature.substr(0, 7), std::nullopt},
      {"webp cut", "RIFF\x24\x00\x00\x00WEBP"s, std::nullopt},
      {"ftyp cut", ftyp("isom").substr(0, 10), std::nullopt},
      {"ebml cut before doctype", ebml("webm").substr(0, 9), std::nullopt},
      {"ebml cut inside doctype", ebml("webm").substr(0, 13), std::nullopt},
      // Look-alikes and everything else.
      {"plain text", "Kristen Stewart stars as Joan Jett.", std::nullopt},
      {"html", "<!DOCTYPE html><html><body><img src=x></body></html>", std::nullopt},
      {"svg", "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>", std::nullopt},
      {"svg without prolog", "<svg onload=\"alert(1)\"></svg>", std::nullopt},
      {"gif", "GIF89a\x01\x00\x01\x00"s, std::nullopt},
      {"wav in riff", "RIFF\x24\x00\x00\x00WAVEfmt "s, std::nullopt},
      {"webp without a known chunk", "RIFF\x24\x00\x00\x00WEBPABCD"s, std::nullopt},
      {"heic brand", ftyp("heic"), std::nullopt},
      {"avif brand", ftyp("avif"), std::nullopt},
      {"m4a audio brand", ftyp("M4A "), std::nullopt},
      {"ftyp box too small", "\x00\x00\x00\x08"s + "ftypisom" + "\x00\x00\x02\x00"s, std::nullopt},
      {"matroska doctype", ebml("matroska"), std::nullopt},
      {"pdf", "%PDF-1.7\n", std::nullopt},
      {"zip", "PK\x03\x04\x14\x00"s, std::nullopt},
      {"jpeg magic late", " \xFF\xD8\xFF"s, std::nullopt},
  };
  for (const auto& c : cases) {
    const auto sniffed = sniff_media(c.bytes);
    ASSERT_EQ(sniffed.has_value(), c.expected.has_value()) << c.label;
    if (sniffed) {
      EXPECT_EQ(sniffed->type, *c.expected) << c.label;
    }
  }
}

TEST(Sniff, KindMimeAndExtensionFollowTheType) {
  const struct {
    std::string bytes;
    MediaKind kind;
    const char* mime;
    const char* extension;
  } cases[] = {
      {"\xFF\xD8\xFF\xDB"s, MediaKind::image, "image/jpeg", "jpg"},
      {"\x89PNG\r\n\x1A\n"s, MediaKind::image, "image/png", "png"},
      {"RIFF\x24\x00\x00\x00WEBPVP8 "s, MediaKind::image, "image/webp", "webp"},
      {ftyp("isom"), MediaKind::video, "video/mp4", "mp4"},
      {ftyp("qt  "), MediaKind::video, "video/quicktime", "mov"},
      {ebml("webm"), MediaKind::video, "video/webm", "webm"},
  };
  for (const auto& c : cases) {
    const auto sniffed = sniff_media(c.bytes);
    ASSERT_TRUE(sniffed) << c.mime;
    EXPECT_EQ(sniffed->kind, c.kind) << c.mime;
    EXPECT_EQ(sniffed->mime, c.mime);
    EXPECT_EQ(sniffed->extension, c.extension);
  }
}

TEST(Sniff, RealFilesWithinTheSniffLength) {
  const struct {
    const char* file;
    MediaType type;
  } clips[] = {{"clip-h264-aac.mp4", MediaType::mp4}, {"clip-vp9.webm", MediaType::webm}};
  for (const auto& clip : clips) {
    const std::string head =
        testing::read_file(testing::data_file(clip.file)).substr(0, kSniffLength);
    const auto sniffed = sniff_media(head);
    ASSERT_TRUE(sniffed) << clip.file;
    EXPECT_EQ(sniffed->type, clip.type) << clip.file;
  }
  const std::string png = testing::save_to_memory(testing::half_white(8, 8), ".png");
  EXPECT_EQ(sniff_media(png)->type, MediaType::png);
  const std::string webp = testing::save_to_memory(testing::half_white(8, 8), ".webp");
  EXPECT_EQ(sniff_media(webp)->type, MediaType::webp);
}

}  // namespace
}  // namespace marquee::media
