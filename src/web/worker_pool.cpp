// The pool of worker_pool.h: one mutex-guarded deque and a condition variable; a task that
// throws is logged and the thread goes on.
#include "web/worker_pool.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <exception>

namespace marquee::web {

WorkerPool::WorkerPool(int threads, std::size_t queue_limit, int nice) : queue_limit_(queue_limit) {
  threads_.reserve(static_cast<std::size_t>(threads));
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this, nice] { run(nice); });
}

WorkerPool::~WorkerPool() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  threads_.clear();  // joins once the queue is drained
}

bool WorkerPool::try_submit(std::function<void()> task) {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= queue_limit_) return false;
    queue_.push_back(std::move(task));
  }
  ready_.notify_one();
  return true;
}

std::size_t WorkerPool::queued() const {
  const std::lock_guard lock(mutex_);
  return queue_.size();
}

void WorkerPool::run(int nice) {
  // On Linux a thread's nice value is its own: this lowers only the pool's threads.
  if (nice != 0) {
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    if (::setpriority(PRIO_PROCESS, tid, ::getpriority(PRIO_PROCESS, tid) + nice) != 0) {
      spdlog::debug("worker pool: cannot lower the thread priority");
    }
  }
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to run
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      task();
    } catch (const std::exception& e) {
      spdlog::error("worker pool task failed: {}", e.what());
    } catch (...) {
      spdlog::error("worker pool task failed");
    }
  }
}

}  // namespace marquee::web
