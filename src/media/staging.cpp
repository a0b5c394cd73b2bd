// Staged writes into the media folder: temporary file, fsync, atomic no-replace rename, and
// removal of everything an unfinished upload wrote.
#include "media/staging.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace marquee::media {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  void reset(int fd) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }
  int get() const { return fd_; }
  // Closes now and reports whether close succeeded (it can report a late write error).
  bool close() {
    const int fd = fd_;
    fd_ = -1;
    return fd < 0 || ::close(fd) == 0;
  }

 private:
  int fd_ = -1;
};

namespace {

MediaError io_error(std::string_view what, const std::filesystem::path& path, int error) {
  return MediaError{MediaErrorKind::io_error,
                    std::string(what) + " " + path.string() + ": " + std::strerror(error)};
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Makes the renames in a folder durable.
void sync_folder(const std::filesystem::path& folder) {
  UniqueFd dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) ::fsync(dir.get());
}

// rename() that refuses to replace an existing file, where the file system can say so.
int rename_no_replace(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
  if (::access(to.c_str(), F_OK) == 0) {
    errno = EEXIST;
    return -1;
  }
  return ::rename(from.c_str(), to.c_str());
}

}  // namespace

Staging::~Staging() {
  for (const Entry& entry : entries_) {
    std::error_code ignored;
    if (!entry.placed) {
      std::filesystem::remove(entry.temporary, ignored);
    } else if (!committed_) {
      std::filesystem::remove(folder_ / entry.final_name, ignored);
    }
  }
}

Result<std::filesystem::path> Staging::create_temporary(std::string final_name, UniqueFd& fd) {
  std::filesystem::path temporary =
      folder_ / (std::string(kTemporaryPrefix) + new_media_name("tmp"));
  fd.reset(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (fd.get() < 0) return io_error("cannot create", temporary, errno);
  // Registered at once, so that the destructor removes it whatever happens next.
  entries_.push_back(Entry{temporary, std::move(final_name)});
  return temporary;
}

Result<std::filesystem::path> Staging::add_bytes(std::string final_name, std::string_view bytes) {
  UniqueFd fd;
  auto temporary = create_temporary(std::move(final_name), fd);
  if (!temporary) return temporary;
  if (!write_all(fd.get(), bytes)) return io_error("cannot write", *temporary, errno);
  if (::fsync(fd.get()) != 0) return io_error("cannot sync", *temporary, errno);
  if (!fd.close()) return io_error("cannot close", *temporary, errno);
  return temporary;
}

Result<std::filesystem::path> Staging::add_copy(std::string final_name,
                                                const std::filesystem::path& source,
                                                std::uint64_t max_bytes) {
  UniqueFd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) return io_error("cannot open", source, errno);
  UniqueFd out;
  auto temporary = create_temporary(std::move(final_name), out);
  if (!temporary) return temporary;
  std::vector<char> buffer(1 << 20);
  std::uint64_t copied = 0;
  for (;;) {
    const ssize_t n = ::read(in.get(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error("cannot read", source, errno);
    if (n == 0) break;
    copied += static_cast<std::uint64_t>(n);
    if (copied > max_bytes) {
      return MediaError{MediaErrorKind::too_large,
                        "upload is over the limit of " + std::to_string(max_bytes) + " bytes"};
    }
    if (!write_all(out.get(), std::string_view(buffer.data(), static_cast<std::size_t>(n)))) {
      return io_error("cannot write", *temporary, errno);
    }
  }
  if (::fsync(out.get()) != 0) return io_error("cannot sync", *temporary, errno);
  if (!out.close()) return io_error("cannot close", *temporary, errno);
  return temporary;
}

std::optional<MediaError> Staging::commit() {
  for (auto entry = entries_.rbegin(); entry != entries_.rend(); ++entry) {
    const std::filesystem::path target = folder_ / entry->final_name;
    if (rename_no_replace(entry->temporary, target) != 0) {
      return io_error("cannot rename into", target, errno);
    }
    entry->placed = true;
  }
  sync_folder(folder_);
  committed_ = true;
  return std::nullopt;
}

}  // namespace marquee::media
