// Work shared out over a few threads, as the archive-wide passes do (discovery, suggestions,
// reindex): each worker takes its next piece until none is left.
#pragma once

#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace marquee {

// Runs work(worker) for worker 0 .. threads-1, each on its own thread (on this one when there is
// only one), and returns when all have. When one throws, stop() is called at once so that the
// others take no more work, and its exception is rethrown here once they have all ended.
inline void run_workers(unsigned threads, const std::function<void(unsigned)>& work,
                        const std::function<void()>& stop) {
  if (threads <= 1) {
    work(0);
    return;
  }
  std::exception_ptr failure;
  std::mutex failure_lock;
  std::vector<std::jthread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      try {
        work(t);
      } catch (...) {
        {
          std::lock_guard lock(failure_lock);
          if (!failure) failure = std::current_exception();
        }
        stop();
      }
    });
  }
  pool.clear();  // joins
  if (failure) std::rethrow_exception(failure);
}

}  // namespace marquee
