// The readers of bench/live.py: one process that holds N Server-Sent Events streams of one live
// story on loopback (non-blocking sockets on one epoll set) and notes, for each event id, how
// many streams got it and when the last one did. Python readers spent more CPU reading 10,000
// sockets than the server spent writing to them, on the same two cores; this one costs a recv()
// and a scan per event and stream.
//
//   live_readers <port> <path> <streams>
//
// Prints "ready <seconds to open>" once every stream has its response head, then reads until a
// line arrives on standard input (or it closes), and prints one JSON line:
// {"got": {"<id>": count, ...}, "last": {"<id>": unix seconds, ...}, "ended": streams closed}.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

// A file descriptor closed when it goes.
class Descriptor {
 public:
  explicit Descriptor(int fd = -1) : fd_(fd) {}
  Descriptor(Descriptor&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Descriptor& operator=(Descriptor&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = other.fd_;
      other.fd_ = -1;
    }
    return *this;
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// Connections are opened this many at a time, a short pause between, so that the server's listen
// queue never overflows.
constexpr int kOpenBatch = 200;
constexpr auto kOpenPause = std::chrono::milliseconds(20);
// What a stream keeps of its last read, to find an "id:" line cut in two.
constexpr std::size_t kTailBytes = 32;

struct Stream {
  Descriptor socket;
  std::string tail;
  long long newest = 0;
  bool headed = false;  // its response head has arrived
  bool open = true;
};

double unix_seconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "live_readers: %s: %s\n", what, std::strerror(errno));
  std::exit(2);
}

Descriptor connect_to(int port, std::string_view request) {
  Descriptor s(::socket(AF_INET, SOCK_STREAM, 0));
  if (s.get() < 0) fail("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(s.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
    fail("connect");
  if (::send(s.get(), request.data(), request.size(), 0) != static_cast<ssize_t>(request.size()))
    fail("send");
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: live_readers <port> <path> <streams>\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const std::string path = argv[2];
  const int count = std::atoi(argv[3]);
  if (port <= 0 || count <= 0) {
    std::fprintf(stderr, "live_readers: the port and the number of streams must be positive\n");
    return 2;
  }
  // Every stream is a socket: the soft limit of open files goes up to the hard one.
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
  }
  const std::string request =
      "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";

  Descriptor epoll(::epoll_create1(0));
  if (epoll.get() < 0) fail("epoll_create1");
  epoll_event watch{};
  watch.events = EPOLLIN;
  watch.data.u64 = static_cast<std::uint64_t>(count);  // standard input
  if (::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, STDIN_FILENO, &watch) != 0) fail("epoll_ctl stdin");

  const double opened_at = unix_seconds();
  std::vector<Stream> streams(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    streams[i].socket = connect_to(port, request);
    watch.events = EPOLLIN;
    watch.data.u64 = static_cast<std::uint64_t>(i);
    if (::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, streams[i].socket.get(), &watch) != 0)
      fail("epoll_ctl");
    if (i % kOpenBatch == kOpenBatch - 1) std::this_thread::sleep_for(kOpenPause);
  }

  std::map<long long, long long> got;
  std::map<long long, double> last;
  int headed = 0;
  int ended = 0;
  bool ready = false;
  std::vector<epoll_event> events(1024);
  std::vector<char> buffer(256 * 1024);
  for (bool stop = false; !stop;) {
    const int n = ::epoll_wait(epoll.get(), events.data(), static_cast<int>(events.size()), 100);
    if (n < 0 && errno != EINTR) fail("epoll_wait");
    const double now = unix_seconds();
    for (int e = 0; e < n; ++e) {
      const auto which = events[e].data.u64;
      if (which == static_cast<std::uint64_t>(count)) {
        stop = true;
        continue;
      }
      Stream& s = streams[which];
      const ssize_t read = ::recv(s.socket.get(), buffer.data(), buffer.size(), 0);
      if (read < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (read <= 0) {
        ++ended;
        s.open = false;
        ::epoll_ctl(epoll.get(), EPOLL_CTL_DEL, s.socket.get(), nullptr);
        s.socket.reset();
        continue;
      }
      std::string text = s.tail;
      text.append(buffer.data(), static_cast<std::size_t>(read));
      if (!s.headed && text.find("\r\n\r\n") != std::string::npos) {
        s.headed = true;
        ++headed;
      }
      for (std::size_t at = text.find("\nid: "); at != std::string::npos;
           at = text.find("\nid: ", at + 1)) {
        const char* first = text.data() + at + 5;
        const char* end = text.data() + text.size();
        long long id = 0;
        auto [stop_at, ec] = std::from_chars(first, end, id);
        if (ec != std::errc() || stop_at == end || *stop_at != '\n') continue;  // cut in two
        if (id <= s.newest) continue;  // seen in the tail carried over
        s.newest = id;
        ++got[id];
        last[id] = now;
      }
      s.tail = text.size() > kTailBytes ? text.substr(text.size() - kTailBytes) : text;
    }
    if (!ready && headed + ended == count) {
      ready = true;
      std::printf("ready %.3f\n", unix_seconds() - opened_at);
      std::fflush(stdout);
    }
  }

  nlohmann::json report = {{"got", nlohmann::json::object()},
                           {"last", nlohmann::json::object()},
                           {"ended", ended},
                           {"streams", count}};
  for (const auto& [id, streams_with_it] : got) report["got"][std::to_string(id)] = streams_with_it;
  for (const auto& [id, when] : last) report["last"][std::to_string(id)] = when;
  std::printf("%s\n", report.dump().c_str());
  return 0;
}
