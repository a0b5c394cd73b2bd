// The media folder itself: names from content not from the client, lookups that refuse path-like
// names, removal, disk errors mid-upload, swept temporaries, and concurrent uploads.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include <thread>

#include "media/media.h"
#include "media_test_support.h"

namespace marquee::media {
namespace {

using testing::half_white;
using testing::noise;
using testing::read_file;
using testing::save_to_memory;
using testing::ScratchFolder;
using testing::write_file;

// Lowers the largest file this process may write, so that a write fails as on a full disk
// (EFBIG); restores the limit and the signal disposition when it goes away.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    previous_handler_ = ::signal(SIGXFSZ, SIG_IGN);
    ::getrlimit(RLIMIT_FSIZE, &previous_);
    rlimit lowered = previous_;
    lowered.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &lowered);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &previous_);
    ::signal(SIGXFSZ, previous_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit previous_{};
  sighandler_t previous_handler_ = SIG_DFL;
};

TEST(Store, PngNamedMp4IsStoredAsPngAndTheCallersFileIsUntouched) {
  ScratchFolder folder;
  ScratchFolder uploads;
  MediaStore store(folder.path());
  const std::string png = save_to_memory(half_white(64, 32), ".png");
  const auto upload = uploads.path() / "trailer.mp4";
  write_file(upload, png);
  const auto stored = store.store_file(upload);
  ASSERT_TRUE(stored) << stored.error().detail;
  EXPECT_EQ(stored->type.type, MediaType::png);
  EXPECT_EQ(stored->type.kind, MediaKind::image);
  EXPECT_TRUE(stored->file.ends_with(".png"));
  EXPECT_EQ(stored->file.find("trailer"), std::string::npos);
  EXPECT_EQ(read_file(upload), png);
  EXPECT_EQ(read_file(*store.path_of(stored->file)), png);
}

TEST(Store, LookupRefusesPathLikeAndUnknownNames) {
  ScratchFolder folder;
  MediaStore store(folder.path());
  const auto stored = store.store_bytes(save_to_memory(half_white(64, 32), ".jpg"));
  ASSERT_TRUE(stored);
  EXPECT_EQ(store.path_of(stored->file), folder.path() / stored->file);
  EXPECT_TRUE(store.path_of(stored->renditions.front().file));
  write_file(folder.path() / "notes.txt", "not media");
  const std::string absent = "0123456789abcdef0123456789abcdef.jpg";
  for (const std::string name : {"../x", "a/b", ".hidden", "x.exe", "notes.txt", "", ".", "..",
                                 "/etc/passwd", absent.c_str()}) {
    EXPECT_FALSE(store.path_of(name)) << name;
    EXPECT_FALSE(store.remove(name)) << name;
  }
  EXPECT_TRUE(std::filesystem::exists(folder.path() / "notes.txt"));
}

TEST(Store, LookupDoesNotFollowSymlinks) {
  ScratchFolder folder;
  MediaStore store(folder.path());
  const std::string name = "0123456789abcdef0123456789abcdef.jpg";
  std::filesystem::create_symlink("/etc/hostname", folder.path() / name);
  EXPECT_FALSE(store.path_of(name));
}

TEST(Store, RemoveDeletesOneFile) {
  ScratchFolder folder;
  MediaStore store(folder.path());
  const auto stored = store.store_bytes(save_to_memory(half_white(64, 32), ".jpg"));
  ASSERT_TRUE(stored);
  const std::size_t before = folder.names().size();
  EXPECT_TRUE(store.remove(stored->file));
  EXPECT_FALSE(store.path_of(stored->file));
  EXPECT_FALSE(store.remove(stored->file));
  EXPECT_EQ(folder.names().size(), before - 1);
}

TEST(Store, DiskErrorWritingTheOriginalLeavesNothing) {
  ScratchFolder folder;
  MediaStore store(folder.path());
  const std::string jpeg = save_to_memory(noise(400, 300), ".jpg[Q=95]");
  ASSERT_GT(jpeg.size(), 40'000u);
  {
    FileSizeLimit limit(16'384);
    const auto stored = store.store_bytes(jpeg);
    ASSERT_FALSE(stored);
    EXPECT_EQ(stored.error().kind, MediaErrorKind::io_error) << stored.error().detail;
  }
  EXPECT_TRUE(folder.names().empty());
}

TEST(Store, DiskErrorWritingARenditionLeavesNothing) {
  ScratchFolder folder;
  MediaStore store(folder.path());
  // Vertical stripes of noise: a PNG stores each repeated row in a few bytes, while a JPEG of
  // the same pixels is large, so the original fits the limit and a rendition does not.
  const vips::VImage row = vips::VImage::gaussnoise(1700, 1).cast(VIPS_FORMAT_UCHAR);
  const std::string png = save_to_memory(
      vips::VImage::bandjoin(std::vector<vips::VImage>{row, row, row}).replicate(1, 900), ".png");
  {
    FileSizeLimit limit(png.size() + 4096);
    const auto stored = store.store_bytes(png);
    ASSERT_FALSE(stored);
    EXPECT_EQ(stored.error().kind, MediaErrorKind::io_error) << stored.error().detail;
  }
  EXPECT_TRUE(folder.names().empty());
  EXPECT_TRUE(store.store_bytes(png)) << "fine once the disk has room";
}

TEST(Store, MissingUploadFileIsAnIoError) {
  ScratchFolder folder;
  MediaStore store(folder.path());
  const auto stored = store.store_file(folder.path() / "never-written.jpg");
  ASSERT_FALSE(stored);
  EXPECT_EQ(stored.error().kind, MediaErrorKind::io_error);
  EXPECT_TRUE(folder.names().empty());
}

TEST(Store, SweepRemovesOnlyOldTemporaries) {
  ScratchFolder folder;
  MediaStore store(folder.path());
  const auto old_temporary = folder.path() / ".upload-00112233445566778899aabbccddeeff.tmp";
  const auto new_temporary = folder.path() / ".upload-ffeeddccbbaa99887766554433221100.tmp";
  write_file(old_temporary, "half an upload");
  write_file(new_temporary, "an upload in progress");
  write_file(folder.path() / ".keep", "not ours");
  std::filesystem::last_write_time(
      old_temporary, std::filesystem::file_time_type::clock::now() - std::chrono::hours(2));
  EXPECT_EQ(store.sweep_temporaries(), 1);
  EXPECT_FALSE(std::filesystem::exists(old_temporary));
  EXPECT_TRUE(std::filesystem::exists(new_temporary));
  EXPECT_TRUE(std::filesystem::exists(folder.path() / ".keep"));
  EXPECT_EQ(store.sweep_temporaries(std::chrono::seconds(0)), 1);
  EXPECT_FALSE(std::filesystem::exists(new_temporary));
}

TEST(Store, FolderIsCreatedAndMustBeAFolder) {
  ScratchFolder scratch;
  MediaStore nested(scratch.path() / "marquee-data" / "media");
  EXPECT_TRUE(std::filesystem::is_directory(scratch.path() / "marquee-data" / "media"));
  write_file(scratch.path() / "plain-file", "x");
  EXPECT_THROW(MediaStore(scratch.path() / "plain-file"), std::filesystem::filesystem_error);
}

TEST(Store, ConcurrentUploadsAllLand) {
  ScratchFolder folder;
  MediaStore store(folder.path());
  const std::string jpeg = save_to_memory(half_white(400, 200), ".jpg");
  std::vector<std::string> names(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < names.size(); ++i) {
    threads.emplace_back([&, i] {
      const auto stored = store.store_bytes(jpeg);
      if (stored) names[i] = stored->file;
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> distinct(names.begin(), names.end());
  EXPECT_EQ(distinct.size(), names.size());
  EXPECT_EQ(distinct.count(""), 0u);
  EXPECT_EQ(folder.names().size(), names.size() * 5);  // original + 320, 400 in two formats
}

TEST(Store, ToMediaCarriesWhatTheRecordNeeds) {
  ScratchFolder folder;
  MediaStore store(folder.path());
  const auto stored = store.store_bytes(save_to_memory(half_white(300, 200), ".webp"));
  ASSERT_TRUE(stored);
  const Media media = stored->to_media();
  EXPECT_EQ(media.kind, MediaKind::image);
  EXPECT_EQ(media.file, stored->file);
  EXPECT_EQ(media.mime, "image/webp");
  EXPECT_EQ(media.width, 300);
  EXPECT_EQ(media.height, 200);
  EXPECT_EQ(media.poster, "");
}

TEST(Store, ErrorKindsHaveNames) {
  for (auto kind :
       {MediaErrorKind::unsupported_type, MediaErrorKind::too_large, MediaErrorKind::corrupt,
        MediaErrorKind::no_video_stream, MediaErrorKind::io_error}) {
    EXPECT_STRNE(to_string(kind), "unknown");
  }
}

}  // namespace
}  // namespace marquee::media
