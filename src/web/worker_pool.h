// A fixed set of threads taking tasks from one bounded queue. The server hands it every request
// that needs real work; when the queue is full the caller is told at once (and answers 503)
// rather than letting work pile up without bound.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace marquee::web {

class WorkerPool {
 public:
  // threads > 0; nice: how much lower than the caller's the threads' scheduling priority is
  // (Linux, best effort; 0 leaves it).
  WorkerPool(int threads, std::size_t queue_limit, int nice = 0);
  // Runs what is already queued, then joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues the task; false (and the task is not kept) when queue_limit tasks already wait.
  bool try_submit(std::function<void()> task);
  std::size_t queued() const;

 private:
  void run(int nice);

  const std::size_t queue_limit_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::jthread> threads_;
};

}  // namespace marquee::web
