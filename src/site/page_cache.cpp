// Page cache: see page_cache.h. Readers take a shared lock; writes, invalidations and the
// compressor swap whole immutable entries under the exclusive lock.
#include "site/page_cache.h"

#include <sodium.h>

#include "web/http.h"

namespace marquee::site {

std::size_t CachedPage::bytes() const {
  std::size_t n = sizeof(CachedPage) + etag.size() + content_type.size();
  for (const auto* body : {&identity, &gzip, &brotli}) {
    if (*body) n += (*body)->size();
  }
  for (const auto& tag : tags) n += tag.size() + 32;
  return n;
}

std::string PageCache::etag_of(std::string_view bytes) {
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string("\"") + hex + "\"";
}

PageCache::PageCache(std::size_t byte_budget, bool compress_in_background)
    : byte_budget_(byte_budget) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  if (compress_in_background) compressor_ = std::thread([this] { compress_loop(); });
}

PageCache::~PageCache() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (compressor_.joinable()) compressor_.join();
}

std::shared_ptr<const CachedPage> PageCache::get(const std::string& key) const {
  std::shared_lock lock(mutex_);
  auto it = pages_.find(key);
  if (it == pages_.end()) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  hits_.fetch_add(1, std::memory_order_relaxed);
  return it->second;
}

std::shared_ptr<const CachedPage> PageCache::put(const std::string& key, CachedPage page,
                                                 std::uint64_t rendered_at_generation) {
  page.etag = etag_of(*page.identity);
  auto entry = std::make_shared<const CachedPage>(std::move(page));
  {
    std::unique_lock lock(mutex_);
    if (rendered_at_generation != generation_.load(std::memory_order_acquire)) return entry;
    erase_locked(key);
    pages_[key] = entry;
    bytes_ += entry->bytes();
    insertion_order_.push_back(key);
    for (const auto& tag : entry->tags) keys_by_tag_[tag].insert(key);
    evict_locked();
  }
  if (compressor_.joinable()) {
    {
      std::lock_guard lock(queue_mutex_);
      compress_queue_.push_back(key);
    }
    queue_cv_.notify_one();
  }
  return entry;
}

void PageCache::erase_locked(const std::string& key) {
  auto it = pages_.find(key);
  if (it == pages_.end()) return;
  bytes_ -= it->second->bytes();
  for (const auto& tag : it->second->tags) {
    auto tagged = keys_by_tag_.find(tag);
    if (tagged == keys_by_tag_.end()) continue;
    tagged->second.erase(key);
    if (tagged->second.empty()) keys_by_tag_.erase(tagged);
  }
  pages_.erase(it);
}

void PageCache::evict_locked() {
  // insertion_order_ may hold keys already erased or re-inserted; skipping them is cheap.
  while (bytes_ > byte_budget_ && !insertion_order_.empty()) {
    std::string oldest = std::move(insertion_order_.front());
    insertion_order_.pop_front();
    erase_locked(oldest);
  }
  if (insertion_order_.size() > 4 * pages_.size() + 1024) {
    std::deque<std::string> live;
    std::unordered_set<std::string> seen;
    for (auto it = insertion_order_.rbegin(); it != insertion_order_.rend(); ++it) {
      if (pages_.count(*it) && seen.insert(*it).second) live.push_front(*it);
    }
    insertion_order_.swap(live);
  }
}

void PageCache::invalidate(const std::vector<std::string>& tags) {
  std::unique_lock lock(mutex_);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  ++invalidations_;
  for (const auto& tag : tags) {
    auto tagged = keys_by_tag_.find(tag);
    if (tagged == keys_by_tag_.end()) continue;
    std::vector<std::string> keys(tagged->second.begin(), tagged->second.end());
    for (const auto& key : keys) erase_locked(key);
  }
}

void PageCache::clear() {
  std::unique_lock lock(mutex_);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  ++invalidations_;
  pages_.clear();
  keys_by_tag_.clear();
  insertion_order_.clear();
  bytes_ = 0;
}

void PageCache::compress_loop() {
  for (;;) {
    std::string key;
    {
      std::unique_lock lock(queue_mutex_);
      queue_cv_.wait(lock, [&] { return stopping_ || !compress_queue_.empty(); });
      if (stopping_) return;
      key = std::move(compress_queue_.front());
      compress_queue_.pop_front();
      busy_ = true;
    }
    std::shared_ptr<const CachedPage> current;
    {
      // Not get(): the compressor's lookups are not readers' hits or misses.
      std::shared_lock lock(mutex_);
      auto it = pages_.find(key);
      if (it != pages_.end()) current = it->second;
    }
    if (current && !current->gzip) {
      auto gz = std::make_shared<const std::string>(web::gzip_compress(*current->identity));
      auto br = std::make_shared<const std::string>(web::brotli_compress(*current->identity));
      std::unique_lock lock(mutex_);
      auto it = pages_.find(key);
      // Only fill in the entry we compressed; a newer render replaced it otherwise.
      if (it != pages_.end() && it->second == current) {
        auto updated = std::make_shared<CachedPage>(*current);
        updated->gzip = gz;
        updated->brotli = br;
        bytes_ += gz->size() + br->size();
        it->second = std::move(updated);
        evict_locked();
      }
    }
    {
      std::lock_guard lock(queue_mutex_);
      busy_ = false;
      if (compress_queue_.empty()) idle_cv_.notify_all();
    }
  }
}

void PageCache::wait_for_compression() {
  if (!compressor_.joinable()) return;
  std::unique_lock lock(queue_mutex_);
  idle_cv_.wait(lock, [&] { return compress_queue_.empty() && !busy_; });
}

PageCacheStats PageCache::stats() const {
  std::shared_lock lock(mutex_);
  return {pages_.size(), bytes_, hits_.load(), misses_.load(), invalidations_};
}

}  // namespace marquee::site
