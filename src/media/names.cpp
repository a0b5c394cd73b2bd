// Generated media file names: random hex from libsodium, never the client's name, and a strict
// check so that only names of the generated shapes ever reach the file system.
#include <sodium.h>

#include <array>
#include <cstdlib>
#include <optional>
#include <stdexcept>

#include "media/media.h"

namespace marquee::media {
namespace {

constexpr std::size_t kRandomBytes = 16;  // 128 bits: collisions are out of reach
constexpr std::size_t kHexLength = kRandomBytes * 2;
constexpr std::size_t kWindowBytes = 4;        // of a crop's name: tells one window from another
constexpr std::size_t kCaptionHexLength = 16;  // 64 bits more: unique among one clip's files

constexpr std::array<std::string_view, 6> kOriginalExtensions = {"jpg", "png", "webp",
                                                                 "mp4", "mov", "webm"};

bool is_lower_hex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool is_number(std::string_view s, std::size_t max_digits) {
  if (s.empty() || s.size() > max_digits || s.front() == '0') return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "-16x9-640-0a1b2c3d": a crop's suffix.
bool is_crop_suffix(std::string_view s) {
  if (s.size() < 2 || s.front() != '-') return false;
  s.remove_prefix(1);
  const auto x = s.find('x');
  const auto dash = s.find('-');
  if (x == std::string_view::npos || dash == std::string_view::npos || x > dash) return false;
  const auto second = s.find('-', dash + 1);
  if (second == std::string_view::npos) return false;
  return is_number(s.substr(0, x), 2) && is_number(s.substr(x + 1, dash - x - 1), 2) &&
         is_number(s.substr(dash + 1, second - dash - 1), 5) &&
         s.size() - second - 1 == kWindowBytes * 2 && is_lower_hex(s.substr(second + 1));
}

bool is_width(std::string_view s) {
  return is_number(s, 5);
}

// The hex stem of a valid original name; throws on anything else, since callers pass names this
// module generated.
std::string_view stem_of(std::string_view original) {
  if (!is_media_name(original) || original.find('-') != std::string_view::npos) {
    throw std::invalid_argument("not an original media name");
  }
  return original.substr(0, kHexLength);
}

}  // namespace

std::string new_media_name(std::string_view extension) {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
  std::array<unsigned char, kRandomBytes> random{};
  randombytes_buf(random.data(), random.size());
  std::array<char, kHexLength + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), random.data(), random.size());
  std::string name(hex.data(), kHexLength);
  name += '.';
  name += extension;
  return name;
}

std::string rendition_name(std::string_view original, int width, std::string_view extension) {
  std::string name(stem_of(original));
  name += '-';
  name += std::to_string(width);
  name += '.';
  name += extension;
  return name;
}

std::string poster_name(std::string_view original) {
  return std::string(stem_of(original)) + "-poster.jpg";
}

std::string crop_rendition_name(std::string_view original, int ratio_width, int ratio_height,
                                int width, std::string_view window, std::string_view extension) {
  // Four bytes of BLAKE2b of the window: names of different windows differ, and the same window
  // (a crop made again) gets the same name.
  std::array<unsigned char, kWindowBytes> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(window.data()), window.size(), nullptr,
                     0);
  std::array<char, kWindowBytes * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  std::string name(stem_of(original));
  name += '-';
  name += std::to_string(ratio_width);
  name += 'x';
  name += std::to_string(ratio_height);
  name += '-';
  name += std::to_string(width);
  name += '-';
  name.append(hex.data(), kWindowBytes * 2);
  name += '.';
  name += extension;
  return name;
}

std::string AspectRatio::name() const {
  return std::to_string(width) + ":" + std::to_string(height);
}

std::optional<AspectRatio> parse_aspect_ratio(std::string_view name) {
  const auto colon = name.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto part = [](std::string_view digits) -> int {
    if (digits.empty() || digits.size() > 2 || digits.front() == '0') return 0;
    int n = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return 0;
      n = n * 10 + (c - '0');
    }
    return n;
  };
  const int w = part(name.substr(0, colon));
  const int h = part(name.substr(colon + 1));
  if (w == 0 || h == 0) return std::nullopt;
  return AspectRatio{w, h};
}

std::string caption_name(std::string_view original) {
  const std::string random = new_media_name("vtt");  // 32 hex digits and ".vtt"
  return std::string(stem_of(original)) + "-" + random.substr(0, kCaptionHexLength) + ".vtt";
}

bool is_media_name(std::string_view name) {
  if (name.size() < kHexLength + 2 || !is_lower_hex(name.substr(0, kHexLength))) return false;
  std::string_view rest = name.substr(kHexLength);  // "-640.webp", "-poster.jpg", ".png"
  const std::size_t dot = rest.rfind('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view extension = rest.substr(dot + 1);
  const std::string_view suffix = rest.substr(0, dot);  // "", "-640", "-poster"
  if (suffix.empty()) {
    for (std::string_view accepted : kOriginalExtensions) {
      if (extension == accepted) return true;
    }
    return false;
  }
  if (suffix == "-poster") return extension == "jpg";
  if (is_crop_suffix(suffix)) {
    return extension == "jpg" || extension == "webp" || extension == "avif";
  }
  if (extension == "vtt") {
    return suffix.size() == kCaptionHexLength + 1 && suffix.front() == '-' &&
           is_lower_hex(suffix.substr(1));
  }
  return suffix.front() == '-' && is_width(suffix.substr(1)) &&
         (extension == "jpg" || extension == "webp");
}

}  // namespace marquee::media
