// Covers: threads started per iteration of unbounded or data-dependent loops (accept loops 'while (true)' and 'for (;;)', 'while (running)', do-while, range-for over jobs, 'i < jobs.size()'), std::async(std::launch::async) per job, pthread_create per connection, a coroutine accept loop, and a detached thread per callback invocation.
#include <fixture/task.h>

#include <atomic>
#include <functional>
#include <future>
#include <pthread.h>
#include <sys/socket.h>
#include <thread>
#include <vector>

struct job {
  int id;
};
void handle(int fd);
void run(const job &j);
void *serve_connection(void *arg);
int next_request();

struct server {
  std::function<void(int)> on_request_cb;
  void on_request(std::function<void(int)> cb) { on_request_cb = std::move(cb); }
};

void accept_loop(int listener) {
  while (true) {
    int fd = ::accept(listener, nullptr, nullptr);
    std::thread(handle, fd).detach(); // WARN: thread-per-task
  }
}

void accept_forever(int listener) {
  for (;;) {
    int fd = ::accept(listener, nullptr, nullptr);
    std::thread worker([fd] { handle(fd); }); // WARN: thread-per-task
    worker.detach();
  }
}

void per_job(const std::vector<job> &jobs) {
  std::vector<std::thread> threads;
  for (const auto &j : jobs)
    threads.emplace_back(run, j); // WARN: thread-per-task
  for (auto &t : threads)
    t.join();
}

void per_index(const std::vector<job> &jobs) {
  std::vector<std::jthread> threads;
  for (std::size_t i = 0; i < jobs.size(); ++i)
    threads.push_back(std::jthread(run, jobs[i])); // WARN: thread-per-task
}

void async_per_request(std::atomic<bool> &running) {
  std::vector<std::future<void>> pending;
  while (running) {
    int fd = next_request();
    pending.push_back(std::async(std::launch::async, handle, fd)); // WARN: thread-per-task
  }
}

void posix_per_connection(int listener) {
  do {
    static int fd;
    fd = ::accept(listener, nullptr, nullptr);
    pthread_t id;
    pthread_create(&id, nullptr, serve_connection, &fd); // WARN: thread-per-task
    pthread_detach(id);
  } while (true);
}

fixture::task<void> coroutine_accept_loop() {
  for (;;) {
    co_await app::sleep(1);
    int fd = next_request();
    std::thread(handle, fd).detach(); // WARN: thread-per-task
  }
}

void register_handler(server &srv) {
  srv.on_request([](int fd) {
    std::thread(handle, fd).detach(); // WARN: thread-per-task
  });
}

int main() {
  server srv;
  register_handler(srv);
  return 0;
}
