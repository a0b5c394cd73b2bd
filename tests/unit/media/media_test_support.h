// Shared helpers for the media tests: a scratch folder removed afterwards, small images made with
// libvips on the fly, and the clips kept in tests/data/media/.
#pragma once

#include <vips/vips8>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "media/images.h"

namespace marquee::media::testing {

inline std::filesystem::path data_file(const std::string& name) {
  return std::filesystem::path(MARQUEE_TEST_DATA) / "media" / name;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A fresh empty folder under the system temporary directory, deleted with everything in it.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("marquee-media-test-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Names of every entry in the folder, hidden ones included.
  std::set<std::string> names() const {
    std::set<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) {
      out.insert(entry.path().filename().string());
    }
    return out;
  }

 private:
  std::filesystem::path path_;
};

// An 8-bit sRGB picture whose left half is white and right half black, so that a rotation shows.
inline vips::VImage half_white(int width, int height) {
  ensure_vips();
  const vips::VImage x = vips::VImage::xyz(width, height)[0];
  const vips::VImage mask = (x < width / 2).cast(VIPS_FORMAT_UCHAR);  // 255 or 0
  return vips::VImage::bandjoin(std::vector<vips::VImage>{mask, mask, mask})
      .copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
}

// Noise compresses badly, so a few hundred pixels make a file big enough to cut in half.
inline vips::VImage noise(int width, int height) {
  ensure_vips();
  const vips::VImage grey = vips::VImage::gaussnoise(width, height).cast(VIPS_FORMAT_UCHAR);
  return vips::VImage::bandjoin(std::vector<vips::VImage>{grey, grey, grey})
      .copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
}

inline std::string save_to_memory(const vips::VImage& image, const char* suffix) {
  void* buffer = nullptr;
  std::size_t size = 0;
  image.write_to_buffer(suffix, &buffer, &size);
  std::string out(static_cast<const char*>(buffer), size);
  g_free(buffer);
  return out;
}

// A JPEG carrying an EXIF block with the given orientation (1 to 8) and a camera-owner field.
inline std::string jpeg_with_exif(const vips::VImage& pixels, int orientation) {
  vips::VImage tagged = pixels.copy();
  tagged.set(VIPS_META_ORIENTATION, orientation);
  tagged.set("exif-ifd0-Artist", "Marquee Test Desk");
  return save_to_memory(tagged, ".jpg[Q=90]");
}

// Decoded at once: libvips reads lazily from the buffer, which the caller may drop right after.
inline vips::VImage load_from_memory(const std::string& bytes) {
  return vips::VImage::new_from_buffer(bytes.data(), bytes.size(), "").copy_memory();
}

}  // namespace marquee::media::testing
