// Captions of clips: a WebVTT file is read by FFmpeg's own WebVTT demuxer from memory (no file,
// no protocol), and every cue the text announces must come out of it as a packet; the checked
// bytes are then stored beside the clip under a name of their own.
extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/avstring.h>
#include <libavutil/log.h>
#include <libavutil/mem.h>
}

#include <cstring>
#include <memory>

#include "media/media.h"
#include "media/staging.h"

namespace marquee::media {
namespace {

MediaError not_webvtt(std::string sentence) {
  return MediaError{MediaErrorKind::not_webvtt, std::move(sentence)};
}

// The bytes FFmpeg reads, handed out from memory.
struct MemoryReader {
  std::string_view data;
  std::size_t at = 0;
};

int read_memory(void* opaque, std::uint8_t* buffer, int size) {
  auto* reader = static_cast<MemoryReader*>(opaque);
  const std::size_t n = std::min(static_cast<std::size_t>(size), reader->data.size() - reader->at);
  if (n == 0) return AVERROR_EOF;
  std::memcpy(buffer, reader->data.data() + reader->at, n);
  reader->at += n;
  return static_cast<int>(n);
}

struct IoFreer {
  void operator()(AVIOContext* p) const {
    av_freep(&p->buffer);
    avio_context_free(&p);
  }
};
struct FormatCloser {
  void operator()(AVFormatContext* p) const { avformat_close_input(&p); }
};
struct PacketFreer {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};

bool is_utf8_without_nul(std::string_view text) {
  const auto* at = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto* end = at + text.size();
  while (at < end) {
    std::int32_t code = 0;
    // Refuses overlong forms, surrogates and code points past U+10FFFF.
    if (av_utf8_decode(&code, &at, end, 0) < 0 || code == 0) return false;
  }
  return true;
}

// "WEBVTT" alone on its line or followed by a space or tab, after an optional byte-order mark.
bool has_signature(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (!text.starts_with("WEBVTT")) return false;
  text.remove_prefix(6);
  return text.empty() || text[0] == ' ' || text[0] == '\t' || text[0] == '\n' || text[0] == '\r';
}

// Each cue has exactly one timing line, and the format lets no other text hold "-->".
int announced_cues(std::string_view text) {
  int count = 0;
  for (auto at = text.find("-->"); at != std::string_view::npos; at = text.find("-->", at + 3)) {
    ++count;
  }
  return count;
}

}  // namespace

Result<CaptionFacts> check_webvtt(std::string_view vtt) {
  if (!is_utf8_without_nul(vtt)) return not_webvtt("the file is not UTF-8 text");
  if (!has_signature(vtt)) return not_webvtt("the file does not begin with the line WEBVTT");
  const int announced = announced_cues(vtt);
  if (announced == 0) return not_webvtt("the file has no cues (no line with -->)");

  av_log_set_level(AV_LOG_FATAL);  // refusals are reported here, not on stderr
  const AVInputFormat* format = av_find_input_format("webvtt");
  if (!format) return MediaError{MediaErrorKind::io_error, "FFmpeg has no WebVTT demuxer"};
  MemoryReader reader{vtt};
  constexpr int kBufferSize = 4096;
  auto* buffer = static_cast<unsigned char*>(av_malloc(kBufferSize));
  if (!buffer) return MediaError{MediaErrorKind::io_error, "out of memory"};
  std::unique_ptr<AVIOContext, IoFreer> io(
      avio_alloc_context(buffer, kBufferSize, 0, &reader, &read_memory, nullptr, nullptr));
  if (!io) {
    av_free(buffer);
    return MediaError{MediaErrorKind::io_error, "out of memory"};
  }
  AVFormatContext* raw = avformat_alloc_context();
  if (!raw) return MediaError{MediaErrorKind::io_error, "out of memory"};
  raw->pb = io.get();
  raw->flags |= AVFMT_FLAG_CUSTOM_IO;
  // Frees raw itself when it fails.
  if (avformat_open_input(&raw, nullptr, format, nullptr) < 0) {
    return not_webvtt("FFmpeg's WebVTT reader cannot read it");
  }
  std::unique_ptr<AVFormatContext, FormatCloser> context(raw);
  std::unique_ptr<AVPacket, PacketFreer> packet(av_packet_alloc());
  if (!packet) return MediaError{MediaErrorKind::io_error, "out of memory"};
  int cues = 0;
  while (av_read_frame(context.get(), packet.get()) >= 0) {
    ++cues;
    const bool backwards = packet->duration < 0;
    av_packet_unref(packet.get());
    if (backwards) return not_webvtt("cue " + std::to_string(cues) + " ends before it starts");
  }
  // The reader stops at the first cue whose timings it cannot read.
  if (cues < announced) {
    return not_webvtt("cue " + std::to_string(cues + 1) +
                      " has no valid timings (they look like 00:01.000 --> 00:04.000)");
  }
  return CaptionFacts{cues};
}

Result<StoredCaptions> MediaStore::store_captions(std::string_view clip_file,
                                                  std::string_view vtt) {
  if (vtt.size() > options_.max_caption_bytes) {
    return MediaError{MediaErrorKind::too_large, "captions of " + std::to_string(vtt.size()) +
                                                     " bytes are over the limit of " +
                                                     std::to_string(options_.max_caption_bytes)};
  }
  auto facts = check_webvtt(vtt);
  if (!facts) return facts.error();
  StoredCaptions stored{caption_name(clip_file), vtt.size(), facts->cues};
  Staging staging(folder_);
  auto staged = staging.add_bytes(stored.file, vtt);
  if (!staged) return staged.error();
  if (auto failed = staging.commit()) return *failed;
  return stored;
}

}  // namespace marquee::media
