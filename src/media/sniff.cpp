// Content sniffing of uploads by magic numbers. Only the formats the site can decode and serve
// are named; everything else is refused, whatever the client called it.
#include <array>
#include <cstdint>

#include "media/media.h"

namespace marquee::media {
namespace {

constexpr SniffedType kJpeg{MediaType::jpeg, MediaKind::image, "image/jpeg", "jpg"};
constexpr SniffedType kPng{MediaType::png, MediaKind::image, "image/png", "png"};
constexpr SniffedType kWebp{MediaType::webp, MediaKind::image, "image/webp", "webp"};
constexpr SniffedType kMp4{MediaType::mp4, MediaKind::video, "video/mp4", "mp4"};
constexpr SniffedType kQuickTime{MediaType::quicktime, MediaKind::video, "video/quicktime", "mov"};
constexpr SniffedType kWebm{MediaType::webm, MediaKind::video, "video/webm", "webm"};

std::uint8_t byte_at(std::string_view s, std::size_t i) {
  return static_cast<std::uint8_t>(s[i]);
}

bool starts_with_bytes(std::string_view s, std::string_view magic) {
  return s.starts_with(magic);
}

bool is_jpeg(std::string_view b) {
  return starts_with_bytes(b, "\xFF\xD8\xFF");
}

bool is_png(std::string_view b) {
  return starts_with_bytes(b, std::string_view("\x89PNG\r\n\x1A\n", 8));
}

// RIFF container, form type WEBP, then a lossy, lossless or extended first chunk.
bool is_webp(std::string_view b) {
  if (b.size() < 16 || !b.starts_with("RIFF") || b.substr(8, 4) != "WEBP") return false;
  const std::string_view chunk = b.substr(12, 4);
  return chunk == "VP8 " || chunk == "VP8L" || chunk == "VP8X";
}

// ISO base media files open with an ftyp box: size, "ftyp", major brand. The brand says what the
// file claims to be; audio-only (M4A) and still-image brands (HEIC, AVIF) are not clips.
std::optional<SniffedType> sniff_ftyp(std::string_view b) {
  if (b.size() < 12 || b.substr(4, 4) != "ftyp") return std::nullopt;
  const std::uint32_t box_size = (std::uint32_t{byte_at(b, 0)} << 24) |
                                 (std::uint32_t{byte_at(b, 1)} << 16) |
                                 (std::uint32_t{byte_at(b, 2)} << 8) | byte_at(b, 3);
  if (box_size < 16 || box_size > 4096) return std::nullopt;
  static constexpr std::array<std::string_view, 12> kMp4Brands = {"isom", "iso2", "iso3", "iso4",
                                                                  "iso5", "iso6", "mp41", "mp42",
                                                                  "avc1", "M4V ", "dash", "mmp4"};
  const std::string_view brand = b.substr(8, 4);
  if (brand == "qt  ") return kQuickTime;
  for (std::string_view accepted : kMp4Brands) {
    if (brand == accepted) return kMp4;
  }
  return std::nullopt;
}

// An EBML variable-length integer at b[pos]: its length comes from the leading zero bits of the
// first byte. With keep_marker the length bit stays (element IDs); without it, a size.
struct Vint {
  std::uint64_t value = 0;
  std::size_t length = 0;
  bool unknown = false;  // a size with every value bit set: "unknown size"
};

std::optional<Vint> read_vint(std::string_view b, std::size_t pos, bool keep_marker) {
  if (pos >= b.size()) return std::nullopt;
  const std::uint8_t first = byte_at(b, pos);
  std::size_t length = 1;
  while (length <= 8 && !(first & (0x80u >> (length - 1)))) ++length;
  if (length > 8 || pos + length > b.size()) return std::nullopt;
  std::uint64_t value = keep_marker ? first : (first & (0xFFu >> length));
  bool all_ones = (first & (0xFFu >> length)) == (0xFFu >> length);
  for (std::size_t i = 1; i < length; ++i) {
    value = (value << 8) | byte_at(b, pos + i);
    all_ones = all_ones && byte_at(b, pos + i) == 0xFF;
  }
  return Vint{value, length, !keep_marker && all_ones};
}

// A WebM file opens with an EBML header element whose DocType child says "webm" (plain Matroska
// says "matroska" and is not accepted).
bool is_webm(std::string_view b) {
  constexpr std::uint64_t kDocTypeId = 0x4282;
  if (!starts_with_bytes(b, "\x1A\x45\xDF\xA3")) return false;
  const auto header_size = read_vint(b, 4, false);
  if (!header_size) return false;
  std::size_t pos = 4 + header_size->length;
  const std::size_t end =
      header_size->unknown ? b.size() : pos + std::min<std::uint64_t>(header_size->value, b.size());
  while (pos < end) {
    const auto id = read_vint(b, pos, true);
    if (!id || id->length > 4) return false;
    const auto size = read_vint(b, pos + id->length, false);
    if (!size || size->unknown) return false;
    const std::size_t data = pos + id->length + size->length;
    if (size->value > b.size() - std::min(data, b.size())) return false;  // cut short
    if (id->value == kDocTypeId) {
      std::string_view doc_type = b.substr(data, size->value);
      while (!doc_type.empty() && doc_type.back() == '\0') doc_type.remove_suffix(1);
      return doc_type == "webm";
    }
    pos = data + size->value;
  }
  return false;
}

}  // namespace

std::optional<SniffedType> sniff_media(std::string_view b) {
  if (is_jpeg(b)) return kJpeg;
  if (is_png(b)) return kPng;
  if (is_webp(b)) return kWebp;
  if (auto iso = sniff_ftyp(b)) return iso;
  if (is_webm(b)) return kWebm;
  return std::nullopt;
}

const char* to_string(MediaErrorKind kind) {
  switch (kind) {
    case MediaErrorKind::unsupported_type:
      return "unsupported type";
    case MediaErrorKind::too_large:
      return "too large";
    case MediaErrorKind::corrupt:
      return "corrupt";
    case MediaErrorKind::no_video_stream:
      return "no video stream";
    case MediaErrorKind::not_webvtt:
      return "not WebVTT";
    case MediaErrorKind::io_error:
      return "i/o error";
  }
  return "unknown";
}

}  // namespace marquee::media
