// Clips through FFmpeg's libraries: probing (duration, frame size, codecs) with a read of every
// packet to catch truncated files, and a decoded poster frame saved as JPEG.
#pragma once

#include <filesystem>
#include <string>

#include "media/media.h"

namespace marquee::media {

// Opens the clip with the demuxer of its sniffed type only (never by probing other formats, and
// only the "file" protocol), and reads every packet to its end. Refuses a file that does not
// open, has no video stream, or ends before the length it declares.
Result<VideoInfo> probe_video(const std::filesystem::path& file, MediaType type);

struct Poster {
  std::string jpeg;
  int width = 0;  // as displayed: non-square pixels are scaled to square ones
  int height = 0;
};

// Decodes the frame around at_seconds (the first frame when the clip is not longer than that)
// and encodes it as a JPEG.
Result<Poster> grab_poster(const std::filesystem::path& file, MediaType type, double at_seconds,
                           int jpeg_quality);

}  // namespace marquee::media
