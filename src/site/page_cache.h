// The published-page cache: rendered pages kept in memory as bytes, with gzip and brotli
// variants made off the request path, strong ETags, and invalidation by tag ("article:12",
// "section:movies", "entity:5", "home"). Serving a hit touches no database.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace marquee::site {

struct CachedPage {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string cache_control = "public, max-age=60";
  std::string etag;  // quoted strong tag of the identity bytes; variants append -gz / -br
  std::shared_ptr<const std::string> identity;
  std::shared_ptr<const std::string> gzip;    // null until compressed
  std::shared_ptr<const std::string> brotli;  // null until compressed
  std::vector<std::string> tags;

  std::size_t bytes() const;
};

struct PageCacheStats {
  std::size_t entries = 0;
  std::size_t bytes = 0;
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::uint64_t invalidations = 0;
};

class PageCache {
 public:
  explicit PageCache(std::size_t byte_budget, bool compress_in_background = true);
  ~PageCache();
  PageCache(const PageCache&) = delete;
  PageCache& operator=(const PageCache&) = delete;

  std::shared_ptr<const CachedPage> get(const std::string& key) const;

  // Take the generation before reading the store for a render and pass it to put(): a page
  // rendered from data that was invalidated meanwhile is not stored (it may be stale).
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  // Stores a freshly rendered page (identity bytes set, etag computed here) and returns it.
  // Variants are added by the background compressor shortly after.
  std::shared_ptr<const CachedPage> put(const std::string& key, CachedPage page,
                                        std::uint64_t rendered_at_generation);

  void invalidate(const std::vector<std::string>& tags);
  void clear();
  // Blocks until the compressor has caught up (tests, benchmarks).
  void wait_for_compression();
  PageCacheStats stats() const;

  // Strong ETag of bytes: a quoted BLAKE2b digest prefix.
  static std::string etag_of(std::string_view bytes);

 private:
  void compress_loop();
  void erase_locked(const std::string& key);
  void evict_locked();

  const std::size_t byte_budget_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const CachedPage>> pages_;
  std::unordered_map<std::string, std::unordered_set<std::string>> keys_by_tag_;
  std::deque<std::string> insertion_order_;  // eviction order (oldest first)
  std::size_t bytes_ = 0;
  std::atomic<std::uint64_t> generation_{1};
  mutable std::atomic<std::uint64_t> hits_{0}, misses_{0};
  std::uint64_t invalidations_ = 0;

  std::mutex queue_mutex_;
  std::condition_variable queue_cv_, idle_cv_;
  std::deque<std::string> compress_queue_;
  bool busy_ = false;
  bool stopping_ = false;
  std::thread compressor_;
};

}  // namespace marquee::site
