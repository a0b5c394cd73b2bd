// The server's own cost per request: a keep-alive client on loopback fetching a 24 KB page held
// in memory, one request at a time. `web_server_bench --serve PORT [THREADS [--access-log]]`
// instead serves the same page until interrupted, for measuring with wrk.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>

#include "web/server.h"

namespace {

using marquee::web::Request;
using marquee::web::Response;
using marquee::web::Server;
using marquee::web::ServerOptions;

const auto kPage = std::make_shared<const std::string>(24 * 1024, 'x');

Response page_handler(const Request&) {
  Response response;
  response.shared_body = kPage;
  response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
  response.headers.emplace_back("ETag", "\"bench\"");
  return response;
}

ServerOptions bench_options(unsigned short port, int threads) {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  options.threads = threads;
  options.access_log = false;
  return options;
}

// Owns a connected loopback socket.
class Connection {
 public:
  explicit Connection(unsigned short port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      throw std::runtime_error("connect failed");
    }
  }
  ~Connection() { ::close(fd_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Sends one request and reads until the response's known total size has arrived.
  void round_trip(std::string_view request, std::size_t response_size) {
    if (::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
      throw std::runtime_error("send failed");
    }
    char buf[64 * 1024];
    std::size_t got = 0;
    while (got < response_size) {
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) throw std::runtime_error("connection closed");
      got += static_cast<std::size_t>(n);
    }
  }

  // Reads one response and returns its total size (head and body).
  std::size_t measure(std::string_view request) {
    ::send(fd_, request.data(), request.size(), MSG_NOSIGNAL);
    std::string data;
    char buf[64 * 1024];
    for (;;) {
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) throw std::runtime_error("connection closed");
      data.append(buf, static_cast<std::size_t>(n));
      const auto end = data.find("\r\n\r\n");
      if (end == std::string::npos) continue;
      const auto at = data.find("Content-Length: ");
      const std::size_t length = std::strtoul(data.c_str() + at + 16, nullptr, 10);
      if (data.size() >= end + 4 + length) return end + 4 + length;
    }
  }

 private:
  int fd_;
};

void BM_KeepAliveRoundTrip(benchmark::State& state) {
  Server server(bench_options(0, 1), page_handler);
  std::thread runner([&] { server.run(); });
  {
    Connection connection(server.port());
    const std::string request = "GET /story HTTP/1.1\r\nHost: bench\r\nAccept-Encoding: br\r\n\r\n";
    const std::size_t size = connection.measure(request);  // the Date header keeps its length
    for (auto _ : state) connection.round_trip(request, size);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
  }
  server.stop();
  runner.join();
}
BENCHMARK(BM_KeepAliveRoundTrip)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "--serve") == 0) {
    const int threads = argc >= 4 ? std::atoi(argv[3]) : 0;
    ServerOptions options = bench_options(static_cast<unsigned short>(std::atoi(argv[2])), threads);
    options.access_log = argc >= 5 && std::strcmp(argv[4], "--access-log") == 0;
    Server server(options, page_handler);
    server.run();  // until SIGINT or SIGTERM
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
