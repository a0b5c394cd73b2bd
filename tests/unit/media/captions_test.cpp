// WebVTT captions: the checks a caption file must pass (a table of good and bad files, each bad
// one with the reason an editor is told), and storing one beside a clip.
#include <gtest/gtest.h>

#include <string>

#include "media/media.h"
#include "media_test_support.h"

namespace marquee::media {
namespace {

using namespace std::string_literals;
using testing::read_file;
using testing::ScratchFolder;

TEST(Captions, GoodFilesAreCountedByCue) {
  const struct {
    std::string vtt;
    int cues;
  } cases[] = {
      {"WEBVTT\n\n00:00.000 --> 00:01.000\nHello.\n", 1},
      {"\xEF\xBB\xBFWEBVTT - with a title\r\n\r\n00:00:00.000 --> 00:00:01.500\r\nOne\r\n", 1},
      {"WEBVTT\n\nNOTE a comment\n\nintro\n00:00.000 --> 00:01.000 align:start\n<i>One</i>\n\n"
       "00:01.000 --> 00:02.000\nTwo\nlines\n\n01:00:00.000 --> 01:00:02.000\nLate\n",
       3},
      {"WEBVTT\n\n00:00.000 --> 00:01.000\nCaf\xC3\xA9 \xE2\x99\xAA\n", 1},
  };
  for (const auto& c : cases) {
    const auto facts = check_webvtt(c.vtt);
    ASSERT_TRUE(facts) << c.vtt << ": " << facts.error().detail;
    EXPECT_EQ(facts->cues, c.cues) << c.vtt;
  }
}

TEST(Captions, BadFilesAreRefusedWithTheReason) {
  const struct {
    std::string vtt;
    std::string reason;
  } cases[] = {
      {"", "does not begin with the line WEBVTT"},
      {"1\n00:00:01,000 --> 00:00:02,000\nSRT\n", "does not begin with the line WEBVTT"},
      {"WEBVTTX\n\n00:00.000 --> 00:01.000\nx\n", "does not begin"},
      {"webvtt\n\n00:00.000 --> 00:01.000\nx\n", "does not begin"},
      {"WEBVTT\n", "no cues"},
      {"WEBVTT\n\nNOTE only a note\n", "no cues"},
      {"WEBVTT\n\n00:00.000 --> 00:01.000\nfine\n\n0:0x.000 --> 00:02.000\nbad\n", "cue 2"},
      {"WEBVTT\n\nnot a time --> 00:02.000\nbad\n", "cue 1 has no valid timings"},
      {"WEBVTT\n\n00:03.000 --> 00:01.000\nbackwards\n", "cue 1 ends before it starts"},
      {"WEBVTT\n\n00:00.000 --> 00:01.000\n\xFF\n", "not UTF-8"},
      {"WEBVTT\n\n00:00.000 --> 00:01.000\n\xC0\xAF overlong\n", "not UTF-8"},
      {"WEBVTT\n\n00:00.000 --> 00:01.000\nnul \0 byte\n"s, "not UTF-8"},
  };
  for (const auto& c : cases) {
    const auto facts = check_webvtt(c.vtt);
    ASSERT_FALSE(facts) << c.vtt;
    EXPECT_EQ(facts.error().kind, MediaErrorKind::not_webvtt) << c.vtt;
    EXPECT_NE(facts.error().detail.find(c.reason), std::string::npos)
        << c.vtt << ": " << facts.error().detail;
  }
}

TEST(Captions, StoredByteForByteUnderANewNameOrNotAtAll) {
  ScratchFolder folder;
  MediaOptions options;
  options.max_caption_bytes = 200;
  MediaStore store(folder.path(), options);
  const std::string clip = new_media_name("mp4");
  const std::string vtt = "WEBVTT\n\n00:00.000 --> 00:01.000\nHello.\n";
  const auto first = store.store_captions(clip, vtt);
  ASSERT_TRUE(first) << first.error().detail;
  EXPECT_EQ(first->cues, 1);
  EXPECT_EQ(first->bytes, vtt.size());
  EXPECT_TRUE(first->file.starts_with(clip.substr(0, 32) + "-"));
  EXPECT_EQ(read_file(*store.path_of(first->file)), vtt);
  const auto second = store.store_captions(clip, vtt);
  ASSERT_TRUE(second);
  EXPECT_NE(second->file, first->file);
  EXPECT_EQ(folder.names().size(), 2u);

  EXPECT_EQ(store.store_captions(clip, "WEBVTT\n\nno cue\n").error().kind,
            MediaErrorKind::not_webvtt);
  EXPECT_EQ(store.store_captions(clip, vtt + std::string(200, 'x')).error().kind,
            MediaErrorKind::too_large);
  EXPECT_EQ(folder.names().size(), 2u) << "a refusal leaves nothing behind";
}

}  // namespace
}  // namespace marquee::media
