// The files of one upload on their way into the media folder. Each is written to a temporary
// file in that same folder, so that the final rename is atomic, and commit() renames them all into
// place; whatever is not committed is removed when the Staging goes away, so a failure at any step
// leaves the folder as it was.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/media.h"

namespace marquee::media {

// Temporary files are hidden and never match is_media_name, so they can never be served.
inline constexpr std::string_view kTemporaryPrefix = ".upload-";

class UniqueFd;  // an open file descriptor, closed on destruction (staging.cpp)

class Staging {
 public:
  explicit Staging(std::filesystem::path folder) : folder_(std::move(folder)) {}
  ~Staging();
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;

  // Writes bytes to a new temporary file destined for final_name; returns the temporary's path.
  Result<std::filesystem::path> add_bytes(std::string final_name, std::string_view bytes);
  // Copies source into a new temporary file destined for final_name, refusing it once it grows
  // past max_bytes (the source may change while it is read). Returns the temporary's path.
  Result<std::filesystem::path> add_copy(std::string final_name,
                                         const std::filesystem::path& source,
                                         std::uint64_t max_bytes);

  // The first file staged (the original) and the name it will get; only after one was added.
  const std::filesystem::path& first_temporary() const { return entries_.front().temporary; }
  const std::string& first_final_name() const { return entries_.front().final_name; }

  // Renames every staged file into place, the first one added last (an original appears only
  // after everything made from it). On failure, what was already renamed is removed again.
  std::optional<MediaError> commit();

 private:
  struct Entry {
    std::filesystem::path temporary;
    std::string final_name;
    bool placed = false;
  };
  Result<std::filesystem::path> create_temporary(std::string final_name, UniqueFd& fd);

  std::filesystem::path folder_;
  std::vector<Entry> entries_;
  bool committed_ = false;
};

}  // namespace marquee::media
